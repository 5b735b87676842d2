"""The one image opener (images._pixels): one pixel cap, one wording, no Python objects."""

from __future__ import annotations

from pathlib import Path

import pytest

from sharekit.images._pixels import ImageProblem, declared_size, opened_image, readable_reason
from tests.helpers_net import bomb_png
from tests.test_hostile_records import huge_gif


@pytest.mark.parametrize(
    ("data", "size"),
    [(huge_gif(), "65535x65535"), (bomb_png(100_000, 100_000), "100000x100000")],
    ids=["gif", "png"],
)
def test_an_image_over_pillows_own_limit_is_too_large_with_its_size(data: bytes, size: str) -> None:
    with pytest.raises(ImageProblem) as problem, opened_image(data, "hero"):
        pass
    assert problem.value.kind == "too large"
    assert problem.value.reason == f"image too large: hero is {size} pixels (at most 50,000,000)"


def test_an_image_under_pillows_limit_but_over_ours_is_too_large() -> None:
    with (
        pytest.raises(ImageProblem, match="hero is 10000x6000 pixels"),
        opened_image(bomb_png(10_000, 6_000), "hero"),
    ):
        pass


def test_what_is_not_an_image_is_named_not_shown_as_an_object(tmp_path: Path) -> None:
    for source in (b"not an image", tmp_path / "x.png"):
        if isinstance(source, Path):
            source.write_bytes(b"\x89PNG\r\n\x1a\n broken")
        with pytest.raises(ImageProblem) as problem, opened_image(source, "logo.png"):
            pass
        assert problem.value.reason.startswith("cannot read image logo.png: ")
        assert "object at 0x" not in problem.value.reason


def test_a_missing_file_is_named() -> None:
    missing = Path("/nonexistent/x.png")
    with (
        pytest.raises(ImageProblem, match=r"image not found: /nonexistent/x\.png"),
        opened_image(missing, "x.png"),
    ):
        pass


def test_declared_size_and_readable_reason() -> None:
    assert declared_size(huge_gif(300, 200)) == (300, 200)
    assert declared_size(b"nothing") is None
    error = OSError("cannot identify image file <_io.BytesIO object at 0x7f43857a8fe0>")
    assert readable_reason(error, "logo.png") == "cannot identify image file logo.png"

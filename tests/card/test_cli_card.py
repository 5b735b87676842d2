"""`sharekit card`: the CLI twin of test_card.py (results checked through the library)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from sharekit import card_ref, load_article, load_site
from sharekit.cli import main

ROOT = Path(__file__).resolve().parent.parent.parent
ARTICLE = str(ROOT / "examples" / "article.json")
SLUG = "russia-calls-out-fake-news-on-north-korean-troops-but-us-sees-signs"


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "card-out"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def info(path: Path) -> tuple[str | None, tuple[int, int]]:
    with Image.open(path) as image:
        return image.format, image.size


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_default_output_is_named_after_the_slug(in_tmp: Path) -> None:
    code, out, _ = run("card", ARTICLE)
    assert code == 0
    assert out.strip() == f"{SLUG}.png"
    _, size = info(in_tmp / f"{SLUG}.png")
    site = load_site(None)
    ref = card_ref(load_article(ARTICLE, site), site)
    assert size == (ref.width, ref.height) == (1200, 630)


def test_format_from_option_then_extension(in_tmp: Path) -> None:
    assert run("card", ARTICLE, "-o", "c.jpg")[0] == 0
    assert info(in_tmp / "c.jpg")[0] == "JPEG"
    assert run("card", ARTICLE, "-o", "c.webp")[0] == 0
    assert info(in_tmp / "c.webp")[0] == "WEBP"
    assert run("card", ARTICLE, "--format", "png", "-o", "odd.jpg")[0] == 0
    assert info(in_tmp / "odd.jpg")[0] == "PNG"
    assert run("card", ARTICLE, "--format", "webp")[0] == 0
    assert (in_tmp / f"{SLUG}.webp").exists()


def test_template_and_size_are_keyword_arguments(in_tmp: Path) -> None:
    code, out, err = run("card", ARTICLE, "--template", "photo", "--size", "square")
    assert code == 0  # no image: branded with a warning, still success
    assert "drew the branded card instead" in err
    assert out.strip() == f"{SLUG}.jpg"  # the format follows the requested template
    assert info(in_tmp / f"{SLUG}.jpg")[1] == (1200, 1200)


def test_stdout(in_tmp: Path) -> None:
    result = CliRunner().invoke(main, ["card", ARTICLE, "-o", "-", "--show-boxes"])
    assert result.exit_code == 0
    assert Image.open(io.BytesIO(result.stdout_bytes)).format == "PNG"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "card.gif"], "sharekit: option: output: unknown image extension '.gif'"),
        (["--size", "huge"], 'card.size: expected og, square, portrait or WxH, got "huge"'),
        (["--template", "fancy"], "expected branded, photo, split or a layout .toml/.json"),
    ],
)
def test_bad_options_exit_2_and_write_nothing(in_tmp: Path, args: list[str], message: str) -> None:
    code, _, err = run("card", ARTICLE, *args)
    assert code == 2
    assert message in err
    assert list(in_tmp.iterdir()) == []


def test_output_folders_are_made_and_an_unwritable_path_is_named(in_tmp: Path) -> None:
    assert run("card", ARTICLE, "-o", "new/folder/c.png")[0] == 0
    assert info(in_tmp / "new" / "folder" / "c.png") == ("PNG", (1200, 630))
    (in_tmp / "plain-file").write_text("not a folder")
    code, _, err = run("card", ARTICLE, "-o", "plain-file/c.png")
    assert code == 2
    assert err == "sharekit: plain-file/c.png: cannot write: Not a directory\n"


def test_invalid_record_writes_nothing(in_tmp: Path) -> None:
    (in_tmp / "bad.json").write_text(json.dumps({"title": "x", "publised": "2024"}))
    code, _, err = run("card", "bad.json")
    assert code == 2
    assert 'bad.json: publised: unknown field; did you mean "published"?' in err
    assert sorted(p.name for p in in_tmp.iterdir()) == ["bad.json"]


def test_help() -> None:
    code, out, _ = run("card", "--help")
    assert code == 0
    for option in ("--template", "--size", "--format", "--show-boxes", "-o"):
        assert option in out


def test_import_sharekit_does_not_load_pillow() -> None:
    code = (
        "import sys, sharekit; sharekit.Card; sharekit.render_card; sharekit.card_ref; "
        "assert 'PIL' not in sys.modules, 'Pillow loaded'; print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr


def test_public_names() -> None:
    import sharekit

    assert {"Card", "CardRef", "card_ref", "render_card"} <= set(sharekit.__all__)
    assert sharekit.__all__ == sorted(sharekit.__all__, key=lambda n: (n.startswith("_"), n)) or (
        sharekit.__all__ == sorted(sharekit.__all__)
    )

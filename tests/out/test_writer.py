"""Every output goes through one writer: a path that cannot be written is exit 2, naming it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sharekit import InputError, load_site, publish
from sharekit.out._atomic import make_folder, write_bytes_if_changed

ROOT = Path(__file__).parent.parent.parent
EXAMPLE = ROOT / "examples" / "article.json"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sharekit", *args], capture_output=True, text=True, cwd=cwd
    )


def test_the_writer_names_the_path_it_cannot_write(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("a file, not a folder")
    with pytest.raises(InputError) as caught:
        write_bytes_if_changed(tmp_path / "plain" / "x.xml", b"<x/>")
    assert str(caught.value) == f"{tmp_path}/plain/x.xml: cannot write: Not a directory"
    with pytest.raises(InputError, match="cannot write: Not a directory"):
        make_folder(tmp_path / "plain" / "sub")
    assert write_bytes_if_changed(tmp_path / "new" / "x.xml", b"<x/>") is True
    assert write_bytes_if_changed(tmp_path / "new" / "x.xml", b"<x/>") is False


def test_publish_into_a_path_under_a_file_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("")
    with pytest.raises(InputError, match="plain/sub: cannot write: Not a directory"):
        publish([EXAMPLE], load_site({}), tmp_path / "plain" / "sub", workers=1)


@pytest.mark.parametrize(
    "args",
    [
        ["publish", str(EXAMPLE), "--out", "plain/sub", "--quiet"],
        ["feed", "--update", "plain/sub/feed.xml", str(EXAMPLE)],
        ["card", str(EXAMPLE), "-o", "plain/card.png"],
        ["feed", str(EXAMPLE), "-o", "plain/feed.xml"],
        ["preview", str(EXAMPLE), "-o", "plain/page.html"],
    ],
    ids=["publish", "feed-update", "card", "feed", "preview"],
)
def test_cli_unwritable_outputs_exit_2_with_one_line(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "plain").write_text("")
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("sharekit: ") and "plain/" in result.stderr
    assert result.stderr.endswith(": cannot write: Not a directory\n"), result.stderr


def test_render_preview_and_build_feed_write_through_the_writer(tmp_path: Path) -> None:
    from sharekit import build_feed, load_article, render_preview

    site = load_site({})
    article = load_article(EXAMPLE, site)
    html = render_preview(article, site, path=tmp_path / "p" / "page.html")
    assert (tmp_path / "p" / "page.html").read_text("utf-8") == html
    data = build_feed([article], site, path=tmp_path / "atom.xml")
    assert (tmp_path / "atom.xml").read_bytes() == data and b"<feed" in data
    (tmp_path / "plain").write_text("")
    with pytest.raises(InputError, match=r"plain/page\.html: cannot write: Not a directory"):
        render_preview(article, site, path=tmp_path / "plain" / "page.html")

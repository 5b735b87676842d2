"""`sharekit preview`: the CLI twin of test_preview.py (results checked through the library)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sharekit import load_article, load_site, render_preview
from sharekit.cli import main
from tests.helpers_preview import image_size_of, parse_page

ROOT = Path(__file__).resolve().parent.parent.parent
ARTICLE = str(ROOT / "examples" / "article.json")
SLUG = "russia-calls-out-fake-news-on-north-korean-troops-but-us-sees-signs"


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "preview-out"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_default_output_is_named_after_the_slug(in_tmp: Path) -> None:
    code, out, _ = run("preview", ARTICLE)
    assert code == 0
    assert out == f"{SLUG}.preview.html\n"
    html = (in_tmp / f"{SLUG}.preview.html").read_text("utf-8")
    site = load_site(None)
    assert html == render_preview(load_article(ARTICLE, site), site)


def test_output_option_and_stdout(in_tmp: Path) -> None:
    code, out, _ = run("preview", ARTICLE, "-o", "sub/page.html")
    assert code == 0 and out == "sub/page.html\n"
    written = (in_tmp / "sub" / "page.html").read_text("utf-8")
    code, out, _ = run("preview", ARTICLE, "-o", "-")
    assert code == 0 and out == written
    assert list(in_tmp.iterdir()) == [in_tmp / "sub"]


def test_unchanged_page_is_not_rewritten(in_tmp: Path) -> None:
    assert run("preview", ARTICLE, "-o", "p.html")[0] == 0
    before = (in_tmp / "p.html").stat().st_mtime_ns
    assert run("preview", ARTICLE, "-o", "p.html")[0] == 0
    assert (in_tmp / "p.html").stat().st_mtime_ns == before


def test_template_and_size_reach_the_card(in_tmp: Path) -> None:
    code, _, _ = run(
        "preview", ARTICLE, "--size", "square", "--template", "branded", "-o", "s.html"
    )
    assert code == 0
    page = parse_page((in_tmp / "s.html").read_text("utf-8"))
    assert image_size_of(page.mocks["x"].images[0].get("src", ""))[1] == (1200, 1200)


def test_invalid_record_writes_nothing(in_tmp: Path) -> None:
    (in_tmp / "bad.json").write_text(json.dumps({"title": "x", "publised": "2024-01-01"}))
    code, out, err = run("preview", "bad.json")
    assert code == 2 and out == ""
    assert 'publised: unknown field; did you mean "published"?' in err
    assert sorted(p.name for p in in_tmp.iterdir()) == ["bad.json"]


def test_bad_size_is_an_input_error(in_tmp: Path) -> None:
    code, _, err = run("preview", ARTICLE, "--size", "huge")
    assert code == 2 and "size" in err
    assert list(in_tmp.iterdir()) == []


def test_unwritable_output_is_reported(in_tmp: Path) -> None:
    (in_tmp / "file").write_text("")
    code, _, err = run("preview", ARTICLE, "-o", "file/page.html")
    assert code == 2 and err == "sharekit: file/page.html: cannot write: Not a directory\n"


def test_help_names_the_library_call() -> None:
    code, out, _ = run("preview", "--help")
    assert code == 0 and "sharekit.render_preview" in out and "-o, --output OUT" in out

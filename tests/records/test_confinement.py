"""The confinement roots and the http(s) rule, in process (SPEC 8.2, issue 27).

A record with no folder (the publish hook's) may name a local file only under
the root its caller gives (``[serve] assets_root``); none given, none at all.
Every URL a built record carries passes one check.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from sharekit import InputError, load_article, load_articles, load_site
from sharekit.model import Author, Image, SocialOverride
from sharekit.records._urls import check_record_urls

RECORD = {"title": "A fine headline", "url": "https://news.example/a"}


def _png(path: Path) -> Path:
    from PIL import Image as Picture

    path.parent.mkdir(parents=True, exist_ok=True)
    Picture.new("RGB", (400, 200)).save(path)
    return path


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"image": {"path": "hero.png"}}, "image.path"),
        ({"image": "hero.png"}, "image.path"),
        ({"site": {"logo": "hero.png"}}, "site.logo"),
        ({"site": {"default_image": "hero.png"}}, "site.default_image"),
    ],
)
def test_a_record_without_a_root_names_no_local_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fields: dict[str, object], field: str
) -> None:
    _png(tmp_path / "hero.png")
    monkeypatch.chdir(tmp_path)  # the hook's current folder: / under systemd or Docker
    with pytest.raises(InputError) as refused:
        load_article({**RECORD, **fields}, root=None)
    assert refused.value.field == field
    assert "a record sent without a folder may not name a local file" in str(refused.value)
    assert "[serve] assets_root" in str(refused.value)
    errors: list[InputError] = []
    assert list(load_articles([{**RECORD, **fields}], root=None, on_error=errors.append)) == []
    assert [error.field for error in errors] == [field]


def test_a_record_with_a_root_names_files_under_it_only(tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    _png(assets / "hero.png")
    _png(tmp_path / "private.png")
    article = load_article({**RECORD, "image": {"path": "hero.png"}}, root=assets)
    assert article.image is not None and article.image.path == (assets / "hero.png").resolve()
    assert article.image.root == assets.resolve()  # publish checks against it again
    logo = load_article({**RECORD, "site": {"logo": "hero.png"}}, root=assets)
    assert logo.site.logo == str((assets / "hero.png").resolve())
    for value in ("../private.png", str(tmp_path / "private.png")):
        with pytest.raises(InputError, match=r"site\.logo: .* is outside the record.s folder"):
            load_article({**RECORD, "site": {"logo": value}}, root=assets)


def test_serve_assets_root_is_a_folder_key_with_no_default(tmp_path: Path) -> None:
    assert load_site({}).serve.assets_root == ""
    site = load_site({"serve": {"assets_root": str(tmp_path)}})
    assert site.serve.assets_root == str(tmp_path.resolve())
    with pytest.raises(InputError, match=r"serve\.assets_root: expected a local folder"):
        load_site({"serve": {"assets_root": "https://cdn.example/"}})


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"image": Image(url="javascript:alert(1)")}, "image.url"),
        ({"authors": (Author("A", url="data:text/html,x"),)}, "authors[0].url"),
        ({"translations": (("fr", "file:///etc/passwd"),)}, "translations.fr"),
        ({"social": {"x": SocialOverride(image=Image(url="javascript:x"))}}, "social.x.image.url"),
        ({"url": "https://news.example:99999/"}, "url"),
    ],
)
def test_one_check_walks_every_url_a_record_carries(change: dict[str, object], field: str) -> None:
    """The field checkers refuse these first; the walk is the one rule every record passes,
    so a URL field added later (or filled by another reader) cannot skip it."""
    article = load_article(RECORD)
    check_record_urls(article)  # a clean record passes
    with pytest.raises(InputError) as refused:
        check_record_urls(dataclasses.replace(article, **change))  # type: ignore[arg-type]
    assert refused.value.field == field


def test_a_relative_image_url_stays_allowed() -> None:
    site = load_site({"site": {"url": "https://news.example"}})
    article = load_article({**RECORD, "image": {"url": "/img/a.png"}}, site)
    assert article.image is not None and article.image.url == "/img/a.png"
    check_record_urls(article)


def test_a_record_site_logo_that_is_a_fifo_or_a_device_is_refused(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.png")
    (tmp_path / "zero.png").symlink_to("/dev/zero")
    with pytest.raises(InputError, match=r"site\.logo: not a regular file"):
        load_article({**RECORD, "site": {"logo": "pipe.png"}}, root=tmp_path)
    with pytest.raises(InputError, match=r"site\.logo: .* is outside the record's folder"):
        load_article({**RECORD, "site": {"logo": "zero.png"}}, root=tmp_path)

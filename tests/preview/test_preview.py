"""The preview page (SPEC 2.8), read back with html5lib: mocks, truncation, no external loads."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PIL import Image

from sharekit import card_ref, lint_article, load_article, load_articles, load_site, render_preview
from sharekit.preview._html import kakao_ratio
from sharekit.preview._page import PLATFORMS, text_direction
from sharekit.share._links import share_links
from sharekit.text._clean import clean_text, has_visible_text
from sharekit.text._truncate import truncate
from tests.helpers_preview import (
    BLNS,
    EXAMPLES,
    PLATFORM_KEYS,
    ROOT,
    Page,
    classes,
    display_host,
    expected_fields,
    external_loads,
    image_size_of,
    parse_page,
    text_of,
)

SITE = load_site({})
NO_CARD = load_site({"card": {"enabled": False}})
RTL = {"arabic", "hebrew"}


def examples() -> list[Any]:
    return list(load_articles(ROOT / "examples", SITE))


def check_page(html: str, article: Any, site: Any, *, image: tuple[int, int] | None) -> Page:
    """Everything every preview page must satisfy; ``image``: the size of the shown image."""
    page = parse_page(html)
    assert page.title == f"Share preview: {article.title}"
    assert text_of(page.h1) == article.title
    assert list(page.mocks) == PLATFORM_KEYS  # every platform, in order
    assert external_loads(page) == []
    assert "default-src 'none'" in page.csp and "img-src data:" in page.csp
    # Links: the header's link to the article, and the share block's own links.
    share_anchors = list(page.share.iter("a")) if page.share is not None else []
    others = [a for a in page.tree.iter("a") if a not in share_anchors]
    assert [a.get("href") for a in others] == [article.url]
    expected = [link.url for link in share_links(article, site) if link.url is not None]
    assert [a.get("href") for a in share_anchors] == expected
    scripts = list(page.tree.iter("script"))
    assert all(s.get("src") is None for s in scripts)
    assert all(s in page.share.iter("script") for s in scripts) if page.share else not scripts
    for element in page.tree.iter():
        assert not [k for k in element.attrib if k.lower().startswith("on")], element.attrib
    # Mocks: the record's text, cut as documented, the domain line, one direction.
    direction = text_direction(article.title, article.lang)
    host = display_host(article.url)
    for key, mock in page.mocks.items():
        large = image is not None and "summary_large_image" in text_of(mock.element)
        want = expected_fields(article, key, large)
        assert mock.fields["title"] == [want["title"]], key
        assert mock.fields.get("description", [None]) == [want["description"]], key
        if key not in ("slack", "discord"):
            assert mock.fields["domain"] == [host], key
        else:
            assert mock.fields["url"] == [article.url], key
        assert mock.link is not None and mock.link.get("dir") == direction, key
        assert mock.link.get("lang") == (article.lang or site.lang)
        if image is None:
            assert mock.images == [], key
        else:
            assert len(mock.images) == 1, key
            (img,) = mock.images
            assert img.get("alt") is not None
            own = article.social_for(key).image if key in ("x", "facebook") else None
            size = (own.width, own.height) if own is not None else image  # a remote stand-in
            assert image_size_of(img.get("src", ""))[1] == size, key
    # Lint: the same findings, in order, with their severity.
    findings = lint_article(article, site)
    assert [li.get("data-severity") for li in page.findings] == [f.severity for f in findings]
    assert [text_of(li.find(".//p")) for li in page.findings] == [f.message for f in findings]  # type: ignore[arg-type]
    return page


# --- every example record ---------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example(path: Path) -> None:
    article = load_article(path, SITE)
    html = render_preview(article, SITE)
    ref = card_ref(article, SITE)
    page = check_page(html, article, SITE, image=(ref.width, ref.height))
    media_type, size = image_size_of(page.mocks["facebook"].images[0].get("src", ""))
    assert (media_type, size) == (ref.media_type, (1200, 630))
    direction = "rtl" if path.stem in RTL else "ltr"
    assert {m.link.get("dir") for m in page.mocks.values() if m.link is not None} == {direction}
    if path.stem in RTL:
        assert page.share is not None
        share_wrapper = next(d for d in page.tree.iter("div") if "pv-share" in classes(d))
        assert share_wrapper.get("dir") == "rtl"


def test_seed_article_truncation_is_visible() -> None:
    article = load_article(ROOT / "examples" / "article.json", SITE)
    page = parse_page(render_preview(article, SITE))
    assert len(article.title) == 72
    x_title = page.mocks["x"].fields["title"][0]
    assert x_title == truncate(article.title, 70) and x_title.endswith("…") and len(x_title) <= 70
    assert page.mocks["facebook"].fields["title"] == [article.title]  # 72 < 88: whole
    assert "description" not in page.mocks["linkedin"].fields  # LinkedIn shows none
    assert "description" not in page.mocks["x"].fields  # large X cards show none
    spec = text_of(page.mocks["x"].element.find(".//header"))  # type: ignore[arg-type]
    assert "summary_large_image" in spec and "70" in spec


def test_long_headline_is_cut_per_platform() -> None:
    article = load_article(ROOT / "examples" / "articles" / "long-headline.json", SITE)
    page = parse_page(render_preview(article, SITE))
    for platform in PLATFORMS:
        (title,) = page.mocks[platform.key].fields["title"]
        limit = platform.title_limit
        assert title == truncate(article.title, limit)
        if limit is not None and len(article.title) > limit:
            assert title.endswith("…") and len(title) <= limit
        else:
            assert title == article.title


def test_the_card_follows_template_and_size() -> None:
    article = load_article(ROOT / "examples" / "article.json", SITE)
    html = render_preview(article, SITE, size="square")
    square = load_site({"card": {"size": "square"}})
    page = check_page(html, article, square, image=(1200, 1200))
    assert "1200 × 1200" in html
    assert "image-ratio" in {li.find(".//code").text for li in page.findings}  # type: ignore[union-attr]
    kakao = page.mocks["kakaotalk"].images[0]
    assert "aspect-ratio:1.0000" in (kakao.get("style") or "")


@pytest.mark.parametrize("template", ["photo", "split"])
def test_photo_templates_embed_a_jpeg_card(tmp_path: Path, template: str) -> None:
    shutil.copy(ROOT / "tests" / "data" / "hero.jpg", tmp_path / "hero.jpg")
    path = tmp_path / "a.json"
    record = {"title": "A photo story for the preview", "url": "https://example.com/p",
              "image": {"path": "hero.jpg", "alt": "A harbour at dusk"}}  # fmt: skip
    path.write_text(json.dumps(record), "utf-8")
    article = load_article(path, SITE)
    html = render_preview(article, SITE, template=template)
    site = load_site({"card": {"template": template}})
    page = check_page(html, article, site, image=(1200, 630))
    media_type, _ = image_size_of(page.mocks["slack"].images[0].get("src", ""))
    assert media_type == "image/jpeg"
    assert f"template {template}" in html


def test_photo_template_without_image_says_it_fell_back() -> None:
    article = load_article(ROOT / "examples" / "article.json", SITE)
    html = render_preview(article, SITE, template="photo")
    page = check_page(html, article, load_site({"card": {"template": "photo"}}), image=(1200, 630))
    assert "template branded" in html  # what was drawn, not what was asked for
    media_type, _ = image_size_of(page.mocks["x"].images[0].get("src", ""))
    assert media_type == card_ref(article, SITE, template="photo").media_type == "image/jpeg"


def test_local_hero_is_embedded_when_cards_are_off(tmp_path: Path) -> None:
    hero = ROOT / "tests" / "data" / "hero.jpg"
    shutil.copy(hero, tmp_path / "hero.jpg")
    record = {"title": "A photo story for the preview", "url": "https://example.com/p",
              "image": "hero.jpg"}  # fmt: skip
    path = tmp_path / "a.json"
    path.write_text(json.dumps(record), "utf-8")
    article = load_article(path, NO_CARD)
    with Image.open(hero) as image:
        size = image.size
    html = render_preview(article, NO_CARD)
    page = check_page(html, article, NO_CARD, image=size)
    media_type, _ = image_size_of(page.mocks["x"].images[0].get("src", ""))
    assert media_type == "image/jpeg"


def test_remote_hero_is_never_fetched() -> None:
    record = {
        "title": "A remote photo that the page must not load",
        "url": "https://example.com/remote",
        "image": {"url": "https://images.example.net/big.jpg", "width": 1600, "height": 900},
    }
    article = load_article(record, NO_CARD)
    html = render_preview(article, NO_CARD)
    assert "https://images.example.net" not in html  # only inside share links, encoded
    page = check_page(html, article, NO_CARD, image=(1600, 900))
    media_type, _ = image_size_of(page.mocks["facebook"].images[0].get("src", ""))
    assert media_type == "image/svg+xml"
    assert "not fetched" in html


def test_no_image_gives_text_only_mocks() -> None:
    article = load_article({"title": "Nothing to show", "url": "https://example.com/n"}, NO_CARD)
    page = check_page(render_preview(article, NO_CARD), article, NO_CARD, image=None)
    assert "image-missing" in {li.find(".//code").text for li in page.findings}  # type: ignore[union-attr]
    assert "summary" in text_of(page.mocks["x"].element)


def test_small_image_gives_facebook_a_thumbnail(tmp_path: Path) -> None:
    article = load_article(ROOT / "examples" / "article.json", SITE)
    page = parse_page(render_preview(article, SITE, size="400x300"))
    link = page.mocks["facebook"].link
    assert link is not None and "pv-fb__link--small" in classes(link)
    large = parse_page(render_preview(article, SITE)).mocks["facebook"].link
    assert large is not None and "pv-fb__link--small" not in classes(large)


def test_kakao_keeps_images_between_2_to_1_and_3_to_4() -> None:
    assert kakao_ratio(1200, 630) == pytest.approx(1200 / 630)
    assert kakao_ratio(3000, 1000) == 2.0
    assert kakao_ratio(1000, 1500) == 0.75


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Hello", "ar", "ltr"),
        ("مرحبا", "en", "rtl"),
        ("שלום world", "", "rtl"),
        ("2024: ‘שלום’", "", "rtl"),
        ("123 …", "he", "rtl"),
        ("123 …", "ko-KR", "ltr"),
        ("", "", "ltr"),
    ],
)
def test_text_direction(text: str, lang: str, expected: str) -> None:
    assert text_direction(text, lang) == expected


def test_same_input_same_page() -> None:
    article = load_article(ROOT / "examples" / "articles" / "korean.json", SITE)
    assert render_preview(article, SITE) == render_preview(article, SITE)


# --- hostile text ---------------------------------------------------------------

NAUGHTY = [s for s in BLNS if has_visible_text(clean_text(s))]


def naughty(text: str) -> dict[str, Any]:
    return {
        "title": text,
        "description": text,
        "author": text,
        "section": text,
        "tags": [text],
        "url": 'https://example.com/naughty?q=<x>&r="y"',
        "site": {"name": text, "twitter": "@naughty"},
    }


def structure(element: Element) -> list[str]:
    """Tag names in document order, without the lint list (its length depends on the text)."""
    tags = [str(element.tag)]
    if "pv-findings" in classes(element):
        return tags
    for child in element:
        tags += structure(child)
    return tags


def test_blns_is_all_there() -> None:
    assert len(BLNS) == 503 and len(NAUGHTY) > 480


def test_every_naughty_string_stays_text() -> None:
    plain = load_article(naughty("plain words"), NO_CARD)
    shape = structure(parse_page(render_preview(plain, NO_CARD)).tree)
    for text in NAUGHTY:
        article = load_article(naughty(text), NO_CARD)
        page = check_page(render_preview(article, NO_CARD), article, NO_CARD, image=None)
        assert structure(page.tree) == shape, text
        assert page.mocks["facebook"].fields["site"] == [article.site.name]


def test_naughty_strings_with_the_card() -> None:
    for text in NAUGHTY[::40]:  # a sample: each page draws a card
        article = load_article(naughty(text), SITE)
        check_page(render_preview(article, SITE), article, SITE, image=(1200, 630))


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(
    title=st.text(min_size=1, max_size=300),
    description=st.text(max_size=400),
    section=st.text(max_size=40),
    site_name=st.text(max_size=40),
    lang=st.sampled_from(["en", "ar", "he", "ko-KR", "ja", "zh-Hant", "fa"]),
)
def test_hypothesis_text_round_trips(
    title: str, description: str, section: str, site_name: str, lang: str
) -> None:
    assume(has_visible_text(clean_text(title)))
    record = {
        "title": title,
        "description": description,
        "section": section,
        "lang": lang,
        "url": "https://example.com/h",
        "site": {"name": site_name},
    }
    article = load_article(record, NO_CARD)
    check_page(render_preview(article, NO_CARD), article, NO_CARD, image=None)


# --- a real HTML checker -------------------------------------------------------------

VNU = ROOT / "tests" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _vnu_missing() -> str | None:
    if shutil.which("java") is None:
        return "java is not installed (apt-get install -y default-jre-headless)"
    if not VNU.is_file():
        return "vnu.jar is missing: run `npm ci --prefix tests/node --ignore-scripts`"
    return None


@pytest.mark.slow
@pytest.mark.skipif(_vnu_missing() is not None, reason=str(_vnu_missing()))
def test_nu_html_checker_finds_no_errors(tmp_path: Path) -> None:
    files = []
    for index, article in enumerate(examples()):
        files.append(tmp_path / f"{index}.html")
        files[-1].write_text(render_preview(article, SITE), "utf-8")
    for index, text in enumerate(NAUGHTY[::25]):
        article = load_article(naughty(text), NO_CARD)
        files.append(tmp_path / f"naughty-{index}.html")
        files[-1].write_text(render_preview(article, NO_CARD), "utf-8")
    control = tmp_path / "control.html"  # proves the checker ran and reports errors
    control.write_text("<!DOCTYPE html><title>x</title><p><div></p>", "utf-8")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", "--exit-zero-always",
         str(control), *map(str, files)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "LC_ALL": "C.UTF-8"},
    )  # fmt: skip
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert any(m["url"].endswith("/control.html") for m in messages)
    errors = [m for m in messages if not m["url"].endswith("/control.html")]
    assert errors == [], json.dumps(errors, indent=2, ensure_ascii=False)


# --- documentation and imports ------------------------------------------------------


def test_docs_list_every_platform_limit() -> None:
    docs = (ROOT / "docs" / "preview.md").read_text("utf-8")
    for platform in PLATFORMS:
        assert f"| {platform.name} |" in docs, platform.name
        for limit in (platform.title_limit, platform.description_limit):
            if limit is not None:
                assert str(limit) in docs


def test_import_stays_light() -> None:
    script = (
        "import sys, sharekit.preview._page\n"
        "print(sorted(m for m in ('PIL', 'requests', 'lxml', 'feedgen') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr

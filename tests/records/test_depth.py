"""SPEC 7.5, metadata depth: access, fediverse, translations, social overrides, image.focus.

Each field end to end: the loader and the JSON Schema agree, the head is read
back by html5lib and extruct, the JSON-LD is checked against the schema.org
vocabulary (an extract in tests/data), the card's pixels show the crop, and
share links, the preview page, feeds and lint say what the record meant.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from sharekit import (
    InputError,
    build_feed,
    card_ref,
    lint_article,
    load_article,
    load_site,
    meta_tags,
    record_schema,
    render_card,
    render_head,
    render_preview,
    share_links,
)
from sharekit.config import NETWORK_IDS
from sharekit.text._clean import clean_text
from tests.helpers_feed import NS, feedparse, strict
from tests.helpers_meta import BLNS, article_node, parse_extruct, parse_html5
from tests.helpers_net import net
from tests.helpers_schemaorg import VOCABULARY
from tests.helpers_servers import Server, server

__all__ = ["net", "server"]  # fixtures

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLE = ROOT / "examples" / "articles" / "metadata-depth.json"
SITE_CONFIG: dict[str, Any] = {
    "site": {"name": "View Us Global", "url": "https://news.example", "lang": "en"}
}
SITE = load_site(SITE_CONFIG)
PAYWALL = load_site({"site": {**SITE_CONFIG["site"], "paywall_selector": ".paywall"}})


def record(**fields: Any) -> dict[str, Any]:
    return {
        "title": "Harbour reopens after eight months",
        "url": "https://news.example/en/h/",
        **fields,
    }


def validates(raw: dict[str, Any]) -> bool:
    try:
        jsonschema.validate(raw, record_schema(), format_checker=jsonschema.FormatChecker())
    except jsonschema.ValidationError:
        return False
    return True


def metas(article: Any, site: Any = SITE) -> dict[str, list[str]]:
    return parse_html5(render_head(article, site)).meta


# --- the loader and the schema ----------------------------------------------------

GOOD = [
    {"access": "free"},
    {"access": "metered"},
    {"authors": [{"name": "A", "fediverse": "@a@mastodon.example"}]},
    {"authors": [{"name": "A", "fediverse": "a.b-c_d@social.example.org"}]},
    {"translations": {"fr": "https://news.example/fr/h/", "x-default": "https://news.example/"}},
    {"translations": {"en": "https://news.example/en/h/", "zh-Hant": "https://zh.example/h"}},
    {"social": {"x": {"title": "T"}, "reddit": {"description": "D"}}},
    {"social": {"facebook": {"image": {"url": "https://cdn.example/f.jpg", "focus": [0, 1]}}}},
    {"image": {"url": "https://cdn.example/p.jpg", "focus": [0.25, 1]}},
    {"image": {"url": "https://cdn.example/p.jpg", "focus": [0, 0]}},
]
BAD = [
    ({"access": "subscription"}, "access", "expected one of free, paywalled, metered"),
    ({"access": True}, "access", "expected a string"),
    ({"authors": [{"name": "A", "fediverse": "@a"}]}, "authors[0].fediverse", "fediverse handle"),
    ({"authors": [{"name": "A", "fediverse": "@a@localhost"}]}, "authors[0].fediverse", "handle"),
    ({"authors": [{"name": "A", "fediverse": "@a@b@c.example"}]}, "authors[0].fediverse", "handle"),
    ({"authors": [{"name": "A", "fediverse": "@a b@c.example"}]}, "authors[0].fediverse", "handle"),
    ({"authors": [{"name": "A", "fediverse": "@-a@c.example"}]}, "authors[0].fediverse", "handle"),
    ({"translations": ["fr"]}, "translations", "expected {lang: url}"),
    ({"translations": {"french": "https://x.example/"}}, "translations.french", "BCP 47"),
    ({"translations": {"fr": "/fr/h/"}}, "translations.fr", "absolute http(s) URL"),
    ({"translations": {"fr": "ftp://x.example/"}}, "translations.fr", "absolute http(s) URL"),
    ({"translations": {"en": "https://news.example/other/"}}, "translations.en", "own language"),
    ({"translations": {"fr": "https://news.example/en/h/"}}, "translations.fr", "own URL"),
    ({"social": {"twitter": {"title": "T"}}}, "social.twitter", 'did you mean "x"'),
    ({"social": {"x": "T"}}, "social.x", "expected {title, description, image}"),
    ({"social": {"x": {}}}, "social.x", "give a title, a description or an image"),
    ({"social": {"x": {"headline": "T"}}}, "social.x.headline", "unknown field"),
    ({"social": {"x": {"image": "/local.jpg"}}}, "social.x.image", "absolute http(s) URL"),
    ({"social": {"x": {"image": {"alt": "A"}}}}, "social.x.image.url", "required"),
    ({"image": {"url": "https://c.example/p.jpg", "focus": [1.5, 0]}}, "image.focus", "0 to 1"),
    ({"image": {"url": "https://c.example/p.jpg", "focus": [0.5]}}, "image.focus", "[x, y]"),
    ({"image": {"url": "https://c.example/p.jpg", "focus": [True, 0]}}, "image.focus", "[x, y]"),
    ({"image": {"url": "https://c.example/p.jpg", "focus": "center"}}, "image.focus", "[x, y]"),
    ({"image": {"url": "https://c.example/p.jpg", "focus": [0, -0.1]}}, "image.focus", "0 to 1"),
]


@pytest.mark.parametrize("fields", GOOD, ids=lambda f: json.dumps(f)[:50])
def test_good_values_load_and_validate(fields: dict[str, Any]) -> None:
    raw = record(**fields)
    assert validates(raw)
    load_article(raw, SITE)


@pytest.mark.parametrize(("fields", "field", "message"), BAD, ids=lambda f: str(f)[:40])
def test_bad_values_name_the_field_and_the_schema_agrees(
    fields: dict[str, Any], field: str, message: str
) -> None:
    raw = record(**fields)
    with pytest.raises(InputError) as caught:
        load_article(raw, SITE)
    assert str(caught.value).startswith(f"<record>: {field}: "), str(caught.value)
    assert message in str(caught.value)
    # Relations between fields (own language, own URL) are the loader's alone.
    if "own" not in message:
        assert not validates(raw)


def test_fediverse_is_normalised() -> None:
    raw = record(authors=[{"name": "A", "fediverse": "lea@Mastodon.Example"}])
    (author,) = load_article(raw, SITE).authors
    assert author.fediverse == "@lea@mastodon.example"
    unicode_host = record(authors=[{"name": "A", "fediverse": "@a@bücher.example"}])
    assert load_article(unicode_host, SITE).authors[0].fediverse == "@a@xn--bcher-kva.example"


def test_the_example_uses_all_five_fields_and_validates() -> None:
    raw = json.loads(EXAMPLE.read_text())
    assert validates(raw)
    article = load_article(EXAMPLE, load_site({}))
    assert article.access == "metered"
    assert all(author.fediverse for author in article.authors)
    assert article.translations and article.social
    assert article.image is not None and article.image.focus == (0.85, 0.4)


# --- access: JSON-LD, checked against schema.org ------------------------------------


def _ancestors(cls: str) -> set[str]:
    seen = {cls}
    for parent in VOCABULARY["classes"].get(cls, []):
        seen |= _ancestors(parent)
    return seen


def check_schema_org(node: Any) -> int:
    """Every typed object's properties exist for its type (schema.org domainIncludes), and
    every typed value is of a type the property allows (rangeIncludes). Returns the count."""
    if isinstance(node, list):
        return sum(check_schema_org(item) for item in node)
    if not isinstance(node, dict) or "@type" not in node:
        return 0
    kinds = _ancestors(node["@type"])
    assert node["@type"] in VOCABULARY["classes"], node["@type"]
    checked = 0
    for name, value in node.items():
        if name.startswith("@"):
            continue
        prop = VOCABULARY["properties"][name]
        assert kinds & set(prop["domain"]), f"{name} is not a property of {node['@type']}"
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "@type" in item:
                assert _ancestors(item["@type"]) & set(prop["range"]), (name, item["@type"])
            elif isinstance(item, bool):
                assert "Boolean" in prop["range"], name
        checked += 1 + check_schema_org(value)
    return checked


@pytest.mark.parametrize(
    ("access", "site", "free", "part"),
    [
        ("free", PAYWALL, True, False),
        ("paywalled", PAYWALL, False, True),
        ("metered", PAYWALL, False, True),
        ("paywalled", SITE, False, False),
        (None, PAYWALL, None, False),
    ],
)
def test_access_in_jsonld_as_google_documents(
    access: str | None, site: Any, free: bool | None, part: bool
) -> None:
    raw = record() if access is None else record(access=access)
    article = load_article(raw, site)
    html = render_head(article, site)
    data = parse_html5(html).article
    _, (extracted,) = parse_extruct(html)
    assert article_node(extracted) == data
    assert data.get("isAccessibleForFree") is free
    if part:
        assert data["hasPart"] == {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".paywall",
        }
    else:
        assert "hasPart" not in data
    assert check_schema_org(data) >= 10


def test_schema_org_check_can_fail() -> None:
    with pytest.raises(AssertionError, match="cssSelector is not a property of Person"):
        check_schema_org({"@type": "Person", "cssSelector": ".x"})
    with pytest.raises(AssertionError):
        check_schema_org({"@type": "NewsArticle", "hasPart": {"@type": "Person"}})


def test_paywall_selector_from_the_records_own_site() -> None:
    raw = record(access="paywalled", site={"paywall_selector": "#story .locked"})
    data = parse_html5(render_head(load_article(raw, SITE), SITE)).article
    assert data["hasPart"]["cssSelector"] == "#story .locked"


# --- fediverse:creator ------------------------------------------------------------


def test_fediverse_creator_for_each_author_once() -> None:
    authors = [
        {"name": "A", "fediverse": "@a@one.example"},
        {"name": "B"},
        {"name": "C", "fediverse": "@c@two.example"},
        {"name": "D", "fediverse": "@a@one.example"},
    ]
    meta = metas(load_article(record(authors=authors), SITE))
    assert meta["fediverse:creator"] == ["@a@one.example", "@c@two.example"]
    assert "fediverse:creator" not in metas(load_article(record(author="A"), SITE))


# --- translations: hreflang -------------------------------------------------------

VERSIONS = {
    "en": "https://news.example/en/h/",
    "fr-FR": "https://news.example/fr/h/",
    "de": "https://news.example/de/h/",
}


def version(lang: str, site: Any = SITE) -> Any:
    others = {other: url for other, url in VERSIONS.items() if other != lang}
    return load_article(record(url=VERSIONS[lang], lang=lang, translations=others), site)


def hreflang_set(article: Any) -> set[tuple[str, str]]:
    links = parse_html5(render_head(article, SITE)).links
    return {(link["hreflang"], link["href"]) for link in links if "hreflang" in link}


def test_hreflang_sets_are_symmetric_with_x_default() -> None:
    sets = [hreflang_set(version(lang)) for lang in VERSIONS]
    expected = {*VERSIONS.items(), ("x-default", VERSIONS["en"])}  # [site] lang is en
    assert sets == [expected] * 3
    # the same pairs as the helper the sitemaps will use
    assert set(version("de").alternates()) == expected
    for lang in VERSIONS:  # every hreflang link is rel=alternate, html5lib and extruct agree
        links = parse_html5(render_head(version(lang), SITE)).links
        assert {link["rel"] for link in links if "hreflang" in link} == {"alternate"}


def test_x_default_rules() -> None:
    japanese_site = load_site({"site": {**SITE_CONFIG["site"], "lang": "ja"}})
    # no version in [site] lang: the article's own URL (and lint says so)
    de = version("de", japanese_site)
    assert de.alternates()[-1] == ("x-default", VERSIONS["de"])
    assert "translations-x-default" in {f.code for f in lint_article(de, japanese_site)}
    # a primary-subtag match: fr-FR for a site in fr
    french = load_site({"site": {**SITE_CONFIG["site"], "lang": "fr"}})
    assert version("de", french).alternates()[-1] == ("x-default", VERSIONS["fr-FR"])
    # the record's own x-default wins
    raw = record(
        translations={"fr": "https://news.example/fr/", "x-default": "https://news.example/"}
    )
    article = load_article(raw, SITE)
    assert article.alternates() == (
        ("en", article.url),
        ("fr", "https://news.example/fr/"),
        ("x-default", "https://news.example/"),
    )
    assert "translations-x-default" not in {f.code for f in lint_article(article, SITE)}
    assert load_article(record(), SITE).alternates() == ()


def test_og_locale_alternate_from_translations() -> None:
    site = load_site({"site": {**SITE_CONFIG["site"], "locale_alternates": ["ko_KR", "fr_FR"]}})
    article = version("en", site)
    meta = metas(article, site)
    assert meta["og:locale"] == ["en_US"]
    assert meta["og:locale:alternate"] == ["ko_KR", "fr_FR", "de_DE"]  # config first, no repeats
    opengraph, _ = parse_extruct(render_head(article, site))
    assert opengraph["og:locale:alternate"] == ["ko_KR", "fr_FR", "de_DE"]


def test_atom_entries_carry_the_translations_rss_and_json_do_not() -> None:
    article = load_article({**record(translations=VERSIONS | {"en": record()["url"]}),
                            "published": "2024-05-01T00:00:00Z"}, SITE)  # fmt: skip
    root = strict(build_feed([article], SITE, format="atom"))
    links = [
        (link.get("hreflang"), link.get("href"))
        for link in root.find("atom:entry", NS).iterfind("atom:link", NS)
        if link.get("rel") == "alternate"
    ]
    assert links == [("fr-FR", VERSIONS["fr-FR"]), ("de", VERSIONS["de"]), (None, article.url)]
    parsed = feedparse(build_feed([article], SITE, format="atom"))
    assert parsed.entries[0].link == article.url  # the reader's "link" is still the article
    assert {(link.get("hreflang"), link.href) for link in parsed.entries[0].links} >= {
        ("fr-FR", VERSIONS["fr-FR"])
    }
    rss = feedparse(build_feed([article], SITE, format="rss"))
    assert rss.entries[0].link == article.url
    assert VERSIONS["de"] not in build_feed([article], SITE, format="json").decode()


# --- social overrides -----------------------------------------------------------

SOCIAL = {
    "facebook": {"title": "FB title", "description": "FB description"},
    "x": {
        "title": "X title",
        "description": "X description",
        "image": {"url": "https://cdn.example/x.jpg", "alt": "X alt", "width": 1200, "height": 600},
    },
    "reddit": {"title": "Reddit title"},
    "pinterest": {"image": "https://cdn.example/pin.jpg"},
    "linkedin": {"title": "LinkedIn title"},
}


def test_meta_uses_each_networks_own_tags() -> None:
    article = load_article(record(description="The article's description", social=SOCIAL), SITE)
    meta = metas(article)
    assert meta["og:title"] == ["FB title"] and meta["og:description"] == ["FB description"]
    assert meta["twitter:title"] == ["X title"]
    assert meta["twitter:description"] == ["X description"]
    assert meta["twitter:image"] == ["https://cdn.example/x.jpg"]
    assert meta["twitter:image:alt"] == ["X alt"]
    assert meta["og:image"][0].endswith("/card.png")  # facebook gave no image: the card
    assert meta["description"] == ["The article's description"]
    data = parse_html5(render_head(article, SITE)).article
    assert data["headline"] == article.title  # JSON-LD is the article's, not a network's
    opengraph, _ = parse_extruct(render_head(article, SITE))
    assert opengraph["og:title"] == ["FB title"]


def test_og_title_stays_the_headline_unless_facebook_overrides_it() -> None:
    only_x = load_article(record(social={"x": {"title": "X title"}}), SITE)
    assert metas(only_x)["og:title"] == [only_x.title]
    assert metas(only_x)["twitter:title"] == ["X title"]


def test_facebook_image_is_og_image_unless_the_card_draws_it() -> None:
    social = {"facebook": {"image": {"url": "https://cdn.example/f.jpg", "width": 1200,
                                     "height": 630}}}  # fmt: skip
    article = load_article(record(social=social), SITE)
    assert metas(article)["og:image"] == ["https://cdn.example/f.jpg"]
    assert metas(article)["og:image:width"] == ["1200"]
    drawn = load_site({**SITE_CONFIG, "card": {"use_social_title": True}})
    assert metas(article, drawn)["og:image"][0].endswith("/card.png")


def test_share_links_carry_each_networks_text() -> None:
    article = load_article(record(social=SOCIAL), SITE)
    links = {link.network: link.url for link in share_links(article, SITE)}

    def query(network: str) -> dict[str, list[str]]:
        return parse_qs(urlsplit(links[network] or "").query)

    assert query("x")["text"] == ["X title"]
    assert query("reddit")["title"] == ["Reddit title"]
    assert query("pinterest")["media"] == ["https://cdn.example/pin.jpg"]
    assert query("pinterest")["description"] == [article.title]
    assert query("telegram")["text"] == [article.title]  # no override: the headline
    assert query("facebook") == {"u": [article.url]}


def test_preview_shows_each_networks_text() -> None:
    article = load_article(record(social=SOCIAL), SITE)
    page = render_preview(article, SITE)
    import html5lib

    tree = html5lib.parse(page, namespaceHTMLElements=False)

    def field(platform: str, name: str) -> str:
        mock = tree.find(f".//article[@data-platform='{platform}']")
        assert mock is not None
        element = mock.find(f".//*[@data-field='{name}']")
        assert element is not None
        return "".join(element.itertext())

    assert field("facebook", "title") == "FB title"
    assert field("x", "title") == "X title"
    assert field("linkedin", "title") == "FB title"  # LinkedIn reads og:title
    x_image = tree.find(".//article[@data-platform='x']//img")
    fb_image = tree.find(".//article[@data-platform='facebook']//img")
    assert x_image is not None and fb_image is not None
    assert x_image.get("src") != fb_image.get("src")  # X shows its own (remote: a stand-in)
    table = tree.find(".//table[@class='pv-head pv-social']")
    assert table is not None
    rows = ["|".join("".join(c.itertext()) for c in row) for row in table.iter("tr")][1:]
    assert "Reddit|Reddit title||" in rows
    assert "Pinterest|||https://cdn.example/pin.jpg" in rows
    assert "pv-social" not in render_preview(load_article(record(), SITE), SITE)


def test_card_takes_the_facebook_title_when_asked() -> None:
    article = load_article(record(social=SOCIAL), SITE)
    plain = render_card(article, SITE)
    asked = load_site({**SITE_CONFIG, "card": {"use_social_title": True}})
    card = render_card(article, asked)
    assert card.alt == "FB title — View Us Global" == card_ref(article, asked).alt
    headline = next(layer for layer in card.layers if layer.name == "headline")
    assert headline.block is not None
    assert " ".join(line.text for line in headline.block.lines) == "FB title"
    assert card.data != plain.data


def test_lint_flags_overrides_nobody_reads() -> None:
    social = {
        **SOCIAL,
        "x": {"title": "x" * 80, "image": "https://cdn.example/x.jpg"},
        "copy": {"title": "Copy"},
    }
    found = {(f.code, f.field) for f in lint_article(load_article(record(social=social), SITE))}
    assert ("social-override-unused", "social.linkedin") in found
    assert ("social-override-unused", "social.copy") in found
    assert ("social-title-too-long", "social.x.title") in found
    assert ("social-image-size-unknown", "social.x.image") in found
    assert not {code for code, field in found if field in ("social.reddit", "social.facebook")}


# --- image.focus ------------------------------------------------------------------

RED, GREY, GREEN = (230, 20, 20), (128, 128, 128), (20, 200, 20)


@pytest.fixture
def wide_photo(tmp_path: Path) -> Path:
    """3000x1000: a red band at the far left, a green one at the far right, grey between."""
    image = Image.new("RGB", (3000, 1000), GREY)
    image.paste(RED, (0, 0, 300, 1000))
    image.paste(GREEN, (2700, 0, 3000, 1000))
    path = tmp_path / "wide.png"
    image.save(path)
    return path


def _pixel(card: Any, x: int, y: int) -> tuple[int, int, int]:
    with Image.open(io.BytesIO(card.data)) as image:
        rgb = image.convert("RGB")
        return rgb.getpixel((x, y))  # type: ignore[return-value]


def _near(rgb: tuple[int, int, int], target: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(rgb, target, strict=True))


@pytest.mark.parametrize("template", ["photo", "split"])
def test_focus_at_the_far_right_keeps_the_right_of_the_photo(
    wide_photo: Path, template: str
) -> None:
    def card(focus: list[float] | None) -> Any:
        image: dict[str, Any] = {"path": str(wide_photo)}
        if focus is not None:
            image["focus"] = focus
        return render_card(load_article(record(image=image), SITE), SITE, template=template)

    x, y = 1190, 20  # the top right corner: photo in both templates, no text there
    assert _near(_pixel(card(None), x, y), GREY)  # today's crop: the middle
    assert _near(_pixel(card([1.0, 0.5]), x, y), GREEN)  # the far right kept
    left = card([0.0, 0.5])
    photo_left = 10 if template == "photo" else 1200 - round(1200 * 0.42) + 10
    assert _near(_pixel(left, photo_left, y), RED)  # the far left kept
    assert not _near(_pixel(card(None), photo_left, y), RED)


def test_focus_keeps_hashed_card_names_of_records_without_it(wide_photo: Path) -> None:
    hashed = load_site({**SITE_CONFIG, "card": {"hashed_names": True}})
    article = load_article(record(image={"url": "https://cdn.example/p.jpg"}), hashed)
    # pinned from the code before SPEC 7.5: a record without the new fields keeps its name
    assert card_ref(article, hashed).filename == "card-51f3155d40b5.png"
    focused = load_article(
        record(image={"url": "https://cdn.example/p.jpg", "focus": [1, 0]}), hashed
    )
    assert card_ref(focused, hashed).filename != card_ref(article, hashed).filename


def test_lint_says_when_focus_does_nothing() -> None:
    raw = record(image={"url": "https://cdn.example/p.jpg", "focus": [1, 0]})
    assert "image-focus-unused" in {f.code for f in lint_article(load_article(raw, SITE))}
    photo = load_site({**SITE_CONFIG, "card": {"template": "photo"}})
    assert "image-focus-unused" not in {f.code for f in lint_article(load_article(raw, photo))}


def test_lint_paywall_selector() -> None:
    paywalled = load_article(record(access="paywalled"), SITE)
    assert "paywall-selector-missing" in {f.code for f in lint_article(paywalled, SITE)}
    assert "paywall-selector-missing" not in {f.code for f in lint_article(paywalled, PAYWALL)}
    free = load_article(record(access="free"), SITE)
    assert "paywall-selector-missing" not in {f.code for f in lint_article(free, SITE)}


# --- hostile input in the new fields -----------------------------------------------

NAUGHTY = [s for s in BLNS if clean_text(s)]


def test_naughty_strings_in_overrides_round_trip() -> None:
    for text in NAUGHTY:
        social = {"facebook": {"title": text, "description": text}, "x": {"title": text}}
        article = load_article(record(social=social, access="paywalled"), PAYWALL)
        parsed = parse_html5(render_head(article, PAYWALL))
        cleaned = clean_text(text)
        assert parsed.one("og:title") == cleaned
        assert parsed.one("og:description") == cleaned
        assert parsed.one("twitter:title") == clean_text(
            next(t.content for t in meta_tags(article, PAYWALL) if t.name == "twitter:title")
        )
        links = {link.network: link.url for link in share_links(article, PAYWALL)}
        assert parse_qs(urlsplit(links["x"] or "").query)["text"] == [cleaned]


@pytest.mark.parametrize("text", NAUGHTY[::7])
def test_naughty_strings_as_handles_languages_and_selectors(text: str) -> None:
    for fields in (
        {"authors": [{"name": "A", "fediverse": text}]},
        {"translations": {text: "https://news.example/t/"}},
        {"translations": {"fr": text}},
    ):
        try:
            article = load_article(record(**fields), SITE)
        except InputError:
            continue
        head = render_head(article, SITE)
        parse_html5(head)  # nothing leaks out of the head
        for author in article.authors:
            assert re.fullmatch(r"@[\w.-]+@[a-z0-9.-]+", author.fediverse or "", re.ASCII)
    try:  # SPEC 8.4: the selector cuts feeds, so cssselect must compile it
        site = load_site({"site": {**SITE_CONFIG["site"], "paywall_selector": text}})
    except InputError as error:
        assert str(error).startswith("site.paywall_selector: ")
        return
    article = load_article(record(access="metered"), site)
    data = parse_html5(render_head(article, site)).article
    assert data["hasPart"]["cssSelector"] == clean_text(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.text(min_size=1, max_size=20),
    host=st.text(min_size=1, max_size=30),
    focus=st.lists(st.floats(allow_nan=True), min_size=0, max_size=3),
)
def test_hypothesis_fediverse_and_focus_load_or_fail_cleanly(
    name: str, host: str, focus: list[float]
) -> None:
    raw = record(
        authors=[{"name": "A", "fediverse": f"@{name}@{host}"}],
        image={"url": "https://cdn.example/p.jpg", "focus": focus},
    )
    try:
        article = load_article(raw, SITE)
    except InputError as error:
        assert str(error).startswith("<record>: authors[0].fediverse: ") or "image.focus" in str(
            error
        )
        return
    image = article.image
    # the schema accepts what the loader made of it
    assert validates(record(authors=[{"name": "A", "fediverse": article.authors[0].fediverse}]))
    assert image is not None and image.focus is not None
    assert all(0 <= n <= 1 for n in image.focus)
    (handle,) = metas(article)["fediverse:creator"]
    assert handle == article.authors[0].fediverse


def test_json_head_lists_hreflang_only_where_set() -> None:
    article = version("en")
    tags = json.loads(render_head(article, SITE, format="json"))
    hreflangs = [tag["hreflang"] for tag in tags if "hreflang" in tag]
    assert hreflangs == ["en", "fr-FR", "de", "x-default"]
    assert all(set(tag) >= {"kind", "name", "content"} for tag in tags)


def test_networks_keys_are_the_share_table() -> None:
    schema = record_schema()["properties"]["social"]
    assert schema["propertyNames"]["enum"] == list(NETWORK_IDS)


# --- inspect: do the other language versions link back? ---------------------------


@pytest.mark.usefixtures("net")
def test_inspect_finds_a_version_without_hreflang_back(server: Server, tmp_path: Path) -> None:
    from sharekit import inspect_url

    base = server.url("").rstrip("/")
    urls = {"en": f"{base}/en/", "fr": f"{base}/fr/", "de": f"{base}/de/"}
    site = load_site(
        {"site": {"name": "N", "url": base, "lang": "en"},
         "network": {"timeout": 2, "cache_dir": str(tmp_path / "cache")}}
    )  # fmt: skip

    def page(lang: str, translations: dict[str, str]) -> bytes:
        raw = record(url=urls[lang], lang=lang, translations=translations)
        head = render_head(load_article(raw, site), site)
        return f"<!doctype html><html><head>{head}</head><body></body></html>".encode()

    everyone = dict(urls)
    for lang in urls:
        others = {k: v for k, v in everyone.items() if k != lang}
        server.route(f"/{lang}/", body=page(lang, others), content_type="text/html")
    codes = {f.code for f in inspect_url(urls["en"], site, allow_private=True).findings}
    assert not {c for c in codes if c.startswith("hreflang")}, codes
    # the German page forgets the English one: only fetching it shows that
    server.route("/de/", body=page("de", {"fr": urls["fr"]}), content_type="text/html")
    server.route("/fr/", status=404, body=b"gone", content_type="text/html")
    report = inspect_url(urls["en"], site, allow_private=True)
    found = {(f.code, f.message.split(" ")[3]) for f in report.findings if "hreflang" in f.code}
    assert found == {("hreflang-no-return", urls["de"]), ("hreflang-unreachable", urls["fr"])}

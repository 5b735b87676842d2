"""SPEC 8.4 in the head: canonical for copies, per-article robots, IDNA 2008 hosts.

Heads are read the way consumers read them: html5lib for the tags, the JSON-LD
parsed as JSON.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sharekit import InputError, load_article, load_site, record_schema, render_head
from sharekit.feed import build_feed
from sharekit.share._links import share_links
from tests.helpers_meta import parse_html5

SITE = load_site({"site": {"name": "View Us Global", "url": "https://www.viewusglobal.com"}})


def record(**fields: Any) -> dict[str, Any]:
    base = {
        "title": "Wire copy of a partner's story",
        "url": "https://www.viewusglobal.com/world/wire-copy/",
        "published": "2026-03-10T09:00:00+09:00",
        "description": "A partner's story, run as it was filed.",
        "content_html": "<p>Body.</p>",
    }
    base.update(fields)
    jsonschema.validate(base, record_schema())  # the schema says what the loader takes
    return base


def head_of(raw: dict[str, Any], site: Any = SITE) -> Any:
    return parse_html5(render_head(load_article(raw, site), site))


def canonical_links(parsed: Any) -> list[str]:
    return [link["href"] for link in parsed.links if link.get("rel") == "canonical"]


def test_canonical_points_link_og_url_and_jsonld_at_the_original() -> None:
    original = "https://partner.example/2026/03/the-story"
    raw = record(canonical=original)
    parsed = head_of(raw)
    assert canonical_links(parsed) == [original]
    assert parsed.one("og:url") == original
    (graph,) = parsed.jsonld
    (data,) = [node for node in graph["@graph"] if "headline" in node]  # the article (SPEC 8.5)
    assert data["url"] == original
    assert data["mainEntityOfPage"]["@id"] == original
    # url stays where the copy lives: feeds and share links
    article = load_article(raw, SITE)
    feed = build_feed([article], SITE, format="json")
    assert b'"url":"https://www.viewusglobal.com/world/wire-copy/"' in feed
    links = [link.url or "" for link in share_links(article, SITE)]
    assert any("www.viewusglobal.com" in url for url in links)
    assert all("partner.example" not in url for url in links)


def test_without_canonical_the_url_is_the_canonical() -> None:
    parsed = head_of(record())
    assert canonical_links(parsed) == ["https://www.viewusglobal.com/world/wire-copy/"]
    assert parsed.one("og:url") == "https://www.viewusglobal.com/world/wire-copy/"


def test_the_default_robots_tag_asks_for_large_image_previews() -> None:
    assert head_of(record()).one("robots") == "max-image-preview:large"


def test_record_robots_are_merged_over_the_site_default() -> None:
    raw = record(robots=["noindex", "NoArchive", "max-snippet:120", "unavailable_after:2026-12-31"])
    assert head_of(raw).one("robots") == (
        "max-image-preview:large, noindex, noarchive, max-snippet:120, unavailable_after:2026-12-31"
    )
    # a string works too, and a record's max-image-preview replaces the site's
    raw = record(robots="nofollow, max-image-preview:none")
    assert head_of(raw).one("robots") == "max-image-preview:none, nofollow"


def test_site_robots_are_validated_and_kept_with_the_default() -> None:
    site = load_site({"site": {"url": "https://www.viewusglobal.com", "robots": "noarchive"}})
    assert head_of(record(), site).one("robots") == "max-image-preview:large, noarchive"
    with pytest.raises(InputError, match=r"site\.robots: unknown robots directive"):
        load_site({"site": {"robots": "noindex, max-image-preview:huge"}})


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("robots", ["noindx"], r"robots\[0\]: unknown robots directive"),
        ("robots", "max-snippet:lots", r"robots: unknown robots directive"),
        ("robots", "unavailable_after:next week", r"robots: unavailable_after wants"),
        ("robots", 3, r"robots: expected a list or a comma-separated string"),
        ("exclude", ["rss"], r"exclude\[0\]: expected one of feeds, sitemaps, syndication"),
        ("canonical", "javascript:alert(1)", r"canonical: expected an absolute http\(s\) URL"),
        ("canonical", "/relative/", r"canonical: expected an absolute http\(s\) URL"),
    ],
)
def test_bad_newsroom_fields_are_one_line_input_errors(
    field: str, value: Any, message: str
) -> None:
    raw = {"title": "T", "url": "https://www.viewusglobal.com/t/", field: value}
    with pytest.raises(InputError, match=message):
        load_article(raw, SITE)


def test_the_cli_exits_2_on_a_bad_robots_directive(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"title": "T", "url": "https://x.example/t/", "robots": "noindx"}')
    done = subprocess.run(
        [sys.executable, "-m", "sharekit", "meta", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert 'a.json: robots: unknown robots directive "noindx"' in line


# --- hosts: IDNA 2008 with UTS #46 -------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # IDNA 2003 (the standard library's codec) maps ß to ss: another domain
        ("https://faß.de/a/", "https://xn--fa-hia.de/a/"),
        # and the Greek final sigma to sigma: another domain again
        ("https://ελληνικός.gr/a/", "https://xn--qxaegecap6byf.gr/a/"),
        # UTS #46 maps case and the ideographic full stop as browsers do
        ("https://FASS.DE/a/", "https://fass.de/a/"),
        ("https://faß。de/a/", "https://xn--fa-hia.de/a/"),
    ],
)
def test_hosts_are_idna_2008_in_canonical_and_og_url(url: str, expected: str) -> None:
    parsed = head_of({"title": "T", "url": url})
    assert canonical_links(parsed) == [expected]
    assert parsed.one("og:url") == expected
    parsed = head_of({"title": "T", "url": "https://www.viewusglobal.com/t/", "canonical": url})
    assert canonical_links(parsed) == [expected]


def test_a_host_idna_refuses_is_an_input_error() -> None:
    with pytest.raises(InputError, match="url: not a valid URL"):
        load_article({"title": "T", "url": "https://a\u200d.example/"}, SITE)


def test_fediverse_hosts_use_the_same_encoding() -> None:
    article = load_article(
        {
            "title": "T",
            "url": "https://x.example/t/",
            "author": {"name": "A", "fediverse": "@a@faß.social"},
        },
        SITE,
    )
    assert article.authors[0].fediverse == "@a@xn--fa-hia.social"


def test_site_hosts_are_stored_in_idna_form() -> None:
    site = load_site({"site": {"hosts": ["www.viewusglobal.com", "Faß.de"]}})
    assert site.hosts == ("www.viewusglobal.com", "xn--fa-hia.de")
    with pytest.raises(InputError, match=r"site\.hosts\[0\]: expected a host name"):
        load_site({"site": {"hosts": ["https://x.example/path"]}})


def test_a_paid_articles_derived_description_comes_from_the_free_part() -> None:
    paid = "Subscriber-only: the memo says the deal is off."
    site = load_site(
        {"site": {"url": "https://www.viewusglobal.com", "paywall_selector": "div.paywall"}}
    )
    body = f'<figure><img src="a.jpg" alt=""></figure><div class="paywall"><p>{paid}</p></div>'
    raw = {"title": "T", "url": "https://www.viewusglobal.com/t/", "access": "paywalled"}
    parsed = head_of({**raw, "content_html": body}, site)
    assert paid not in render_head(load_article({**raw, "content_html": body}, site), site)
    assert parsed.meta["description"] == []  # nothing free to describe it with
    lead = f"<p>Officials met on Monday.</p>{body}"
    assert head_of({**raw, "content_html": lead}, site).one("description") == (
        "Officials met on Monday."
    )

"""SPEC 8.5: the JSON-LD @graph, og:video/og:audio and the X player card, read back the way
consumers read them: html5lib, extruct, pyld (offline), and schema.org's own vocabulary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sharekit import load_article, load_site, render_head
from sharekit.meta._graph import iso_duration
from tests.helpers_meta import (
    ARTICLE_TYPES,
    EXAMPLES,
    ROOT,
    article_node,
    parse_extruct,
    parse_html5,
)
from tests.helpers_schemaorg import VOCABULARY, check_graph, expand

MEDIA = ROOT / "examples" / "media"
MEDIA_SITE = load_site(MEDIA / "sharekit.toml")
MEDIA_EXAMPLES = sorted(MEDIA.glob("*.json"))
OTHERS = [*EXAMPLES, *sorted((ROOT / "examples" / "redirect").glob("*.json"))]
ALL = [(path, load_site({})) for path in OTHERS] + [(p, MEDIA_SITE) for p in MEDIA_EXAMPLES]


def graph_of(path: Path, site: Any) -> tuple[str, dict[str, Any]]:
    html = render_head(load_article(path, site), site)
    (block,) = parse_html5(html).jsonld
    return html, block


@pytest.mark.parametrize(("path", "site"), ALL, ids=[p.name for p, _ in ALL])
def test_every_example_graph_is_schema_org_and_every_id_resolves(path: Path, site: Any) -> None:
    html, block = graph_of(path, site)
    assert check_graph(block) > 20
    kinds = [node["@type"] for node in block["@graph"]]
    assert kinds[:4] == ["Organization", "WebSite", "WebPage", "BreadcrumbList"]
    # extruct finds the same graph in the page
    _, items = parse_extruct(html)
    assert items == [block]
    # pyld expands it against schema.org's context (served locally): nothing is dropped
    nodes = expand(block)  # a top-level @graph without an @id is the default graph: its nodes
    assert len(nodes) == len(block["@graph"])
    for original, node in zip(block["@graph"], nodes, strict=True):
        # schema.org's own context maps terms to http://schema.org/ (its @vocab)
        assert node["@type"] == [f"http://schema.org/{original['@type']}"]
        assert len(node) == len(original), sorted(set(original) - {k.split("/")[-1] for k in node})


def test_the_vocabulary_is_schema_orgs_whole_release() -> None:
    # the real file, not an extract: thousands of terms, the new article types among them
    assert len(VOCABULARY["classes"]) > 800 and len(VOCABULARY["properties"]) > 1400
    for kind in ("OpinionNewsArticle", "LiveBlogPosting", "VideoObject", "BreadcrumbList"):
        assert kind in VOCABULARY["classes"]


def test_the_check_fails_on_an_unknown_property_and_a_dangling_reference() -> None:
    _, block = graph_of(MEDIA / "opinion.json", MEDIA_SITE)
    article = next(node for node in block["@graph"] if node["@type"] == "OpinionNewsArticle")
    article["authorName"] = "x"
    with pytest.raises(AssertionError, match=r"authorName is not a schema\.org property"):
        check_graph(block)
    del article["authorName"]
    article["publisher"] = {"@id": "https://herald.example.com/#nobody"}
    with pytest.raises(AssertionError, match="resolves to no node"):
        check_graph(block)
    article["publisher"] = {"@id": article["author"][0]["@id"]}
    article["coverageStartTime"] = "2025-03-01T18:00:00+09:00"  # LiveBlogPosting only
    with pytest.raises(AssertionError, match="coverageStartTime is not a property"):
        check_graph(block)


def test_the_graph_ties_site_page_breadcrumb_article_and_people() -> None:
    _, block = graph_of(MEDIA / "video.json", MEDIA_SITE)
    nodes = {node["@type"]: node for node in block["@graph"]}
    org, site, page = nodes["Organization"], nodes["WebSite"], nodes["WebPage"]
    assert org["@id"] == "https://herald.example.com/#organization"
    assert org["sameAs"] == [
        "https://x.com/harbourherald",
        "https://mastodon.example/@herald",
        "https://www.youtube.com/@harbourherald",
    ]
    assert org["logo"]["url"] == "https://herald.example.com/logo.png"
    assert site["publisher"] == {"@id": org["@id"]}
    assert page["isPartOf"] == {"@id": site["@id"]}
    crumbs = nodes["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"]) for c in crumbs] == [
        (1, "Harbour City Herald"),
        (2, "Climate"),
        (3, "Inside the flood barrier: a video tour of the gates"),
    ]
    assert crumbs[-1]["item"] == page["@id"] == page["url"]
    article = article_node(block)
    assert article["@type"] == "ReportageNewsArticle"
    assert article["mainEntityOfPage"]["@id"] == page["@id"]
    (person,) = article["author"]
    assert person["sameAs"] == ["https://mastodon.example/@mina", "https://x.com/minapark"]
    assert person["url"] == "https://herald.example.com/author/mina-park"
    video = article["video"]
    assert video["@type"] == "VideoObject"
    assert video["duration"] == "PT4M5S"
    assert video["uploadDate"] == "2025-03-02T10:00:00+09:00"
    assert video["thumbnailUrl"].endswith("flood-barrier-tour.jpg")
    assert video["contentUrl"].endswith(".mp4") and video["embedUrl"].endswith(
        "/embed/flood-barrier-tour"
    )


def test_the_three_ratios_lead_json_ld_image_and_og_image_stays_the_og_card() -> None:
    html, block = graph_of(MEDIA / "video.json", MEDIA_SITE)
    images = article_node(block)["image"]
    sizes = [(i["width"], i["height"]) for i in images]
    assert sizes == [(1200, 675), (1200, 900), (1200, 1200), (1200, 630)]
    assert [i["url"].rsplit("/", 1)[1] for i in images[:3]] == [
        "card-16x9.png",
        "card-4x3.png",
        "card-1x1.png",
    ]
    parsed = parse_html5(html)
    assert parsed.one("og:image") == images[3]["url"]
    assert (parsed.one("og:image:width"), parsed.one("og:image:height")) == ("1200", "630")


def test_live_blog_has_coverage_and_updates_newest_first() -> None:
    _, block = graph_of(MEDIA / "live-blog.json", MEDIA_SITE)
    article = article_node(block)
    assert article["@type"] == "LiveBlogPosting"
    assert article["coverageStartTime"] == "2025-03-01T18:00:00+09:00"
    assert article["coverageEndTime"] == "2025-03-02T02:00:00+09:00"
    updates = article["liveBlogUpdate"]
    assert [u["datePublished"][11:16] for u in updates] == ["01:10", "18:52", "18:05"]
    assert all(u["@type"] == "BlogPosting" and u["headline"] for u in updates)
    assert updates[0]["articleBody"] == "<p>The old port stays dry.</p>"


def test_podcast_episode_has_an_audio_object() -> None:
    _, block = graph_of(MEDIA / "podcast-episode.json", MEDIA_SITE)
    audio = article_node(block)["audio"]
    assert audio["@type"] == "AudioObject"
    assert audio["duration"] == "PT25M36S"
    assert audio["encodingFormat"] == "audio/mpeg"


@pytest.mark.parametrize(
    "kind", sorted(ARTICLE_TYPES)
)  # SPEC 8.5's list, written out once in helpers_meta
def test_each_article_type_is_a_schema_org_type(kind: str) -> None:
    record = {"title": "Harbour reopens", "url": "https://herald.example.com/h/", "type": kind}
    html = render_head(load_article(record, MEDIA_SITE), MEDIA_SITE)
    (block,) = parse_html5(html).jsonld
    assert article_node(block)["@type"] == kind
    check_graph(block)


def test_og_video_audio_and_the_x_player_card() -> None:
    parsed = parse_html5(render_head(load_article(MEDIA / "video.json", MEDIA_SITE), MEDIA_SITE))
    assert parsed.one("og:video") == "https://media.herald.example.com/video/flood-barrier-tour.mp4"
    assert parsed.one("og:video:secure_url") == parsed.one("og:video")
    assert parsed.one("og:video:type") == "video/mp4"
    assert (parsed.one("og:video:width"), parsed.one("og:video:height")) == ("1920", "1080")
    assert parsed.one("twitter:card") == "player"
    assert parsed.one("twitter:player") == "https://herald.example.com/embed/flood-barrier-tour"
    assert (parsed.one("twitter:player:width"), parsed.one("twitter:player:height")) == (
        "1920",
        "1080",
    )
    og, _ = parse_extruct(render_head(load_article(MEDIA / "video.json", MEDIA_SITE), MEDIA_SITE))
    assert og["og:video"] == [parsed.one("og:video")]
    episode = load_article(MEDIA / "podcast-episode.json", MEDIA_SITE)
    parsed = parse_html5(render_head(episode, MEDIA_SITE))
    assert parsed.one("og:audio").endswith("harbour-weekly-12.mp3")
    assert parsed.one("og:audio:type") == "audio/mpeg"
    assert parsed.one("twitter:card") == "summary_large_image"  # no player page: no player card


def test_a_video_with_only_a_player_page() -> None:
    record = {
        "title": "Gates closing, live",
        "url": "https://herald.example.com/g/",
        "video": {"embed_url": "https://www.youtube.com/embed/abc123"},
    }
    parsed = parse_html5(render_head(load_article(record, MEDIA_SITE), MEDIA_SITE))
    assert parsed.one("og:video") == "https://www.youtube.com/embed/abc123"
    assert parsed.one("og:video:type") == "text/html"
    # X requires a size: 16:9 when the record gives none
    assert (parsed.one("twitter:player:width"), parsed.one("twitter:player:height")) == (
        "1280",
        "720",
    )


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1, "PT1S"), (60, "PT1M"), (245, "PT4M5S"), (3600, "PT1H"), (3661, "PT1H1M1S")],
)
def test_iso_duration(seconds: int, text: str) -> None:
    assert iso_duration(seconds) == text

"""SPEC 8.5: podcast feeds and media in every feed format, read back by the W3C feed
validator, feedparser and podcastparser (a podcast client's parser)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import feedparser
import podcastparser
import pytest
from lxml import etree

from sharekit import load_article, load_site
from sharekit.errors import InputError
from sharekit.feed import build_feed
from sharekit.feed._item import Item, item_from_article
from sharekit.feed._podcast import ITUNES_NS, PODCAST_NS, build_podcast, podcast_guid
from tests.helpers_feed import json_feed
from tests.helpers_feedvalidator import w3c_problems

ROOT = Path(__file__).resolve().parent.parent.parent
MEDIA = ROOT / "examples" / "media"
SITE = load_site(MEDIA / "sharekit.toml")
SHOW = SITE.podcast("harbour-weekly")
FEED_URL = "https://herald.example.com/podcasts/harbour-weekly.xml"
ARTWORK = "https://herald.example.com/podcasts/harbour-weekly.jpg"


def episode_item(**changes: object) -> Item:
    raw = json.loads((MEDIA / "podcast-episode.json").read_text())
    raw.update(changes)
    item = item_from_article(load_article(raw, SITE), SITE)
    assert item is not None
    return item


def podcast(items: list[Item] | None = None) -> bytes:
    assert SHOW is not None
    return build_podcast(items or [episode_item()], SHOW, SITE, FEED_URL, ARTWORK)


def test_the_podcast_feed_is_valid_in_the_w3c_validator() -> None:
    assert w3c_problems(podcast(), FEED_URL) == []


def test_the_validator_would_say_so() -> None:
    # the check can fail: feedgen's own itunes:explicit ("no") is what Apple no longer takes
    broken = podcast().replace(b"<itunes:explicit>false<", b"<itunes:explicit>no<")
    assert any(
        "true or false" in line or "explicit" in line for line in w3c_problems(broken, FEED_URL)
    )


def test_feedparser_reads_the_show_and_the_episode() -> None:
    parsed = feedparser.parse(podcast())
    assert not parsed.bozo
    assert parsed.feed.title == "Harbour Weekly"
    assert {"News", "Daily News", "Science"} <= {tag.term for tag in parsed.feed.tags}
    assert parsed.feed.image.href == ARTWORK
    assert parsed.feed.podcast_guid == podcast_guid(FEED_URL)
    (entry,) = parsed.entries
    assert entry.itunes_episode == "12" and entry.itunes_season == "2"
    assert entry.itunes_episodetype == "full"
    assert entry.itunes_duration == "1536"
    (enclosure,) = entry.enclosures
    assert enclosure.href.endswith("harbour-weekly-12.mp3")
    assert (enclosure.length, enclosure.type) == ("24567890", "audio/mpeg")


def test_podcastparser_reads_it_as_a_podcast_client_does() -> None:
    parsed = podcastparser.parse(FEED_URL, io.BytesIO(podcast()))
    assert parsed["title"] == "Harbour Weekly"
    assert parsed["cover_url"] == ARTWORK
    assert parsed["type"] == "episodic" and parsed["explicit"] is False
    assert parsed["itunes_owner"] == {"name": "Mina Park", "email": "podcasts@herald.example.com"}
    assert parsed["itunes_categories"] == [["News", "Daily News"], ["Science", "Earth Sciences"]]
    (episode,) = parsed["episodes"]
    assert (episode["number"], episode["season"], episode["type"]) == (12, 2, "full")
    assert episode["total_time"] == 25 * 60 + 36
    (enclosure,) = episode["enclosures"]
    assert (enclosure["file_size"], enclosure["mime_type"]) == (24567890, "audio/mpeg")


def test_podcasting_2_elements() -> None:
    root = etree.fromstring(podcast())
    channel = root.find("channel")
    assert channel is not None
    assert channel.findtext(f"{{{PODCAST_NS}}}guid") == podcast_guid(FEED_URL)
    locked = channel.find(f"{{{PODCAST_NS}}}locked")
    assert locked is not None and locked.get("owner") == "podcasts@herald.example.com"
    item = channel.find("item")
    assert item is not None
    transcript = item.find(f"{{{PODCAST_NS}}}transcript")
    assert transcript is not None and transcript.get("type") == "text/vtt"
    chapters = item.find(f"{{{PODCAST_NS}}}chapters")
    assert chapters is not None and chapters.get("type") == "application/json+chapters"
    assert item.findtext(f"{{{PODCAST_NS}}}episode") == "12"
    assert channel.find(f"{{{ITUNES_NS}}}image").get("href") == ARTWORK  # type: ignore[union-attr]


def test_podcast_guid_is_the_spec_example() -> None:
    # Podcasting 2.0's own example (docs/1.0.md, <podcast:guid>)
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == (
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )
    assert podcast_guid("http://mp3s.nashownotes.com/pc20rss.xml/") == podcast_guid(
        "https://mp3s.nashownotes.com/pc20rss.xml"
    )


def test_only_the_shows_episodes_with_a_complete_enclosure(
    caplog: pytest.LogCaptureFixture,
) -> None:
    other = episode_item(podcast="other-show", title="Other show")
    no_length = episode_item(
        title="No length", url="https://herald.example.com/x/", audio="https://a.example/x.mp3"
    )
    parsed = feedparser.parse(podcast([episode_item(), other, no_length]))
    assert [e.title for e in parsed.entries] == ["Harbour Weekly 12: the night the barrier closed"]
    assert "its audio needs a type and a length" in caplog.text


# --- feedgen 1.0.0's podcast extension: each test fails once upstream fixes it --------


def _feedgen() -> object:
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.load_extension("podcast")
    return fg


def test_feedgen_podcast_defect_explicit_refuses_true_false() -> None:
    fg = _feedgen()
    with pytest.raises(ValueError, match="explicit"):
        fg.podcast.itunes_explicit("false")  # type: ignore[attr-defined]


def test_feedgen_podcast_defect_image_dropped_silently() -> None:
    fg = _feedgen()
    fg.podcast.itunes_image("https://a.example/art.jpeg")  # type: ignore[attr-defined]
    assert fg.podcast.itunes_image() is None  # type: ignore[attr-defined]


def test_feedgen_podcast_defect_subcategory_form_resets_the_list() -> None:
    fg = _feedgen()
    fg.podcast.itunes_category("Technology")  # type: ignore[attr-defined]
    fg.podcast.itunes_category("News", "Daily News")  # type: ignore[attr-defined]
    assert fg.podcast.itunes_category() == [{"cat": "News", "sub": "Daily News"}]  # type: ignore[attr-defined]


def test_feedgen_has_no_podcasting_2_namespace() -> None:
    fg = _feedgen()
    assert "podcast" not in fg.podcast.extend_ns()  # type: ignore[attr-defined]


# --- [podcast.SHOW] ------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"category": "Newz"}, "not one of Apple Podcasts' categories"),
        ({"category": "News/Politic"}, "News's are: Business News"),
        ({"type": "weekly"}, "episodic"),
        ({"owner": {"name": "A", "email": "nope"}}, "not an email address"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_show_tables_are_checked(table: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_site({"podcast": {"weekly": table}})


def test_a_show_name_must_be_a_file_name() -> None:
    with pytest.raises(InputError, match="letters, digits"):
        load_site({"podcast": {"../etc": {}}})


# --- video and audio in the ordinary feeds ----------------------------------------


@pytest.mark.parametrize("format", ["rss", "atom", "json"])
def test_media_in_every_feed_format(format: str, tmp_path: Path) -> None:
    articles = [load_article(MEDIA / name, SITE) for name in ("video.json", "podcast-episode.json")]
    data = build_feed(articles, SITE, format=format)
    if format == "json":
        items = {i["title"]: i for i in json_feed(data)["items"]}  # JSON Feed 1.1's schema
        audio = items["Harbour Weekly 12: the night the barrier closed"]["attachments"]
        assert audio == [
            {
                "url": "https://media.herald.example.com/podcasts/harbour-weekly-12.mp3",
                "mime_type": "audio/mpeg",
                "size_in_bytes": 24567890,
                "duration_in_seconds": 1536,
            }
        ]
        (video,) = items["Inside the flood barrier: a video tour of the gates"]["attachments"]
        assert video["mime_type"] == "video/mp4" and video["duration_in_seconds"] == 245
        return
    parsed = feedparser.parse(data)
    assert not parsed.bozo
    entries = {e.title: e for e in parsed.entries}
    episode = entries["Harbour Weekly 12: the night the barrier closed"]
    assert episode.enclosures[0].type == "audio/mpeg"
    video = entries["Inside the flood barrier: a video tour of the gates"]
    media = {m["medium"]: m for m in video.media_content}
    assert media["video"]["duration"] == "245" and media["video"]["type"] == "video/mp4"
    if format == "atom":  # Atom links each file; RSS has one enclosure an item
        assert "video/mp4" in [e.type for e in video.enclosures]
    url = f"https://herald.example.com/{'feed.xml' if format == 'rss' else 'atom.xml'}"
    assert w3c_problems(data, url) == []

"""SPEC 8.5 in publish: the card at 16:9, 4:3 and 1:1 beside the og card, and each
[podcast.SHOW]'s feed and 3000x3000 artwork."""

from __future__ import annotations

import io
import json
from pathlib import Path

import podcastparser
from PIL import Image

from sharekit import load_site, publish
from sharekit.feed._podcast import podcast_guid

ROOT = Path(__file__).resolve().parent.parent.parent
MEDIA = ROOT / "examples" / "media"


def test_media_examples_publish_ratio_cards_and_the_podcast(tmp_path: Path) -> None:
    out = tmp_path / "out"
    site = load_site(MEDIA / "sharekit.toml")
    report = publish(MEDIA, site, out, workers=1)
    assert report.errors == [] and len(report.written) == 4
    folder = out / "articles" / "inside-the-flood-barrier-a-video-tour-of-the-gates"
    sizes = {}
    for name in ("card.png", "card-16x9.png", "card-4x3.png", "card-1x1.png"):
        with Image.open(folder / name) as image:
            sizes[name] = image.size
    assert sizes == {
        "card.png": (1200, 630),
        "card-16x9.png": (1200, 675),
        "card-4x3.png": (1200, 900),
        "card-1x1.png": (1200, 1200),
    }
    manifest = json.loads((folder / "manifest.json").read_text())
    listed = {
        e["path"].rsplit("/", 1)[1]: (e.get("width"), e.get("height")) for e in manifest["files"]
    }
    assert listed["card-4x3.png"] == (1200, 900)
    # the head published beside them lists exactly these files in JSON-LD image
    head = (folder / "head.html").read_text()
    for name in sizes:
        assert f"{folder.name}/{name}" in head

    feed = (out / "podcasts" / "harbour-weekly.xml").read_bytes()
    url = "https://herald.example.com/podcasts/harbour-weekly.xml"
    parsed = podcastparser.parse(url, io.BytesIO(feed))
    assert [e["title"] for e in parsed["episodes"]] == [
        "Harbour Weekly 12: the night the barrier closed"
    ]
    assert podcast_guid(url).encode() in feed
    (artwork,) = (out / "podcasts").glob("harbour-weekly-*.jpg")
    assert parsed["cover_url"] == f"https://herald.example.com/podcasts/{artwork.name}"
    with Image.open(artwork) as image:
        assert (image.size, image.mode, image.format) == ((3000, 3000), "RGB", "JPEG")

    # again: nothing changes, the artwork is not drawn again
    before = artwork.stat().st_mtime_ns, feed
    again = publish(MEDIA, site, out, workers=1)
    assert again.written == [] and again.errors == []
    assert (
        artwork.stat().st_mtime_ns,
        (out / "podcasts" / "harbour-weekly.xml").read_bytes(),
    ) == before

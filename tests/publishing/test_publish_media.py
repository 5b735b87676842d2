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


def _photo_story(tmp_path: Path, focus: list[float] | None, ratios: bool) -> Path:
    """A photo card's record whose hero is red, green and blue in thirds, left to right."""
    tmp_path.mkdir()
    hero = Image.new("RGB", (3000, 1000), (200, 0, 0))
    hero.paste((0, 160, 0), (1000, 0, 2000, 1000))
    hero.paste((0, 0, 200), (2000, 0, 3000, 1000))
    hero.save(tmp_path / "hero.png")
    image: dict[str, object] = {"path": "hero.png", "alt": "Three bands"}
    if focus is not None:
        image["focus"] = focus
    record = {
        "id": "bands",
        "title": "Bands",
        "url": "https://herald.example.com/bands/",
        "published": "2025-01-02T09:00:00+00:00",
        "image": image,
    }
    (tmp_path / "post.json").write_text(json.dumps(record))
    (tmp_path / "sharekit.toml").write_text(
        '[site]\nname = "Herald"\nurl = "https://herald.example.com"\n'
        f'[card]\ntemplate = "photo"\nratios = {"true" if ratios else "false"}\n'
    )
    return tmp_path


def _top_colour(path: Path) -> tuple[int, int, int]:
    """The colour near the top middle, above the headline's overlay."""
    with Image.open(path) as card:
        pixel = card.convert("RGB").getpixel((card.width // 2, card.height // 10))
    assert isinstance(pixel, tuple)
    return (pixel[0], pixel[1], pixel[2])


def test_photo_ratio_cards_crop_around_the_focus_and_ratios_false_writes_none(
    tmp_path: Path,
) -> None:
    expected = {None: 1, (0.05, 0.5): 0, (0.95, 0.5): 2}  # the band in front: R, G or B
    for focus, band in expected.items():
        folder = _photo_story(tmp_path / f"f{band}", list(focus) if focus else None, True)
        report = publish(folder / "post.json", load_site(folder / "sharekit.toml"), folder / "o")
        assert report.errors == []
        cards = folder / "o" / "articles" / report.articles[0].slug
        # the square card shows a third of the photo's width: the one the focus is in
        colour = _top_colour(cards / "card-1x1.jpg")
        assert max(range(3), key=lambda c: colour[c]) == band, (focus, colour)
    off = _photo_story(tmp_path / "off", None, False)
    report = publish(off / "post.json", load_site(off / "sharekit.toml"), off / "o")
    names = {Path(f).name for f in report.articles[0].files}
    assert sorted(n for n in names if n.startswith("card")) == ["card.jpg"]
    assert (
        "-16x9" not in (off / "o" / "articles" / report.articles[0].slug / "head.html").read_text()
    )

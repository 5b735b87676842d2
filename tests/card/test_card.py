"""render_card over every example record and template (SPEC 2.3)."""

from __future__ import annotations

import dataclasses
import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

import sharekit
from sharekit import InputError, card_ref, load_article, load_site, render_card
from sharekit.card import Card, format_for_path
from sharekit.card._contrast import contrast_ratio
from sharekit.model import Article
from sharekit.model import Image as HeroImage
from tests.conftest import example_files

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = sorted(example_files())
HERO = Path(__file__).resolve().parent.parent / "data" / "hero.jpg"
TEMPLATES = ("branded", "photo", "split")
REFERENCE = Path(__file__).resolve().parent.parent / "reference"


@pytest.fixture(scope="module")
def site() -> sharekit.Site:
    return load_site({})


def with_hero(article: Article) -> Article:
    return dataclasses.replace(article, image=HeroImage(path=HERO, alt="Hills"))


def examples(site: sharekit.Site) -> Iterator[Article]:
    for path in EXAMPLES:
        yield with_hero(load_article(path, site))


def overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_in_every_template(path: Path, template: str, site: sharekit.Site) -> None:
    article = with_hero(load_article(path, site))
    card = render_card(article, site, template=template)
    ref = card_ref(article, site, template=template)
    assert (card.width, card.height, card.media_type, card.alt, card.filename) == (
        ref.width, ref.height, ref.media_type, ref.alt, ref.filename,
    )  # fmt: skip
    assert card.template == template
    image = Image.open(io.BytesIO(card.data))
    image.load()
    assert image.size == (1200, 630)
    assert image.format == {"image/png": "PNG", "image/jpeg": "JPEG"}[card.media_type]
    assert image.mode in ("RGB", "P")
    assert len(card.data) < 1_000_000
    if card.media_type == "image/png":
        assert len(card.data) < 300_000
    placed = [layer for layer in card.layers if layer.type in ("text", "logo")]
    assert any(layer.name == "headline" for layer in placed)
    for layer in placed:
        x0, y0, x1, y1 = layer.box
        assert 0 <= x0 < x1 <= 1200 and 0 <= y0 < y1 <= 630, layer
        assert layer.ink is not None
        ix0, iy0, ix1, iy1 = layer.ink
        assert x0 - 0.5 <= ix0 and ix1 <= x1 + 0.5 and y0 - 0.5 <= iy0 and iy1 <= y1 + 0.5, layer
        if layer.contrast is not None:
            assert layer.contrast >= 4.5, layer
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            assert not overlaps(a.box, b.box), (a.name, b.name)
    headline = next(layer for layer in placed if layer.name == "headline")
    assert headline.block is not None
    for cluster, face in headline.block.faces():
        assert face.covers(cluster), (cluster, face.family)
    if path.stem != "hostile":  # Zalgo-free: nothing missing
        assert card.missing == ()


@pytest.mark.parametrize("template", TEMPLATES)
def test_bytes_are_deterministic(template: str, site: sharekit.Site) -> None:
    article = with_hero(load_article(ROOT / "examples" / "articles" / "korean.json", site))
    first = render_card(article, site, template=template).data
    assert render_card(article, site, template=template).data == first
    assert b"tIME" not in first and b"Exif" not in first


def test_sizes_and_formats(site: sharekit.Site) -> None:
    article = load_article(ROOT / "examples" / "article.json", site)
    for size, expected in (("square", (1200, 1200)), ("portrait", (1000, 1500)),
                           ("640x320", (640, 320))):  # fmt: skip
        card = render_card(article, site, size=size)
        assert Image.open(io.BytesIO(card.data)).size == expected == (card.width, card.height)
    for fmt, pil in (("png", "PNG"), ("jpeg", "JPEG"), ("webp", "WEBP")):
        card = render_card(article, site, format=fmt)
        assert Image.open(io.BytesIO(card.data)).format == pil
        assert card.media_type == f"image/{fmt}"


def test_photo_without_image_falls_back_to_branded(
    site: sharekit.Site, caplog: pytest.LogCaptureFixture
) -> None:
    article = load_article(ROOT / "examples" / "article.json", site)
    with caplog.at_level(logging.WARNING, logger="sharekit"):
        card = render_card(article, site, template="photo")
    assert card.template == "branded"
    assert card.media_type == "image/jpeg"  # the format follows the requested template
    assert card.filename == "card.jpg"
    assert "drew the branded card instead" in caplog.text


def test_remote_image_falls_back_with_a_warning(
    site: sharekit.Site, caplog: pytest.LogCaptureFixture
) -> None:
    article = load_article(ROOT / "examples" / "article.json", site)
    article = dataclasses.replace(article, image=HeroImage(url="https://example.com/a.jpg"))
    with caplog.at_level(logging.WARNING, logger="sharekit"):
        card = render_card(article, site, template="split")
    assert card.template == "branded"
    # the conftest guard answers no DNS: the fetch fails cleanly and the card falls back
    assert "cannot use https://example.com/a.jpg: cannot resolve example.com" in caplog.text


def test_broken_image_falls_back(
    site: sharekit.Site, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a jpeg")
    article = load_article(ROOT / "examples" / "article.json", site)
    article = dataclasses.replace(article, image=HeroImage(path=broken))
    with caplog.at_level(logging.WARNING, logger="sharekit"):
        assert render_card(article, site, template="photo").template == "branded"
    assert "cannot read image" in caplog.text


def test_photo_text_is_legible_on_a_white_photo(site: sharekit.Site, tmp_path: Path) -> None:
    white = tmp_path / "white.png"
    Image.new("RGB", (1600, 900), (255, 255, 255)).save(white)
    article = load_article(ROOT / "examples" / "article.json", site)
    article = dataclasses.replace(article, image=HeroImage(path=white))
    card = render_card(article, site, template="photo", format="png")
    image = Image.open(io.BytesIO(card.data)).convert("RGB")
    headline = next(layer for layer in card.layers if layer.name == "headline")
    assert headline.contrast is not None and headline.contrast >= 4.5
    # Measured on the output too: beside the text, inside the shaded band,
    # every pixel contrasts with the white headline by 4.5:1 or more.
    x0, y0, _, y1 = (int(v) for v in headline.ink or (0, 0, 0, 0))
    beside = image.crop((max(0, x0 - 40), y0, x0 - 4, y1))
    assert (
        min(contrast_ratio((255, 255, 255), rgb) for _, rgb in beside.getcolors(1 << 16) or [])
        >= 4.4
    )


def test_show_boxes_draws_over_the_card(site: sharekit.Site) -> None:
    article = load_article(ROOT / "examples" / "article.json", site)
    plain = render_card(article, site)
    boxed = render_card(article, site, show_boxes=True)
    assert plain.data != boxed.data
    assert (plain.width, plain.height) == (boxed.width, boxed.height)


def test_gradient_background_and_brand_colours(site: sharekit.Site) -> None:
    branded = load_site({"card": {"background": ["#102a43", "#5b2a86"], "accent": "#ffb000"}})
    article = load_article(ROOT / "examples" / "article.json", branded)
    card = render_card(article, branded, format="png")
    image = Image.open(io.BytesIO(card.data)).convert("RGB")
    assert image.getpixel((2, 2)) != image.getpixel((1197, 627))
    section = next(layer for layer in card.layers if layer.name == "section")
    assert section.contrast is not None and section.contrast >= 4.5


def test_logo_from_the_site(site: sharekit.Site, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (400, 100), (255, 200, 0, 255)).save(logo)
    with_logo = load_site({"site": {"logo": str(logo)}})
    article = load_article(ROOT / "examples" / "article.json", with_logo)
    card = render_card(article, with_logo, format="png")
    layer = next(layer for layer in card.layers if layer.type == "logo")
    assert layer.block is None  # an image, not the site name
    assert layer.ink is not None
    x0, y0, x1, y1 = layer.ink
    assert (x1 - x0) / (y1 - y0) == pytest.approx(4, rel=0.05)


def test_user_layout_file(site: sharekit.Site, tmp_path: Path) -> None:
    layout = tmp_path / "mine.toml"
    layout.write_text(
        """
name = "mine"
[[layers]]
type = "background"
[[layers]]
type = "text"
name = "headline"
text = "{title}"
box = { left = "10%", right = "10%", top = 40, bottom = 40 }
size = [90, 30]
weight = 800
align = "center"
valign = "center"
max_lines = 5
""",
        encoding="utf-8",
    )
    article = load_article(ROOT / "examples" / "article.json", site)
    card = render_card(article, site, template=str(layout))
    assert card.template == "mine" and card.media_type == "image/png"
    (headline,) = [layer for layer in card.layers if layer.name == "headline"]
    assert headline.box == (120, 40, 1080, 590)


def test_layout_file_format_and_edits_take_effect(site: sharekit.Site, tmp_path: Path) -> None:
    """A layout's own format decides card_ref and the card alike; an edited file is reread."""
    layout = tmp_path / "fmt.toml"
    body = '[[layers]]\ntype = "background"\n[[layers]]\ntype = "text"\ntext = "{title}"\n'
    layout.write_text('format = "jpeg"\n' + body, encoding="utf-8")
    article = load_article(ROOT / "examples" / "article.json", site)
    ref = card_ref(article, site, template=str(layout))
    card = render_card(article, site, template=str(layout))
    assert ref.media_type == card.media_type == "image/jpeg"
    layout.write_text('format = "webp"\n# edited\n' + body, encoding="utf-8")
    assert card_ref(article, site, template=str(layout)).media_type == "image/webp"
    assert render_card(article, site, template=str(layout)).media_type == "image/webp"
    layout.write_text('format = "gif"\n' + body, encoding="utf-8")
    with pytest.raises(InputError, match="format"):
        card_ref(article, site, template=str(layout))


def test_translucent_rect_lets_the_background_show(tmp_path: Path) -> None:
    layout = tmp_path / "scrim.toml"
    layout.write_text(
        '[[layers]]\ntype = "background"\n[[layers]]\ntype = "rect"\n'
        "box = { left = 100, right = 100, top = 100, bottom = 100 }\n"
        'color = "#000000"\nopacity = 0.5\n',
        encoding="utf-8",
    )
    gradient = load_site({"card": {"background": ["#ff0000", "#0000ff"]}})
    article = load_article(ROOT / "examples" / "article.json", gradient)
    card = render_card(article, gradient, template=str(layout), format="png")
    image = Image.open(io.BytesIO(card.data)).convert("RGB")
    left, right = image.getpixel((150, 315)), image.getpixel((1050, 315))
    outside_left, outside_right = image.getpixel((50, 315)), image.getpixel((1150, 315))
    assert left != right  # the gradient runs on under the rect
    for inside, outside in ((left, outside_left), (right, outside_right)):
        assert all(i < o for i, o in zip(inside, outside, strict=True) if o > 40), (inside, outside)
        assert all(abs(i - o / 2) <= 16 for i, o in zip(inside, outside, strict=True))


def test_translucent_text_that_fails_contrast_stays_legible(tmp_path: Path) -> None:
    """A dim colour is lightened for contrast; if its opacity then spoils that,
    the text falls back to the lightened solid colour, never to the dim one."""
    layout = tmp_path / "dim.toml"
    layout.write_text(
        """
[[layers]]
type = "background"
[[layers]]
type = "text"
name = "headline"
text = "{title}"
box = { left = 60, right = 60, top = 60, bottom = 60 }
size = [80, 30]
color = "#333333"
opacity = 0.6
""",
        encoding="utf-8",
    )
    dark = load_site({"card": {"background": "#202020"}})
    article = load_article(ROOT / "examples" / "article.json", dark)
    card = render_card(article, dark, template=str(layout), format="png")
    (headline,) = [layer for layer in card.layers if layer.name == "headline"]
    assert headline.contrast is not None and headline.contrast >= 4.5, headline.contrast


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[layers]]\ntype = "txt"', "layers[0].type: expected one of"),
        ('[[layers]]\ntype = "text"\nszie = [1, 2]', 'unknown field; did you mean "size"?'),
        ('[[layers]]\ntype = "text"\ntext = "{titel}"', "unknown placeholder {titel}"),
        ('[[layers]]\ntype = "text"\nbox = { left = 1 }', "give two of left, right, width"),
        ("layers = []", "layers: expected a non-empty list of layers"),
    ],
)
def test_bad_layouts_are_input_errors(
    body: str, message: str, site: sharekit.Site, tmp_path: Path
) -> None:
    layout = tmp_path / "bad.toml"
    layout.write_text(body, encoding="utf-8")
    article = load_article(ROOT / "examples" / "article.json", site)
    with pytest.raises(InputError) as error:
        render_card(article, site, template=str(layout))
    assert str(error.value).startswith("bad.toml: ")
    assert message in str(error.value)


def test_user_fonts_are_tried_first(tmp_path: Path) -> None:
    from sharekit.card._fonts import bundled_dir

    font = tmp_path / "Mine.ttf"
    font.write_bytes((bundled_dir() / "NotoSansHebrew-Bold.ttf").read_bytes())
    custom = load_site({"card": {"fonts": [str(font)]}})
    article = load_article(ROOT / "examples" / "articles" / "hebrew.json", custom)
    card = render_card(article, custom)
    headline = next(layer for layer in card.layers if layer.name == "headline")
    assert headline.block is not None
    assert {face.role for _, face in headline.block.faces()} >= {"user"}


def test_a_font_that_is_not_a_font_is_an_input_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"hello")
    custom = load_site({"card": {"fonts": [str(bogus)]}})
    article = load_article(ROOT / "examples" / "article.json", custom)
    with pytest.raises(InputError, match=r"card\.fonts: not a usable font"):
        render_card(article, custom)


def test_card_save(site: sharekit.Site, tmp_path: Path) -> None:
    article = load_article(ROOT / "examples" / "article.json", site)
    card = render_card(article, site)
    assert isinstance(card, Card)
    assert card.save(tmp_path / "c.png").read_bytes() == card.data


@pytest.mark.parametrize(
    ("path", "format"),
    [("c.png", "png"), ("out/c.JPG", "jpeg"), ("c.jpeg", "jpeg"), (Path("c.webp"), "webp")],
)
def test_format_for_path(path: str | Path, format: str) -> None:
    assert format_for_path(path) == format


@pytest.mark.parametrize(("path", "shown"), [("c.gif", "'.gif'"), ("card", "'(none)'")])
def test_format_for_path_names_what_it_cannot_tell(path: str, shown: str) -> None:
    with pytest.raises(InputError) as caught:
        format_for_path(path)
    assert str(caught.value) == (
        f"option: output: unknown image extension {shown}; use .png, .jpg or .webp, "
        "or give --format"
    )


@pytest.mark.parametrize("name", ["article-branded", "korean-branded", "arabic-branded",
                                  "emoji-branded", "japanese-split"])  # fmt: skip
def test_reference_images(name: str, site: sharekit.Site) -> None:
    stem, template = name.rsplit("-", 1)
    path = next(p for p in EXAMPLES if p.stem == stem)
    card = render_card(with_hero(load_article(path, site)), site, template=template, format="png")
    got = Image.open(io.BytesIO(card.data)).convert("RGB")
    expected = Image.open(REFERENCE / f"{name}.png").convert("RGB")
    assert got.size == expected.size
    # Tolerance for FreeType/HarfBuzz point releases: the mean difference
    # stays tiny, and at most 1% of pixels differ by more than 64 levels.
    from PIL import ImageChops, ImageStat

    diff = ImageChops.difference(got, expected).convert("L")
    assert ImageStat.Stat(diff).mean[0] < 2.0
    far = sum(count for level, count in enumerate(diff.histogram()) if level > 64)
    assert far < 0.01 * got.width * got.height


def test_missing_characters_for_lint(site: sharekit.Site) -> None:
    from sharekit.card import missing_characters

    article = load_article(ROOT / "examples" / "articles" / "korean.json", site)
    assert missing_characters(article, site) == ()
    odd = dataclasses.replace(article, title="Private use \U0010fffd here")
    assert missing_characters(odd, site) == ("\U0010fffd",)


def test_every_built_in_template_has_an_auto_format() -> None:
    from sharekit.card._formats import AUTO_FORMATS, FORMATS

    assert set(AUTO_FORMATS) == set(sharekit.config.TEMPLATES)
    assert set(AUTO_FORMATS.values()) <= set(FORMATS)


def test_render_card_draws_a_tokens_fields_as_the_article(site: sharekit.Site) -> None:
    """What a card token carries draws the article's card, with no stand-in article."""
    from sharekit.card import CardFields
    from sharekit.card._token import card_fields

    article = load_article(ROOT / "examples" / "article.json", site)
    fields = card_fields(article)
    assert isinstance(fields, CardFields)
    for template in TEMPLATES:
        card = render_card(fields, site, template=template, size="square")
        expected = render_card(article, site, template=template, size="square")
        assert card.data == expected.data
        assert (card.width, card.height, card.media_type) == (1200, 1200, expected.media_type)
        assert card.alt == expected.alt
        assert card.filename == "card." + expected.filename.rsplit(".", 1)[1]
    with pytest.raises(InputError, match=r"^card token: date: expected YYYY-MM-DD"):
        render_card(dataclasses.replace(fields, date="2024-02-30"), site)


def test_hashed_names_match_card_ref() -> None:
    hashed = load_site({"card": {"hashed_names": True}})
    article = load_article(ROOT / "examples" / "articles" / "korean.json", hashed)
    card = render_card(article, hashed, template="split")
    ref = card_ref(article, hashed, template="split")
    assert card.filename == ref.filename
    assert card.filename.startswith("card-") and card.filename.endswith(".jpg")


def test_an_all_emoji_headline_clamps_with_a_latin_ellipsis(site: sharekit.Site) -> None:
    # Twemoji has no "…": the clamp must borrow it from a text face, not fail.
    article = load_article({"title": "🚀🎤🇰🇷❤️👩🏽‍🤝‍👩🏻" * 60, "url": "https://x.example/e"}, site)
    card = render_card(article, site)
    assert card.width == 1200
    title = next(layer for layer in card.layers if layer.name == "headline")
    assert title.block is not None and title.block.clamped
    assert title.block.lines[-1].text.endswith("…")

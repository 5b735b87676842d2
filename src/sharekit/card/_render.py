"""Drawing a card with Pillow: layers, legibility, encoders.

The only module of the card package that imports Pillow at module level;
``sharekit.card.render_card`` loads it on first use.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from sharekit.card._card import Card, DrawnLayer
from sharekit.card._fonts import font_stack, script_hint, user_faces
from sharekit.card._formats import FORMATS
from sharekit.card._ref import card_article, card_ref, with_card_flags
from sharekit.card._runs import text_direction as _text_direction
from sharekit.card._text import TextBlock, align_side, draw_block, layout_text
from sharekit.card.layout import REFERENCE, Layer, Layout, load_layout
from sharekit.config import Site
from sharekit.errors import InputError
from sharekit.images._judge import has_errors, judge_image
from sharekit.model import Article
from sharekit.text._limits import MAX_IMAGE_BYTES, MAX_PIXELS, read_input

if TYPE_CHECKING:
    from babel import Locale as Babel

__all__ = ["contrast_ratio", "render"]

logger = logging.getLogger("sharekit")

RGB = tuple[int, int, int]
_FORMATS = {f.media_type: f.name for f in FORMATS.values()}
MIN_CONTRAST = 4.5  # WCAG 2 AA for normal text


# --- colour ------------------------------------------------------------------


def parse_colour(text: str) -> RGB:
    text = text.lstrip("#")
    if len(text) in (3, 4):
        text = "".join(c * 2 for c in text[:3])
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


_LINEAR = [
    c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    for c in (v / 255 for v in range(256))
]


def luminance(rgb: Sequence[int]) -> float:
    """WCAG relative luminance of an sRGB colour."""
    return 0.2126 * _LINEAR[rgb[0]] + 0.7152 * _LINEAR[rgb[1]] + 0.0722 * _LINEAR[rgb[2]]


def contrast_ratio(a: Sequence[int], b: Sequence[int]) -> float:
    """WCAG contrast ratio of two sRGB colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _mix(a: RGB, b: RGB, amount: float) -> RGB:
    """*a* over *b* at opacity *amount*."""
    r, g, bl = (round(x * amount + y * (1 - amount)) for x, y in zip(a, b, strict=True))
    return r, g, bl


# --- inputs ------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    article: Article
    site: Site
    width: int
    height: int
    scale: float
    text: RGB
    accent: RGB
    background: tuple[RGB, ...]  # one colour, or two for a gradient
    fonts: tuple[str, ...]

    def colour(self, name: str) -> RGB:
        if name == "text":
            return self.text
        if name == "accent":
            return self.accent
        if name == "background":
            return self.background[0]
        return parse_colour(name)


def format_date(moment: datetime, lang: str) -> str:
    """The publication date as a reader of *lang* writes it: CLDR's long date
    format through Babel (``October 24, 2024``, ``2024년 10월 24일``,
    ``24 अक्टूबर 2024``); ISO for a language CLDR does not know."""
    locale = _babel_locale(lang)
    if locale is None:
        return moment.date().isoformat()
    from babel.dates import format_date as cldr_date

    return str(cldr_date(moment.date(), "long", locale=locale))


@functools.lru_cache(maxsize=64)
def _babel_locale(lang: str) -> Babel | None:
    from babel import Locale, UnknownLocaleError

    tag = lang.replace("-", "_")
    for candidate in (tag, tag.split("_")[0]):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return None


def _fields(ctx: _Context) -> dict[str, str]:
    article = ctx.article
    authors = ", ".join(article.author_names)
    date = format_date(article.published, article.lang) if article.published else ""
    return {
        "title": article.title,
        "section": article.section,
        "authors": authors,
        "date": date,
        "byline": " · ".join(part for part in (authors, date) if part),
        "site": ctx.site.name,
    }


def _usable_image(article: Article, site: Site) -> tuple[Image.Image | None, str]:
    """The record's hero image (a local file, or fetched safely), or None and why not."""
    image = article.image
    if image is None:
        return None, "the record has no image"
    source: Path | io.BytesIO
    if image.path is None:
        from sharekit.errors import NetworkError
        from sharekit.net._remote import fetch_hero

        try:
            remote = fetch_hero(article, site)
        except NetworkError as error:
            return None, f"cannot use {error.url}: {error.reason}"
        if remote is None:
            return None, "the record has no usable image URL"
        source, name = io.BytesIO(remote.data), remote.final_url
    else:
        source, name = image.path, image.path.name
    try:
        with _quiet_bombs(), Image.open(source) as opened:
            # the same cap as a remote image, checked on the header before any decoding
            if opened.width * opened.height > MAX_PIXELS:
                return None, (
                    f"image too large: {name} is {opened.width}x{opened.height} pixels"
                    f" (at most {MAX_PIXELS:,})"
                )
            opened.draft("RGB", (REFERENCE[0] * 2, REFERENCE[1] * 2))
            # a phone photo is stored sideways with an EXIF orientation: draw it upright
            loaded = ImageOps.exif_transpose(opened).convert("RGB")
    except FileNotFoundError:
        return None, f"image not found: {image.path}"
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as error:
        return None, f"cannot read image {name}: {error}"
    # Judged on its size alone, its one possible error is the minimum the platforms show:
    # a photo under that makes no card either.
    if has_errors(judge_image(loaded.width, loaded.height)):
        return None, f"image too small ({loaded.width}x{loaded.height})"
    return loaded, ""


@contextlib.contextmanager
def _quiet_bombs() -> Iterator[None]:
    """Silence Pillow's DecompressionBombWarning (a raw line on stderr): callers check the size."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


# --- layers ------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _background(size: tuple[int, int], colours: tuple[RGB, ...]) -> Image.Image:
    if len(colours) == 1:
        return Image.new("RGB", size, colours[0])
    first, second = colours[:2]
    # A diagonal gradient: the mean of a vertical and a horizontal ramp.
    ramp = Image.linear_gradient("L")
    vertical = ramp.resize(size, Image.Resampling.BILINEAR)
    horizontal = ramp.transpose(Image.Transpose.TRANSPOSE)
    horizontal = horizontal.resize(size, Image.Resampling.BILINEAR)
    mask = Image.blend(vertical, horizontal, 0.5)
    return Image.composite(Image.new("RGB", size, second), Image.new("RGB", size, first), mask)


def _draw_image(
    canvas: Image.Image,
    photo: Image.Image,
    box: tuple[int, int, int, int],
    layer: Layer,
    ctx: _Context,
) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if w <= 0 or h <= 0:
        return
    # Cover-crop: keep the aspect ratio, fill the box, favour the upper middle
    # (faces and subjects sit there more often than at the bottom), or centre
    # the record's focal point as far as the photo's edges allow.
    scale = max(w / photo.width, h / photo.height)
    crop_w, crop_h = w / scale, h / scale
    image = ctx.article.image
    if image is not None and image.focus is not None:
        fx, fy = image.focus
        left = min(max(fx * photo.width - crop_w / 2, 0.0), photo.width - crop_w)
        top = min(max(fy * photo.height - crop_h / 2, 0.0), photo.height - crop_h)
    else:
        left = (photo.width - crop_w) / 2
        top = (photo.height - crop_h) * 0.4
    fitted = photo.resize(
        (w, h),
        Image.Resampling.BICUBIC,
        box=(left, top, left + crop_w, top + crop_h),
        reducing_gap=2.0,
    )
    canvas.paste(fitted, (x0, y0))
    if layer.overlay is not None:
        colour, low, high, start_edge = layer.overlay
        start = int(start_edge.resolve(h, ctx.scale))
        ramp = Image.linear_gradient("L").resize((1, max(1, h - start)), Image.Resampling.BILINEAR)
        alpha = Image.new("L", (1, h), round(low * 255))
        alpha.paste(ramp.point(lambda v: round((low + (high - low) * v / 255) * 255)), (0, start))
        alpha = alpha.resize((w, h), Image.Resampling.NEAREST)
        region = canvas.crop(box)
        canvas.paste(
            Image.composite(Image.new("RGB", (w, h), ctx.colour(colour)), region, alpha), (x0, y0)
        )


def _samples(canvas: Image.Image, area: tuple[float, float, float, float]) -> list[RGB]:
    """The distinct colours under *area*, downsampled 6x (what a reader's eye averages)."""
    x0, y0, x1, y1 = (round(c) for c in area)
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(canvas.width, x1), min(canvas.height, y1)
    if x1 <= x0 or y1 <= y0:
        return []
    crop = canvas.crop((x0, y0, x1, y1))
    small = crop.reduce(6) if crop.width >= 12 and crop.height >= 12 else crop
    colours = small.getcolors(small.width * small.height) or []
    return [(int(c[0]), int(c[1]), int(c[2])) for _, c in colours if isinstance(c, tuple)]


def _sample_worst(canvas: Image.Image, area: tuple[float, float, float, float], text: RGB) -> float:
    """The lowest contrast between *text* and the pixels under *area*."""
    return min((contrast_ratio(text, rgb) for rgb in _samples(canvas, area)), default=21.0)


def _legible(colour: RGB, under: Sequence[RGB]) -> tuple[RGB, float]:
    """*colour* moved toward white or black, just enough for 4.5:1 on *under*."""
    best: tuple[RGB, float] | None = None
    for target in ((255, 255, 255), (0, 0, 0)):
        for step in range(1, 21):
            candidate = _mix(target, colour, step / 20)
            ratio = min((contrast_ratio(candidate, rgb) for rgb in under), default=21.0)
            if ratio >= MIN_CONTRAST:
                if best is None or step / 20 < best[1]:
                    best = (candidate, step / 20)
                break
    if best is None:
        return colour, min((contrast_ratio(colour, rgb) for rgb in under), default=21.0)
    chosen = best[0]
    return chosen, min((contrast_ratio(chosen, rgb) for rgb in under), default=21.0)


def _ensure_contrast(
    canvas: Image.Image, area: tuple[float, float, float, float], text: RGB, pad: int
) -> float:
    """Shade the photo under *area* until *text* reaches 4.5:1; return the ratio.

    The shade is a band across the card that fades in above the text and out
    below it, like a deeper legibility gradient, rather than a box.
    """
    ratio = _sample_worst(canvas, area, text)
    if ratio >= MIN_CONTRAST:
        return ratio
    scrim = (0, 0, 0) if luminance(text) > 0.18 else (255, 255, 255)
    top = max(0, int(area[1]) - 3 * pad)
    bottom = min(canvas.height, int(area[3]) + 3 * pad)
    band = (0, top, canvas.width, bottom)
    region = canvas.crop(band)
    ramp = Image.linear_gradient("L").resize((1, 2 * pad), Image.Resampling.BILINEAR)
    mask = Image.new("L", (1, bottom - top), 255)
    mask.paste(ramp, (0, 0))
    mask.paste(ramp.transpose(Image.Transpose.FLIP_TOP_BOTTOM), (0, bottom - top - 2 * pad))
    mask = mask.resize(region.size, Image.Resampling.NEAREST)
    # The weakest shade that lifts every sampled pixel to 4.5:1, found on the
    # samples (cheap), then applied once.
    samples = _samples(canvas, area)
    if scrim == (0, 0, 0):  # the brightest pixels are the ones that limit it
        samples = sorted(samples, key=luminance)[-64:]
    else:
        samples = sorted(samples, key=luminance)[:64]
    low, high = 0.0, 1.0
    for _ in range(12):
        mid = (low + high) / 2
        worst = min(contrast_ratio(text, _mix(scrim, rgb, mid)) for rgb in samples)
        low, high = (low, mid) if worst >= MIN_CONTRAST else (mid, high)
    shade = min(1.0, high + 0.02)  # a margin for rounding and resampling
    shaded = Image.composite(
        Image.blend(region, Image.new("RGB", region.size, scrim), shade), region, mask
    )
    canvas.paste(shaded, band[:2])
    return _sample_worst(canvas, area, text)


def _fit(layer: Layer, text: str, ctx: _Context, width: float, height: float) -> TextBlock:
    stack = font_stack(script_hint(text, ctx.article.lang), layer.weight, ctx.fonts)
    high = layer.size[0] * ctx.scale
    low = max(1, min(round(high), round(layer.size[1] * ctx.scale)))
    max_lines = layer.max_lines
    if max_lines > 1:
        # On a taller card than the 1200x630 reference (square, portrait) a
        # multi-line box has more room: allow more lines and larger type.
        _, top, _, bottom = layer.box.resolve(*REFERENCE)
        grown = height / max(1.0, (bottom - top) * ctx.scale)
        if grown > 1.05:
            max_lines = max(max_lines, int(max_lines * grown))
            high *= min(1.4, grown)
    return layout_text(
        text,
        stack,
        width,
        height,
        max_size=max(1, round(high)),
        min_size=low,
        max_lines=max_lines,
        line_spacing=layer.line_spacing,
    )


def _draw_text(
    canvas: Image.Image,
    layer: Layer,
    text: str,
    box: tuple[int, int, int, int],
    ctx: _Context,
    over_photo: bool,
) -> DrawnLayer:
    if layer.uppercase:
        text = text.upper()
    x0, y0, x1, y1 = box
    pad_x = pad_y = 0
    if layer.pill:
        pad_x, pad_y = round(16 * ctx.scale), round(6 * ctx.scale)
    block = _fit(layer, text, ctx, x1 - x0 - 2 * pad_x, y1 - y0 - 2 * pad_y)
    colour = ctx.colour(layer.color)
    inner = (x0 + pad_x, y0 + pad_y, x1 - x0 - 2 * pad_x, y1 - y0 - 2 * pad_y)
    # Where the text will be, to sample and to shade before drawing.
    top = block.top_in(inner[1], inner[3], layer.valign)
    if layer.pill:
        pill_colour = ctx.colour(layer.pill_color)
        left, right = _line_extent(block, inner, layer.align)
        pill = (left - pad_x, top - pad_y, right + pad_x, top + block.height + pad_y)
        ImageDraw.Draw(canvas).rounded_rectangle(
            pill, radius=round(6 * ctx.scale), fill=pill_colour
        )
        if contrast_ratio(colour, pill_colour) < MIN_CONTRAST:
            colour = max(((255, 255, 255), (0, 0, 0)), key=lambda c: contrast_ratio(c, pill_colour))
    left, right = _line_extent(block, inner, layer.align)
    area = (left, top, right, top + block.height)
    if over_photo and not layer.pill:
        contrast = _ensure_contrast(canvas, area, colour, round(20 * ctx.scale))
    else:
        contrast = _sample_worst(canvas, area, colour)
        if contrast < MIN_CONTRAST:
            colour, contrast = _legible(colour, _samples(canvas, area))
            if layer.color == "text":
                logger.warning(
                    "%s: card text colour is below WCAG AA contrast (4.5:1) on its "
                    "background; drew it as #%02x%02x%02x; check [card] text_color and "
                    "background",
                    ctx.article.source,
                    *colour,
                )
    if layer.opacity < 1.0:
        solid, under = colour, _average(canvas, area)
        colour = _mix(solid, under, layer.opacity)
        if contrast_ratio(colour, under) < MIN_CONTRAST <= contrast:
            colour = solid  # the contrast-checked colour, drawn opaque: keep it legible
        contrast = _sample_worst(canvas, area, colour)
    ink = draw_block(canvas, block, inner, colour, align=layer.align, valign=layer.valign)
    return DrawnLayer(layer.name, layer.type, box, ink, block, contrast)


def _line_extent(
    block: TextBlock, inner: tuple[float, float, float, float], align: str
) -> tuple[float, float]:
    x, _, width, _ = inner
    where = align_side(align, block.rtl)
    used = block.width
    if where == "center":
        return x + (width - used) / 2, x + (width + used) / 2
    if where == "right":
        return x + width - used, x + width
    return x, x + used


def _average(canvas: Image.Image, area: tuple[float, float, float, float]) -> RGB:
    x0, y0, x1, y1 = (round(c) for c in area)
    crop = canvas.crop((max(0, x0), max(0, y0), max(x0 + 1, x1), max(y0 + 1, y1)))
    r, g, b = crop.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))  # type: ignore[misc]
    return int(r), int(g), int(b)


@functools.lru_cache(maxsize=16)
def _logo(path: str, mtime: float, size: tuple[int, int]) -> Image.Image | None:
    del mtime  # part of the cache key only
    try:  # a regular file of sane size: a FIFO named as the logo blocked the card forever
        data = read_input(path, path, "logo file", MAX_IMAGE_BYTES)
    except InputError as error:
        logger.warning(
            "cannot read logo %s: %s; drawing the site name instead", path, error.expected
        )
        return None
    try:
        with _quiet_bombs(), Image.open(io.BytesIO(data)) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                logger.warning(
                    "logo %s is too large (%dx%d pixels); drawing the site name instead",
                    path,
                    opened.width,
                    opened.height,
                )
                return None
            logo = ImageOps.exif_transpose(opened).convert("RGBA")
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as error:
        logger.warning("cannot read logo %s: %s; drawing the site name instead", path, error)
        return None
    logo.thumbnail(size, Image.Resampling.LANCZOS)
    return logo


def _draw_logo(
    canvas: Image.Image, layer: Layer, box: tuple[int, int, int, int], ctx: _Context, text: str
) -> DrawnLayer | None:
    source = ctx.site.card.logo or ctx.site.logo
    x0, y0, x1, y1 = box
    if source and "://" not in source:
        try:
            mtime = Path(source).stat().st_mtime
        except OSError:
            logger.warning("logo not found: %s; drawing the site name instead", source)
        else:
            logo = _logo(source, mtime, (x1 - x0, y1 - y0))
            if logo is not None:
                # A logo is not text: its start is the left (its box is
                # already mirrored for a right-to-left headline).
                side = align_side(layer.align, rtl=False)
                right = x1 - logo.width
                x = {"left": x0, "center": (x0 + right) // 2, "right": right}[side]
                y = (y0 + y1 - logo.height) // 2
                canvas.paste(logo, (x, y), logo)
                return DrawnLayer(
                    layer.name, layer.type, box, (x, y, x + logo.width, y + logo.height)
                )
    if not text:
        return None
    return _draw_text(canvas, layer, text, box, ctx, over_photo=False)


def _show_boxes(canvas: Image.Image, drawn: Sequence[DrawnLayer]) -> None:
    draw = ImageDraw.Draw(canvas)
    label = ImageFont.load_default(14)
    for item in drawn:
        if item.type in ("background",):
            continue
        draw.rectangle(item.box, outline=(255, 0, 200), width=2)
        draw.text((item.box[0] + 4, item.box[1] + 2), item.name, fill=(255, 0, 200), font=label)
        if item.ink is not None:
            draw.rectangle(item.ink, outline=(0, 220, 255), width=1)


# --- encoders ----------------------------------------------------------------


def encode(canvas: Image.Image, fmt: str, flat: bool) -> bytes:
    """Encode with the settings bench/cards.py measured (see docs/cards.md)."""
    out = io.BytesIO()
    if fmt == "png":
        image = canvas
        if flat:
            # A flat card has few colours: a 256-colour palette is 2-3x smaller
            # at about the same speed; dithering would only add noise.
            image = canvas.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        image.save(out, "PNG", compress_level=6)
    elif fmt == "jpeg":
        canvas.save(out, "JPEG", quality=88, optimize=True, subsampling="4:2:0")
    else:
        canvas.save(out, "WEBP", quality=88, method=4)
    return out.getvalue()


# --- the card ----------------------------------------------------------------


def render(
    article: Article,
    site: Site,
    *,
    template: str | None = None,
    size: str | None = None,
    format: str | None = None,
    show_boxes: bool = False,
) -> Card:
    article = card_article(
        with_card_flags(article, site, template=template, size=size, format=format)
    )
    ref = card_ref(article)
    effective = article.site
    fonts = effective.card.fonts
    try:  # before any download: a bad font is an input error whatever the image does
        user_faces([Path(f) for f in fonts])
    except (OSError, ValueError, IndexError) as error:
        raise InputError(
            effective.source or "config", "card.fonts", f"not a usable font: {error}"
        ) from None
    width, height = ref.width, ref.height
    fmt = _FORMATS[ref.media_type]
    layout = load_layout(effective.card.template)
    photo: Image.Image | None = None
    if layout.requires_image or any(layer.type == "image" for layer in layout.layers):
        photo, reason = _usable_image(article, effective)
        if photo is None and layout.requires_image:
            logger.warning(
                "%s: %s template needs the record's image: %s; drew the branded card instead",
                article.source,
                layout.name,
                reason,
            )
            layout = load_layout("branded")
    background = effective.card.background
    colours = (background,) if isinstance(background, str) else tuple(background)
    ctx = _Context(
        article=article,
        site=effective,
        width=width,
        height=height,
        scale=min(width / REFERENCE[0], height / REFERENCE[1]),
        text=parse_colour(effective.card.text_color),
        accent=parse_colour(effective.card.accent),
        background=tuple(parse_colour(c) for c in colours),
        fonts=tuple(fonts),
    )
    canvas, drawn, missing = _compose(layout, ctx, photo)
    if show_boxes:
        _show_boxes(canvas, drawn)
    flat = photo is None or not any(layer.type == "image" for layer in layout.layers)
    return Card(
        data=encode(canvas, fmt, flat),
        width=width,
        height=height,
        media_type=ref.media_type,
        alt=ref.alt,
        filename=ref.filename,
        template=layout.name,
        layers=tuple(drawn),
        missing=missing,
    )


def _draw_rect(
    canvas: Image.Image, box: tuple[int, int, int, int], colour: RGB, opacity: float, radius: int
) -> None:
    if opacity >= 1.0:
        ImageDraw.Draw(canvas).rounded_rectangle(box, radius=radius, fill=colour)
        return
    # See-through: what is under it (a photo, a gradient) still shows.
    mask = Image.new("L", canvas.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle(box, radius=radius, fill=round(255 * opacity))
    canvas.paste(colour, (0, 0, *canvas.size), mask)


def _compose(
    layout: Layout, ctx: _Context, photo: Image.Image | None
) -> tuple[Image.Image, list[DrawnLayer], tuple[str, ...]]:
    size = (ctx.width, ctx.height)
    canvas = _background(size, ctx.background).copy()
    fields = _fields(ctx)
    drawn: list[DrawnLayer] = []
    photo_boxes: list[tuple[int, int, int, int]] = []
    missing: dict[str, None] = {}
    # A right-to-left headline mirrors the layout: what starts at the left in
    # Latin starts at the right in Arabic or Hebrew.
    rtl = _text_direction(ctx.article.title) == 1
    for layer in layout.layers:
        box = layer.box.resolve(*size)
        if rtl:
            box = (ctx.width - box[2], box[1], ctx.width - box[0], box[3])
        if layer.type == "background":
            drawn.append(DrawnLayer(layer.name, layer.type, (0, 0, *size)))
        elif layer.type == "image":
            if photo is None:
                continue
            _draw_image(canvas, photo, box, layer, ctx)
            photo_boxes.append(box)
            drawn.append(DrawnLayer(layer.name, layer.type, box))
        elif layer.type == "rect":
            _draw_rect(
                canvas, box, ctx.colour(layer.color), layer.opacity, round(layer.radius * ctx.scale)
            )
            drawn.append(DrawnLayer(layer.name, layer.type, box))
        else:
            text = layer.text.format_map(fields).strip()
            if layer.type == "logo":
                item = _draw_logo(canvas, layer, box, ctx, text)
            elif text:
                over = any(_overlaps(box, p) for p in photo_boxes)
                item = _draw_text(canvas, layer, text, box, ctx, over)
            else:
                item = None
            if item is not None:
                drawn.append(item)
                if item.block is not None:
                    missing.update(dict.fromkeys(item.block.missing))
    return canvas, drawn, tuple(missing)


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

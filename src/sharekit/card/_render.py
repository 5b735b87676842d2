"""Drawing a card with Pillow: the layout's layers, in order, onto one canvas.

``render`` takes what the card draws (:class:`~sharekit.card._content.CardContent`)
and returns the encoded :class:`~sharekit.card._card.Card`. Colours and
contrast live in ``_contrast``, the photo and the logo in ``_photo``, the
encoders in ``_encode``; ``sharekit.card.render_card`` loads these (and
Pillow) on first use.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFont

from sharekit.card._card import Card, DrawnLayer
from sharekit.card._content import CardContent
from sharekit.card._contrast import (
    MIN_CONTRAST,
    RGB,
    average,
    contrast_ratio,
    ensure_contrast,
    legible,
    mix,
    parse_colour,
    sample_worst,
    samples,
)
from sharekit.card._encode import encode
from sharekit.card._fonts import font_stack, script_hint, user_faces
from sharekit.card._photo import draw_logo, draw_overlay, draw_photo, usable_image
from sharekit.card._runs import text_direction
from sharekit.card._text import TextBlock, align_side, draw_block, layout_text
from sharekit.card.layout import REFERENCE, Layer, Layout, load_layout
from sharekit.errors import InputError

if TYPE_CHECKING:
    from babel import Locale as Babel

__all__ = ["format_date", "render"]

logger = logging.getLogger("sharekit")


# --- inputs ------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    content: CardContent
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


def _context(content: CardContent) -> _Context:
    card = content.site.card
    colours = (card.background,) if isinstance(card.background, str) else tuple(card.background)
    width, height = content.width, content.height
    return _Context(
        content=content,
        width=width,
        height=height,
        scale=min(width / REFERENCE[0], height / REFERENCE[1]),
        text=parse_colour(card.text_color),
        accent=parse_colour(card.accent),
        background=tuple(parse_colour(c) for c in colours),
        fonts=tuple(card.fonts),
    )


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


def _fields(content: CardContent) -> dict[str, str]:
    authors = ", ".join(content.authors)
    date = format_date(content.published, content.lang) if content.published else ""
    return {
        "title": content.title,
        "section": content.section,
        "authors": authors,
        "date": date,
        "byline": " · ".join(part for part in (authors, date) if part),
        "site": content.site.name,
    }


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


def _fit(layer: Layer, text: str, ctx: _Context, width: float, height: float) -> TextBlock:
    stack = font_stack(script_hint(text, ctx.content.lang), layer.weight, ctx.fonts)
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
        contrast = ensure_contrast(canvas, area, colour, round(20 * ctx.scale))
    else:
        contrast = sample_worst(canvas, area, colour)
        if contrast < MIN_CONTRAST:
            colour, contrast = legible(colour, samples(canvas, area))
            if layer.color == "text":
                logger.warning(
                    "%s: card text colour is below WCAG AA contrast (4.5:1) on its "
                    "background; drew it as #%02x%02x%02x; check [card] text_color and "
                    "background",
                    ctx.content.source,
                    *colour,
                )
    if layer.opacity < 1.0:
        solid, under = colour, average(canvas, area)
        colour = mix(solid, under, layer.opacity)
        if contrast_ratio(colour, under) < MIN_CONTRAST <= contrast:
            colour = solid  # the contrast-checked colour, drawn opaque: keep it legible
        contrast = sample_worst(canvas, area, colour)
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


def _draw_logo(
    canvas: Image.Image, layer: Layer, box: tuple[int, int, int, int], ctx: _Context, text: str
) -> DrawnLayer | None:
    site = ctx.content.site
    source = site.card.logo or site.logo
    if source and "://" not in source:
        # A logo is not text: its start is the left (its box is already
        # mirrored for a right-to-left headline).
        ink = draw_logo(canvas, source, box, align_side(layer.align, rtl=False))
        if ink is not None:
            return DrawnLayer(layer.name, layer.type, box, ink)
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


# --- the card ----------------------------------------------------------------


def render(content: CardContent, *, show_boxes: bool = False) -> Card:
    """Draw and encode the card of ``content``; ``show_boxes`` outlines the layout's boxes."""
    site = content.site
    fonts = site.card.fonts
    try:  # before any download: a bad font is an input error whatever the image does
        user_faces([Path(f) for f in fonts])
    except (OSError, ValueError, IndexError) as error:
        raise InputError(
            site.source or "config", "card.fonts", f"not a usable font: {error}"
        ) from None
    layout = load_layout(site.card.template)
    photo: Image.Image | None = None
    if layout.requires_image or any(layer.type == "image" for layer in layout.layers):
        photo, reason = usable_image(content)
        if photo is None and layout.requires_image:
            logger.warning(
                "%s: %s template needs the record's image: %s; drew the branded card instead",
                content.source,
                layout.name,
                reason,
            )
            layout = load_layout("branded")
    canvas, drawn, missing = _compose(layout, _context(content), photo)
    if show_boxes:
        _show_boxes(canvas, drawn)
    flat = photo is None or not any(layer.type == "image" for layer in layout.layers)
    return Card(
        data=encode(canvas, content.format, flat),
        width=content.width,
        height=content.height,
        media_type=content.media_type,
        alt=content.alt,
        filename=content.filename,
        template=layout.name,
        layers=tuple(drawn),
        missing=missing,
    )


def _draw_photo(
    canvas: Image.Image,
    photo: Image.Image,
    box: tuple[int, int, int, int],
    layer: Layer,
    ctx: _Context,
) -> None:
    image = ctx.content.image
    draw_photo(canvas, photo, box, image.focus if image is not None else None)
    if layer.overlay is not None:
        colour, low, high, start_edge = layer.overlay
        start = int(start_edge.resolve(box[3] - box[1], ctx.scale))
        draw_overlay(canvas, box, ctx.colour(colour), low, high, start)


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
    fields = _fields(ctx.content)
    drawn: list[DrawnLayer] = []
    photo_boxes: list[tuple[int, int, int, int]] = []
    missing: dict[str, None] = {}
    # A right-to-left headline mirrors the layout: what starts at the left in
    # Latin starts at the right in Arabic or Hebrew.
    rtl = text_direction(ctx.content.title) == 1
    for layer in layout.layers:
        box = layer.box.resolve(*size)
        if rtl:
            box = (ctx.width - box[2], box[1], ctx.width - box[0], box[3])
        if layer.type == "background":
            drawn.append(DrawnLayer(layer.name, layer.type, (0, 0, *size)))
        elif layer.type == "image":
            if photo is None:
                continue
            _draw_photo(canvas, photo, box, layer, ctx)
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

"""Colours and legibility: parsing, WCAG contrast, and making text readable on a card.

Text is checked against the pixels actually under it (sampled, not assumed);
on a photo a scrim is shaded in just far enough for 4.5:1, elsewhere the
colour itself moves toward white or black.
"""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image

__all__ = [
    "MIN_CONTRAST",
    "RGB",
    "average",
    "contrast_ratio",
    "ensure_contrast",
    "legible",
    "luminance",
    "mix",
    "parse_colour",
    "sample_worst",
    "samples",
]

RGB = tuple[int, int, int]
MIN_CONTRAST = 4.5  # WCAG 2 AA for normal text


def parse_colour(text: str) -> RGB:
    """A ``#rgb``, ``#rrggbb`` or ``#rrggbbaa`` colour as RGB (alpha dropped)."""
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


def mix(a: RGB, b: RGB, amount: float) -> RGB:
    """*a* over *b* at opacity *amount*."""
    r, g, bl = (round(x * amount + y * (1 - amount)) for x, y in zip(a, b, strict=True))
    return r, g, bl


def samples(canvas: Image.Image, area: tuple[float, float, float, float]) -> list[RGB]:
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


def sample_worst(canvas: Image.Image, area: tuple[float, float, float, float], text: RGB) -> float:
    """The lowest contrast between *text* and the pixels under *area*."""
    return min((contrast_ratio(text, rgb) for rgb in samples(canvas, area)), default=21.0)


def legible(colour: RGB, under: Sequence[RGB]) -> tuple[RGB, float]:
    """*colour* moved toward white or black, just enough for 4.5:1 on *under*."""
    best: tuple[RGB, float] | None = None
    for target in ((255, 255, 255), (0, 0, 0)):
        for step in range(1, 21):
            candidate = mix(target, colour, step / 20)
            ratio = min((contrast_ratio(candidate, rgb) for rgb in under), default=21.0)
            if ratio >= MIN_CONTRAST:
                if best is None or step / 20 < best[1]:
                    best = (candidate, step / 20)
                break
    if best is None:
        return colour, min((contrast_ratio(colour, rgb) for rgb in under), default=21.0)
    chosen = best[0]
    return chosen, min((contrast_ratio(chosen, rgb) for rgb in under), default=21.0)


def ensure_contrast(
    canvas: Image.Image, area: tuple[float, float, float, float], text: RGB, pad: int
) -> float:
    """Shade the photo under *area* until *text* reaches 4.5:1; return the ratio.

    The shade is a band across the card that fades in above the text and out
    below it, like a deeper legibility gradient, rather than a box.
    """
    ratio = sample_worst(canvas, area, text)
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
    under = samples(canvas, area)
    if scrim == (0, 0, 0):  # the brightest pixels are the ones that limit it
        under = sorted(under, key=luminance)[-64:]
    else:
        under = sorted(under, key=luminance)[:64]
    low, high = 0.0, 1.0
    for _ in range(12):
        mid = (low + high) / 2
        worst = min(contrast_ratio(text, mix(scrim, rgb, mid)) for rgb in under)
        low, high = (low, mid) if worst >= MIN_CONTRAST else (mid, high)
    shade = min(1.0, high + 0.02)  # a margin for rounding and resampling
    shaded = Image.composite(
        Image.blend(region, Image.new("RGB", region.size, scrim), shade), region, mask
    )
    canvas.paste(shaded, band[:2])
    return sample_worst(canvas, area, text)


def average(canvas: Image.Image, area: tuple[float, float, float, float]) -> RGB:
    """The mean colour under *area* (what a see-through text is mixed with)."""
    x0, y0, x1, y1 = (round(c) for c in area)
    crop = canvas.crop((max(0, x0), max(0, y0), max(x0 + 1, x1), max(y0 + 1, y1)))
    r, g, b = crop.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))  # type: ignore[misc]
    return int(r), int(g), int(b)

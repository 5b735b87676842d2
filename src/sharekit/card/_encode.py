"""Encoding a drawn card: the encoder and settings each format's row in ``_formats`` names."""

from __future__ import annotations

import io

from PIL import Image

from sharekit.card._formats import FORMATS

__all__ = ["encode"]


def encode(canvas: Image.Image, fmt: str, flat: bool) -> bytes:
    """The card's bytes in ``fmt``; a ``flat`` card (no photo) may take a palette.

    Settings are the ones bench/cards.py measured (see docs/cards.md).
    """
    spec = FORMATS[fmt]
    image = canvas
    if flat and spec.palette:
        image = _palette(canvas)
    out = io.BytesIO()
    image.save(out, spec.pillow, **dict(spec.options))
    return out.getvalue()


def _palette(canvas: Image.Image) -> Image.Image:
    """The flat card in 256 colours, without dithering (it would only add noise).

    A flat card has few colours (a background, text colours and their
    anti-aliased blends): 256 of them make a PNG 2-3x smaller. The palette is
    chosen on the card reduced 4x (a sixteenth of the pixels carries the same
    colours) and every pixel then mapped to its nearest entry, which Pillow
    caches per colour: the quantising step takes 3-4 ms instead of 6-9 ms on a
    25 ms card (the whole encode 0.75x), with the same mean error
    (bench/cards.py --encoders and --scripts; docs/cards.md).
    """
    small = canvas.reduce(4).quantize(
        256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )
    return canvas.quantize(palette=small, dither=Image.Dither.NONE)

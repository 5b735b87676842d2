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
        # A flat card has few colours: 256 of them are 2-3x smaller at about the
        # same speed; dithering would only add noise.
        image = canvas.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, spec.pillow, **dict(spec.options))
    return out.getvalue()

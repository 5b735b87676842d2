"""Pictures on a card: the hero photo (read safely, cropped around its focus) and the logo.

Every image is checked on its header before a pixel is decoded (the same cap
as a remote image); what cannot be used is a reason, never an exception: the
photo templates fall back to ``branded``, a logo to the site name.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageOps

from sharekit.card.layout import REFERENCE
from sharekit.errors import InputError
from sharekit.images._judge import has_errors, judge_image
from sharekit.images._pixels import ImageProblem, opened_image, readable_reason
from sharekit.text._limits import MAX_IMAGE_BYTES, read_input

if TYPE_CHECKING:
    from sharekit.card._content import CardContent
    from sharekit.card._contrast import RGB

__all__ = ["draw_logo", "draw_overlay", "draw_photo", "usable_image"]

logger = logging.getLogger("sharekit")

Box = tuple[int, int, int, int]


def usable_image(content: CardContent) -> tuple[Image.Image | None, str]:
    """The card's hero image (a local file, or fetched safely), or None and why not."""
    image = content.image
    if image is None:
        return None, "the record has no image"
    source: Path | bytes
    if image.path is None:
        if not image.url:
            return None, "the record has no usable image URL"
        from sharekit.errors import NetworkError
        from sharekit.net._download import fetch_image

        try:
            remote = fetch_image(image.url, content.site)
        except NetworkError as error:
            return None, f"cannot use {error.url}: {error.reason}"
        source, name = remote.data, remote.final_url
    else:
        source, name = image.path, image.path.name
    try:
        # the same cap as a remote image, checked on the header before any decoding
        with opened_image(source, name) as opened:
            opened.draft("RGB", (REFERENCE[0] * 2, REFERENCE[1] * 2))
            # a phone photo is stored sideways with an EXIF orientation: draw it upright
            loaded = ImageOps.exif_transpose(opened).convert("RGB")
    except ImageProblem as problem:
        return None, problem.reason
    except (OSError, ValueError, Image.DecompressionBombError) as error:  # while decoding
        return None, f"cannot read image {name}: {readable_reason(error, name)}"
    # Judged on its size alone, its one possible error is the minimum the platforms show:
    # a photo under that makes no card either.
    if has_errors(judge_image(loaded.width, loaded.height)):
        return None, f"image too small ({loaded.width}x{loaded.height})"
    return loaded, ""


def draw_photo(
    canvas: Image.Image, photo: Image.Image, box: Box, focus: tuple[float, float] | None
) -> None:
    """Fill *box* with *photo*, cover-cropped around *focus* (None: the upper middle)."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if w <= 0 or h <= 0:
        return
    # Cover-crop: keep the aspect ratio, fill the box, favour the upper middle
    # (faces and subjects sit there more often than at the bottom), or centre
    # the record's focal point as far as the photo's edges allow.
    scale = max(w / photo.width, h / photo.height)
    crop_w, crop_h = w / scale, h / scale
    if focus is not None:
        fx, fy = focus
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


def draw_overlay(
    canvas: Image.Image, box: Box, colour: RGB, low: float, high: float, start: int
) -> None:
    """A gradient of *colour* over *box*: opacity *low* down to *start* pixels, then to *high*."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if w <= 0 or h <= 0:
        return
    ramp = Image.linear_gradient("L").resize((1, max(1, h - start)), Image.Resampling.BILINEAR)
    alpha = Image.new("L", (1, h), round(low * 255))
    alpha.paste(ramp.point(lambda v: round((low + (high - low) * v / 255) * 255)), (0, start))
    alpha = alpha.resize((w, h), Image.Resampling.NEAREST)
    region = canvas.crop(box)
    canvas.paste(Image.composite(Image.new("RGB", (w, h), colour), region, alpha), (x0, y0))


def draw_logo(canvas: Image.Image, source: str, box: Box, side: str) -> Box | None:
    """Draw the logo file *source* in *box*, at its *side* (``left``, ``center``, ``right``).

    Returns where it landed, or None (a warning says why) when it cannot be read.
    """
    x0, y0, x1, y1 = box
    try:
        mtime = Path(source).stat().st_mtime
    except OSError:
        logger.warning("logo not found: %s; drawing the site name instead", source)
        return None
    logo = _logo(source, mtime, (x1 - x0, y1 - y0))
    if logo is None:
        return None
    right = x1 - logo.width
    x = {"left": x0, "center": (x0 + right) // 2, "right": right}[side]
    y = (y0 + y1 - logo.height) // 2
    canvas.paste(logo, (x, y), logo)
    return (x, y, x + logo.width, y + logo.height)


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
        with opened_image(data, path) as opened:
            logo = ImageOps.exif_transpose(opened).convert("RGBA")
    except ImageProblem as problem:  # named by its path: never "<_io.BytesIO object at 0x...>"
        logger.warning(
            "cannot read logo %s: %s; drawing the site name instead", path, problem.detail
        )
        return None
    except (OSError, ValueError, Image.DecompressionBombError) as error:  # while decoding
        reason = readable_reason(error, path)
        logger.warning("cannot read logo %s: %s; drawing the site name instead", path, reason)
        return None
    logo.thumbnail(size, Image.Resampling.LANCZOS)
    return logo

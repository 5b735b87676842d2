"""Opening an image with Pillow: its header read, one pixel cap, one wording of each failure.

Every local image sharekit decodes (a record's hero, a logo, a default image)
is opened here first. Pillow's own answers were what users read before: its
``DecompressionBombError`` text ("could be decompression bomb DOS attack")
for an image over 179 million pixels, then "not an image" for the same file
one step later, and ``cannot identify image file <_io.BytesIO object at
0x...>`` for a logo it could not read. Here an image over
:data:`~sharekit.text._limits.MAX_PIXELS` is ``image too large: NAME is WxH
pixels (at most N)`` whatever Pillow thinks of it, and a failure names the
file, never a Python object.
"""

from __future__ import annotations

import contextlib
import io
import re
import struct
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from sharekit.text._limits import MAX_PIXELS

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["ImageProblem", "declared_size", "opened_image", "readable_reason"]

# "<_io.BytesIO object at 0x7f...>", "<PIL.PngImagePlugin.PngImageFile image mode=RGB ...>"
_OBJECT_REPR = re.compile(r"<[A-Za-z_][\w.]* (?:object|image)\b[^<>]*>")


ProblemKind = Literal["missing", "unreadable", "not an image", "too large"]


class ImageProblem(ValueError):
    """Why an image cannot be used: ``reason`` is the text a message carries, naming the
    image; ``detail`` the same without the name (for a message that names it already)."""

    def __init__(self, kind: ProblemKind, name: str, detail: str) -> None:
        self.kind = kind
        self.detail = detail
        if kind == "too large":
            self.reason = f"image too large: {name} is {detail}"
        elif kind == "missing":
            self.reason = f"image not found: {name}"
        else:
            self.reason = f"cannot read image {name}: {detail}"
        super().__init__(self.reason)


def _pixels(width: int, height: int) -> str:
    return f"{width}x{height} pixels (at most {MAX_PIXELS:,})"


def readable_reason(error: BaseException, name: str) -> str:
    """An exception's text for a message: one line, any object repr replaced by ``name``."""
    text = " ".join(str(error).split()) or type(error).__name__
    return _OBJECT_REPR.sub(name, text)


def _declared_size(handle: BinaryIO) -> tuple[int, int] | None:
    """The width and height an image's header declares, read the way ``Image.open``
    reads it but without Pillow's own bomb check (which raises before telling the size)."""
    from PIL import Image

    Image.init()
    handle.seek(0)
    prefix = handle.read(16)
    for kind in Image.ID:
        factory, accept = Image.OPEN[kind]
        verdict = not accept or accept(prefix)
        if not verdict or isinstance(verdict, str):
            continue
        handle.seek(0)
        try:
            with factory(handle, "") as image:
                width, height = image.size
                return int(width), int(height)
        except (OSError, SyntaxError, IndexError, TypeError, ValueError, struct.error):
            continue
    return None


def declared_size(data: bytes) -> tuple[int, int] | None:
    """The width and height the header of image ``data`` declares (None: none Pillow reads),
    also when Pillow itself refuses to open it as a decompression bomb."""
    return _declared_size(io.BytesIO(data))


@contextlib.contextmanager
def opened_image(source: Path | bytes, name: str) -> Iterator[Image.Image]:
    """``source`` (a file, or its bytes) opened by Pillow with only its header read.

    Raises :class:`ImageProblem` when it is over the pixel cap (checked before
    anything is decoded), is no image Pillow knows, or cannot be read; the
    reason names the image as ``name``.
    """
    from PIL import Image, UnidentifiedImageError

    handle: BinaryIO
    try:
        handle = io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")
    except FileNotFoundError:
        raise ImageProblem("missing", str(source), "not found") from None
    except OSError as error:
        raise ImageProblem("unreadable", name, error.strerror or str(error)) from None
    with handle, contextlib.ExitStack() as stack:
        try:
            with warnings.catch_warnings():
                # the cap below decides, before any pixel is decoded; no global state changes
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                image = stack.enter_context(Image.open(handle))
        except Image.DecompressionBombError:
            size = _declared_size(handle)
            detail = _pixels(*size) if size else f"over {2 * MAX_PIXELS:,} pixels"
            raise ImageProblem("too large", name, detail) from None
        except UnidentifiedImageError:
            raise ImageProblem("not an image", name, "not an image") from None
        except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
            raise ImageProblem("unreadable", name, readable_reason(error, name)) from None
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise ImageProblem("too large", name, _pixels(width, height))
        yield image

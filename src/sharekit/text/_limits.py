"""The limits on what sharekit reads, and the one way it opens an input file.

Every file a user names (a record, the config, a layout, a font) is read
through :func:`read_input`: a regular file only (no folder, FIFO, device or
``/dev/zero``), opened without blocking, and no larger than its kind's limit.
Parsed data is checked by :func:`check_depth` before anything walks it
recursively. Each limit is documented in ``docs/hardening.md``; the numbers
are far above any real record, config, layout or font, and low enough that a
hostile file fails in well under a second within bounded memory.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sharekit.errors import InputError

__all__ = [
    "MAX_CARD_SIDE",
    "MAX_CONFIG_BYTES",
    "MAX_DEPTH",
    "MAX_FONT_BYTES",
    "MAX_FRONT_MATTER_BYTES",
    "MAX_FRONT_MATTER_KEYS",
    "MAX_IMAGE_BYTES",
    "MAX_JSON_LINE_BYTES",
    "MAX_LAYOUT_BYTES",
    "MAX_MARKDOWN_CHARS",
    "MAX_PIXELS",
    "MAX_RECORD_BYTES",
    "MAX_YAML_BYTES",
    "check_depth",
    "check_regular",
    "is_int_limit",
    "number_message",
    "parse_guard",
    "read_input",
]

MAX_RECORD_BYTES = 64 * 1024 * 1024  # a JSON/YAML/Markdown record file (a batch array too)
MAX_JSON_LINE_BYTES = 16 * 1024 * 1024  # one line of a JSON Lines file (the file is streamed)
MAX_CONFIG_BYTES = 1024 * 1024  # sharekit.toml / pyproject.toml
MAX_LAYOUT_BYTES = 1024 * 1024  # a card layout .toml/.json
MAX_IMAGE_BYTES = 50 * 1024 * 1024  # a local logo (remote images: [network] max_bytes)
MAX_FONT_BYTES = 128 * 1024 * 1024  # the largest CJK collections are about 120 MB
MAX_DEPTH = 32  # nesting of lists and objects: a record needs 3, a layout 4
MAX_CARD_SIDE = 4096  # card width and height in pixels (og is 1200x630)
MAX_PIXELS = 50_000_000  # decoded pixels of any image, local or remote (Pillow warns at 89 M)
# Issue 27: front matter is a post's header (a few KB); PyYAML reads 3 MB of keys in a minute
# and every key is compared with the names read, so a header is bounded on its own
MAX_FRONT_MATTER_BYTES = 256 * 1024
MAX_FRONT_MATTER_KEYS = 1_000
# Issue 27: the Markdown body of one post (characters). markdown-it renders prose at
# megabytes a second, but "[a](" repeated takes ~35 us a character (400 KB: 14 s)
MAX_MARKDOWN_CHARS = 1024 * 1024
# Issue 27: a .yaml/.yml record file. PyYAML (pure Python) parses 0.2 MB a second; a
# batch larger than this belongs in JSON or JSON Lines (streamed, parsed in C)
MAX_YAML_BYTES = 4 * 1024 * 1024


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_input(path: Path | str, name: str, what: str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or :class:`InputError`.

    ``what`` names the kind in messages ("record file", "font"). The file is
    opened with ``O_NONBLOCK`` so a FIFO cannot block the open, checked with
    ``fstat`` on the open descriptor (no race with a swap), and read up to
    ``limit + 1`` bytes so a file that grows while read is still refused.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError(name, None, "file not found") from None
    except IsADirectoryError:
        raise InputError(name, None, f"is a folder; expected a {what}") from None
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(name, None, f"cannot read {what}: {reason}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(name, None, f"is {_kind(info.st_mode)}; expected a {what}")
        if info.st_size > limit:
            raise InputError(name, None, f"{what} too large: over {_size(limit)}")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise InputError(name, None, f"{what} too large: over {_size(limit)}")
        return b"".join(chunks)
    except OSError as error:
        raise InputError(name, None, f"cannot read {what}: {error.strerror}") from None
    finally:
        os.close(fd)


def check_regular(path: Path | str, name: str, what: str, limit: int) -> None:
    """Refuse a path that is not a regular file of at most ``limit`` bytes (no read)."""
    try:
        info = Path(path).stat()
    except FileNotFoundError:
        raise InputError(name, None, "file not found") from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(name, None, f"cannot read {what}: {reason}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(name, None, f"is {_kind(info.st_mode)}; expected a {what}")
    if info.st_size > limit:
        raise InputError(name, None, f"{what} too large: over {_size(limit)}")


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit} bytes"


def check_depth(value: Any, name: str, limit: int = MAX_DEPTH) -> None:
    """Refuse data nested deeper than ``limit`` (iterative: deep data cannot overflow it)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    deepest: dict[int, int] = {}  # container id -> deepest level it was reached at
    while stack:
        item, depth = stack.pop()
        if isinstance(item, Mapping | list | tuple):
            # YAML aliases share one list many times (an alias bomb is a DAG of 10**9
            # paths): walk each container again only when reached deeper than before.
            if deepest.get(id(item), -1) >= depth:
                continue
            deepest[id(item)] = depth
        if isinstance(item, Mapping):
            children: Any = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        if depth >= limit:
            raise InputError(name, None, f"nested too deeply (over {limit} levels)")
        stack.extend((child, depth + 1) for child in children)


class parse_guard:  # lower case: used like a function, `with parse_guard(name, "JSON"):`
    """Turn a parser's recursion overflow and oversized numbers into :class:`InputError`.

    Python's JSON, TOML and YAML parsers recurse once per nesting level, so
    ``[`` x 100,000 ends in ``RecursionError`` before any depth check can see
    the result: the parse is bounded by the interpreter's recursion limit and
    reported as the same "nested too deeply" error :func:`check_depth` gives.
    """

    def __init__(self, name: str, language: str) -> None:
        self.name = name
        self.language = language

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _: Any
    ) -> None:
        if isinstance(error, RecursionError):
            raise InputError(
                self.name, None, f"not valid {self.language}: nested too deeply"
            ) from None
        if isinstance(error, ValueError) and is_int_limit(error):
            raise InputError(
                self.name, None, f"not valid {self.language}: {number_message()}"
            ) from None


def is_int_limit(error: BaseException) -> bool:
    return "integer string conversion" in str(error)


def number_message() -> str:
    """What a user reads about a number too long to convert (never "call sys.set_...")."""
    return "a number has too many digits (the limit is 4300)"

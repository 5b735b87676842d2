"""Card layouts as data: a TOML or JSON file of layers, validated.

A layout is what a designer edits; the built-in templates (``branded``,
``photo``, ``split``) are layouts shipped in ``sharekit/card/templates``. ::

    name = "my-card"
    format = "png"                 # optional: png | jpeg | webp
    requires_image = false         # true: no usable hero image -> branded

    [[layers]]
    type = "background"            # fills the canvas: [card] background
    [[layers]]
    type = "image"                 # the record's hero image, cover-cropped
    box = { right = 0, top = 0, bottom = 0, width = "42%" }
    overlay = { color = "#000000", from = 0.0, to = 0.85, start = "35%" }
    [[layers]]
    type = "rect"                  # a rule or a bar
    box = { left = 80, top = 72, width = 72, height = 8 }
    color = "accent"
    [[layers]]
    type = "logo"                  # [card] logo, else [site] logo, else the text
    box = { right = 80, bottom = 56, width = 360, height = 48 }
    text = "{site}"
    [[layers]]
    type = "text"
    name = "headline"
    text = "{title}"               # {title} {section} {authors} {date} {byline} {site}
    box = { left = 80, top = 150, right = 80, bottom = 150 }
    size = [44, 76]                # max..min: auto-sized to fit
    weight = 700
    color = "text"                 # text | accent | background | #rrggbb
    align = "start"                # start | end | left | center | right
    valign = "center"              # top | center | bottom
    max_lines = 4

Lengths are pixels of a 1200 x 630 card; they scale with the card
(``min(width / 1200, height / 630)``). Box edges take a number, a percentage
of the canvas (``"42%"``) or a sum (``"42% + 56"``); give two of
``left``/``right``/``width`` and two of ``top``/``bottom``/``height``.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from sharekit.card._formats import FORMATS
from sharekit.errors import InputError
from sharekit.text import _validate as v

__all__ = ["Box", "Layer", "Layout", "load_layout", "parse_layout"]

REFERENCE = (1200, 630)
LAYER_TYPES = ("background", "image", "rect", "logo", "text")
COLOUR_NAMES = ("text", "accent", "background")
_TERM = re.compile(r"\s*([+-]?)\s*(\d+(?:\.\d+)?)\s*(%?)\s*")
MAX_EDGE_PIXELS = 10_000  # reference pixels (the reference card is 1200x630)
MAX_EDGE_PERCENT = 1_000
MAX_TEXT_SIZE = 1_000  # reference pixels: a headline of one glyph fills a 4096 card at 1000
MAX_LINES = 50
_PLACEHOLDERS = ("title", "section", "authors", "date", "byline", "site")


@dataclass(frozen=True)
class Edge:
    """A length: ``percent`` of the canvas side plus ``pixels`` (reference pixels)."""

    percent: float = 0.0
    pixels: float = 0.0

    def resolve(self, side: int, scale: float) -> float:
        return side * self.percent / 100 + self.pixels * scale


@dataclass(frozen=True)
class Box:
    """Two horizontal and two vertical constraints, resolved against a canvas."""

    left: Edge | None = None
    right: Edge | None = None
    width: Edge | None = None
    top: Edge | None = None
    bottom: Edge | None = None
    height: Edge | None = None

    def resolve(self, width: int, height: int) -> tuple[int, int, int, int]:
        """(x0, y0, x1, y1) in pixels on a *width* x *height* card."""
        scale = min(width / REFERENCE[0], height / REFERENCE[1])
        x0, x1 = _span(self.left, self.right, self.width, width, scale)
        y0, y1 = _span(self.top, self.bottom, self.height, height, scale)
        # left + right over 100% would give a negative width: an empty box, never a reversed one
        return round(x0), round(y0), round(max(x0, x1)), round(max(y0, y1))


def _span(
    start: Edge | None, end: Edge | None, size: Edge | None, side: int, scale: float
) -> tuple[float, float]:
    if start is not None and end is not None:
        return start.resolve(side, scale), side - end.resolve(side, scale)
    if start is not None and size is not None:
        a = start.resolve(side, scale)
        return a, a + size.resolve(side, scale)
    if end is not None and size is not None:
        b = side - end.resolve(side, scale)
        return b - size.resolve(side, scale), b
    return 0.0, float(side)


FULL = Box()


@dataclass(frozen=True)
class Layer:
    type: str
    name: str
    box: Box = FULL
    text: str = ""
    size: tuple[int, int] = (48, 24)  # max, min (reference pixels)
    weight: int = 400
    color: str = "text"
    opacity: float = 1.0
    align: str = "start"
    valign: str = "top"
    max_lines: int = 1
    line_spacing: float = 1.2
    uppercase: bool = False
    pill: bool = False  # a rounded background behind the text, in ``pill_color``
    pill_color: str = "accent"
    overlay: tuple[str, float, float, Edge] | None = None  # colour, from, to, start
    radius: int = 0


@dataclass(frozen=True)
class Layout:
    name: str
    layers: tuple[Layer, ...]
    format: str | None = None
    requires_image: bool = False
    source: str = field(default="<layout>", compare=False)


def _edge(value: Any, source: str, name: str) -> Edge:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InputError(source, name, f'expected a number or "N%", got {v.show(value)}')
    if not isinstance(value, str):
        return _bounded(Edge(0.0, float(value)), value, source, name)
    percent = pixels = 0.0
    position = 0
    text = value.strip()
    while position < len(text):
        match = _TERM.match(text, position)
        if not match or match.end() == position or (position and not match[1]):
            raise InputError(
                source, name, f'expected like "42%" or "42% + 56", got {v.show(value)}'
            )
        amount = float(match[2]) * (-1 if match[1] == "-" else 1)
        if match[3]:
            percent += amount
        else:
            pixels += amount
        position = match.end()
    return _bounded(Edge(percent, pixels), value, source, name)


def _bounded(edge: Edge, value: Any, source: str, name: str) -> Edge:
    """Finite and within MAX_EDGE: inf, nan or 1e308 would reach Pillow as pixel coordinates."""
    if not (abs(edge.percent) <= MAX_EDGE_PERCENT and abs(edge.pixels) <= MAX_EDGE_PIXELS):
        raise InputError(
            source,
            name,
            f"expected within ±{MAX_EDGE_PERCENT}% and ±{MAX_EDGE_PIXELS} pixels,"
            f" got {v.show(value)}",
        )
    if name.endswith((".width", ".height")) and (edge.percent < 0 or edge.pixels < 0):
        raise InputError(source, name, f"expected a length >= 0, got {v.show(value)}")
    return edge


def _box(value: Any, source: str, name: str) -> Box:
    if not isinstance(value, Mapping):
        raise InputError(source, name, f"expected a table of edges, got {v.kind(value)}")
    keys = ("left", "right", "width", "top", "bottom", "height")
    v.check_keys(value, keys, source, f"{name}.")
    edges = {k: _edge(x, source, f"{name}.{k}") for k, x in value.items()}
    for group in (("left", "right", "width"), ("top", "bottom", "height")):
        given = [k for k in group if k in edges]
        if len(given) not in (0, 2):
            raise InputError(source, name, f"give two of {', '.join(group)}, got {len(given)}")
    return Box(**edges)


def _colour(value: Any, source: str, name: str) -> str:
    text = v.expect_str(value, source, name)
    if text in COLOUR_NAMES:
        return text
    return v.expect_colour(text, source, name)


def _text_template(value: Any, source: str, name: str) -> str:
    text = v.expect_str(value, source, name)
    for placeholder in re.findall(r"{([^{}]*)}", text):
        if placeholder not in _PLACEHOLDERS:
            choices = ", ".join("{" + p + "}" for p in _PLACEHOLDERS)
            raise InputError(source, name, f"unknown placeholder {{{placeholder}}}; use {choices}")
    return text


_BOXED = ("type", "name", "box")
# A logo takes the text keys too: without a usable image it draws its text.
_TEXT = ("text", "size", "weight", "color", "opacity", "align", "valign")
_LAYER_KEYS = {
    "background": ("type", "name"),
    "image": (*_BOXED, "overlay"),
    "rect": (*_BOXED, "color", "opacity", "radius"),
    "logo": (*_BOXED, *_TEXT),
    "text": (*_BOXED, *_TEXT, "max_lines", "line_spacing", "uppercase", "pill", "pill_color"),
}


def _layer(raw: Any, source: str, index: int) -> Layer:
    where = f"layers[{index}]"
    if not isinstance(raw, Mapping):
        raise InputError(source, where, f"expected a table, got {v.kind(raw)}")
    kind = v.expect_choice(raw.get("type"), source, f"{where}.type", LAYER_TYPES)
    v.check_keys(raw, _LAYER_KEYS[kind], source, f"{where}.")
    values: dict[str, Any] = {"type": kind, "name": str(raw.get("name") or f"{kind}{index}")}
    if "box" in raw:
        values["box"] = _box(raw["box"], source, f"{where}.box")
    if "text" in raw:
        values["text"] = _text_template(raw["text"], source, f"{where}.text")
    if "size" in raw:
        size = raw["size"]
        if (
            not isinstance(size, list | tuple)
            or len(size) != 2
            or not all(
                isinstance(s, int) and not isinstance(s, bool) and 0 < s <= MAX_TEXT_SIZE
                for s in size
            )
        ):
            raise InputError(
                source,
                f"{where}.size",
                f"expected [max, min] pixels from 1 to {MAX_TEXT_SIZE}, got {v.show(size)}",
            )
        values["size"] = (max(size), min(size))
    if "weight" in raw:
        weight = v.expect_int(raw["weight"], source, f"{where}.weight", minimum=100)
        if weight > 900:
            raise InputError(source, f"{where}.weight", f"expected 100 to 900, got {weight}")
        values["weight"] = weight
    for key in ("color", "pill_color"):
        if key in raw:
            values[key] = _colour(raw[key], source, f"{where}.{key}")
    if "opacity" in raw:
        values["opacity"] = _fraction(raw["opacity"], source, f"{where}.opacity")
    if "align" in raw:
        values["align"] = v.expect_choice(
            raw["align"], source, f"{where}.align", ("start", "end", "left", "center", "right")
        )
    if "valign" in raw:
        values["valign"] = v.expect_choice(
            raw["valign"], source, f"{where}.valign", ("top", "center", "bottom")
        )
    if "max_lines" in raw:
        values["max_lines"] = v.expect_int(
            raw["max_lines"], source, f"{where}.max_lines", 1, MAX_LINES
        )
    if "line_spacing" in raw:
        spacing = v.expect_number(raw["line_spacing"], source, f"{where}.line_spacing")
        if not 0.8 <= spacing <= 3:
            raise InputError(source, f"{where}.line_spacing", f"expected 0.8 to 3, got {spacing}")
        values["line_spacing"] = float(spacing)
    for key in ("uppercase", "pill"):
        if key in raw:
            values[key] = v.expect_bool(raw[key], source, f"{where}.{key}")
    if "radius" in raw:
        values["radius"] = v.expect_int(
            raw["radius"], source, f"{where}.radius", 0, MAX_EDGE_PIXELS
        )
    if "overlay" in raw:
        values["overlay"] = _overlay(raw["overlay"], source, f"{where}.overlay")
    return Layer(**values)


def _fraction(value: Any, source: str, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise InputError(source, name, f"expected a number from 0 to 1, got {v.show(value)}")
    return float(value)


def _overlay(raw: Any, source: str, where: str) -> tuple[str, float, float, Edge]:
    if not isinstance(raw, Mapping):
        raise InputError(source, where, f"expected a table, got {v.kind(raw)}")
    v.check_keys(raw, ("color", "from", "to", "start"), source, f"{where}.")
    colour = _colour(raw.get("color", "#000000"), source, f"{where}.color")
    low = _fraction(raw.get("from", 0.0), source, f"{where}.from")
    high = _fraction(raw.get("to", 0.8), source, f"{where}.to")
    start = _edge(raw.get("start", "40%"), source, f"{where}.start")
    return colour, float(low), float(high), start


def parse_layout(data: Any, source: str = "<layout>") -> Layout:
    """Validate a layout given as data (the parsed TOML or JSON)."""
    if not isinstance(data, Mapping):
        raise InputError(source, None, f"expected a table of layout keys, got {v.kind(data)}")
    v.check_keys(data, ("name", "format", "requires_image", "layers", "description"), source)
    layers_raw = data.get("layers")
    if not isinstance(layers_raw, list) or not layers_raw:
        raise InputError(source, "layers", "expected a non-empty list of layers")
    layers = tuple(_layer(raw, source, i) for i, raw in enumerate(layers_raw))
    names = [layer.name for layer in layers]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise InputError(source, "layers", f"two layers are named {duplicate!r}")
    fmt = data.get("format")
    if fmt is not None:
        fmt = v.expect_choice(fmt, source, "format", FORMATS)
    requires = v.expect_bool(data.get("requires_image", False), source, "requires_image")
    name = v.expect_str(data.get("name", Path(source).stem), source, "name")
    return Layout(name, layers, fmt, requires, source)


def load_layout(template: str) -> Layout:
    """A built-in template by name, or a layout file (``.toml``/``.json``) by path."""
    if "/" not in template and "\\" not in template and not template.endswith((".toml", ".json")):
        return _builtin(template)
    path = Path(template)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise InputError(str(path), None, "layout file not found") from None
    except (OSError, ValueError) as error:
        raise InputError(str(path), None, f"cannot read layout: {error}") from None
    return _layout_file(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _layout_file(path: str, mtime_ns: int, size: int) -> Layout:
    """A layout file, parsed once per version (card_ref and render_card both need it)."""
    from sharekit.text._limits import MAX_LAYOUT_BYTES, check_depth, parse_guard, read_input

    raw = read_input(path, path, "layout file", MAX_LAYOUT_BYTES)
    try:
        text = raw.decode("utf-8")
        with parse_guard(path, "JSON" if path.endswith(".json") else "TOML"):
            data = json.loads(text) if path.endswith(".json") else tomllib.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise InputError(path, None, f"cannot read layout: {error}") from None
    check_depth(data, path)
    return parse_layout(data, Path(path).name)


@functools.lru_cache(maxsize=8)
def _builtin(name: str) -> Layout:
    folder = resources.files("sharekit.card") / "templates"
    resource = folder / f"{name}.toml"
    if not resource.is_file():
        raise InputError("option", "template", f"unknown template {name!r}")
    return parse_layout(tomllib.loads(resource.read_text(encoding="utf-8")), f"{name}.toml")

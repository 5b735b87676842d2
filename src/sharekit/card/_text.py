"""The text engine: fitting text to a box, clamping it, drawing it.

``layout_text`` turns a string into a ``TextBlock`` for a box:

1. (``_runs``) split the text into grapheme clusters (UAX #29) and give each the first
   font that covers it (``_fonts``); spaces and punctuation keep the font of
   their neighbours, so a Korean phrase in quotes stays in one font;
2. (``_breaks``) find the line-break opportunities (UAX #14, which already forbids breaks
   before closing and after opening CJK punctuation) and join units at
   Hangul junctions (Korean breaks between words only, CSS ``keep-all``);
3. find the largest size between the box's max and min that fits the box in
   at most ``max_lines`` lines (binary search on widths measured once and
   scaled; the chosen lines are then measured exactly as they are drawn);
4. (``_breaks``) balance the lines (the narrowest width that keeps the same line count,
   like CSS ``text-wrap: balance``) and avoid a one-word last line;
5. when even the minimum size cannot hold the text, keep the lines that fit
   and end the last one with an ellipsis at a break opportunity.

Widths are measured with the same fonts, direction and layout engine used to
draw. Characters that no font covers are left out and listed in
``TextBlock.missing`` (and logged), never drawn as boxes.
"""

from __future__ import annotations

import itertools
import logging
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import unicode_segmentation_rs as useg

from sharekit.card._breaks import balanced, greedy, line_width, prepare
from sharekit.card._fonts import Face, FontStack, _bundled_at, has_raqm, pil_font
from sharekit.card._runs import Line, Piece, Unit, ink_box, make_line, unit_widths
from sharekit.errors import RenderError

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["ELLIPSIS", "TextBlock", "align_side", "draw_block", "layout_text"]

logger = logging.getLogger("sharekit")

ELLIPSIS = "…"
# Where the baseline sits: the cap height (of Latin capitals and CJK) is centred in the line box.
_CAP = 0.72


@dataclass(frozen=True)
class TextBlock:
    """Text laid out for a box: lines at one size, ready to draw."""

    lines: tuple[Line, ...]
    size: int
    line_height: int
    rtl: bool
    clamped: bool
    missing: tuple[str, ...]
    # Room for ink above the first line box and below the last one (tall
    # stacks: Myanmar, Sinhala, Thai marks, Tamil descenders), from the glyphs.
    pad_top: int = 0
    pad_bottom: int = 0

    @property
    def width(self) -> float:
        return max((line.width for line in self.lines), default=0.0)

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines)

    def top_in(self, y0: float, box_h: float, valign: str) -> float:
        """Where the first line box starts in a box (*y0*, height *box_h*): placed by
        *valign*, then moved so that tall ink (``pad_top``/``pad_bottom``) stays inside."""
        top = y0 + _offset(valign, box_h, self.height)
        top = min(top, y0 + box_h - self.height - self.pad_bottom)
        return max(top, y0 + self.pad_top)

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)

    def faces(self) -> list[tuple[str, Face]]:
        """(cluster, face) for every drawn grapheme cluster, in logical order."""
        out: list[tuple[str, Face]] = []
        for line in self.lines:
            for run in line.runs:
                out.extend((c, run.face) for c in useg.graphemes(run.text, True))
        return out


# --- ink ---------------------------------------------------------------------


def _ink_extent(face: Face, size: int, text: str, rtl: bool) -> tuple[float, float]:
    """How far *text*'s ink reaches above and below its baseline, in pixels."""
    box = ink_box(face, size, text, rtl)
    return -box[1], box[3]


def _pads(extent: tuple[float, float], size: int, line_spacing: float) -> tuple[int, int]:
    """Extra room above the first and below the last line box for ink at *size*
    (*extent* is the text's reach above and below the baseline per pixel of size)."""
    line_height = round(size * line_spacing)
    cap = _CAP * size
    top = math.ceil(extent[0] * size - (line_height + cap) / 2)
    bottom = math.ceil(extent[1] * size - (line_height - cap) / 2)
    return max(0, top), max(0, bottom)


def _text_extent(units: Sequence[Unit], size: int, rtl: bool) -> tuple[float, float]:
    """The highest and lowest reach of the units' ink, per pixel of *size*."""
    up = down = 0.0
    for unit in units:
        for p in unit.pieces:
            a, b = _ink_extent(p.face, size, p.text, p.direction == 1 or (p.direction == 0 and rtl))
            up, down = max(up, a), max(down, b)
    return up / size, down / size


# --- fitting -----------------------------------------------------------------


def layout_text(
    text: str,
    stack: FontStack,
    width: float,
    height: float,
    *,
    max_size: int,
    min_size: int,
    max_lines: int = 99,
    line_spacing: float = 1.2,
    balance: bool = True,
) -> TextBlock:
    """Fit *text* into a *width* x *height* box (see the module docstring)."""
    text = _cut_to_room(text, width, height, min_size, max_lines, line_spacing)
    prepared = prepare(text, stack)
    units = prepared.units
    rtl = prepared.rtl
    if not units:
        return TextBlock((), max_size, round(max_size * line_spacing), rtl, False, prepared.missing)
    reference = max_size
    ref_widths = [unit_widths(u, reference, rtl) for u in units]
    extent = _text_extent(units, reference, rtl)

    def lines_allowed(size: int) -> int:
        room = height - sum(_pads(extent, size, line_spacing))
        return max(1, min(max_lines, int(room // max(1, round(size * line_spacing)))))

    def plan(size: int) -> list[int] | None:
        scale = size / reference
        widths = [(a * scale, b * scale) for a, b in ref_widths]
        starts = balanced(widths, width) if balance else greedy(widths, width)
        if starts is None or len(starts) > lines_allowed(size):
            return None
        return starts

    low, high = min_size, max_size
    best: tuple[int, list[int]] | None = None
    while low <= high:
        mid = (low + high) // 2
        starts = plan(mid)
        if starts is not None:
            best = (mid, starts)
            low = mid + 1
        else:
            high = mid - 1
    while best is not None:
        size, starts = best
        block = _build(
            units, starts, size, line_spacing, rtl, prepared.missing, clamped=False, extent=extent
        )
        if block.width <= width + 0.5:
            return block
        # Scaled widths were optimistic (hinting, kerning): recheck exactly, smaller.
        exact = [unit_widths(u, size - 1, rtl) for u in units] if size > min_size else None
        if exact is None:
            break
        starts_exact = balanced(exact, width) if balance else greedy(exact, width)
        if starts_exact is None or len(starts_exact) > lines_allowed(size - 1):
            best = None
            break
        best = (size - 1, starts_exact)
    return _clamp(
        units, width, min_size, lines_allowed(min_size), line_spacing, rtl, prepared.missing, extent
    )


# The narrowest visible glyphs (hair space, "i", "l") are about a tenth of an em wide.
_NARROWEST_EM = 0.1


def _cut_to_room(
    text: str, width: float, height: float, min_size: int, max_lines: int, spacing: float
) -> str:
    """Text beyond what the box could show at the smallest size, cut before any work on it.

    Font fallback, shaping and line breaking cost per character: a 10,000-character
    headline is cut to what fits (and more), then clamped with an ellipsis as any overlong one.
    """
    lines = max(1, min(max_lines, int(height // max(1, round(min_size * spacing)))))
    per_line = int(width // max(1.0, min_size * _NARROWEST_EM)) + 1
    room = lines * per_line + 1
    if len(text) > room:
        clusters = useg.graphemes(text[: room * 8], True)  # a cluster rarely holds 8 code points
        text = "".join(clusters[:room])
    return _tame_marks(text)


# Combining classes drawn above and below their base (UAX #44): stacks of these are "Zalgo".
_ABOVE = frozenset({214, 216, 228, 230, 232, 233, 234})
_BELOW = frozenset({202, 218, 220, 222, 224, 227, 233})
_MAX_STACK = 3  # Vietnamese needs 2 (ệ: circumflex and dot below on different sides)
_BASE = "\u00a0"  # no-break space: what a browser shows a lone mark on


def _tame_marks(text: str) -> str:
    """At most three marks above and three below a base; a mark with no base gets one.

    A title of only combining marks is one cluster stacking every mark on nothing: drawn,
    it rose far above its box. The marks now sit on a no-break space (as in a browser, and
    drawn by the font that has the marks), and no script stacks more than three marks on
    one side of a letter.
    """
    if not any(unicodedata.combining(c) for c in text):
        return text
    out: list[str] = []
    above = below = 0
    for index, char in enumerate(text):
        klass = unicodedata.combining(char)
        if not klass:
            above = below = 0
            out.append(char)
            continue
        previous = text[index - 1] if index else ""
        if not out or previous.isspace() or unicodedata.category(previous) in ("Cc", "Zl", "Zp"):
            out.append(_BASE)
            above = below = 0
        if klass in _ABOVE:
            above += 1
            if above > _MAX_STACK:
                continue
        if klass in _BELOW:
            below += 1
            if below > _MAX_STACK:
                continue
        out.append(char)
    return "".join(out)


def _clamp(
    units: tuple[Unit, ...],
    width: float,
    size: int,
    max_lines: int,
    line_spacing: float,
    rtl: bool,
    missing: tuple[str, ...],
    extent: tuple[float, float],
) -> TextBlock:
    """At the minimum size: keep what fits and end with an ellipsis at a break."""
    units = _split_wide(units, width, size, rtl)
    widths = [unit_widths(u, size, rtl) for u in units]
    starts = greedy(widths, width) or [0]
    if len(starts) <= max_lines:
        return _build(units, starts, size, line_spacing, rtl, missing, clamped=False, extent=extent)
    keep_end = starts[max_lines]  # first unit that does not fit
    last_start = starts[max_lines - 1]
    ellipsis_face = units[keep_end - 1].pieces[-1].face if units[keep_end - 1].pieces else None
    if ellipsis_face is None or ellipsis_face.color or ord(ELLIPSIS) not in ellipsis_face.coverage:
        faces = _faces_of(units)
        weight = faces[0].weight if faces else 700
        # An all-emoji (or all-symbol) line has no face with "…": use the bundled Latin one.
        ellipsis_face = next(
            (f for f in faces if ord(ELLIPSIS) in f.coverage and not f.color),
            _bundled_at("latin", weight),
        )
        if ellipsis_face is None:  # only without the bundled fonts, which ship with the package
            raise RenderError("no font draws the ellipsis (U+2026) for a clamped headline")
    end = keep_end
    while True:
        kept = list(units[last_start:end])
        kept[-1] = _with_ellipsis(kept[-1], ellipsis_face)
        trial = list(units[:last_start]) + kept
        line = [unit_widths(u, size, rtl) for u in kept]
        if line_width(line, 0, len(line)) <= width or end - last_start == 1:
            break
        end -= 1
    new_starts = [*starts[:max_lines]]
    block = _build(
        tuple(trial), new_starts, size, line_spacing, rtl, missing, clamped=True, extent=extent
    )
    return block


def _faces_of(units: Sequence[Unit]) -> list[Face]:
    return [p.face for u in units for p in u.pieces]


_STRIP_BEFORE_ELLIPSIS = ",;:.-–—、。，"


def _with_ellipsis(unit: Unit, face: Face) -> Unit:
    pieces = list(unit.pieces)
    last = pieces[-1]
    text = last.text.rstrip(_STRIP_BEFORE_ELLIPSIS + " ")
    if ord(ELLIPSIS) in last.face.coverage and not last.face.color:
        pieces[-1] = Piece(text + ELLIPSIS, last.face, last.direction)
    else:
        pieces[-1] = Piece(text, last.face, last.direction)
        pieces.append(Piece(ELLIPSIS, face, 0))
    return Unit(tuple(p for p in pieces if p.text))


def _split_wide(units: tuple[Unit, ...], width: float, size: int, rtl: bool) -> tuple[Unit, ...]:
    """Split a unit wider than the line (a long URL) between its clusters."""
    out: list[Unit] = []
    for unit in units:
        if unit_widths(unit, size, rtl)[0] <= width:
            out.append(unit)
            continue
        for piece in unit.pieces:
            for cluster in useg.graphemes(piece.text, True):
                single = Unit((Piece(cluster, piece.face, piece.direction),))
                if len(cluster) > 1 and unit_widths(single, size, rtl)[0] > width:
                    # one cluster wider than a line (a run of Hangul leading consonants
                    # is one cluster): split it between code points so the clamp can cut it
                    out.extend(Unit((Piece(c, piece.face, piece.direction),)) for c in cluster)
                else:
                    out.append(single)
        if unit.trailing is not None and out:
            out[-1] = Unit(out[-1].pieces, unit.trailing)
    return tuple(out)


def _build(
    units: Sequence[Unit],
    starts: Sequence[int],
    size: int,
    line_spacing: float,
    rtl: bool,
    missing: tuple[str, ...],
    *,
    clamped: bool,
    extent: tuple[float, float] = (0.0, 0.0),
) -> TextBlock:
    lines = []
    bounds = [*starts, len(units)]
    for start, end in itertools.pairwise(bounds):
        lines.append(make_line(units[start:end], size, rtl))
    top, bottom = _pads(extent, size, line_spacing)
    return TextBlock(
        tuple(lines), size, round(size * line_spacing), rtl, clamped, missing, top, bottom
    )


# --- drawing -----------------------------------------------------------------


def align_side(align: str, rtl: bool) -> str:
    """The side a layer's *align* puts a line on: "left", "center" or "right".

    "start" and "end" follow the text direction (*rtl*: right to left).
    """
    if align == "start":
        return "right" if rtl else "left"
    if align == "end":
        return "left" if rtl else "right"
    return align


def draw_block(
    image: Image.Image,
    block: TextBlock,
    box: tuple[float, float, float, float],
    color: str | tuple[int, ...],
    *,
    align: str = "start",
    valign: str = "top",
) -> tuple[float, float, float, float]:
    """Draw *block* in *box* (x, y, width, height); return the inked line box."""
    from PIL import ImageDraw

    x0, y0, box_w, box_h = box
    draw = ImageDraw.Draw(image)
    top = block.top_in(y0, box_h, valign)
    shaped = has_raqm()
    cap = _CAP * block.size  # cap height: centres Latin capitals and CJK in the line box
    side = align_side(align, block.rtl)
    left_edge = math.inf
    right_edge = -math.inf
    for n, line in enumerate(block.lines):
        x = x0 + _offset(side, box_w, line.width)
        if line.runs:
            # Glyphs may overhang their advance (negative side bearings): keep the ink in the box.
            first, last = line.runs[0], line.runs[-1]
            ink_left = x + first.x + ink_box(first.face, block.size, first.text, first.rtl)[0]
            ink_right = x + last.x + ink_box(last.face, block.size, last.text, last.rtl)[2]
            if ink_left < x0:
                x += min(x0 - ink_left, max(0.0, x0 + box_w - ink_right))
            elif ink_right > x0 + box_w:
                x -= min(ink_right - x0 - box_w, max(0.0, ink_left - x0))
        baseline = top + n * block.line_height + (block.line_height + cap) / 2
        for run in line.runs:
            draw.text(
                (x + run.x, baseline),
                run.text,
                font=pil_font(run.face, block.size),
                fill=color,
                anchor="ls",
                # Without FriBiDi, Pillow accepts no direction at all.
                direction=("rtl" if run.rtl else "ltr") if shaped else None,
                embedded_color=run.face.color,
            )
        left_edge = min(left_edge, x)
        right_edge = max(right_edge, x + line.width)
    if not block.lines:
        return (x0, y0, x0, y0)
    return (left_edge, top, right_edge, top + block.height)


def _offset(where: str, room: float, used: float) -> float:
    """Where *used* starts in *room*: at 0 for top or left, at the far end for
    bottom or right, or centred."""
    if where == "center":
        return (room - used) / 2
    if where in ("bottom", "right"):
        return room - used
    return 0.0

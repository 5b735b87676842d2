"""The text engine: runs by font, line breaking, balancing, fitting, drawing.

``layout_text`` turns a string into a ``TextBlock`` for a box:

1. split the text into grapheme clusters (UAX #29) and give each the first
   font that covers it (``_fonts``); spaces and punctuation keep the font of
   their neighbours, so a Korean phrase in quotes stays in one font;
2. find the line-break opportunities (UAX #14, which already forbids breaks
   before closing and after opening CJK punctuation) and join units at
   Hangul junctions (Korean breaks between words only, CSS ``keep-all``);
3. find the largest size between the box's max and min that fits the box in
   at most ``max_lines`` lines (binary search on widths measured once and
   scaled; the chosen lines are then measured exactly as they are drawn);
4. balance the lines (the narrowest width that keeps the same line count,
   like CSS ``text-wrap: balance``) and avoid a one-word last line;
5. when even the minimum size cannot hold the text, keep the lines that fit
   and end the last one with an ellipsis at a break opportunity.

Widths are measured with the same fonts, direction and layout engine used to
draw. Characters that no font covers are left out and listed in
``TextBlock.missing`` (and logged), never drawn as boxes.
"""

from __future__ import annotations

import functools
import itertools
import logging
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import unicode_segmentation_rs as useg

from sharekit.card._fonts import Face, FontStack, _bundled_at, has_raqm, is_neutral, pil_font
from sharekit.errors import RenderError

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["Line", "Run", "TextBlock", "align_side", "draw_block", "layout_text"]

logger = logging.getLogger("sharekit")

ELLIPSIS = "…"
# Where the baseline sits: the cap height (of Latin capitals and CJK) is centred in the line box.
_CAP = 0.72
# Separators that CJK fonts draw full width: take them from the first font
# (Latin), not from a CJK neighbour ("김다니엘 · 2024년").
_DASHES = frozenset("—–")
_OWN_FONT = frozenset({"\u00b7", "\u2022"})


@dataclass(frozen=True)
class Run:
    """A piece of one line drawn with one font in one direction."""

    text: str
    face: Face
    rtl: bool
    x: float  # left edge, relative to the line's left edge (visual order)
    width: float


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]  # visual order, left to right
    width: float

    @property
    def text(self) -> str:
        """The line's text in logical order."""
        runs = sorted(self.runs, key=lambda r: r.x, reverse=self.runs[0].rtl) if self.runs else ()
        return "".join(r.text for r in runs)


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


# --- preparing units ---------------------------------------------------------


# A NamedTuple rather than a frozen dataclass: _make_line builds one for every
# join on every card, and a tuple is built in about half the time.
class _Piece(NamedTuple):
    """Text in one face and one direction: a piece of a unit, or a logical
    run of a line (``_make_line`` joins pieces into runs before placing them)."""

    text: str
    face: Face
    direction: int  # 1 rtl, -1 ltr, 0 neutral


@dataclass(frozen=True, slots=True)
class _Unit:
    """Text between two break opportunities, split into font pieces."""

    pieces: tuple[_Piece, ...]
    # The white space it ends with, in the (text) font that draws it; not
    # counted or drawn at a line end.
    trailing: _Piece | None = None


def _direction(text: str) -> int:
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return 1
        if bidi == "L":
            return -1
    return 0


def _is_sa(ch: str) -> bool:
    """Thai, Lao, Khmer, Myanmar: written without spaces between words (UAX #14 class SA)."""
    cp = ord(ch)
    return (
        0x0E00 <= cp <= 0x0EFF
        or 0x1000 <= cp <= 0x109F
        or 0x1780 <= cp <= 0x17FF
        or 0x19E0 <= cp <= 0x19FF
        or 0xA9E0 <= cp <= 0xA9FF
        or 0xAA60 <= cp <= 0xAA7F
    )


@functools.cache
def _icu_line_breaker() -> type | None:
    try:
        from icu4py.breakers import LineBreaker
    except ImportError:
        logger.warning(
            "Thai, Lao, Khmer and Myanmar headlines need ICU's dictionaries to break "
            "between words: icu4py, a dependency of sharekit, is not importable here "
            "(until it is they break only at spaces)"
        )
        return None
    return LineBreaker


def dictionary_breaks(text: str) -> set[int]:
    """Line-break positions (code point offsets) next to Thai, Lao, Khmer or
    Myanmar letters, from ICU's line breaker and its word dictionaries (what
    browsers use); empty when the text has none or ICU (icu4py, a dependency)
    cannot be imported on this platform. Never inside a word: ICU breaks
    between dictionary words."""
    if not any(_is_sa(ch) for ch in text):
        return set()
    breaker = _icu_line_breaker()
    if breaker is None:
        return set()
    # ICU counts UTF-16 code units; map them back to code points.
    index: dict[int, int] = {}
    unit = 0
    for i, ch in enumerate(text):
        index[unit] = i
        unit += 2 if ord(ch) > 0xFFFF else 1
    index[unit] = len(text)
    out: set[int] = set()
    for _, end in breaker(text, "und").segments():
        position = index[end]
        if 0 < position < len(text) and (_is_sa(text[position - 1]) or _is_sa(text[position])):
            out.add(position)
    return out


def _is_hangul(ch: str) -> bool:
    cp = ord(ch)
    return 0xAC00 <= cp <= 0xD7A3 or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F


@dataclass(frozen=True, slots=True)
class _Prepared:
    units: tuple[_Unit, ...]
    missing: tuple[str, ...]
    rtl: bool


def cluster_faces(
    text: str, stack: FontStack
) -> tuple[list[str], list[Face | None], tuple[str, ...]]:
    """Grapheme clusters, the face that draws each (None: left out) and the
    characters no face covers. A cluster whose marks lack a glyph keeps its
    base and the marks its font has."""
    clusters: list[str] = list(useg.graphemes(text, True))
    neutral = [is_neutral(c) for c in clusters]
    faces: list[Face | None] = [
        None if n else stack.pick(c) for c, n in zip(clusters, neutral, strict=True)
    ]
    # Neutral clusters keep their neighbour's font when it covers them.
    for i, cluster in enumerate(clusters):
        if not neutral[i]:
            continue
        if cluster in _OWN_FONT:
            faces[i] = stack.pick(cluster)
            continue
        prev = next((faces[j] for j in range(i - 1, -1, -1) if faces[j] is not None), None)
        nxt = next(
            (
                faces[j]
                for j in range(i + 1, len(clusters))
                if not neutral[j] and faces[j] is not None
            ),
            None,
        )
        # Digits belong with what follows them ("2024年", "10월"); other
        # neutrals with what precedes them (closing quotes, commas).
        order = (nxt, prev) if cluster.isdigit() else (prev, nxt)
        for candidate in order:
            if candidate is not None and not candidate.color and candidate.covers(cluster):
                faces[i] = candidate
                break
        else:
            faces[i] = stack.pick(cluster)
    lost: list[str] = []
    for i, cluster in enumerate(clusters):
        if faces[i] is None and len(cluster) > 1:
            # Keep the base and the marks its font has (Zalgo text, rare marks).
            face = stack.pick(cluster[0])
            if face is not None:
                lost.extend(c for c in cluster[1:] if not face.covers(c))
                clusters[i] = "".join(c for c in cluster if face.covers(c))
                faces[i] = face
    missing = tuple(
        dict.fromkeys([*(c for c, f in zip(clusters, faces, strict=True) if f is None), *lost])
    )
    return clusters, faces, missing


@functools.lru_cache(maxsize=256)
def _prepare(text: str, stack: FontStack) -> _Prepared:
    clusters, faces, missing = cluster_faces(text, stack)
    if missing:
        shown = ", ".join(f"U+{ord(c[0]):04X} {c!r}" for c in missing[:10])
        more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        logger.warning(
            "no font covers %s%s; left out of the card (add a font with [card] fonts)",
            shown,
            more,
        )
    kept = [(c, f) for c, f in zip(clusters, faces, strict=True) if f is not None]
    clean = "".join(c for c, _ in kept)
    # Break units (UAX #14), aligned to cluster boundaries.
    groups: list[list[tuple[str, Face]]] = []
    position = 0
    boundaries = set()
    for unit in useg.line_break_units(clean):
        position += len(unit)
        boundaries.add(position)
    boundaries |= dictionary_breaks(clean)
    position = 0
    current: list[tuple[str, Face]] = []
    for cluster, face in kept:
        current.append((cluster, face))
        position += len(cluster)
        if position in boundaries:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    # Korean keep-all: no break between two letters when one of them is Hangul.
    merged: list[list[tuple[str, Face]]] = []
    for group in groups:
        if merged:
            last = merged[-1][-1][0][-1]
            first = group[0][0][0]
            if not last.isspace() and (
                (_is_hangul(last) and (first.isalnum() or _is_hangul(first)))
                or (_is_hangul(first) and last.isalnum())
            ):
                merged[-1].extend(group)
                continue
            if last.isspace() and first in _DASHES and len(merged[-1]) > 1:
                # "word — word": the dash ends a line rather than starting one.
                merged[-1].extend(group)
                continue
        merged.append(group)
    units = tuple(_make_unit(group) for group in merged)
    first_strong = _direction(clean)
    return _Prepared(units, missing, first_strong == 1)


def _make_unit(group: list[tuple[str, Face]]) -> _Unit:
    text = "".join(c for c, _ in group)
    body_length = len(text.rstrip())
    pieces: list[_Piece] = []
    consumed = 0
    trailing: list[tuple[str, Face]] = []
    for cluster, face in group:
        if consumed >= body_length:
            trailing.append((cluster, face))
            continue
        consumed += len(cluster)
        if pieces and pieces[-1].face is face:
            pieces[-1] = _Piece(pieces[-1].text + cluster, face, 0)
        else:
            pieces.append(_Piece(cluster, face, 0))
    pieces = [_Piece(p.text, p.face, _direction(p.text)) for p in pieces]
    if not pieces:  # white space only
        return _Unit((_Piece(text, group[0][1], 0),))
    if not trailing:
        return _Unit(tuple(pieces))
    # The clusters after the body: the same text as text[body_length:] unless
    # a cluster holds both (a prepended mark and a space), then that space
    # stays in the body.
    space = "".join(c for c, _ in trailing)
    return _Unit(tuple(pieces), _Piece(space, trailing[0][1], 0))


# --- measuring ---------------------------------------------------------------


@functools.lru_cache(maxsize=16384)
def _measure(face: Face, size: int, text: str, rtl: bool) -> float:
    font = pil_font(face, size)
    if has_raqm():
        return float(font.getlength(text, direction="rtl" if rtl else "ltr"))
    return float(font.getlength(text))


@functools.lru_cache(maxsize=4096)
def _ink_box(face: Face, size: int, text: str, rtl: bool) -> tuple[float, float, float, float]:
    """The ink of *text* drawn at origin (0, baseline): left, top, right, bottom."""
    font = pil_font(face, size)
    if has_raqm():
        box = font.getbbox(text, anchor="ls", direction="rtl" if rtl else "ltr")
    else:
        box = font.getbbox(text, anchor="ls")
    return float(box[0]), float(box[1]), float(box[2]), float(box[3])


def _ink_extent(face: Face, size: int, text: str, rtl: bool) -> tuple[float, float]:
    """How far *text*'s ink reaches above and below its baseline, in pixels."""
    box = _ink_box(face, size, text, rtl)
    return -box[1], box[3]


def _pads(extent: tuple[float, float], size: int, line_spacing: float) -> tuple[int, int]:
    """Extra room above the first and below the last line box for ink at *size*
    (*extent* is the text's reach above and below the baseline per pixel of size)."""
    line_height = round(size * line_spacing)
    cap = _CAP * size
    top = math.ceil(extent[0] * size - (line_height + cap) / 2)
    bottom = math.ceil(extent[1] * size - (line_height - cap) / 2)
    return max(0, top), max(0, bottom)


def _text_extent(units: Sequence[_Unit], size: int, rtl: bool) -> tuple[float, float]:
    """The highest and lowest reach of the units' ink, per pixel of *size*."""
    up = down = 0.0
    for unit in units:
        for p in unit.pieces:
            a, b = _ink_extent(p.face, size, p.text, p.direction == 1 or (p.direction == 0 and rtl))
            up, down = max(up, a), max(down, b)
    return up / size, down / size


def _unit_widths(unit: _Unit, size: int, rtl: bool) -> tuple[float, float]:
    """(width without, width with) the trailing space of *unit* at *size*."""
    body = sum(
        _measure(p.face, size, p.text, p.direction == 1 or (p.direction == 0 and rtl))
        for p in unit.pieces
    )
    if unit.trailing is None:
        return body, body
    return body, body + _measure(unit.trailing.face, size, unit.trailing.text, rtl)


# --- breaking into lines ------------------------------------------------------


def _greedy(widths: Sequence[tuple[float, float]], limit: float) -> list[int] | None:
    """Line start indexes of a greedy fill to *limit*; ``None`` if a unit is too wide."""
    starts = [0]
    line = 0.0
    for i, (body, full) in enumerate(widths):
        if body > limit + 0.01:
            return None
        if i > starts[-1] and line + body > limit + 0.01:
            starts.append(i)
            line = 0.0
        line += full
    return starts


def _line_width(widths: Sequence[tuple[float, float]], start: int, end: int) -> float:
    return sum(w[1] for w in widths[start : end - 1]) + widths[end - 1][0]


def _balance(widths: Sequence[tuple[float, float]], limit: float) -> list[int] | None:
    """Break points giving the greedy line count with the narrowest widest line."""
    starts = _greedy(widths, limit)
    if starts is None or len(starts) == 1:
        return starts
    count = len(starts)
    low = max(w[0] for w in widths)
    high = limit
    for _ in range(18):  # to well under a pixel
        mid = (low + high) / 2
        trial = _greedy(widths, mid)
        if trial is not None and len(trial) <= count:
            high = mid
        else:
            low = mid
    best = _greedy(widths, high) or starts
    # Avoid a one-unit last line: pull units down from the line above while
    # the line above keeps two or more units and nothing exceeds *limit*.
    while len(best) >= 2 and len(widths) - best[-1] == 1 and best[-1] - best[-2] > 2:
        moved = [*best[:-1], best[-1] - 1]
        if _line_width(widths, moved[-1], len(widths)) > limit:
            break
        best = moved
    return best


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
    prepared = _prepare(text, stack)
    units = prepared.units
    rtl = prepared.rtl
    if not units:
        return TextBlock((), max_size, round(max_size * line_spacing), rtl, False, prepared.missing)
    reference = max_size
    ref_widths = [_unit_widths(u, reference, rtl) for u in units]
    extent = _text_extent(units, reference, rtl)

    def lines_allowed(size: int) -> int:
        room = height - sum(_pads(extent, size, line_spacing))
        return max(1, min(max_lines, int(room // max(1, round(size * line_spacing)))))

    def plan(size: int) -> list[int] | None:
        scale = size / reference
        widths = [(a * scale, b * scale) for a, b in ref_widths]
        starts = _balance(widths, width) if balance else _greedy(widths, width)
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
        exact = [_unit_widths(u, size - 1, rtl) for u in units] if size > min_size else None
        if exact is None:
            break
        starts_exact = _balance(exact, width) if balance else _greedy(exact, width)
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
    units: tuple[_Unit, ...],
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
    widths = [_unit_widths(u, size, rtl) for u in units]
    starts = _greedy(widths, width) or [0]
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
        line = [_unit_widths(u, size, rtl) for u in kept]
        if _line_width(line, 0, len(line)) <= width or end - last_start == 1:
            break
        end -= 1
    new_starts = [*starts[:max_lines]]
    block = _build(
        tuple(trial), new_starts, size, line_spacing, rtl, missing, clamped=True, extent=extent
    )
    return block


def _faces_of(units: Sequence[_Unit]) -> list[Face]:
    return [p.face for u in units for p in u.pieces]


_STRIP_BEFORE_ELLIPSIS = ",;:.-–—、。，"


def _with_ellipsis(unit: _Unit, face: Face) -> _Unit:
    pieces = list(unit.pieces)
    last = pieces[-1]
    text = last.text.rstrip(_STRIP_BEFORE_ELLIPSIS + " ")
    if ord(ELLIPSIS) in last.face.coverage and not last.face.color:
        pieces[-1] = _Piece(text + ELLIPSIS, last.face, last.direction)
    else:
        pieces[-1] = _Piece(text, last.face, last.direction)
        pieces.append(_Piece(ELLIPSIS, face, 0))
    return _Unit(tuple(p for p in pieces if p.text))


def _split_wide(units: tuple[_Unit, ...], width: float, size: int, rtl: bool) -> tuple[_Unit, ...]:
    """Split a unit wider than the line (a long URL) between its clusters."""
    out: list[_Unit] = []
    for unit in units:
        if _unit_widths(unit, size, rtl)[0] <= width:
            out.append(unit)
            continue
        for piece in unit.pieces:
            for cluster in useg.graphemes(piece.text, True):
                single = _Unit((_Piece(cluster, piece.face, piece.direction),))
                if len(cluster) > 1 and _unit_widths(single, size, rtl)[0] > width:
                    # one cluster wider than a line (a run of Hangul leading consonants
                    # is one cluster): split it between code points so the clamp can cut it
                    out.extend(_Unit((_Piece(c, piece.face, piece.direction),)) for c in cluster)
                else:
                    out.append(single)
        if unit.trailing is not None and out:
            out[-1] = _Unit(out[-1].pieces, unit.trailing)
    return tuple(out)


def _build(
    units: Sequence[_Unit],
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
        lines.append(_make_line(units[start:end], size, rtl))
    top, bottom = _pads(extent, size, line_spacing)
    return TextBlock(
        tuple(lines), size, round(size * line_spacing), rtl, clamped, missing, top, bottom
    )


def _make_line(units: Sequence[_Unit], size: int, rtl: bool) -> Line:
    # Logical pieces of the line, trailing space of the last unit dropped.
    pieces: list[_Piece] = []
    for i, unit in enumerate(units):
        pieces.extend(unit.pieces)
        if unit.trailing is not None and i < len(units) - 1:
            pieces.append(unit.trailing)
    # Logical runs: neighbours in one face join unless their directions
    # differ; a neutral run takes the direction of the first strong piece it joins.
    runs: list[_Piece] = []
    for piece in pieces:
        last = runs[-1] if runs else None
        if (
            last is not None
            and last.face is piece.face
            and (piece.direction == 0 or last.direction in (0, piece.direction))
        ):
            runs[-1] = _Piece(last.text + piece.text, last.face, last.direction or piece.direction)
        else:
            runs.append(piece)
    # Neutral runs take the direction around them (both sides agree) or the base.
    base = 1 if rtl else -1
    dirs = [run.direction for run in runs]
    resolved = []
    for i, d in enumerate(dirs):
        if d:
            resolved.append(d)
            continue
        before = next((dirs[j] for j in range(i - 1, -1, -1) if dirs[j]), base)
        after = next((dirs[j] for j in range(i + 1, len(dirs)) if dirs[j]), base)
        resolved.append(before if before == after else base)
    order = list(range(len(runs)))
    if rtl:
        order.reverse()
    # Reverse each maximal sequence of runs against the base direction.
    against = -base
    i = 0
    while i < len(order):
        if resolved[order[i]] == against:
            j = i
            while j < len(order) and resolved[order[j]] == against:
                j += 1
            order[i:j] = reversed(order[i:j])
            i = j
        else:
            i += 1
    out: list[Run] = []
    x = 0.0
    shaped = has_raqm()
    for index in order:
        run = runs[index]
        text = run.text
        is_rtl = resolved[index] == 1
        if is_rtl and not shaped:  # no FriBiDi: at least put the letters in visual order
            text = "".join(reversed(list(useg.graphemes(text, True))))
        w = _measure(run.face, size, text, is_rtl)
        out.append(Run(text, run.face, is_rtl, x, w))
        x += w
    return Line(tuple(out), x)


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
            ink_left = x + first.x + _ink_box(first.face, block.size, first.text, first.rtl)[0]
            ink_right = x + last.x + _ink_box(last.face, block.size, last.text, last.rtl)[2]
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

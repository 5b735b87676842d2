"""Text in fonts: grapheme clusters, font fallback, and lines as runs.

:func:`cluster_faces` gives each grapheme cluster (UAX #29) the first font
that covers it; spaces and punctuation keep the font of their neighbours, so
a Korean phrase in quotes stays in one font. A line is cut into runs of one
font and one direction, put in visual order (a small bidi pass) and
measured with the same fonts, direction and layout engine used to draw.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import unicode_segmentation_rs as useg

from sharekit.card._fonts import Face, FontStack, has_raqm, is_neutral, pil_font

__all__ = [
    "Line",
    "Piece",
    "Run",
    "Unit",
    "cluster_faces",
    "ink_box",
    "make_line",
    "make_unit",
    "measure",
    "text_direction",
    "unit_widths",
]

# Separators that CJK fonts draw full width: take them from the first font
# (Latin), not from a CJK neighbour ("김다니엘 · 2024년").
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


# A NamedTuple rather than a frozen dataclass: make_line builds one for every
# join on every card, and a tuple is built in about half the time.
class Piece(NamedTuple):
    """Text in one face and one direction: a piece of a unit, or a logical
    run of a line (``make_line`` joins pieces into runs before placing them)."""

    text: str
    face: Face
    direction: int  # 1 rtl, -1 ltr, 0 neutral


@dataclass(frozen=True, slots=True)
class Unit:
    """Text between two break opportunities, split into font pieces."""

    pieces: tuple[Piece, ...]
    # The white space it ends with, in the (text) font that draws it; not
    # counted or drawn at a line end.
    trailing: Piece | None = None


def text_direction(text: str) -> int:
    """1 when the first strong character is right-to-left, -1 left-to-right, 0 when none is."""
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return 1
        if bidi == "L":
            return -1
    return 0


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


def make_unit(group: list[tuple[str, Face]]) -> Unit:
    """A break group as a unit: pieces per face, the white space it ends with apart."""
    text = "".join(c for c, _ in group)
    body_length = len(text.rstrip())
    pieces: list[Piece] = []
    consumed = 0
    trailing: list[tuple[str, Face]] = []
    for cluster, face in group:
        if consumed >= body_length:
            trailing.append((cluster, face))
            continue
        consumed += len(cluster)
        if pieces and pieces[-1].face is face:
            pieces[-1] = Piece(pieces[-1].text + cluster, face, 0)
        else:
            pieces.append(Piece(cluster, face, 0))
    pieces = [Piece(p.text, p.face, text_direction(p.text)) for p in pieces]
    if not pieces:  # white space only
        return Unit((Piece(text, group[0][1], 0),))
    if not trailing:
        return Unit(tuple(pieces))
    # The clusters after the body: the same text as text[body_length:] unless
    # a cluster holds both (a prepended mark and a space), then that space
    # stays in the body.
    space = "".join(c for c, _ in trailing)
    return Unit(tuple(pieces), Piece(space, trailing[0][1], 0))


# --- measuring ---------------------------------------------------------------


@functools.lru_cache(maxsize=16384)
def measure(face: Face, size: int, text: str, rtl: bool) -> float:
    """The advance of *text* in *face* at *size*, shaped as it is drawn."""
    font = pil_font(face, size)
    if has_raqm():
        return float(font.getlength(text, direction="rtl" if rtl else "ltr"))
    return float(font.getlength(text))


@functools.lru_cache(maxsize=4096)
def ink_box(face: Face, size: int, text: str, rtl: bool) -> tuple[float, float, float, float]:
    """The ink of *text* drawn at origin (0, baseline): left, top, right, bottom."""
    font = pil_font(face, size)
    if has_raqm():
        box = font.getbbox(text, anchor="ls", direction="rtl" if rtl else "ltr")
    else:
        box = font.getbbox(text, anchor="ls")
    return float(box[0]), float(box[1]), float(box[2]), float(box[3])


def unit_widths(unit: Unit, size: int, rtl: bool) -> tuple[float, float]:
    """(width without, width with) the trailing space of *unit* at *size*."""
    body = sum(
        measure(p.face, size, p.text, p.direction == 1 or (p.direction == 0 and rtl))
        for p in unit.pieces
    )
    if unit.trailing is None:
        return body, body
    return body, body + measure(unit.trailing.face, size, unit.trailing.text, rtl)


# --- lines ---------------------------------------------------------------------


def make_line(units: Sequence[Unit], size: int, rtl: bool) -> Line:
    """*units* as one line: runs in visual order, placed and measured (*rtl*: base direction)."""
    # Logical pieces of the line, trailing space of the last unit dropped.
    pieces: list[Piece] = []
    for i, unit in enumerate(units):
        pieces.extend(unit.pieces)
        if unit.trailing is not None and i < len(units) - 1:
            pieces.append(unit.trailing)
    # Logical runs: neighbours in one face join unless their directions
    # differ; a neutral run takes the direction of the first strong piece it joins.
    runs: list[Piece] = []
    for piece in pieces:
        last = runs[-1] if runs else None
        if (
            last is not None
            and last.face is piece.face
            and (piece.direction == 0 or last.direction in (0, piece.direction))
        ):
            runs[-1] = Piece(last.text + piece.text, last.face, last.direction or piece.direction)
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
        w = measure(run.face, size, text, is_rtl)
        out.append(Run(text, run.face, is_rtl, x, w))
        x += w
    return Line(tuple(out), x)

"""Where a line may break, and where it does: units between break opportunities, then lines.

:func:`prepare` cuts text into units at the line-break opportunities of
UAX #14 (which already forbids breaks before closing and after opening CJK
punctuation), adds the word breaks of Thai, Lao, Khmer and Myanmar from
ICU's dictionaries, and joins units at Hangul junctions (Korean breaks
between words only, CSS ``keep-all``). :func:`greedy` fills lines to a
width; :func:`balanced` finds the narrowest width that keeps the same line
count (CSS ``text-wrap: balance``) and avoids a one-word last line.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import unicode_segmentation_rs as useg

from sharekit.card._fonts import Face, FontStack
from sharekit.card._runs import Unit, cluster_faces, make_unit, text_direction

__all__ = [
    "Prepared",
    "balanced",
    "dictionary_breaks",
    "greedy",
    "is_sa",
    "line_width",
    "prepare",
]

logger = logging.getLogger("sharekit")

# A spaced dash ends a line rather than starting one ("word — word").
_DASHES = frozenset("—–")


def is_sa(ch: str) -> bool:
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
    if not any(is_sa(ch) for ch in text):
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
        if 0 < position < len(text) and (is_sa(text[position - 1]) or is_sa(text[position])):
            out.add(position)
    return out


def _is_hangul(ch: str) -> bool:
    """A Hangul syllable or jamo."""
    cp = ord(ch)
    return 0xAC00 <= cp <= 0xD7A3 or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F


# --- units -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prepared:
    """Text cut into units, what no font covers, and whether it reads right to left."""

    units: tuple[Unit, ...]
    missing: tuple[str, ...]
    rtl: bool


@functools.lru_cache(maxsize=256)
def prepare(text: str, stack: FontStack) -> Prepared:
    """*text* in *stack*'s fonts, cut into units at the break opportunities it may break at."""
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
    units = tuple(make_unit(group) for group in merged)
    first_strong = text_direction(clean)
    return Prepared(units, missing, first_strong == 1)


# --- breaking into lines ------------------------------------------------------


def greedy(widths: Sequence[tuple[float, float]], limit: float) -> list[int] | None:
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


def line_width(widths: Sequence[tuple[float, float]], start: int, end: int) -> float:
    """The width of units *start* to *end* on one line (the last one's trailing space left out)."""
    return sum(w[1] for w in widths[start : end - 1]) + widths[end - 1][0]


def balanced(widths: Sequence[tuple[float, float]], limit: float) -> list[int] | None:
    """Break points giving the greedy line count with the narrowest widest line."""
    starts = greedy(widths, limit)
    if starts is None or len(starts) == 1:
        return starts
    count = len(starts)
    low = max(w[0] for w in widths)
    high = limit
    for _ in range(18):  # to well under a pixel
        mid = (low + high) / 2
        trial = greedy(widths, mid)
        if trial is not None and len(trial) <= count:
            high = mid
        else:
            low = mid
    best = greedy(widths, high) or starts
    # Avoid a one-unit last line: pull units down from the line above while
    # the line above keeps two or more units and nothing exceeds *limit*.
    while len(best) >= 2 and len(widths) - best[-1] == 1 and best[-1] - best[-2] > 2:
        moved = [*best[:-1], best[-1] - 1]
        if line_width(widths, moved[-1], len(widths)) > limit:
            break
        best = moved
    return best

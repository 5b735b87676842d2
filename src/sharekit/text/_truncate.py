"""Shorten text for a platform's length limit without breaking what a reader sees.

Limits are counted in code points (``len()``), the unit the platforms'
documentation means by "characters"; the cut falls only on an extended
grapheme cluster boundary (UAX #29), so an emoji ZWJ sequence, a flag, a
skin-tone modifier, a Hangul syllable written as jamo or a letter with
combining marks is kept whole or dropped whole. The result, ellipsis
included, never exceeds the limit.

Where to cut, in order of preference (never losing more than half of the room):
the last white space; the last line-break opportunity of UAX #14 (between
CJK ideographs, after a hyphen); the last grapheme boundary. Segmentation
comes from unicode-segmentation-rs (the Rust ``unicode-segmentation`` and
``unicode-linebreak`` crates), which the card renderer uses for line breaking.
"""

from __future__ import annotations

from itertools import accumulate

__all__ = ["ELLIPSIS", "graphemes", "truncate"]

ELLIPSIS = "…"
# Trailing clusters dropped before the ellipsis: "Seoul, …" reads worse than "Seoul…".
_TRAILING = frozenset(" ,;:.…-–—、，。・")


def graphemes(text: str) -> list[str]:
    """The extended grapheme clusters of ``text``."""
    from unicode_segmentation_rs import graphemes as split

    return list(split(text, True))


def _line_breaks(text: str) -> set[int]:
    from unicode_segmentation_rs import line_break_units

    return set(accumulate(len(unit) for unit in line_break_units(text)))


def truncate(text: str, limit: int | None, ellipsis: str = ELLIPSIS) -> str:
    """``text`` cut to at most ``limit`` code points at a word or grapheme boundary + ``ellipsis``.

    ``limit=None`` means no limit. Text that fits is returned unchanged.
    """
    if limit is None or len(text) <= limit:
        return text
    if limit <= len(ellipsis):
        raise ValueError(f"limit {limit} leaves no room for the text before {ellipsis!r}")
    budget = limit - len(ellipsis)
    clusters = graphemes(text)
    ends = list(accumulate(len(cluster) for cluster in clusters))  # grapheme boundaries
    fitting = [end for end in ends if end <= budget]
    breaks = _line_breaks(text)
    words = [end for end in fitting if end in breaks and text[end - 1].isspace()]
    lines = [end for end in fitting if end in breaks]
    floor = budget / 2
    if words and words[-1] >= floor:
        cut = words[-1]
    elif lines and lines[-1] >= floor:
        cut = lines[-1]
    else:
        cut = fitting[-1] if fitting else 0
    kept = clusters[: ends.index(cut) + 1] if cut else []
    while kept and (kept[-1] in _TRAILING or kept[-1].isspace()):
        kept.pop()
    return "".join(kept) + ellipsis

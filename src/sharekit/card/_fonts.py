"""Font discovery and coverage: which font draws which character.

Fonts are tried in this order for each grapheme cluster:

1. the user's fonts (``[card] fonts``), in the order given;
2. the bundled fonts (``assets/fonts``, described by its ``manifest.json``:
   Latin/Greek/Cyrillic first, then the CJK face that suits the text's
   language, then the other scripts, colour emoji last, or first for a
   cluster that is an emoji);
3. system fonts found in one ``fc-list`` listing per process (a last resort,
   looked up per character in memory).

Everything that holds memory is bounded (``lru_cache`` with a max size), so
rendering thousands of cards in one process keeps its memory flat. Pillow is
imported only inside the functions that open fonts.
"""

from __future__ import annotations

import bisect
import functools
import json
import logging
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sharekit.card._cmap import read_faces
from sharekit.errors import InputError, SharekitError

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

__all__ = [
    "Coverage",
    "Face",
    "FontStack",
    "bundled_dir",
    "bundled_faces",
    "font_stack",
    "has_raqm",
    "pil_font",
    "script_hint",
]

logger = logging.getLogger("sharekit")


class Coverage:
    """A set of code points stored as sorted, disjoint ranges."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        pairs = sorted(ranges)
        self._starts = [a for a, _ in pairs]
        self._ends = [b for _, b in pairs]

    @classmethod
    def parse(cls, text: str) -> Coverage:
        """Read the manifest form: ``"20-7e a0 ac00-d7a3"`` (hex)."""
        pairs = []
        for item in text.split():
            first, _, last = item.partition("-")
            pairs.append((int(first, 16), int(last or first, 16)))
        return cls(pairs)

    def __contains__(self, cp: object) -> bool:
        if not isinstance(cp, int):
            return False
        i = bisect.bisect_right(self._starts, cp) - 1
        return i >= 0 and cp <= self._ends[i]

    def __len__(self) -> int:
        return sum(b - a + 1 for a, b in zip(self._starts, self._ends, strict=True))


@dataclass(frozen=True, eq=False)
class Face:
    """One face of a font file, at the weight it is drawn with.

    Faces compare by identity: the loaders below return the same object for
    the same file, so they are cheap cache keys.
    """

    path: str
    index: int
    family: str
    # latin, ko, ja, zh-Hans, zh-Hant, ar, he, an ISO 15924 script code for the
    # other scripts (Deva, Thai, Mymr...: see the manifest), emoji, user, system
    role: str
    weight: int
    variable: bool = False
    color: bool = False
    languages: tuple[str, ...] = ()
    coverage: Coverage = field(default_factory=lambda: Coverage(()), repr=False)

    def covers(self, cluster: str) -> bool:
        return all(ord(c) in self.coverage or _ignorable(ord(c)) for c in cluster)


def _ignorable(cp: int) -> bool:
    # Joiners, variation selectors and tags: shaped away, need no glyph of their own.
    return (
        cp in (0x200C, 0x200D, 0x2060, 0xFEFF)
        or 0xFE00 <= cp <= 0xFE0F
        or 0xE0020 <= cp <= 0xE007F
        or 0xE0100 <= cp <= 0xE01EF
        or 0x200E <= cp <= 0x200F
        or 0x202A <= cp <= 0x202E
        or 0x2066 <= cp <= 0x2069
    )


# --- bundled fonts -----------------------------------------------------------


def bundled_dir() -> Path:
    """The bundled fonts: in the installed package, else in the source tree."""
    here = Path(__file__).resolve()
    installed = here.parent.parent / "assets" / "fonts"
    if (installed / "manifest.json").is_file():
        return installed
    return here.parents[3] / "assets" / "fonts"  # src/sharekit/card/_fonts.py -> repo


@dataclass(frozen=True, eq=False)
class _Bundled:
    face: Face
    weights: tuple[int, ...]
    sha256: str
    bytes: int


@functools.cache
def _manifest() -> tuple[_Bundled, ...]:
    folder = bundled_dir()
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    out = []
    for entry in data["fonts"]:
        weights = tuple(entry["weights"])
        face = Face(
            path=str(folder / entry["file"]),
            index=0,
            family=entry["family"],
            role=entry["role"],
            weight=weights[0],
            variable=entry["variable"],
            color=entry["color"],
            languages=tuple(entry["languages"]),
            coverage=Coverage.parse(entry["coverage"]),
        )
        out.append(_Bundled(face, weights, entry["sha256"], entry["bytes"]))
    return tuple(out)


def bundled_faces() -> list[Face]:
    """Every bundled face, as listed in the manifest."""
    return [b.face for b in _manifest()]


def manifest_entries() -> list[tuple[Face, str, int]]:
    """(face, sha256, bytes) of every bundled file, for integrity checks."""
    return [(b.face, b.sha256, b.bytes) for b in _manifest()]


@functools.lru_cache(maxsize=64)
def _bundled_at(role: str, weight: int) -> Face | None:
    """The bundled face for *role* closest to *weight* (a variable face is set to it)."""
    best: tuple[int, _Bundled] | None = None
    for b in _manifest():
        if b.face.role != role:
            continue
        if b.face.variable and b.weights[0] <= weight <= b.weights[-1]:
            return replace(b.face, weight=weight)
        distance = min(abs(w - weight) for w in b.weights)
        if best is None or distance < best[0]:
            best = (distance, b)
    return None if best is None else best[1].face


# --- user and system fonts ---------------------------------------------------


@functools.lru_cache(maxsize=128)
def _file_faces(path: str, size: int, mtime: float) -> tuple[Face, ...]:
    """Faces of a font file; the key includes size and mtime so edits are seen."""
    del size, mtime
    infos = read_faces(Path(path))
    name = Path(path).stem
    return tuple(
        Face(
            path=path,
            index=info.index,
            family=name,
            role="user",
            weight=info.weight,
            color=info.color,
            coverage=Coverage(info.ranges),
        )
        for info in infos
    )


def user_faces(paths: Sequence[Path]) -> tuple[Face, ...]:
    """Faces of the configured font files (raises ``ValueError`` for a non-font)."""
    out: list[Face] = []
    for path in paths:
        stat = Path(path).stat()
        out.extend(_file_faces(str(Path(path).resolve()), stat.st_size, stat.st_mtime))
    return tuple(out)


_SCORE_WORDS = (("sans", 1), ("noto", 1))
_PENALTY_WORDS = ("serif", "mono", "math", "italic", "oblique", "condensed", "emoji")


@dataclass(frozen=True)
class _SystemFont:
    file: str
    index: int
    family: str
    style: str
    weight: str
    coverage: Coverage


@functools.cache
def _system_fonts() -> tuple[_SystemFont, ...]:
    """Every system font with its coverage: ONE ``fc-list`` per process.

    Asking fontconfig per character (``:charset=CP``) cost a process per
    distinct character: a 10,000-character headline of random scripts spent
    45 s in ``fc-list``. The whole listing with charsets takes one call of
    about 30 ms and half a megabyte for 300 fonts.
    """
    if shutil.which("fc-list") is None:
        return ()
    try:
        result = subprocess.run(
            [
                "fc-list",
                "--format",
                "%{file}\t%{index}\t%{family[0]}\t%{style[0]}\t%{weight}\t%{color}\t%{charset}\n",
            ],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    fonts = []
    for line in result.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) != 7 or parts[5] == "True":  # colour fonts: the bundled emoji covers those
            continue
        file, index, family, style, fc_weight, _, charset = parts
        if not file.lower().endswith((".ttf", ".otf", ".ttc")):
            continue
        try:
            coverage = Coverage.parse(charset)
            number = int(index or 0)
        except ValueError:
            continue
        fonts.append(_SystemFont(file, number, family, style, fc_weight, coverage))
    return tuple(fonts)


@functools.lru_cache(maxsize=512)
def system_face_for(cp: int, weight: int) -> Face | None:
    """A system font covering *cp*, found in fontconfig's listing (``None`` if none)."""
    wanted = 80 if weight <= 500 else 200  # fontconfig weights: 80 regular, 200 bold
    scored = []
    for font in _system_fonts():
        if cp not in font.coverage:
            continue
        text = f"{font.family} {font.style}".lower()
        score = 3 if font.weight.strip("[]").split()[0] == str(wanted) else 0
        score += sum(points for word, points in _SCORE_WORDS if word in text)
        score -= sum(2 for word in _PENALTY_WORDS if word in text)
        scored.append((-score, font.file, font.index, font.family))
    for _, found, face_index, found_family in sorted(scored):
        try:
            stat = Path(found).stat()
            faces = _file_faces(found, stat.st_size, stat.st_mtime)
        except (OSError, ValueError, IndexError, SharekitError):
            continue
        for face in faces:
            if face.index == face_index and cp in face.coverage:
                return replace(face, role="system", family=found_family)
    return None


# --- the stack of fonts for one text ----------------------------------------

_CJK_ROLE = {
    "ko": "ko",
    "ja": "ja",
    "zh-hant": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
    "zh": "zh-Hans",
}


def script_hint(text: str, lang: str | None) -> str:
    """Which CJK face should draw Han characters: from the language, else the text."""
    tag = (lang or "").lower().replace("_", "-")
    for prefix in ("zh-hant", "zh-tw", "zh-hk", "zh-mo", "zh", "ko", "ja"):
        if tag == prefix or tag.startswith(prefix + "-"):
            return _CJK_ROLE[prefix]
    for ch in text:
        cp = ord(ch)
        if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF:
            return "ja"
        if 0xAC00 <= cp <= 0xD7A3 or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F:
            return "ko"
    return "zh-Hans"


_ORDER = ("latin", "ko", "ja", "zh-Hans", "zh-Hant", "ar", "he")


@functools.cache
def _roles() -> tuple[str, ...]:
    """The text roles in the order tried: ``_ORDER``, then the other scripts of
    the manifest in its order (each covers one script, so their order matters
    only for shared punctuation and digits, which Latin has first anyway)."""
    others = [b.face.role for b in _manifest() if b.face.role not in (*_ORDER, "emoji")]
    return (*_ORDER, *dict.fromkeys(others))


@dataclass(frozen=True, eq=False)
class FontStack:
    """The fonts one text box may use, in the order they are tried."""

    faces: tuple[Face, ...]
    weight: int

    def pick(self, cluster: str) -> Face | None:
        """The face that draws *cluster*, or ``None`` when nothing covers it."""
        return _pick(self, cluster)


@functools.lru_cache(maxsize=32)
def font_stack(hint: str, weight: int, extra: tuple[str, ...] = ()) -> FontStack:
    """Fonts for text whose Han characters follow *hint* (see ``script_hint``).

    *extra* are the user's font files (``[card] fonts``), tried first.
    """
    faces: list[Face] = list(user_faces([Path(p) for p in extra]))
    roles = ["latin", hint, *(r for r in _roles() if r not in ("latin", hint))]
    for role in roles:
        face = _bundled_at(role, weight)
        if face is not None:
            faces.append(face)
    emoji = _bundled_at("emoji", 400)
    if emoji is not None:
        faces.append(emoji)
    return FontStack(tuple(faces), weight)


@functools.lru_cache(maxsize=4096)
def _pick(stack: FontStack, cluster: str) -> Face | None:
    emoji = is_emoji(cluster)
    candidates = (
        sorted(stack.faces, key=lambda f: f.color != emoji)
        if emoji
        else [f for f in stack.faces if not f.color] + [f for f in stack.faces if f.color]
    )
    for face in candidates:
        if face.covers(cluster):
            return face
    base = next((ord(c) for c in cluster if not _ignorable(ord(c))), None)
    if base is None:
        return None
    found = system_face_for(base, stack.weight)
    if found is not None and found.covers(cluster):
        return found
    return None


def _code_points(spans: str) -> frozenset[int]:
    """Code points written as in Unicode's data files: "231A..231B 23F0"."""
    out: set[int] = set()
    for span in spans.split():
        first, _, last = span.partition("..")
        out.update(range(int(first, 16), int(last or first, 16) + 1))
    return frozenset(out)


# Emoji_Presentation=Yes below U+1F000 (emoji-data.txt, Unicode 15): these are
# emoji without a variation selector. Everything from U+1F000 on is treated
# as emoji too (no text font we ship covers it).
_EMOJI_BMP = _code_points(
    "231A..231B 23E9..23EC 23F0 23F3 25FD..25FE 2614..2615 2648..2653 267F 2693 26A1"
    " 26AA..26AB 26BD..26BE 26C4..26C5 26CE 26D4 26EA 26F2..26F3 26F5 26FA 26FD 2705"
    " 270A..270B 2728 274C 274E 2753..2755 2757 2795..2797 27B0 27BF 2B1B..2B1C 2B50 2B55"
)


def is_emoji(cluster: str) -> bool:
    """Whether a grapheme cluster is shown as a (colour) emoji."""
    if "\ufe0e" in cluster:  # VS15: text presentation requested
        return False
    if "\ufe0f" in cluster or "\u20e3" in cluster:
        return True
    cp = ord(cluster[0])
    return 0x1F000 <= cp <= 0x1FAFF or cp in _EMOJI_BMP


def is_neutral(cluster: str) -> bool:
    """Spaces, punctuation and symbols: they take the font of their neighbours."""
    category = unicodedata.category(cluster[0])
    return (
        category[0] in "ZP"
        or (category[0] == "S" and not is_emoji(cluster))
        or (category == "Nd" and cluster[0] < "\x80")
    )


# --- Pillow ------------------------------------------------------------------


@functools.cache
def has_raqm() -> bool:
    """Whether Pillow can shape text (raqm + FriBiDi); warns once when it cannot."""
    from PIL import features

    ok = bool(features.check("raqm"))
    if not ok:
        logger.warning(
            "Pillow's complex text layout (raqm) is unavailable, usually because the "
            "FriBiDi library is missing: Arabic will not join, right-to-left text is "
            "reordered by sharekit without shaping, and Indic scripts are not shaped. "
            "Install libfribidi0 (Debian/Ubuntu), fribidi (Fedora, Homebrew, Alpine)."
        )
    return ok


@functools.lru_cache(maxsize=48)
def pil_font(face: Face, size: int) -> FreeTypeFont:
    """A Pillow font for *face* at *size* px, variation applied (bounded cache)."""
    from PIL import ImageFont

    engine = ImageFont.Layout.RAQM if has_raqm() else ImageFont.Layout.BASIC
    try:
        font = ImageFont.truetype(face.path, size, index=face.index, layout_engine=engine)
    except (OSError, ValueError) as error:  # FreeType refuses a font whose cmap looked fine
        raise InputError(face.path, None, f"not a usable font: {error}") from None
    if face.variable:
        font.set_variation_by_axes([face.weight])
    return font


def clear_caches() -> None:
    """Forget every cached font and lookup (tests; a long-lived process after edits)."""
    for cached in (_pick, font_stack, pil_font, system_face_for, _file_faces, _bundled_at):
        cached.cache_clear()
    _system_fonts.cache_clear()

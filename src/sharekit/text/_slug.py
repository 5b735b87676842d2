"""Slugs: one safe URL path segment from any headline, in any script.

python-slugify does the transliteration and clean-up; before it, headline
punctuation is tidied (quotes vanish, ``U.S.`` becomes ``us``, ``&`` becomes
``and``, apostrophes do not split words) and Korean and Japanese go through
real romanisers chosen by the record's language or, without one, the script.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable
from typing import Any

from sharekit.errors import InputError

__all__ = ["is_safe_slug", "section_key", "slugify", "unique_slug"]


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """Compiled on first use: compiling them at import costs `sharekit slug` ~10 ms."""
    return {
        "hangul": re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]"),
        "kana": re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]"),
        "han": re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"),
        # Initialisms such as U.S. or U.K.: the dots go so they stay one word.
        "initialism": re.compile(r"\b(?:[^\W\d_]\.){2,}(?![^\W\d_])"),
        # An apostrophe inside a word (Korea's, don’t) joins rather than splits.
        "apostrophe": re.compile(r"(?<=[^\W_])['’‘`´ʼ](?=[^\W_])"),
        "quotes": re.compile('["“”„‟‘’‚‛«»‹›「」『』〝〞〟＂＇`´]'),
        "ampersand": re.compile(r"\s&\s|^&\s|\s&$"),
        "safe": re.compile(r"[^\x00-\x20/\\?#%\x7f]+"),
    }


_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "clock$"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
)
# Longer slugs overflow common URL and column limits (WordPress keeps 200).
_MAX_BYTES = 200
# Characters of the input considered: room for _MAX_BYTES of slug after romanisation,
# punctuation and stopwords have dropped what they drop.
_MAX_INPUT = 1000


def _language(text: str, lang: str | None) -> str | None:
    if lang:
        primary = lang.replace("_", "-").split("-")[0].lower()
        if primary in ("ko", "ja", "zh"):
            return primary
    patterns = _patterns()
    if patterns["kana"].search(text):
        return "ja"
    if patterns["hangul"].search(text):
        return "ko"
    if patterns["han"].search(text):
        return "zh"
    return None


@functools.cache
def _kakasi() -> Any:
    try:
        import pykakasi
    except ImportError:
        import logging

        logging.getLogger("sharekit").warning(
            "Japanese slugs: pykakasi is not installed, so Japanese titles keep their "
            "kana and kanji in slugs (never Chinese readings); install sharekit[ja] for romaji"
        )
        return None
    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


def _romanize_japanese(text: str) -> str:
    kakasi = _kakasi()
    if kakasi is None:
        return text
    return " ".join(item["hepburn"] for item in kakasi.convert(text))


def _prepare(text: str, lang: str | None, ampersand: str, *, romanise: bool) -> str:
    patterns = _patterns()
    text = patterns["apostrophe"].sub("", text)
    text = patterns["quotes"].sub(" ", text)
    text = patterns["initialism"].sub(lambda m: m.group(0).replace(".", ""), text)
    if ampersand:
        text = patterns["ampersand"].sub(f" {ampersand} ", text)
    text = text.replace("&", "")  # AT&T -> att; entities were never decoded here
    language = _language(text, lang) if romanise else None
    if language == "ko":
        from sharekit.text._korean import romanize

        text = romanize(text)
    elif language == "ja":
        text = _romanize_japanese(text)
    return text


def _fallback(text: str) -> str:
    """A stable slug for text with nothing to transliterate (emoji, symbols)."""
    import hashlib

    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return f"article-{digest[:8]}"


def slugify(
    text: str,
    *,
    lang: str | None = None,
    max_length: int | None = None,
    separator: str = "-",
    stopwords: Iterable[str] = (),
    allow_unicode: bool = False,
    ampersand: str = "and",
) -> str:
    """Make one safe URL path segment from ``text``.

    ``lang`` (BCP 47) picks the romaniser: Korean in Revised Romanization,
    Japanese through pykakasi (extra ``sharekit[ja]``; without it a Japanese
    title keeps its kana and kanji, never a Chinese reading), Chinese in pinyin;
    without it the script decides. ``allow_unicode`` keeps letters of every
    script (Hangul stays Hangul). ``max_length`` cuts at a word boundary.
    The result is never empty and never contains ``/``, ``\\``, ``..`` or
    control characters, and the same input always gives the same slug.
    """
    from slugify import slugify as base_slugify

    if not separator or not _patterns()["safe"].fullmatch(separator) or "." in separator:
        raise InputError("option", "separator", f"not a safe separator: {separator!r}")
    if max_length is not None and max_length < 1:
        raise InputError("option", "max_length", f"expected a positive integer, got {max_length}")
    if not allow_unicode and _language(text[:_MAX_INPUT], lang) == "ja" and _kakasi() is None:
        # Without a Japanese reader, unidecode would read kanji as Mandarin: a
        # Unicode slug is right where pinyin would be wrong (SPEC 7.3).
        allow_unicode = True
    # Work bounded by what is kept: a slug holds at most 200 bytes, so romanising more than
    # _MAX_INPUT characters of the title (a 40,000-character title took 40 s) changes nothing.
    prepared = _prepare(text[:_MAX_INPUT], lang, ampersand, romanise=not allow_unicode)
    slug = base_slugify(
        prepared,
        separator=separator,
        stopwords=tuple(stopwords),
        allow_unicode=allow_unicode,
        backend="text-unidecode",
        algorithm="modern" if allow_unicode else "legacy",
    )
    slug = slug.strip(separator + ".")
    slug = _cut(slug, max_length or _MAX_BYTES, separator)
    if slug.lower() in _RESERVED:
        slug = f"{slug}{separator}article"
    if not is_safe_slug(slug):
        slug = _fallback(text)
    slug = _cut(slug, max_length or _MAX_BYTES, separator)
    # a short max_length can cut "com0-article" back to a reserved device name: "com0"
    return slug if is_safe_slug(slug) else _cut(_fallback(text), max_length or _MAX_BYTES, "-")


def _cut(slug: str, limit: int, separator: str) -> str:
    """Shorten to ``limit`` characters and ``_MAX_BYTES`` UTF-8 bytes, at a separator."""
    if len(slug) <= limit and len(slug.encode("utf-8")) <= _MAX_BYTES:
        return slug
    cut = slug[:limit]
    while len(cut.encode("utf-8")) > _MAX_BYTES:
        cut = cut[: len(cut) * 9 // 10]
    if slug[len(cut) : len(cut) + len(separator)] != separator and separator in cut:
        cut = cut[: cut.rindex(separator)]  # whole words only; a lone long word is hard-cut
    return cut.strip(separator) or cut


def is_safe_slug(slug: str) -> bool:
    """True when ``slug`` is usable as one path segment on every file system."""
    return (
        bool(slug)
        and bool(_patterns()["safe"].fullmatch(slug))
        and ".." not in slug
        and not slug.startswith(".")
        and not slug.endswith((".", " "))
        and slug.lower().split(".")[0] not in _RESERVED
        and not any(c in slug for c in '<>:"|*')
        and len(slug.encode("utf-8")) <= _MAX_BYTES
    )


def unique_slug(slug: str, existing: Collection[str], *, separator: str = "-") -> str:
    """``slug``, or the first of ``slug-2``, ``slug-3``... not in ``existing`` (as WordPress)."""
    if slug not in existing:
        return slug
    number = 2
    while f"{slug}{separator}{number}" in existing:
        number += 1
    return f"{slug}{separator}{number}"


@functools.lru_cache(maxsize=4096)
def section_key(section: str, *, allow_unicode: bool = False) -> str:
    """A section's folder name and identity: sections with the same slug are one section.

    Used for ``sections/KEY/`` feed folders, their links in the head tags,
    and to match entries to section feeds, so the three always agree.
    ``allow_unicode`` (``[slug] unicode``, SPEC 8.4) names the folder in its
    native letters; identity (matching) always uses the default key.
    """
    return slugify(section, allow_unicode=allow_unicode) if section else ""

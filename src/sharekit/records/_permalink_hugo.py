"""Hugo's URLs for a regular page: ``url``, ``slug``, ``[permalinks]`` tokens, bundles,
language prefixes, lower-casing and ``uglyURLs``.

From Hugo's source: ``resources/page/permalinks.go`` (the tokens, ``urlize``),
``common/paths.Sanitize`` (which characters a path keeps),
``resources/page/page_paths.go`` (``CreateTargetPaths``: how the link is put
together) and ``hugolib/page__paths.go`` (slug over the base name, the
language prefix).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, unquote

__all__ = ["HugoPage", "hugo_link", "sanitize", "urlize"]

_ATTRIBUTE = re.compile(r":\w+(\[.+?\])?")
_WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


def _allowed(char: str, text: str, index: int) -> bool:
    """``paths.isAllowedPathCharacter``."""
    if char == " ":
        return False
    category = unicodedata.category(char)
    if category[0] in "LM" or category == "Nd" or char in "./\\_#+~-@":
        return True
    return char == "%" and re.fullmatch(r"[0-9a-fA-F]{2}", text[index + 1 : index + 3]) is not None


def sanitize(text: str) -> str:
    """``paths.Sanitize``: other characters dropped, a run of spaces becomes one hyphen."""
    out: list[str] = []
    hyphen_pending = was_hyphen = False
    for index, char in enumerate(text):
        if _allowed(char, text, index):
            was_hyphen = char == "-"
            if hyphen_pending and not was_hyphen:
                out.append("-")
            hyphen_pending = False
            out.append(char)
        elif out and not was_hyphen and char.isspace():
            hyphen_pending = True
    return "".join(out)


def urlize(text: str, lower: bool = True) -> str:
    """``PathSpec.URLize``: sanitized, lower-cased unless ``disablePathToLower``."""
    result = sanitize(text)
    return result.lower() if lower else result


@dataclass(frozen=True, slots=True)
class HugoPage:
    """What Hugo's path rules read from a regular page."""

    title: str
    slug: str  # front matter slug, or ""
    url: str  # front matter url, or ""
    date: datetime | None
    sections: Sequence[str]  # from the content root: ("posts",) or ("docs", "guide")
    container: Sequence[str]  # the folders holding the page (a bundle: its folder's parents)
    base_name: str  # the bundle's folder, or the file name without language and extension
    file_base: str  # the file's name without language and extension ("index" in a bundle)
    lang_prefix: str  # "zh-cn" or "" (the default language, not in a subfolder)
    ugly: bool = False
    lower: bool = True


_GO_LAYOUT = (
    ("January", "%B"), ("Jan", "%b"), ("Monday", "%A"), ("Mon", "%a"),
    ("2006", "%Y"), ("06", "%y"), ("01", "%m"), ("02", "%d"), ("15", "%H"),
    ("03", "%I"), ("04", "%M"), ("05", "%S"), ("PM", "%p"),
)  # fmt: skip
_REFERENCE = datetime(2019, 11, 9, 23, 1, 42)  # permalinks.go's referenceTime
_GO_UNPADDED = {"1": "month", "2": "day", "3": "hour12", "4": "minute", "5": "second"}


def _go_format(layout: str, date: datetime) -> str:
    """Go's ``Time.Format`` for the layout elements a permalink uses (``:06``, ``:1``...)."""
    out, index = [], 0
    while index < len(layout):
        for element, code in _GO_LAYOUT:
            if layout.startswith(element, index):
                out.append(date.strftime(code))
                index += len(element)
                break
        else:
            char = layout[index]
            if char in _GO_UNPADDED:
                values = {"1": date.month, "2": date.day, "3": date.hour % 12 or 12}
                values |= {"4": date.minute, "5": date.second}
                out.append(str(values[char]))
            else:
                out.append(char)
            index += 1
    return "".join(out)


def _date_token(name: str, date: datetime | None) -> str:
    if date is None:
        return ""  # Hugo's zero time would give 0001: no date, no date parts
    named = {
        "year": str(date.year),
        "month": f"{date.month:02d}",
        "monthname": date.strftime("%B"),
        "day": f"{date.day:02d}",
        "weekday": str((date.weekday() + 1) % 7),
        "weekdayname": _WEEKDAYS[(date.weekday() + 1) % 7],
        "yearday": str(date.timetuple().tm_yday),
    }
    return named.get(name) or _go_format(name, date)


def _slice(items: list[str], spec: str) -> list[str]:
    """Hugo's ``[1:]``, ``[:last]``, ``[last]``, ``[1:2]`` (``toSliceFunc``: the end is
    exclusive, ``last`` is the last index, out of range gives nothing rather than an error)."""
    inner = spec[1:-1].strip().lower()

    def index(text: str, low: bool) -> int:
        if not text:
            return 0 if low else len(items)
        if text == "last":
            return len(items) - 1
        number = max(int(text), 0) if text.lstrip("-").isdigit() else 0
        if number >= len(items):
            return -1 if low else len(items)
        return number

    if ":" not in inner:
        at = index(inner, True)
        return [items[at]] if items and at >= 0 else []
    first, _, last = inner.partition(":")
    start, end = index(first, True), index(last, False)
    return items[start:end] if start >= 0 and end >= 0 else []


def _token(name: str, spec: str | None, page: HugoPage) -> str:
    lower = page.lower
    by_name = {
        "section": page.sections[0] if page.sections else "",
        "sections": "/".join(page.sections),
        "title": urlize(page.title, lower),
        "slug": urlize(page.slug or page.title, lower),
        "filename": urlize(page.base_name, lower),
        "slugorfilename": urlize(page.slug or page.base_name, lower),
        "contentbasename": urlize(page.base_name, lower),
        "slugorcontentbasename": urlize(page.slug or page.base_name, lower),
    }
    if name in ("sections", "sectionslugs") and spec:
        return "/".join(_slice(list(page.sections), spec))
    if name in by_name:
        return by_name[name]
    if name in ("sectionslug", "sectionslugs"):
        return urlize(page.sections[0], lower) if page.sections else ""
    if name in ("year", "month", "monthname", "day", "weekday", "weekdayname", "yearday") or (
        _go_format(name, _REFERENCE) != name
    ):
        return _date_token(name, page.date)
    raise ValueError(f"permalink attribute not recognised: :{name}")


def expand(pattern: str, page: HugoPage) -> str:
    """A ``[permalinks]`` pattern (or a ``url`` with tokens) for ``page``."""
    escaped = pattern.replace("\\:", "\x00")
    result = _ATTRIBUTE.sub(
        lambda m: _token(m.group(0)[1:].split("[")[0], m.group(1), page), escaped
    )
    return result.replace("\x00", ":")


def _escape(link: str) -> str:
    """``paths.PathEscape``: non-ASCII and unsafe bytes percent-encoded, ``/`` kept."""
    return quote(link, safe="/:@!$&'()*+,;=-._~%")


def hugo_link(page: HugoPage, pattern: str | None) -> str:
    """The page's site-relative link (``RelPermalink`` without the base path)."""
    if page.url:
        url = page.url
        if ":" in url:
            url = unquote(expand(url, page))
        if ".." in url:
            url = posixpath.join("/", url)
        link = "/" + "/".join(part for part in url.split("/") if part)
        if url.endswith("/") or "." not in url:
            link = link.rstrip("/") + "/"
        prefix = page.lang_prefix
        if prefix and not url.startswith("/") and not link.startswith(f"/{prefix}/"):
            link = f"/{prefix}{link}"
        return _escape(link.replace("#", "%23"))
    if pattern:
        parts = [posixpath.normpath(unquote(expand(pattern, page)))]
    else:
        parts = [*page.container, page.slug or page.base_name]
    parts = [p.strip("/") for p in parts if p and p not in ("/", ".")]
    parts = [(p.lower() if page.lower else p) for p in (sanitize(x) for x in parts)]
    path = "/".join(parts)
    link = "/" + path + (".html" if page.ugly else "/")
    if page.lang_prefix:
        link = f"/{page.lang_prefix}{link}"
    link = re.sub(r"/+", "/", link)
    return _escape(link.replace("#", "%23"))

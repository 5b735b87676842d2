"""Jekyll's URLs: permalink styles, placeholders, slugify and escaping as Jekyll does them.

Rules from Jekyll's source (4.x): ``Configuration::STYLE_TO_PERMALINK`` (the
styles), ``Drops::UrlDrop`` (each placeholder), ``Utils.slugify`` (the modes),
``URL#generate_url_from_drop``, ``URL.escape_path`` and ``URL#sanitize_url``.
A document's URL is site-relative; the site's ``url`` and ``baseurl`` go in
front of it (``absolute_url``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

__all__ = ["JekyllDoc", "jekyll_page_url", "jekyll_url", "slugify_jekyll", "style_template"]

STYLES = {
    "none": "/:categories/:title:output_ext",
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
}
_PLACEHOLDER = re.compile(r":([a-z_]+)")
# URL.escape_path: Addressable's PATH class keeps unreserved, sub-delims, ":", "@" and "/"
_PATH_SAFE = "-._~!$&'()*+,;=:@/"
_PLAIN = re.compile(r"[a-zA-Z0-9./-]+")


def style_template(permalink: str) -> str:
    """``permalink: pretty`` -> its template; a template stays as it is."""
    return STYLES.get(permalink, permalink)


def _is_kept(char: str, extra: str) -> bool:
    """Ruby's ``[\\p{M}\\p{L}\\p{Nd}]`` (plus ``extra``): marks, letters, decimal digits."""
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd" or char in extra


def slugify_jekyll(text: str, mode: str = "default", *, cased: bool = False) -> str:
    """``Utils.slugify``: runs of other characters become one hyphen, none at either end."""
    if mode == "raw":
        slug = re.sub(r"\s+", "-", text)
    elif mode in ("default", "pretty", "ascii", "latin"):
        if mode == "latin":
            text = unicodedata.normalize("NFKD", text)
            text = "".join(c if c.isascii() else "?" for c in text if not unicodedata.combining(c))
        if mode == "ascii" or mode == "latin":
            keep = lambda c: c.isascii() and c.isalnum()  # noqa: E731
        else:
            extra = "._~!$&'()+,;=@" if mode == "pretty" else ""
            keep = lambda c: _is_kept(c, extra)  # noqa: E731
        slug = _runs(text, keep)
    else:
        return text if cased else text.lower()
    slug = re.sub(r"^-|-$", "", slug)
    return slug if cased else slug.lower()


def _runs(text: str, keep: object) -> str:
    """Each run of characters ``keep`` refuses becomes one ``-`` (``gsub(/[^...]+/, "-")``)."""
    out: list[str] = []
    in_run = False
    for char in text:
        if keep(char):  # type: ignore[operator]
            out.append(char)
            in_run = False
        elif not in_run:
            out.append("-")
            in_run = True
    return "".join(out)


def escape_path(value: str) -> str:
    """``URL.escape_path``: percent-encode what a path segment may not hold (``#`` too)."""
    if not value or _PLAIN.fullmatch(value):
        return value
    return quote(value, safe=_PATH_SAFE)


def _sanitize(url: str) -> str:
    """``URL#sanitize_url``: no ``..``, no ``./``, single slashes, one leading slash."""
    result = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub(r"/+", "/", result)


@dataclass(frozen=True, slots=True)
class JekyllDoc:
    """What Jekyll's ``UrlDrop`` reads from a document."""

    collection: str  # "posts"
    path: str  # cleaned_relative_path: "/2014-06-04-name" below the collection folder
    basename: str  # file name without extension (and without the date, for posts: the slug)
    slug: str | None  # front matter slug, or the file name's part after the date
    categories: Sequence[str]
    date: datetime  # in the site's zone
    output_ext: str = ".html"


def _placeholders(doc: JekyllDoc) -> Mapping[str, str]:
    date = doc.date
    title_source = doc.slug if doc.slug is not None else doc.basename
    categories = list(dict.fromkeys(str(c).lower() for c in doc.categories))
    slugged = list(dict.fromkeys(slugify_jekyll(str(c)) for c in doc.categories))
    return {
        "collection": doc.collection,
        "path": doc.path,
        "output_ext": doc.output_ext,
        "name": slugify_jekyll(doc.basename),
        "title": slugify_jekyll(title_source, "pretty", cased=True),
        "slug": slugify_jekyll(title_source),
        "categories": "/".join(categories),
        "slugified_categories": "/".join(slugged),
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "day": f"{date.day:02d}",
        "hour": f"{date.hour:02d}",
        "minute": f"{date.minute:02d}",
        "second": f"{date.second:02d}",
        "i_day": str(date.day),
        "i_month": str(date.month),
        "short_month": date.strftime("%b"),
        "long_month": date.strftime("%B"),
        "short_year": date.strftime("%y"),
        "w_year": str(date.isocalendar()[0]),
        "week": f"{date.isocalendar()[1]:02d}",
        "w_day": str(date.isoweekday()),
        "short_day": date.strftime("%a"),
        "long_day": date.strftime("%A"),
        "y_day": date.strftime("%j"),
    }


class UnknownPlaceholder(ValueError):
    """A placeholder Jekyll would stop the build on (``NoMethodError``)."""


def jekyll_url(template: str, doc: JekyllDoc) -> str:
    """The document's site-relative URL from ``template`` (``URL#generate_url_from_drop``)."""
    values = _placeholders(doc)

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        # "/:month_:day": the regexp takes "month_"; Ruby's chomp! tries "month" too
        pool = [name, name[:-1]] if name.endswith("_") else [name]
        winner = next((key for key in pool if key in values), None)
        if winner is None:
            raise UnknownPlaceholder(
                f"the permalink has :{' or :'.join(pool)}, a placeholder Jekyll does not know"
            )
        return escape_path(values[winner]) + match.group(0)[1 + len(winner) :]

    return _sanitize(_PLACEHOLDER.sub(replace, template))


def jekyll_page_url(template: str, path: str, basename: str, output_ext: str = ".html") -> str:
    """A page's URL (``Page#url``: ``URL#generate_url_from_hash``, only these three keys)."""
    result = template
    for key, value in (("path", path), ("basename", basename), ("output_ext", output_ext)):
        if ":" not in result:
            break
        result = result.replace(f":{key}", escape_path(value))
    return _sanitize(result)

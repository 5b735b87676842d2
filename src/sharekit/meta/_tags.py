"""Head tags for sharing: Open Graph, X cards, standard tags and JSON-LD (SPEC 2.2).

:func:`meta_tags` gives a typed, ordered list of :class:`Tag`;
:func:`render_head` writes it as an HTML fragment for ``<head>`` or as JSON
(a list of tags, for templates). Text goes in as cleaned Unicode and is
escaped exactly once, on output: attribute values escape ``& < > " '``, the
``<title>`` text ``& < >``, and the JSON-LD block writes ``< > &`` and
U+2028/U+2029 as ``\\u`` escapes so that ``</script>`` or ``<!--`` in any
field cannot end it. No network I/O and no Pillow: image facts come from
:mod:`sharekit.images._files`.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any, Literal

from sharekit.card._chain import network_image
from sharekit.config import FEED_FILE_NAMES, Site
from sharekit.images._files import ShareImage
from sharekit.meta._graph import jsonld_graph
from sharekit.meta._media import media_tags, player_tags, x_card
from sharekit.model import Article
from sharekit.text._truncate import truncate

__all__ = ["LIMITS", "HeadHtml", "Tag", "jsonld", "locale_of", "meta_tags", "render_head"]

TagKind = Literal["title", "meta", "link", "jsonld"]

# Hard limits that a platform documents; everything else is left whole (the
# platforms cut titles and descriptions to fit their layout themselves).
# Sources and the reasoning: docs/meta.md.
LIMITS: Mapping[str, int | None] = {
    "twitter:title": 70,
    "twitter:description": 200,
    "twitter:image:alt": 420,
}
FEED_LINKS = {  # [feed] format -> file in the publish output tree (SPEC 2.6), type, label
    "rss": (FEED_FILE_NAMES["rss"], "application/rss+xml", "RSS"),
    "atom": (FEED_FILE_NAMES["atom"], "application/atom+xml", "Atom"),
    "json": (FEED_FILE_NAMES["json"], "application/feed+json", "JSON Feed"),
}
# What a JSON string may not carry raw inside <script>: json.dumps leaves them as is.
_SCRIPT_UNSAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


@dataclass(frozen=True, slots=True)
class Tag:
    """One element of the head, as data.

    ``kind`` is ``title``, ``meta``, ``link`` or ``jsonld``. For ``meta``,
    ``attribute`` is ``property`` (Open Graph) or ``name``, and ``name`` its
    value; for ``link``, ``attribute`` is ``rel`` and ``name`` the relation,
    ``content`` the href, ``type`` and ``title`` optional. ``content`` is
    always raw, unescaped text, except for ``jsonld``, whose ``content`` is
    the JSON text already safe to place inside ``<script>`` as it is.
    """

    kind: TagKind
    name: str = ""
    content: str = ""
    attribute: Literal["property", "name", "rel", ""] = ""
    type: str = ""
    title: str = ""
    hreflang: str = ""  # a link rel=alternate to a language version (SPEC 7.5)

    def __repr__(self) -> str:
        # hreflang only when set, so every other tag reads (and snapshots) as it always has.
        shown = [
            f"{name}={getattr(self, name)!r}"
            for name in ("kind", "name", "content", "attribute", "type", "title")
        ]
        if self.hreflang:
            shown.append(f"hreflang={self.hreflang!r}")
        return f"Tag({', '.join(shown)})"

    def html(self) -> str:
        """This tag as HTML, every value escaped once."""
        if self.kind == "title":
            return f"<title>{escape(self.content, quote=False)}</title>"
        if self.kind == "jsonld":
            return f'<script type="application/ld+json">{self.content}</script>'
        if self.kind == "meta":
            return f'<meta {self.attribute}="{escape(self.name)}" content="{escape(self.content)}">'
        pairs = (("hreflang", self.hreflang), ("type", self.type), ("title", self.title))
        extra = "".join(f' {key}="{escape(value)}"' for key, value in pairs if value)
        return f'<link rel="{escape(self.name)}" href="{escape(self.content)}"{extra}>'

    def as_dict(self) -> dict[str, str]:
        data = dataclasses.asdict(self)
        if not self.hreflang:
            del data["hreflang"]  # the JSON form gains the key only where it means something
        return data


class HeadHtml(str):
    """An HTML fragment that templates insert without escaping it again.

    Jinja2/MarkupSafe and Django both honour ``__html__``, so
    ``{{ head }}`` works with autoescaping on.
    """

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


def locale_of(article: Article) -> str | None:
    """``og:locale`` (``ll_TT``): the record's lang with its region, else the site's
    locale for the same language, else the territory CLDR's likely subtags give
    the language (and script: ``zh-Hant`` is ``zh_TW``); None when CLDR has none."""
    subtags = article.lang.replace("_", "-").split("-")
    language = subtags[0].lower()
    region = next((s.upper() for s in subtags[1:] if len(s) == 2 and s.isalpha()), None)
    if region:
        return f"{language}_{region}"
    script = next((s.title() for s in subtags[1:] if len(s) == 4 and s.isalpha()), None)
    locale = article.site.locale
    if script is None and locale.split("_")[0].lower() == language:
        return locale
    territory = _likely_territory(language, script)
    return f"{language}_{territory}" if territory else None


@functools.lru_cache(maxsize=256)
def _likely_territory(language: str, script: str | None) -> str | None:
    """The territory of CLDR's likely subtags for a language (and script)."""
    from babel.core import get_global, parse_locale

    likely = get_global("likely_subtags")
    found = likely.get(f"{language}_{script}") if script else None
    found = found or likely.get(language)
    if not found:
        return None
    return parse_locale(found)[1]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _meta(prefix: str, name: str, content: str | int | None) -> list[Tag]:
    if content is None or content == "":
        return []
    attribute: Literal["property", "name"] = (
        "property" if prefix.split(":")[0] in ("og", "article", "fb") else "name"
    )
    return [Tag("meta", prefix + name, str(content), attribute)]


def _image_tags(image: ShareImage | None, limits: Mapping[str, int | None]) -> list[Tag]:
    if image is None:
        return []
    tags = _meta("og:", "image", image.url)
    if image.url.startswith("https://"):
        tags += _meta("og:", "image:secure_url", image.url)
    tags += _meta("og:", "image:type", image.media_type)
    tags += _meta("og:", "image:width", image.width)
    tags += _meta("og:", "image:height", image.height)
    tags += _meta("og:", "image:alt", truncate(image.alt, limits.get("og:image:alt")))
    return tags


def _feed_links(article: Article) -> list[Tag]:
    site = article.site
    title = site.feed.title or site.name
    links = []
    scopes = [("", title)]
    if article.section and site.feed.sections:
        from sharekit.text._slug import section_key

        native = site.slug.keeps_unicode(article.lang)  # SPEC 8.4: as publish names the folder
        from urllib.parse import quote

        folder = quote(section_key(article.section, allow_unicode=native))
        scopes.append((f"/sections/{folder}", f"{title}: {article.section}"))
    for folder, label in scopes:
        for fmt in site.feed.formats:
            filename, media_type, kind = FEED_LINKS[fmt]
            href = f"{site.base_url}{folder}/{filename}"
            links.append(Tag("link", "alternate", href, "rel", media_type, f"{label} ({kind})"))
    return links


def jsonld(article: Article) -> dict[str, Any]:
    """The page's JSON-LD as data: one ``@graph`` (SPEC 8.5, :mod:`sharekit.meta._graph`)."""
    return jsonld_graph(article)


def script_json(data: Any) -> str:
    """JSON text safe inside ``<script>``: ``< > &`` and U+2028/2029 as ``\\u`` escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_SCRIPT_UNSAFE)  # these occur only inside JSON strings


def _as_tags(metas: Iterable[tuple[Literal["property", "name"], str, str]]) -> list[Tag]:
    return [Tag("meta", name, content, attribute) for attribute, name, content in metas]


def _jsonld_tag(article: Article, limits: Mapping[str, int | None]) -> Tag:
    data = jsonld(article)
    for node in data["@graph"]:  # SPEC 8.5: one @graph; the article node has the headline
        if "headline" in node:
            node["headline"] = truncate(node["headline"], limits.get("headline"))
    return Tag("jsonld", content=script_json(data))


def meta_tags(
    article: Article, site: Site, *, limits: Mapping[str, int | None] | None = None
) -> list[Tag]:
    """Every head tag of SPEC 2.2 for ``article``, in document order.

    ``limits`` overrides :data:`LIMITS` per tag name (``None``: keep whole);
    a cut falls at a word or grapheme boundary and ends with an ellipsis.
    """
    article = article.with_site(site)
    site = article.site
    limits = {**LIMITS, **(limits or {})}

    def cut(name: str, text: str) -> str:
        return truncate(text, limits.get(name))

    title, description = article.title, article.description
    facebook, x = article.social_for("facebook"), article.social_for("x")
    # og:* is what Facebook and every other unfurler (LinkedIn, Slack, Discord...) reads.
    og_title, og_description = facebook.title or title, facebook.description or description
    x_title, x_description = x.title or title, x.description or description
    image = network_image(article, "facebook")
    x_image = network_image(article, "x")
    tags = [Tag("title", content=cut("title", title))]
    tags += _meta("", "description", cut("description", description))
    # One tag for the byline: unfurlers read a single name=author (several: the last wins).
    tags += _meta("", "author", ", ".join(article.author_names))
    # SPEC 8.4: the record's robots over the site's; canonical: the original of a copy
    tags += _meta("", "robots", ", ".join(article.robots_directives))
    tags.append(Tag("link", "canonical", article.canonical_url, "rel"))
    for lang, url in article.alternates():
        tags.append(Tag("link", "alternate", url, "rel", hreflang=lang))
    tags += _feed_links(article)

    locale = locale_of(article)
    tags += _meta("og:", "type", "article")
    tags += _meta("og:", "title", cut("og:title", og_title))
    tags += _meta("og:", "description", cut("og:description", og_description))
    tags += _meta("og:", "url", article.canonical_url)
    tags += _meta("og:", "site_name", site.name)
    tags += _meta("og:", "locale", locale)
    translated = [
        locale_of(dataclasses.replace(article, lang=lang))
        for lang, _ in article.translations
        if lang != "x-default"
    ]
    for alternate in dict.fromkeys([*site.locale_alternates, *filter(None, translated)]):
        if alternate != locale:
            tags += _meta("og:", "locale:alternate", alternate)
    tags += _image_tags(image, limits)
    tags += _as_tags(media_tags(article))
    tags += _meta("article:", "published_time", _iso(article.published))
    tags += _meta("article:", "modified_time", _iso(article.updated))
    for author in article.authors:
        tags += _meta("article:", "author", author.url or author.name)
    tags += _meta("article:", "section", article.section)
    for tag in article.tags:
        tags += _meta("article:", "tag", tag)
    tags += _meta("fb:", "app_id", site.facebook_app_id)

    creator = next((a.handle for a in article.authors if a.handle), None)
    tags += _meta(
        "twitter:", "card", x_card(article, "summary_large_image" if x_image else "summary")
    )
    tags += _meta("twitter:", "site", site.twitter)
    tags += _meta("twitter:", "creator", creator)
    tags += _meta("twitter:", "title", cut("twitter:title", x_title))
    tags += _meta("twitter:", "description", cut("twitter:description", x_description))
    if x_image is not None:
        tags += _meta("twitter:", "image", x_image.url)
        tags += _meta("twitter:", "image:alt", cut("twitter:image:alt", x_image.alt))
    tags += _as_tags(player_tags(article))
    # Mastodon credits every account named here ("More from ...") when the author allows the site.
    for handle in dict.fromkeys(a.fediverse for a in article.authors if a.fediverse):
        tags += _meta("fediverse:", "creator", handle)

    tags.append(_jsonld_tag(article, limits))
    return tags


def render_head(
    source: Article | Iterable[Tag],
    site: Site | None = None,
    *,
    format: Literal["html", "json"] = "html",
    limits: Mapping[str, int | None] | None = None,
) -> str:
    """The head tags as an HTML fragment (one tag a line) or as JSON (a list of tags).

    ``source`` is an article (its tags are made with ``site``, defaults when
    None) or tags from :func:`meta_tags`. The HTML is a :class:`HeadHtml`,
    which Jinja2 and Django templates insert without escaping it again.
    """
    if isinstance(source, Article):
        tags = meta_tags(source, site or Site(), limits=limits)
    else:
        tags = list(source)
    if format == "json":
        return json.dumps([tag.as_dict() for tag in tags], ensure_ascii=False, indent=2)
    if format != "html":
        raise ValueError(f"format must be html or json, not {format!r}")
    return HeadHtml("\n".join(tag.html() for tag in tags) + "\n")

"""The article's JSON-LD as one ``@graph`` tied by ``@id`` (SPEC 8.5).

One node each: the publisher (``Organization``, with its logo and the
site's profiles as ``sameAs``), the ``WebSite``, the ``WebPage``, its
``BreadcrumbList`` (home, section, article), the article (its schema.org
type from the record's ``type``), its ``Person`` authors and, when the
record has them, its ``VideoObject`` and ``AudioObject``. Nodes point at
each other by ``@id`` (``{"@id": ...}``), never by nesting a copy, which is
how Google and other consumers merge a page's structured data. Every type
and property used here exists in schema.org's vocabulary (a test checks it
against schema.org's own data file).

Ids: the site's nodes hang off the site URL (``https://example.com/#organization``,
``#website``, ``#logo``, ``/#/schema/person/SLUG``), the page's off its
canonical URL (the page itself, ``#article``, ``#breadcrumb``, ``#video``...).
"""

from __future__ import annotations

from typing import Any

from sharekit.card._chain import share_image
from sharekit.card._ratios import ratio_cards
from sharekit.images._files import ShareImage, hero_image, site_asset
from sharekit.model import Article, Author
from sharekit.text._slug import section_key, slugify

__all__ = ["iso_duration", "jsonld_graph", "page_url"]


def page_url(article: Article) -> str:
    """The page's canonical URL: every node of the page hangs off it."""
    return article.canonical_url  # SPEC 8.4: a copy's page points at its original


def iso_duration(seconds: int) -> str:
    """``PT1H2M3S`` (ISO 8601), as schema.org's ``duration`` wants it."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}H" if hours else "", f"{minutes}M" if minutes else ""]
    parts.append(f"{secs}S" if secs or not (hours or minutes) else "")
    return "PT" + "".join(parts)


def _iso(value: Any) -> str:
    return str(value.isoformat())


def _image(image: ShareImage | None, node_id: str = "") -> dict[str, Any] | None:
    if image is None:
        return None
    data: dict[str, Any] = {"@type": "ImageObject"}
    if node_id:
        data["@id"] = node_id
    data |= {"url": image.url, "contentUrl": image.url}
    if image.width and image.height:
        data |= {"width": image.width, "height": image.height}
    if image.alt:
        data["caption"] = image.alt
    return data


def fediverse_url(handle: str) -> str:
    """``@name@host`` -> ``https://host/@name``, the profile page Mastodon serves."""
    name, _, host = handle.lstrip("@").partition("@")
    return f"https://{host}/@{name}"


def _person(author: Author, site_url: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Person",
        "@id": f"{site_url}/#/schema/person/{slugify(author.name) or 'author'}",
        "name": author.name,
    }
    if author.url:
        data["url"] = author.url
    same = []
    if author.fediverse:
        same.append(fediverse_url(author.fediverse))
    if author.handle:
        same.append(f"https://x.com/{author.handle.lstrip('@')}")
    if same:
        data["sameAs"] = list(dict.fromkeys(same))
    return data


def _images(article: Article) -> list[dict[str, Any]]:
    """The cards at 16:9, 4:3 and 1:1, the share image (the og card) and the hero."""
    found: dict[str, dict[str, Any]] = {}
    for _ratio, ref in ratio_cards(article):
        found[ref.url] = {
            "@type": "ImageObject",
            "url": ref.url,
            "contentUrl": ref.url,
            "width": ref.width,
            "height": ref.height,
        }
    for image in (share_image(article), hero_image(article)):
        data = _image(image)
        if image is not None and data is not None:
            found.setdefault(image.url, data)
    return list(found.values())


def _video(article: Article, page: str) -> dict[str, Any] | None:
    video = article.video
    if video is None:
        return None
    data: dict[str, Any] = {"@type": "VideoObject", "@id": f"{page}#video", "name": article.title}
    data["description"] = article.description or article.title  # Google requires one
    thumbnail = video.thumbnail or (image.url if (image := share_image(article)) else "")
    if thumbnail:
        data["thumbnailUrl"] = thumbnail
    if article.published:
        data["uploadDate"] = _iso(article.published)
    if video.duration:
        data["duration"] = iso_duration(video.duration)
    if video.url:
        data["contentUrl"] = video.url
    if video.embed_url:
        data["embedUrl"] = video.embed_url
    if video.type:
        data["encodingFormat"] = video.type
    if video.width and video.height:
        data |= {"width": video.width, "height": video.height}
    return data


def _audio(article: Article, page: str) -> dict[str, Any] | None:
    audio = article.audio
    if audio is None:
        return None
    data: dict[str, Any] = {
        "@type": "AudioObject",
        "@id": f"{page}#audio",
        "name": article.title,
        "contentUrl": audio.url,
    }
    if article.description:
        data["description"] = article.description
    if audio.type:
        data["encodingFormat"] = audio.type
    if audio.duration:
        data["duration"] = iso_duration(audio.duration)
    if article.published:
        data["uploadDate"] = _iso(article.published)
    return data


def _live(article: Article, data: dict[str, Any]) -> None:
    """A live blog's coverage times and its updates (Google's LiveBlogPosting)."""
    times = [update.time for update in article.updates]
    start = article.published or (min(times) if times else None)
    if start is not None:
        data["coverageStartTime"] = _iso(start)
    if article.coverage_end is not None:
        data["coverageEndTime"] = _iso(article.coverage_end)
    updates = []
    for update in article.updates:
        entry: dict[str, Any] = {
            "@type": "BlogPosting",
            "headline": update.headline,
            "datePublished": _iso(update.time),
        }
        if update.body:
            entry["articleBody"] = update.body
        updates.append(entry)
    if updates:
        data["liveBlogUpdate"] = updates


def _article(
    article: Article,
    page: str,
    ids: dict[str, str],
    persons: list[dict[str, Any]],
    images: list[dict[str, Any]],
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": article.schema_type,
        "@id": f"{page}#article",
        "isPartOf": {"@id": page},
        "mainEntityOfPage": {"@id": page},
        "url": page,
        "headline": article.title,
    }
    if article.description:
        data["description"] = article.description
    if images:
        data["image"] = images
    if article.published:
        data["datePublished"] = _iso(article.published)
    if article.updated or article.published:
        data["dateModified"] = _iso(article.updated or article.published)
    if persons:
        data["author"] = [{"@id": person["@id"]} for person in persons]
    data["publisher"] = {"@id": ids["organization"]}
    if article.section:
        data["articleSection"] = article.section
    if article.tags:
        data["keywords"] = list(article.tags)
    data["inLanguage"] = article.lang
    if article.access:
        # Google's paywalled-content markup: metered content is not free either.
        free = article.access == "free"
        data["isAccessibleForFree"] = free
        if not free and article.site.paywall_selector:
            data["hasPart"] = {
                "@type": "WebPageElement",
                "isAccessibleForFree": False,
                "cssSelector": article.site.paywall_selector,
            }
    if article.video is not None:
        data["video"] = {"@id": f"{page}#video"}
    if article.audio is not None:
        data["audio"] = {"@id": f"{page}#audio"}
    if article.schema_type == "LiveBlogPosting":
        _live(article, data)
    return data


def _breadcrumb(article: Article, page: str, home: str) -> dict[str, Any]:
    crumbs: list[tuple[str, str]] = [(article.site.name or home, home + "/")]
    if article.section:
        # Section pages are where most sites keep them (Hugo, Jekyll collections, WordPress
        # categories with a base): /SECTION-SLUG/ (docs/meta.md).
        crumbs.append((article.section, f"{home}/{section_key(article.section)}/"))
    crumbs.append((article.title, page))
    return {
        "@type": "BreadcrumbList",
        "@id": f"{page}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": url}
            for index, (name, url) in enumerate(crumbs, 1)
        ],
    }


def jsonld_graph(article: Article) -> dict[str, Any]:
    """The page's JSON-LD: ``{"@context": "https://schema.org", "@graph": [...]}``."""
    site = article.site
    page = page_url(article)
    home = (site.url or page).rstrip("/")
    ids = {"organization": f"{home}/#organization", "website": f"{home}/#website"}
    organization: dict[str, Any] = {
        "@type": "Organization",
        "@id": ids["organization"],
        "name": site.name,
        "url": home + "/",
    }
    logo = _image(site_asset(site, site.logo, "logo"), f"{home}/#logo")
    if logo is not None:
        organization["logo"] = logo
        organization["image"] = {"@id": logo["@id"]}
    if site.social:
        organization["sameAs"] = list(site.social)
    website = {
        "@type": "WebSite",
        "@id": ids["website"],
        "url": home + "/",
        "name": site.name,
        "publisher": {"@id": ids["organization"]},
        "inLanguage": site.lang,
    }
    webpage: dict[str, Any] = {
        "@type": "WebPage",
        "@id": page,
        "url": page,
        "name": article.title,
        "isPartOf": {"@id": ids["website"]},
        "breadcrumb": {"@id": f"{page}#breadcrumb"},
        "inLanguage": article.lang,
    }
    images = _images(article)
    if images:  # the first (the 16:9 card) is the page's primary image, as Yoast names it
        images[0] = {"@id": f"{page}#primaryimage", **images[0]}
        webpage["primaryImageOfPage"] = {"@id": images[0]["@id"]}
        webpage["thumbnailUrl"] = images[0]["url"]
    if article.published:
        webpage["datePublished"] = _iso(article.published)
    if article.updated or article.published:
        webpage["dateModified"] = _iso(article.updated or article.published)
    persons = list({p["@id"]: p for p in (_person(a, home) for a in article.authors)}.values())
    graph = [organization, website, webpage, _breadcrumb(article, page, home)]
    graph.append(_article(article, page, ids, persons, images))
    graph += persons
    graph += [node for node in (_video(article, page), _audio(article, page)) if node]
    return {"@context": "https://schema.org", "@graph": graph}

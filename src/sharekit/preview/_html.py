"""The HTML and CSS of the preview page: one mock per platform, the header, lint, share block.

:func:`sharekit.preview._page.render_preview` is the public entry; this module only
lays out values it is given. Every record value goes through
:func:`html.escape` exactly once; the CSS is a constant, so no record text
reaches a ``<style>``. Text that a platform cuts carries ``data-field`` (for
tests and for people reading the source) and wraps anywhere rather than
overflow its box.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from sharekit.images._judge import LARGE_PREVIEW, large_preview, summary
from sharekit.preview._css import CSS
from sharekit.preview._types import Platform, PreviewImage

if TYPE_CHECKING:
    from sharekit.images._judge import Finding
    from sharekit.model import Article

__all__ = ["CSP", "Texts", "feeds_section", "mock", "page", "social_table"]

# Only data: images, inline style and the share block's inline script; nothing leaves the page.
CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
)
BRAND = {
    "facebook": "#0866ff",
    "x": "#0f1419",
    "linkedin": "#0a66c2",
    "slack": "#4a154b",
    "discord": "#5865f2",
    "kakaotalk": "#fee500",
}


@dataclass(frozen=True, slots=True)
class Texts:
    """What the platforms read from the head tags, and how the page writes it."""

    title: str  # og:title
    description: str  # og:description
    x_title: str  # twitter:title
    x_description: str  # twitter:description
    site_name: str
    host: str  # the domain line, Unicode, no www.
    url: str
    lang: str
    direction: str  # ltr | rtl, from the title
    twitter_card: str
    handle: str
    head: tuple[tuple[str, str], ...] = ()  # (tag name, value) of the main head tags
    video: bool = False  # SPEC 8.5: og:video is set (Facebook plays it in the post)


# SPEC 8.5: a shared video link shows its image with a play button (Facebook plays
# og:video in the post; X plays twitter:player in a player card).
_PLAY = '<span class="pv-play" role="img" aria-label="plays the video">&#9654;</span>'


def _video(media: str) -> str:
    return f'<span class="pv-video">{media}{_PLAY}</span>' if media else media


Cut = Callable[[str, "int | None"], str]


def _e(text: str) -> str:
    return escape(text, quote=True)


def _text(tag: str, cls: str, field: str, text: str, *, clamp: bool = False) -> str:
    """A text element that wraps anywhere; ``clamp`` lets its class limit the lines.

    Titles, descriptions and names take their own direction (``dir=auto``);
    domains and URLs follow the card they sit in.
    """
    classes = f"{cls} pv-text" + (" pv-clamp" if clamp else "")
    auto = ' dir="auto"' if field in ("title", "description", "site") else ""
    return f'<{tag} class="{classes}" data-field="{field}"{auto}>{_e(text)}</{tag}>'


def _description(cls: str, text: str, limit: int | None, cut: Cut, *, clamp: bool = True) -> str:
    """The description paragraph of a mock, cut to the platform's limit; none when empty."""
    return _text("p", cls, "description", cut(text, limit), clamp=clamp) if text else ""


def _card(t: Texts) -> str:
    """The attributes of the part of a mock that shows the record: its language and direction."""
    return f' data-link dir="{t.direction}" lang="{_e(t.lang)}"'


def _img(image: PreviewImage, cls: str, style: str = "") -> str:
    extra = f' style="{style}"' if style else ""
    return (
        f'<img class="pv-img {cls}" src="{image.src}" alt="{_e(image.alt)}" '
        f'width="{image.width}" height="{image.height}" decoding="sync"{extra}>'
    )


def _initial(name: str) -> str:
    for char in name:
        if char.isalnum():
            return char.upper()
    return "•"


def _avatar(name: str) -> str:
    return f'<span class="pv-avatar" aria-hidden="true">{_e(_initial(name))}</span>'


def _small(image: PreviewImage) -> bool:
    """Facebook shows a small square thumbnail, not a large preview."""
    return not large_preview(image.width, image.height)


def _facebook(p: Platform, t: Texts, image: PreviewImage | None, cut: Cut) -> str:
    small = image is not None and _small(image)
    body = (
        '<div class="pv-fb__body">'
        + _text("p", "pv-fb__domain", "domain", t.host)
        + _text("p", "pv-fb__title", "title", cut(t.title, p.title_limit), clamp=True)
        + _description("pv-fb__desc", t.description, p.description_limit, cut)
        + "</div>"
    )
    media = _img(image, "pv-fb__img") if image is not None else ""
    media = _video(media) if t.video and not small else media
    link_class = "pv-fb__link pv-fb__link--small" if small else "pv-fb__link"
    return (
        f'<div class="pv-surface pv-fb"><div class="pv-posthead">{_avatar(t.site_name)}<div>'
        + _text("p", "pv-name", "site", t.site_name)
        + '<p class="pv-sub">Just now · Public</p></div></div>'
        + f'<div class="{link_class}"{_card(t)}>{media}{body}</div></div>'
    )


def _x(p: Platform, t: Texts, image: PreviewImage | None, cut: Cut) -> str:
    # SPEC 8.4: the configured [site] twitter handle, or none (never one made up)
    handle = f"{_e(t.handle)} · 1m" if t.handle else "1m"
    head = (
        f'<div class="pv-posthead">{_avatar(t.site_name)}<div>'
        + _text("span", "pv-name", "site", t.site_name)
        + f' <span class="pv-x__handle">{handle}</span></div></div>'
    )
    title = cut(t.x_title, p.title_limit)
    if image is not None and t.twitter_card in ("summary_large_image", "player"):
        card = (
            f'<div class="pv-x__card"{_card(t)}><div class="pv-x__media">'
            + (_video(_img(image, "")) if t.twitter_card == "player" else _img(image, ""))
            + _text("p", "pv-x__overlay", "title", title, clamp=True)
            + '</div></div><p class="pv-x__from">From '
            + _text("span", "pv-x__domain", "domain", t.host)
            + "</p>"
        )
    else:
        thumb = (
            _img(image, "")
            if image is not None
            else f'<span class="pv-x__thumb" aria-hidden="true">{_DOCUMENT_ICON}</span>'
        )
        card = (
            f'<div class="pv-x__card pv-x__card--summary"{_card(t)}>{thumb}'
            '<div class="pv-x__summary">'
            + _text("p", "pv-x__domain", "domain", t.host)
            + _text("p", "pv-x__title", "title", title, clamp=True)
            + _description("pv-x__desc", t.x_description, p.description_limit, cut)
            + "</div></div>"
        )
    return f'<div class="pv-surface pv-x">{head}<div class="pv-x__body">{card}</div></div>'


# X's stand-in for a summary card without an image: a page outline.
_DOCUMENT_ICON = (
    '<svg viewBox="0 0 24 24" width="30" height="30"><path fill="#536471" d="M6 2h9l5 5v15H4V2h2'
    'zm0 2v16h12V8h-4V4H6zm2 8h8v2H8v-2zm0 4h8v2H8v-2z"/></svg>'
)


def _linkedin(p: Platform, t: Texts, image: PreviewImage | None, cut: Cut) -> str:
    media = _img(image, "pv-li__img") if image is not None else ""
    return (
        f'<div class="pv-surface pv-li"><div class="pv-posthead">{_avatar(t.site_name)}<div>'
        + _text("p", "pv-name", "site", t.site_name)
        + '<p class="pv-sub">Just now</p></div></div>'
        + f'<div class="pv-li__link"{_card(t)}>{media}<div class="pv-li__text">'
        + _text("p", "pv-li__title", "title", cut(t.title, p.title_limit), clamp=True)
        + _text("p", "pv-li__domain", "domain", t.host)
        + "</div></div></div>"
    )


def _chat_embed(
    block: str, p: Platform, t: Texts, image: PreviewImage | None, cut: Cut, *, site_always: bool
) -> tuple[str, str]:
    """Slack's and Discord's unfurl: site, title, description and a large image
    inside, or a thumbnail beside it (returned second) for a summary card."""
    large = image is not None and t.twitter_card == "summary_large_image"
    text = (
        (_text("p", f"{block}__site", "site", t.site_name) if site_always or t.site_name else "")
        + _text("p", f"{block}__title", "title", cut(t.title, p.title_limit))
        + _description(f"{block}__desc", t.description, p.description_limit, cut, clamp=False)
        + (_img(image, f"{block}__img") if large and image is not None else "")
    )
    thumb = _img(image, f"{block}__thumb") if image is not None and not large else ""
    return text, thumb


def _slack(p: Platform, t: Texts, image: PreviewImage | None, cut: Cut) -> str:
    text, thumb = _chat_embed("pv-slack", p, t, image, cut, site_always=True)
    return (
        '<div class="pv-surface pv-slack"><span class="pv-avatar" aria-hidden="true">Y</span>'
        '<div class="pv-slack__main"><p><b>You</b><span class="pv-slack__time">10:24 AM</span>'
        "</p>"
        + _text("p", "pv-slack__url", "url", t.url)
        + f'<div class="pv-slack__att"{_card(t)}><div>{text}</div>{thumb}</div></div></div>'
    )


def _discord(p: Platform, t: Texts, image: PreviewImage | None, cut: Cut) -> str:
    text, thumb = _chat_embed("pv-dc", p, t, image, cut, site_always=False)
    return (
        '<div class="pv-surface pv-dc"><span class="pv-avatar" aria-hidden="true">Y</span>'
        '<div class="pv-dc__main"><p><span class="pv-dc__user">you</span>'
        '<span class="pv-dc__time">Today at 10:24 AM</span></p>'
        + _text("p", "pv-dc__url", "url", t.url)
        + f'<div class="pv-dc__embed"{_card(t)}><div>{text}</div>{thumb}</div></div></div>'
    )


def kakao_ratio(width: int, height: int) -> float:
    """KakaoTalk shows an image between 2:1 (wide) and 3:4 (tall), cropping beyond that."""
    return min(2.0, max(0.75, width / height))


def _kakaotalk(p: Platform, t: Texts, image: PreviewImage | None, cut: Cut) -> str:
    media = ""
    if image is not None:
        ratio = kakao_ratio(image.width, image.height)
        media = _img(image, "pv-kk__img", f"aspect-ratio:{ratio:.4f}")
    return (
        '<div class="pv-surface pv-kk"><span class="pv-avatar" aria-hidden="true"></span>'
        '<div class="pv-kk__main"><p class="pv-kk__name">Friend</p>'
        + _text("p", "pv-kk__url", "url", t.url)
        + '<div class="pv-kk__row">'
        f'<div class="pv-kk__bubble"{_card(t)}>{media}<div class="pv-kk__body">'
        + _text("p", "pv-kk__title", "title", cut(t.title, p.title_limit), clamp=True)
        + _description("pv-kk__desc", t.description, p.description_limit, cut)
        + _text("p", "pv-kk__domain", "domain", t.host)
        + '</div></div><span class="pv-kk__time">10:24 AM</span></div></div></div>'
    )


_MOCKS = {
    "facebook": _facebook,
    "x": _x,
    "linkedin": _linkedin,
    "slack": _slack,
    "discord": _discord,
    "kakaotalk": _kakaotalk,
}


def _spec(p: Platform, t: Texts, image: PreviewImage | None) -> str:
    def limit(n: int | None) -> str:
        return f"≤ {n} chars" if n else "whole"

    def lines(n: int) -> str:
        return f", {n} line{'s' * (n > 1)}" if n > 0 else ""

    parts = []
    if p.key == "x":
        parts.append(t.twitter_card if image is not None else "summary")
    elif image is None:
        parts.append("text only: no image")
    elif p.key == "facebook" and _small(image):
        under = "x".join(map(str, LARGE_PREVIEW))
        parts.append(f"feed post, small square thumbnail (image under {under})")
    else:
        parts.append(p.layout)
    parts.append(f"title {limit(p.title_limit)}{lines(p.title_lines)}")
    if p.description_lines >= 0 and not (
        p.key == "x" and t.twitter_card == "summary_large_image" and image is not None
    ):
        parts.append(f"description {limit(p.description_limit)}{lines(p.description_lines)}")
    return " · ".join(parts)


def mock(p: Platform, texts: Texts, image: PreviewImage | None, cut: Cut) -> str:
    """One platform's tile: its label, what it cuts, and the mock itself."""
    inner = _MOCKS[p.key](p, texts, image, cut)
    return (
        f'<article class="pv-mock" data-platform="{p.key}" aria-labelledby="pv-{p.key}">'
        f'<header class="pv-mock__label"><h3 id="pv-{p.key}"><span class="pv-dot" '
        f'style="background:{BRAND[p.key]}"></span>{_e(p.name)}</h3>'
        f'<p class="pv-mock__spec">{_e(_spec(p, texts, image))}</p></header>'
        f'<div class="pv-stage pv-stage--{p.key}">{inner}</div></article>'
    )


def _findings(findings: Sequence[Finding]) -> str:
    if not findings:
        return (
            '<p class="pv-ok"><span class="pv-badge">ok</span>'
            "No problems found: the link is ready to share.</p>"
        )
    items = "".join(
        f'<li class="pv-finding pv-finding--{f.severity}" data-severity="{f.severity}">'
        f'<span class="pv-badge">{f.severity}</span><div><code>{_e(f.code)}</code>'
        f'<p class="pv-text">{_e(f.message)}</p></div></li>'
        for f in findings
    )
    return f'<p class="pv-lint-summary">{summary(findings)}</p><ul class="pv-findings">{items}</ul>'


def _status(findings: Sequence[Finding]) -> str:
    """The header's verdict: ready, warnings or errors (the lint section has the details)."""
    errors = sum(f.severity == "error" for f in findings)
    if errors:
        return f'<li class="pv-status pv-status--error">{errors} error{"s" * (errors != 1)}</li>'
    if findings:
        n = len(findings)
        return f'<li class="pv-status pv-status--warning">{n} warning{"s" * (n != 1)}</li>'
    return '<li class="pv-status pv-status--ok">Ready to share</li>'


def _head(t: Texts) -> str:
    """The main head tags and their values; text tags with their length in code points."""
    rows = []
    for name, value in t.head:
        count = f' <span class="pv-count">{len(value)}</span>' if name in _COUNTED else ""
        rows.append(
            f'<tr><th scope="row">{_e(name)}</th>'
            f'<td class="pv-text" dir="auto">{_e(value)}{count}</td></tr>'
        )
    return f'<table class="pv-head" lang="{_e(t.lang)}">{"".join(rows)}</table>'


_COUNTED = frozenset({"og:title", "og:description", "twitter:title"})


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


def _card_figure(image: PreviewImage | None) -> str:
    if image is None:
        return (
            '<div class="pv-noimage"><p><b>No image</b></p><p class="pv-text">Platforms show '
            "a text-only preview. Enable [card], give the record an image or set [site] "
            "default_image.</p></div>"
        )
    media = image.src.split(";", 1)[0].removeprefix("data:")
    facts = [f"{image.width} × {image.height}", media.split("/")[-1].upper().replace("+XML", "")]
    if image.byte_size:
        facts.append(_size(image.byte_size))
    facts.append(f"template {image.template}" if image.template else image.kind)
    note = f" · {_e(image.note)}" if image.note else ""
    return (
        f'<figure class="pv-cardfig">{_img(image, "pv-card__img")}<figcaption>'
        f"{_e(' · '.join(facts))}{note}"
        f'<span class="pv-alt pv-text" dir="auto">Alt text: {_e(image.alt)}</span>'
        "</figcaption></figure>"
    )


def social_table(rows: Sequence[tuple[str, str, str, str]], lang: str) -> str:
    """The record's per-network overrides (network, title, description, image URL); "" if none."""
    if not rows:
        return ""
    body = "".join(
        f'<tr><th scope="row">{_e(network)}</th><td dir="auto" data-field="title">{_e(title)}</td>'
        f'<td dir="auto" data-field="description">{_e(description)}</td>'
        f'<td class="pv-text" data-field="image">{_e(image)}</td></tr>'
        for network, title, description, image in rows
    )
    return (
        '<section class="pv-section pv-panel" aria-labelledby="pv-social-h">'
        '<h2 id="pv-social-h">Per-network text <small>the record\'s social overrides; '
        "empty cells keep the article's</small></h2>"
        f'<table class="pv-head pv-social" lang="{_e(lang)}"><thead><tr>'
        '<th scope="col">Network</th><th scope="col">Title</th>'
        '<th scope="col">Description</th><th scope="col">Image</th>'
        f"</tr></thead><tbody>{body}</tbody></table></section>\n"
    )


def _posts(posts: Sequence[tuple[str, str, str]], lang: str) -> str:
    """What each configured [syndicate] account will post (empty without targets)."""
    if not posts:
        return ""
    items = "".join(
        f"<li><b>{_e(label)}</b> <small>{_e(image)}</small>"
        f'<p class="pv-text" lang="{lang}" dir="auto" style="white-space:pre-wrap">{_e(text)}</p>'
        "</li>"
        for label, text, image in posts
    )
    return (
        '<section class="pv-section pv-panel" aria-labelledby="pv-posts-h">\n'
        '<h2 id="pv-posts-h">What your accounts will post <small>[syndicate]; '
        "sharekit syndicate --dry-run</small></h2>\n"
        f'<ul class="pv-posts">{items}</ul>\n</section>\n'
    )


def feeds_section(rows: Sequence[tuple[str, str]], note: str, lang: str) -> str:
    """What feed readers get (SPEC 8.4): (label, text) rows and a note on the paywall."""
    items = "".join(
        f'<li><b>{_e(label)}</b><p class="pv-text" lang="{lang}" dir="auto"'
        f' data-field="feed-{_e(label.split()[0].lower())}">{_e(text)}</p></li>'
        for label, text in rows
    )
    return (
        '<section class="pv-section pv-panel" aria-labelledby="pv-feeds-h">\n'
        '<h2 id="pv-feeds-h">What feed readers get <small>RSS, Atom and JSON Feed;'
        " [feed] content</small></h2>\n"
        + (f'<p class="pv-note">{_e(note)}</p>\n' if note else "")
        + f'<ul class="pv-posts">{items}</ul>\n</section>\n'
    )


def _facts(article: Article, texts: Texts) -> str:
    """The header's list items: site, language, X card, and the date and section if any."""
    facts = [
        ("Site", texts.site_name),
        ("Language", texts.lang),
        ("X card", texts.twitter_card),
    ]
    if article.published is not None:
        facts.append(("Published", article.published.strftime("%Y-%m-%d %H:%M %z")))
    if article.section:
        facts.append(("Section", article.section))
    # SPEC 8.4: what the page tells crawlers, and where the article is kept out of
    if article.access:
        facts.append(("Access", article.access))
    if article.canonical:
        facts.append(("Canonical", article.canonical))
    facts.append(("Robots", ", ".join(article.robots_directives)))
    if article.exclude:
        facts.append(("Kept out of", ", ".join(article.exclude)))
    return "".join(
        f'<li><b>{_e(k)}</b> <span dir="auto">{_e(v)}</span></li>' for k, v in facts if v
    )


def page(
    *,
    article: Article,
    texts: Texts,
    image: PreviewImage | None,
    mocks: Sequence[str],
    findings: Sequence[Finding],
    share_block: str,
    version: str,
    social: str = "",
    posts: Sequence[tuple[str, str, str]] = (),
    feeds: str = "",
) -> str:
    """The whole document. ``posts``: (target, text, image) per [syndicate] target;
    ``feeds``: the :func:`feeds_section` (SPEC 8.4)."""
    lang = _e(texts.lang)
    fact_items = _status(findings) + _facts(article, texts)
    lint_count = f"{len(findings)} finding{'s' * (len(findings) != 1)}"
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="sharekit {_e(version)}">
<title>Share preview: {_e(article.title)}</title>
<style>
{CSS}</style>
</head>
<body>
<header class="pv-header"><div class="pv-wrap">
<p class="pv-eyebrow">Share preview</p>
<h1 class="pv-text" lang="{lang}" dir="auto">{_e(article.title)}</h1>
<p class="pv-url pv-text"><a href="{_e(texts.url)}">{_e(texts.url)}</a></p>
<ul class="pv-facts">{fact_items}</ul>
</div></header>
<main class="pv-wrap">
<div class="pv-top">
<section class="pv-section pv-panel" aria-labelledby="pv-card-h" style="margin-top:0">
<h2 id="pv-card-h">Preview image</h2>
{_card_figure(image)}
</section>
<div class="pv-stack">
<section class="pv-section pv-panel pv-lint" aria-labelledby="pv-lint-h" style="margin-top:0">
<h2 id="pv-lint-h">Lint <small>{lint_count}</small></h2>
{_findings(findings)}
</section>
<section class="pv-section pv-panel" aria-labelledby="pv-head-h" style="margin-top:0">
<h2 id="pv-head-h">What the platforms read <small>from sharekit meta</small></h2>
{_head(texts)}
</section>
</div>
</div>
<section class="pv-section" aria-labelledby="pv-mocks-h">
<h2 id="pv-mocks-h">How the link looks when shared <small>approximations of each app's \
current layout; limits in docs/preview.md</small></h2>
<div class="pv-grid">
{chr(10).join(mocks)}
</div>
</section>
{social}{_posts(posts, lang)}{feeds}<section class="pv-section" aria-labelledby="pv-share-h">
<h2 id="pv-share-h">Share block</h2>
<div class="pv-share" lang="{lang}" dir="{texts.direction}">
{share_block}</div>
</section>
<p class="pv-footer">Made by sharekit {_e(version)} · self-contained: \
no request leaves this page.</p>
</main>
</body>
</html>
"""

"""The HTML of the share block: markup, translated UI strings, CSS and the optional script.

:func:`sharekit.share._links.render_share_block` is the public entry; this module
only turns :class:`~sharekit.share._types.ShareLink` objects into HTML, with each
network's icon and colour from :mod:`sharekit.networks._table`. Every value
from a record is escaped with :func:`html.escape`; the CSS and the script are
constants, so no record text ever reaches a ``<style>`` or ``<script>``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from html import escape

from sharekit.networks._table import BY_ID
from sharekit.share._strings import DEFAULT_HEADING, STRINGS, strings_language
from sharekit.share._types import ShareLink

__all__ = [
    "CSS",
    "DEFAULT_HEADING",
    "SCRIPT",
    "STRINGS",
    "block_id",
    "render",
    "strings_language",
]

TARGET_KEYWORDS = frozenset({"_blank", "_self", "_parent", "_top"})
# KakaoTalk JavaScript SDK, loaded only when the reader clicks the button.
# Version and SRI hash as published in Kakao's "Getting started" (JavaScript SDK) guide.
KAKAO_SDK = "https://t1.kakaocdn.net/kakao_js_sdk/2.7.2/kakao.min.js"
KAKAO_SDK_INTEGRITY = "sha384-TiCUE00h649CAMonG018J2ujOgDKW/kVWlChEuu4jK2vxfAAD0eZxzCKakxg55G4"


CSS = """\
.sharekit-share{--sharekit-gap:.5rem;--sharekit-radius:999px;--sharekit-bg:#fff;\
--sharekit-fg:#1f2328;--sharekit-border:#d0d7de;--sharekit-hover-bg:#f3f5f7;\
--sharekit-focus:#0b57d0;--sharekit-icon-size:1.25rem;--sharekit-font-size:.9375rem;\
--sharekit-padding:.5rem .95rem .5rem .75rem;--sharekit-status-bg:#1f2328;\
--sharekit-status-fg:#fff;margin:2rem 0;color:var(--sharekit-fg)}
.sharekit-share__heading{margin:0 0 .75rem;font-size:var(--sharekit-heading-size,1.125rem);\
font-weight:700;line-height:1.3;color:var(--sharekit-heading-color,inherit)}
.sharekit-share__list{display:flex;flex-wrap:wrap;gap:var(--sharekit-gap);margin:0;\
padding:0;list-style:none}
.sharekit-share__item{display:flex;align-items:center;margin:0;padding:0}
.sharekit-share__link{display:inline-flex;align-items:center;gap:.5em;box-sizing:border-box;\
min-height:2.75rem;margin:0;padding:var(--sharekit-padding);border:1px solid \
var(--sharekit-border);border-radius:var(--sharekit-radius);background:var(--sharekit-bg);\
color:var(--sharekit-fg);font:inherit;font-size:var(--sharekit-font-size);font-weight:600;\
line-height:1.2;text-decoration:none;cursor:pointer;transition:background-color .15s,\
border-color .15s}
.sharekit-share__link:hover{background:var(--sharekit-hover-bg);\
border-color:var(--sharekit-brand,var(--sharekit-border))}
.sharekit-share__link:focus-visible{outline:3px solid var(--sharekit-focus);outline-offset:2px}
.sharekit-share__icon{flex:none;width:var(--sharekit-icon-size);\
height:var(--sharekit-icon-size);fill:var(--sharekit-icon-color,var(--sharekit-brand,currentColor))}
.sharekit-share__vh{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;\
overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;border:0}
.sharekit-share__status:not(:empty){margin-inline-start:.5rem;padding:.3rem .65rem;\
border-radius:.375rem;background:var(--sharekit-status-bg);color:var(--sharekit-status-fg);\
font-size:.875rem;font-weight:600}
@media (forced-colors:active){.sharekit-share__icon{fill:currentColor}}
@media (prefers-reduced-motion:reduce){.sharekit-share__link{transition:none}}
"""

# The optional script. It touches only its own block; record values reach it
# through data-* attributes, never through the script text.
SCRIPT = """\
(function(root){
if(!root||root.hasAttribute("data-sharekit-ready"))return;
root.setAttribute("data-sharekit-ready","");
var nav=navigator;
var can={copy:function(){return true},kakaotalk:function(){return true},
webshare:function(b){var d={title:b.dataset.title,url:b.dataset.url};
return typeof nav.share==="function"&&(!nav.canShare||nav.canShare(d))}};
root.querySelectorAll("template[data-sharekit]").forEach(function(t){
var b=t.content.querySelector("button");
if(b&&can[t.dataset.sharekit](b))t.replaceWith(document.importNode(t.content,true))});
function say(b,text){var s=b.parentNode.querySelector("[role=status]");s.textContent=text;
clearTimeout(b.sharekitTimer);b.sharekitTimer=setTimeout(function(){s.textContent=""},5000)}
var act={copy:function(b){var url=b.dataset.url;
function legacy(){var a=document.createElement("textarea");a.value=url;
a.setAttribute("readonly","");a.style.cssText="position:fixed;top:0;left:0;opacity:0";
document.body.appendChild(a);a.select();var ok=false;
try{ok=document.execCommand("copy")}catch(e){}a.remove();
say(b,ok?b.dataset.done:b.dataset.fail+url)}
if(nav.clipboard&&window.isSecureContext)nav.clipboard.writeText(url).then(
function(){say(b,b.dataset.done)},legacy);else legacy()},
webshare:function(b){nav.share({title:b.dataset.title,url:b.dataset.url}).catch(function(){})},
kakaotalk:function(b){function send(){var K=window.Kakao;
if(!K.isInitialized())K.init(b.dataset.appKey);K.Share.sendScrap({requestUrl:b.dataset.url})}
if(window.Kakao)return send();var s=document.createElement("script");s.src=b.dataset.sdk;
s.integrity=b.dataset.integrity;s.crossOrigin="anonymous";s.onload=send;
document.head.appendChild(s)}};
root.addEventListener("click",function(e){
var b=e.target.closest&&e.target.closest("button[data-sharekit-action]");
if(b&&root.contains(b))act[b.dataset.sharekitAction](b)});
})(document.currentScript&&document.currentScript.parentNode);
"""


def block_id(article_id: str, networks: Sequence[str]) -> str:
    """A stable element id: the same article and networks give the same id."""
    digest = hashlib.sha256("\n".join([article_id, *networks]).encode("utf-8")).hexdigest()
    return f"sharekit-share-{digest[:10]}"


def _icon(network: str) -> str:
    icon = BY_ID[network].icon
    rule = ' fill-rule="evenodd"' if icon.origin == "sharekit" else ""
    return (
        '<svg class="sharekit-share__icon" viewBox="0 0 24 24" width="20" height="20" '
        f'aria-hidden="true" focusable="false"><path{rule} d="{icon.path}"/></svg>'
    )


def _names(link: ShareLink, strings: dict[str, str]) -> tuple[str, str]:
    """(visible label, accessible name); the name always contains the label."""
    network = link.network
    if BY_ID[network].translated:  # a word, not a brand: STRINGS has it
        return strings[network], strings[f"{network}_name"]
    return link.label, strings["share_on"].format(name=link.label)


def _label(visible: str, name: str, suffix: str) -> str:
    """The visible label, with the rest of the accessible name visually hidden."""
    start = name.casefold().find(visible.casefold())
    if start < 0 or len(name.casefold()) != len(name):  # no case-blind match: say it all
        start, name = 0, f"{visible} – {name}"
    before, after = name[:start], name[start + len(visible) :]
    after = f"{after} {suffix}" if suffix else after
    hidden = '<span class="sharekit-share__vh">{}</span>'
    return (
        '<span class="sharekit-share__label">'
        + (hidden.format(escape(before)) if before else "")
        + escape(visible)
        + (hidden.format(escape(after)) if after else "")
        + "</span>"
    )


def _anchor(link: ShareLink, strings: dict[str, str], target: str) -> str:
    assert link.url is not None
    visible, name = _names(link, strings)
    web = link.url.startswith("https://")
    attrs = f' target="{escape(target)}"' if web and target else ""
    suffix = strings["new_window"] if web and target == "_blank" else ""
    return (
        f'<li class="sharekit-share__item"><a class="sharekit-share__link" '
        f'data-network="{link.network}" href="{escape(link.url)}"{attrs} '
        f'rel="noopener noreferrer">{_icon(link.network)}{_label(visible, name, suffix)}</a></li>'
    )


def _template(link: ShareLink, strings: dict[str, str], title: str, kakao_app_key: str) -> str:
    visible, name = _names(link, strings)
    data = {"url": link.shared_url}
    if link.network == "copy":
        data |= {"done": strings["copied"], "fail": strings["copy_failed"]}
    elif link.network == "webshare":
        data |= {"title": title}
    else:
        data |= {"app-key": kakao_app_key, "sdk": KAKAO_SDK, "integrity": KAKAO_SDK_INTEGRITY}
    attrs = "".join(f' data-{key}="{escape(value)}"' for key, value in data.items())
    status = (
        '<span class="sharekit-share__status" role="status"></span>'
        if link.network == "copy"
        else ""
    )
    return (
        f'<template data-sharekit="{link.network}"><li class="sharekit-share__item">'
        f'<button type="button" class="sharekit-share__link" data-network="{link.network}" '
        f'data-sharekit-action="{link.network}"{attrs}>{_icon(link.network)}'
        f"{_label(visible, name, '')}</button>{status}</li></template>"
    )


def _brand_css(networks: Sequence[str]) -> str:
    return "".join(
        f'.sharekit-share__link[data-network="{n}"]{{--sharekit-brand:{BY_ID[n].colour}}}\n'
        for n in networks
    )


def render(
    links: Sequence[ShareLink],
    *,
    title: str,
    lang: str,
    heading: str,
    heading_lang: str,
    target: str,
    kakao_app_key: str,
    block_id: str,
    style: bool = True,
    script: bool = True,
) -> str:
    """The block's HTML for ``links`` (already in display order)."""
    language = strings_language(lang)
    strings = STRINGS[language]
    # Words of another language than the page's (English, or a close language of the
    # same script, SPEC 8.4): say which, for voices and for bidi.
    page = lang.replace("_", "-").split("-")[0].lower()
    fallback = language.split("-")[0] != page
    marked = f' lang="{language}"' if fallback else ""
    custom = heading != DEFAULT_HEADING
    heading = heading if custom else strings["heading"]
    # A configured heading is in the site's language, not in the English fallback.
    heading_lang = f' lang="{escape(heading_lang)}"' if fallback and custom else ""
    items, shown = [], []
    for link in links:
        if link.url is not None:
            items.append(_anchor(link, strings, target))
        elif script and link.available:
            items.append(_template(link, strings, title, kakao_app_key))
        else:
            continue
        shown.append(link.network)
    scripted = script and any(item.startswith("<template") for item in items)
    parts = [
        f'<section class="sharekit-share" id="{block_id}"{marked} '
        f'aria-labelledby="{block_id}-heading">',
        f"<style>\n{CSS}{_brand_css(shown)}</style>" if style else "",
        f'<h2 class="sharekit-share__heading" id="{block_id}-heading"{heading_lang} dir="auto">'
        f"{escape(heading)}</h2>",
        '<ul class="sharekit-share__list">',
        *items,
        "</ul>",
        f"<script>\n{SCRIPT}</script>" if scripted else "",
        "</section>",
    ]
    return "\n".join(part for part in parts if part) + "\n"

"""The HTML and CSS of the preview page: one mock per platform, the header, lint, share block.

:func:`sharekit.preview.render_preview` is the public entry; this module only
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

if TYPE_CHECKING:
    from sharekit.lint import Finding
    from sharekit.model import Article
    from sharekit.preview import Platform, PreviewImage

__all__ = ["CSP", "CSS", "Texts", "mock", "page"]

# Only data: images, inline style and the share block's inline script; nothing leaves the page.
CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
)
FONTS = (
    'system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK KR",'
    '"Noto Sans Arabic","Noto Sans Hebrew","Apple Color Emoji","Segoe UI Emoji",'
    '"Noto Color Emoji",sans-serif'
)
BRAND = {
    "facebook": "#0866ff",
    "x": "#0f1419",
    "linkedin": "#0a66c2",
    "slack": "#4a154b",
    "discord": "#5865f2",
    "kakaotalk": "#fee500",
}

CSS = """\
*,*::before,*::after{box-sizing:border-box}
html{background:#f6f7f9;color:#1b1f24;font-family:FONTS;line-height:1.45;
-webkit-text-size-adjust:100%}
body{margin:0}
p,h1,h2,h3,figure,ul{margin:0}
ul{padding:0;list-style:none}
.pv-wrap{max-width:1240px;margin:0 auto;padding:0 28px 56px}
.pv-text{overflow-wrap:anywhere;word-break:normal}
[lang|=ko] .pv-text,.pv-text[lang|=ko]{word-break:keep-all}
.pv-clamp{display:-webkit-box;-webkit-box-orient:vertical;overflow:hidden}
.pv-header{background:#0f172a;color:#e5e9f0;padding:28px 0 30px;margin-bottom:28px}
.pv-header .pv-wrap{padding-bottom:0}
.pv-eyebrow{font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:#8b98ad;
font-weight:600}
.pv-header h1{margin-top:8px;font-size:30px;line-height:1.2;font-weight:700;color:#fff;
}
.pv-url{margin-top:10px;font-size:14px}
.pv-url a{color:#9cc2ff;text-decoration:none;font-family:ui-monospace,"DejaVu Sans Mono",
monospace}
.pv-url a:hover{text-decoration:underline}
.pv-facts{display:flex;flex-wrap:wrap;gap:8px;margin-top:16px}
.pv-facts li{font-size:12.5px;padding:4px 10px;border-radius:999px;background:#1e293b;
color:#cbd5e1;border:1px solid #334155;overflow-wrap:anywhere}
.pv-facts b{color:#fff;font-weight:600}
.pv-facts .pv-status{font-weight:700;border:0}
.pv-status--ok{background:#16a34a!important;color:#fff!important}
.pv-status--warning{background:#f59e0b!important;color:#1f1300!important}
.pv-status--error{background:#dc2626!important;color:#fff!important}
.pv-section{margin-top:36px}
.pv-section>h2{font-size:13px;letter-spacing:.08em;text-transform:uppercase;color:#5b6573;
font-weight:700;margin-bottom:14px}
.pv-section>h2 small{font-size:13px;letter-spacing:0;text-transform:none;font-weight:500;
color:#8a94a3;margin-inline-start:8px}
.pv-top{display:grid;grid-template-columns:minmax(0,1.25fr) minmax(0,1fr);gap:24px}
.pv-panel{background:#fff;border:1px solid #e3e6ea;border-radius:14px;padding:18px;
box-shadow:0 1px 2px rgba(16,24,40,.04)}
.pv-cardfig img{display:block;width:100%;height:auto;border-radius:8px;
border:1px solid #e3e6ea}
.pv-cardfig figcaption{margin-top:10px;font-size:13px;color:#5b6573}
.pv-cardfig figcaption .pv-alt{display:block;margin-top:4px;color:#1b1f24}
.pv-stack{display:flex;flex-direction:column;gap:24px;min-width:0}
.pv-head{width:100%;border-collapse:collapse;font-size:13px;table-layout:fixed}
.pv-head th{width:38%;text-align:start;font-weight:600;color:#5b6573;padding:6px 10px 6px 0;
vertical-align:top;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;
overflow-wrap:anywhere}
.pv-head td{padding:6px 0;border-top:1px solid #eef0f3;vertical-align:top}
.pv-head th{border-top:1px solid #eef0f3}
.pv-head tr:first-child>*{border-top:0}
.pv-count{display:inline-block;font-size:11px;color:#6a7483;background:#f2f4f7;
border-radius:999px;padding:0 6px;margin-inline-start:4px}
.pv-lint-summary{font-size:14px;font-weight:600;margin-bottom:10px}
.pv-finding{display:flex;gap:10px;align-items:flex-start;padding:9px 0;
border-top:1px solid #eef0f3;font-size:13.5px}
.pv-finding:first-child{border-top:0}
.pv-badge{flex:none;font-size:11px;font-weight:700;letter-spacing:.04em;
text-transform:uppercase;padding:2px 8px;border-radius:999px;margin-top:1px}
.pv-finding--error .pv-badge{background:#fde7e9;color:#b4232c;border:1px solid #f7c3c8}
.pv-finding--warning .pv-badge{background:#fff4e0;color:#915b00;border:1px solid #f5d9a4}
.pv-finding code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;
color:#3d4652;background:#f2f4f7;border-radius:4px;padding:1px 5px}
.pv-finding p{margin-top:3px;color:#3d4652}
.pv-ok{display:flex;gap:10px;align-items:center;font-size:14px;color:#1d6b3a}
.pv-ok .pv-badge{background:#e3f6ea;color:#1d6b3a;border:1px solid #b9e5c8}
.pv-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,540px),1fr));
gap:24px}
.pv-mock{background:#fff;border:1px solid #e3e6ea;border-radius:14px;overflow:hidden;
display:flex;flex-direction:column;box-shadow:0 1px 2px rgba(16,24,40,.04)}
.pv-mock__label{display:flex;align-items:baseline;gap:10px;padding:12px 16px;
border-bottom:1px solid #eef0f3}
.pv-mock__label h3{font-size:15px;font-weight:700;display:flex;align-items:center;gap:8px}
.pv-dot{width:10px;height:10px;border-radius:50%;flex:none;
box-shadow:inset 0 0 0 1px rgba(0,0,0,.12)}
.pv-mock__spec{font-size:12.5px;color:#6a7483;margin-inline-start:auto;text-align:end}
.pv-stage{flex:1;padding:22px;display:flex;justify-content:center;align-items:flex-start}
.pv-surface{width:100%}
.pv-avatar{flex:none;width:40px;height:40px;border-radius:50%;display:grid;
place-items:center;color:#fff;font-weight:700;font-size:17px;background:ACCENT}
.pv-name{font-weight:600;font-size:15px;overflow-wrap:anywhere}
.pv-sub{font-size:13px;color:#65676b}
.pv-posthead{display:flex;gap:10px;align-items:center;padding:12px 16px}
.pv-img{display:block;height:auto;max-width:100%}
/* Facebook */
.pv-stage--facebook{background:#f0f2f5}
.pv-fb{max-width:500px;background:#fff;border-radius:8px;
box-shadow:0 1px 2px rgba(0,0,0,.2);color:#050505}
.pv-fb__link{border-top:1px solid #dadde1}
.pv-fb__img{width:100%;aspect-ratio:1.91/1;object-fit:cover}
.pv-fb__body{background:#f0f2f5;padding:10px 16px 12px;border-radius:0 0 8px 8px}
.pv-fb__domain{font-size:13px;color:#65676b;text-transform:uppercase;line-height:1.3}
.pv-fb__title{font-size:17px;font-weight:600;line-height:1.25;margin-top:3px;
-webkit-line-clamp:2}
.pv-fb__desc{font-size:15px;color:#65676b;line-height:1.35;margin-top:3px;-webkit-line-clamp:1}
.pv-fb__link--small{display:flex;background:#f0f2f5;border-radius:0 0 8px 8px}
.pv-fb__link--small .pv-fb__img{width:140px;aspect-ratio:1/1;flex:none}
.pv-fb__link--small .pv-fb__body{flex:1;min-width:0;align-self:center}
/* X */
.pv-stage--x{background:#fff}
.pv-x{max-width:520px;color:#0f1419;font-size:15px}
.pv-x .pv-posthead{padding:0 0 8px}
.pv-x .pv-avatar{background:#0f1419}
.pv-x__handle{color:#536471;font-size:15px}
.pv-x__body{padding-inline-start:50px}
.pv-x__card{border:1px solid #cfd9de;border-radius:16px;overflow:hidden}
.pv-x__media{position:relative}
.pv-x__media .pv-img{width:100%;aspect-ratio:2/1;object-fit:cover}
.pv-x__overlay{position:absolute;inset-inline-start:12px;bottom:12px;max-width:calc(100% - 24px);
background:rgba(0,0,0,.77);color:#fff;font-size:13px;line-height:1.3;padding:2px 6px;
border-radius:4px;-webkit-line-clamp:1}
.pv-x__from{font-size:13px;color:#536471;margin-top:4px}
.pv-x__card--summary{display:flex}
.pv-x__card--summary .pv-img,.pv-x__thumb{width:130px;height:130px;object-fit:cover;flex:none;
border-inline-end:1px solid #cfd9de;background:#f7f9f9}
.pv-x__thumb{display:grid;place-items:center}
.pv-noimage{aspect-ratio:1.91/1;border:2px dashed #cfd5dd;border-radius:8px;display:flex;
flex-direction:column;justify-content:center;align-items:center;gap:6px;padding:24px;
text-align:center;color:#5b6573;font-size:14px;background:#fafbfc}
.pv-noimage b{color:#1b1f24;font-size:16px}
.pv-x__summary{padding:12px;min-width:0;align-self:center;font-size:15px}
.pv-x__domain{color:#536471}
.pv-x__title{-webkit-line-clamp:1}
.pv-x__desc{color:#536471;-webkit-line-clamp:2}
/* LinkedIn */
.pv-stage--linkedin{background:#f4f2ee}
.pv-li{max-width:555px;background:#fff;border-radius:8px;
box-shadow:0 0 0 1px rgba(140,140,140,.2);color:rgba(0,0,0,.9)}
.pv-li .pv-avatar{border-radius:4px;background:#0a66c2}
.pv-li__link{display:flex;gap:12px;align-items:center;margin:4px 16px 16px;padding:8px;
border:1px solid #e8e8e8;border-radius:8px;background:#fff}
.pv-li__img{width:136px;aspect-ratio:1.91/1;object-fit:cover;border-radius:4px;flex:none}
.pv-li__text{min-width:0}
.pv-li__title{font-size:14px;font-weight:600;line-height:1.35;-webkit-line-clamp:2}
.pv-li__domain{font-size:12px;color:rgba(0,0,0,.6);margin-top:2px}
/* Slack */
.pv-stage--slack{background:#fff}
.pv-slack{max-width:620px;display:flex;gap:8px;color:#1d1c1d;font-size:15px}
.pv-slack .pv-avatar{border-radius:6px;width:36px;height:36px;background:#e01e5a;font-size:15px}
.pv-slack__main{min-width:0;flex:1}
.pv-slack__time{font-size:12px;color:#616061;margin-inline-start:6px}
.pv-slack__url{color:#1264a3}
.pv-slack__att{display:flex;gap:12px;margin-top:6px;border-inline-start:4px solid #ddd;
padding-inline-start:12px}
.pv-slack__att>div{min-width:0;flex:1}
.pv-slack__site{font-weight:700;font-size:14px}
.pv-slack__title{font-weight:700;color:#1264a3;margin-top:1px}
.pv-slack__desc{margin-top:1px}
.pv-slack__img{margin-top:8px;max-width:min(360px,100%);height:auto;border-radius:8px}
.pv-slack__thumb{width:75px;height:75px;object-fit:cover;border-radius:6px;flex:none}
/* Discord */
.pv-stage--discord{background:#313338}
.pv-dc{max-width:560px;display:flex;gap:14px;color:#dbdee1;font-size:15px}
.pv-dc .pv-avatar{background:#5865f2}
.pv-dc__main{min-width:0;flex:1}
.pv-dc__user{color:#f2f3f5;font-weight:500}
.pv-dc__time{font-size:12px;color:#949ba4;margin-inline-start:6px}
.pv-dc__url{color:#00a8fc}
.pv-dc__embed{display:flex;gap:16px;max-width:432px;margin-top:6px;background:#2b2d31;
border-inline-start:4px solid #1e1f22;border-radius:4px;padding:8px 16px 16px 12px}
.pv-dc__embed>div{min-width:0;flex:1}
.pv-dc__site{font-size:12px;margin-top:8px}
.pv-dc__title{color:#00a8fc;font-weight:600;font-size:16px;margin-top:8px}
.pv-dc__desc{font-size:14px;margin-top:8px}
.pv-dc__img{margin-top:16px;max-width:min(400px,100%);height:auto;border-radius:4px}
.pv-dc__thumb{width:80px;height:80px;object-fit:contain;border-radius:4px;margin-top:8px;
flex:none}
/* KakaoTalk */
.pv-stage--kakaotalk{background:#b2c7da}
.pv-kk{width:100%;max-width:360px;display:flex;gap:8px;color:#191919;font-size:14px}
.pv-kk .pv-avatar{width:38px;height:38px;border-radius:15px;background:#8ea8c0}
.pv-kk__main{min-width:0;flex:1}
.pv-kk__name{font-size:12.5px;color:#3c4a57;margin-bottom:4px}
.pv-stage--kakaotalk{justify-content:flex-start}
.pv-kk__url{display:block;width:fit-content;max-width:250px;background:#fff;border-radius:12px;
padding:8px 11px;margin-bottom:5px;color:#191919;font-size:13.5px}
.pv-kk__row{display:flex;align-items:flex-end;gap:6px}
.pv-kk__bubble{flex:0 1 250px;min-width:0;background:#fff;border-radius:12px;overflow:hidden}
.pv-kk__img{width:100%;object-fit:cover}
.pv-kk__body{padding:10px 12px 11px}
.pv-kk__title{font-weight:700;font-size:14px;line-height:1.35;-webkit-line-clamp:2}
.pv-kk__desc{color:#666;font-size:13px;line-height:1.35;margin-top:3px;-webkit-line-clamp:2}
.pv-kk__domain{color:#999;font-size:12px;margin-top:6px}
.pv-kk__time{font-size:10.5px;color:#556677;flex:none}
/* Share block and footer */
.pv-share{background:#fff;border:1px solid #e3e6ea;border-radius:14px;padding:4px 20px}
.pv-footer{margin-top:40px;font-size:12.5px;color:#7a8493;text-align:center}
@media (max-width:900px){.pv-top{grid-template-columns:minmax(0,1fr)}}
@media (max-width:560px){.pv-wrap{padding:0 14px 40px}.pv-stage{padding:14px}
.pv-header h1{font-size:24px}.pv-x__body{padding-inline-start:0}
.pv-mock__label{flex-direction:column;align-items:flex-start;gap:2px}
.pv-mock__spec{margin-inline-start:0;text-align:start}}
""".replace("FONTS", FONTS).replace("ACCENT", "#0b1f3a")


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


def _facebook(p: Platform, t: Texts, image: PreviewImage | None, cut: Cut) -> str:
    small = image is not None and (image.width < 600 or image.height < 315)
    body = (
        '<div class="pv-fb__body">'
        + _text("p", "pv-fb__domain", "domain", t.host)
        + _text("p", "pv-fb__title", "title", cut(t.title, p.title_limit), clamp=True)
        + (
            _text("p", "pv-fb__desc", "description", cut(t.description, p.description_limit),
                  clamp=True)
            if t.description else ""
        )
        + "</div>"
    )  # fmt: skip
    media = _img(image, "pv-fb__img") if image is not None else ""
    link_class = "pv-fb__link pv-fb__link--small" if small else "pv-fb__link"
    return (
        f'<div class="pv-surface pv-fb"><div class="pv-posthead">{_avatar(t.site_name)}<div>'
        + _text("p", "pv-name", "site", t.site_name)
        + '<p class="pv-sub">Just now · Public</p></div></div>'
        + f'<div class="{link_class}"{_card(t)}>{media}{body}</div></div>'
    )


def _x(p: Platform, t: Texts, image: PreviewImage | None, cut: Cut) -> str:
    handle = t.handle or "@" + (t.host.split(".")[0] or "site")
    head = (
        f'<div class="pv-posthead">{_avatar(t.site_name)}<div>'
        + _text("span", "pv-name", "site", t.site_name)
        + f' <span class="pv-x__handle">{_e(handle)} · 1m</span></div></div>'
    )
    title = cut(t.x_title, p.title_limit)
    if image is not None and t.twitter_card == "summary_large_image":
        card = (
            f'<div class="pv-x__card"{_card(t)}><div class="pv-x__media">'
            + _img(image, "")
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
            + (
                _text("p", "pv-x__desc", "description",
                      cut(t.x_description, p.description_limit), clamp=True)
                if t.x_description else ""
            )
            + "</div></div>"
        )  # fmt: skip
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


def _slack(p: Platform, t: Texts, image: PreviewImage | None, cut: Cut) -> str:
    large = image is not None and t.twitter_card == "summary_large_image"
    text = (
        _text("p", "pv-slack__site", "site", t.site_name)
        + _text("p", "pv-slack__title", "title", cut(t.title, p.title_limit))
        + (
            _text("p", "pv-slack__desc", "description", cut(t.description, p.description_limit))
            if t.description
            else ""
        )
        + (_img(image, "pv-slack__img") if large and image is not None else "")
    )
    thumb = _img(image, "pv-slack__thumb") if image is not None and not large else ""
    return (
        '<div class="pv-surface pv-slack"><span class="pv-avatar" aria-hidden="true">Y</span>'
        '<div class="pv-slack__main"><p><b>You</b><span class="pv-slack__time">10:24 AM</span>'
        "</p>"
        + _text("p", "pv-slack__url", "url", t.url)
        + f'<div class="pv-slack__att"{_card(t)}><div>{text}</div>{thumb}</div></div></div>'
    )


def _discord(p: Platform, t: Texts, image: PreviewImage | None, cut: Cut) -> str:
    large = image is not None and t.twitter_card == "summary_large_image"
    text = (
        (_text("p", "pv-dc__site", "site", t.site_name) if t.site_name else "")
        + _text("p", "pv-dc__title", "title", cut(t.title, p.title_limit))
        + (
            _text("p", "pv-dc__desc", "description", cut(t.description, p.description_limit))
            if t.description
            else ""
        )
        + (_img(image, "pv-dc__img") if large and image is not None else "")
    )
    thumb = _img(image, "pv-dc__thumb") if image is not None and not large else ""
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
        + (
            _text("p", "pv-kk__desc", "description", cut(t.description, p.description_limit),
                  clamp=True)
            if t.description else ""
        )
        + _text("p", "pv-kk__domain", "domain", t.host)
        + '</div></div><span class="pv-kk__time">10:24 AM</span></div></div></div>'
    )  # fmt: skip


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
    elif p.key == "facebook" and (image.width < 600 or image.height < 315):
        parts.append("feed post, small square thumbnail (image under 600x315)")
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
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    summary = (
        f'<p class="pv-lint-summary">{errors} error{"s" * (errors != 1)}, '
        f"{warnings} warning{'s' * (warnings != 1)}</p>"
    )
    items = "".join(
        f'<li class="pv-finding pv-finding--{f.severity}" data-severity="{f.severity}">'
        f'<span class="pv-badge">{f.severity}</span><div><code>{_e(f.code)}</code>'
        f'<p class="pv-text">{_e(f.message)}</p></div></li>'
        for f in findings
    )
    return f'{summary}<ul class="pv-findings">{items}</ul>'


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
    return f'<table class="pv-head">{"".join(rows)}</table>'


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


def page(
    *,
    article: Article,
    texts: Texts,
    image: PreviewImage | None,
    mocks: Sequence[str],
    findings: Sequence[Finding],
    share_block: str,
    version: str,
) -> str:
    """The whole document."""
    lang = _e(texts.lang)
    facts = [
        ("Site", texts.site_name),
        ("Language", texts.lang),
        ("X card", texts.twitter_card),
    ]
    if article.published is not None:
        facts.append(("Published", article.published.strftime("%Y-%m-%d %H:%M %z")))
    if article.section:
        facts.append(("Section", article.section))
    fact_items = _status(findings) + "".join(
        f'<li><b>{_e(k)}</b> <span dir="auto">{_e(v)}</span></li>' for k, v in facts if v
    )
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
<section class="pv-section" aria-labelledby="pv-share-h">
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

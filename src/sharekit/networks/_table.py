"""The share networks: one table, read by config, the links, the block and the preview.

:data:`NETWORKS` holds one frozen :class:`Network` per network, in display
order (SPEC 2.5): its id, label, share-intent URL builder, icon and what
else differs between networks. Every other module reads it:
:data:`sharekit.config.NETWORK_IDS` is its ids, :func:`sharekit.share_links`
calls its builders, the block draws its icons and the preview takes its
labels. Each URL format and its source are in docs/share.md.

Every value goes into a URL through :func:`encode` (``quote(value,
safe="")``): a space is ``%20`` (never ``+``, which mail and SMS apps show
literally), and an empty parameter is left out.

config imports this module, so it imports only the standard library and the
icon data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from sharekit.networks import _icons as icons
from sharekit.networks._icons import Icon

__all__ = ["ALIASES", "BY_ID", "NETWORKS", "RETIRED", "Network", "Shared", "encode"]

MASTODON_CHOOSER = "https://share.joinmastodon.org/"
# Networks that shut their sharing down: named in the error when asked for.
RETIRED = {"pocket": "Pocket closed on 8 July 2025", "skype": "Skype retired on 5 May 2025"}


@dataclass(frozen=True, slots=True)
class Shared:
    """The values a URL builder puts in its link (the placeholders of docs/share.md)."""

    url: str  # {u}: the article URL, with its UTM tags when tagging is on
    title: str  # {t}
    description: str  # {d}
    image: str | None  # {img}: the share image's URL, found only for a network with `image`
    via: str  # {via}: [site] twitter without "@"
    instance: str  # [share] mastodon_instance


@dataclass(frozen=True, slots=True)
class Network:
    """One way to share, as every module sees it.

    ``build_url`` makes the share-intent URL (or ``mailto:``/``sms:``) from
    :class:`Shared` values; None for a network that only a script in the page
    can offer (:attr:`script_only`). ``aliases``: other names people use, only
    to suggest the id in an error. ``image``: the link carries the share
    image. ``translated``: the label is a word, not a brand, so the block
    shows it in the page's language. ``needs_app_key``: it needs
    ``[share] kakao_app_key``. ``app_only``: it opens an app on the device
    rather than a web page. ``brand``: the button's colour where the icon's
    does not suit it.
    """

    id: str
    label: str
    icon: Icon
    build_url: Callable[[Shared], str] | None
    aliases: tuple[str, ...] = ()
    image: bool = False
    translated: bool = False
    needs_app_key: bool = False
    app_only: bool = False
    brand: str = ""

    @property
    def script_only(self) -> bool:
        """No link: only a script in the page can share this way."""
        return self.build_url is None

    @property
    def colour(self) -> str:
        """The brand colour of the block's button."""
        return self.brand or self.icon.colour


def encode(value: str) -> str:
    """``value`` percent-encoded for a URL query: every reserved character, space as ``%20``."""
    return quote(value, safe="")


def _intent(base: str, **params: str | None) -> str:
    """``base`` + the non-empty parameters, in order, each value encoded."""
    query = "&".join(f"{name}={encode(value)}" for name, value in params.items() if value)
    return f"{base}{query}"


def _joined(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _email(s: Shared) -> str:
    # RFC 6068: %20 for spaces, CRLF line breaks.
    body = f"{s.description}\r\n\r\n{s.url}" if s.description else s.url
    return _intent("mailto:?", subject=s.title, body=body)


def _mastodon(s: Shared) -> str:
    base = f"https://{s.instance}/share?" if s.instance else MASTODON_CHOOSER + "?"
    return _intent(base, text=_joined(s.title, s.url))


def _sms(s: Shared) -> str:
    # "?&body=": iOS reads "&body", Android "?body".
    return _intent("sms:?&", body=_joined(s.title, s.url))


NETWORKS: tuple[Network, ...] = (
    Network(
        "facebook",
        "Facebook",
        icons.FACEBOOK,
        lambda s: _intent("https://www.facebook.com/sharer/sharer.php?", u=s.url),
    ),
    Network(
        "x",
        "X",
        icons.X,
        lambda s: _intent("https://x.com/intent/tweet?", text=s.title, url=s.url, via=s.via),
        aliases=("twitter",),
    ),
    Network(
        "linkedin",
        "LinkedIn",
        icons.LINKEDIN,
        # LinkedIn reads title and summary from the page's og:* tags.
        lambda s: _intent("https://www.linkedin.com/sharing/share-offsite/?", url=s.url),
    ),
    Network(
        "reddit",
        "Reddit",
        icons.REDDIT,
        lambda s: _intent("https://www.reddit.com/submit?", url=s.url, title=s.title),
    ),
    Network(
        "whatsapp",
        "WhatsApp",
        icons.WHATSAPP,
        lambda s: _intent("https://wa.me/?", text=_joined(s.title, s.url)),
    ),
    Network(
        "telegram",
        "Telegram",
        icons.TELEGRAM,
        lambda s: _intent("https://t.me/share/url?", url=s.url, text=s.title),
    ),
    Network("email", "Email", icons.EMAIL, _email, aliases=("mail", "e-mail"), translated=True),
    Network(
        "pinterest",
        "Pinterest",
        icons.PINTEREST,
        lambda s: _intent(
            "https://www.pinterest.com/pin/create/button/?",
            url=s.url,
            media=s.image,
            description=s.title,
        ),
        image=True,
    ),
    Network(
        "hackernews",
        "Hacker News",
        icons.HACKERNEWS,
        lambda s: _intent("https://news.ycombinator.com/submitlink?", u=s.url, t=s.title),
        aliases=("hn", "ycombinator"),
    ),
    Network(
        "bluesky",
        "Bluesky",
        icons.BLUESKY,
        lambda s: _intent("https://bsky.app/intent/compose?", text=_joined(s.title, s.url)),
        aliases=("bsky",),
    ),
    Network(
        "threads",
        "Threads",
        icons.THREADS,
        lambda s: _intent("https://www.threads.com/intent/post?", text=s.title, url=s.url),
    ),
    Network("mastodon", "Mastodon", icons.MASTODON, _mastodon, aliases=("fediverse",)),
    Network(
        "tumblr",
        "Tumblr",
        icons.TUMBLR,
        lambda s: _intent(
            "https://www.tumblr.com/widgets/share/tool?",
            posttype="link",
            canonicalUrl=s.url,
            title=s.title,
            caption=s.description,
        ),
    ),
    Network(
        "flipboard",
        "Flipboard",
        icons.FLIPBOARD,
        lambda s: _intent(
            "https://share.flipboard.com/bookmarklet/popout?", v="2", title=s.title, url=s.url
        ),
    ),
    Network(
        "line",
        "LINE",
        icons.LINE,
        lambda s: _intent("https://social-plugins.line.me/lineit/share?", url=s.url, text=s.title),
    ),
    # KakaoTalk shares only through its JavaScript SDK; its yellow is too faint on a light button.
    Network(
        "kakaotalk",
        "KakaoTalk",
        icons.KAKAOTALK,
        None,
        aliases=("kakao",),
        needs_app_key=True,
        brand="#3C1E1E",
    ),
    Network(
        "naver",
        "Naver",
        icons.NAVER,
        lambda s: _intent("https://share.naver.com/web/shareView?", url=s.url, title=s.title),
    ),
    Network(
        "band",
        "BAND",
        icons.BAND,
        lambda s: _intent("https://band.us/plugin/share?", body=f"{s.title}\n{s.url}", route=s.url),
        aliases=("naverband",),
    ),
    Network(
        "vk",
        "VK",
        icons.VK,
        lambda s: _intent(
            "https://vk.com/share.php?",
            url=s.url,
            title=s.title,
            description=s.description,
            image=s.image,
        ),
        aliases=("vkontakte",),
        image=True,
    ),
    Network(
        "weibo",
        "Weibo",
        icons.WEIBO,
        lambda s: _intent(
            "https://service.weibo.com/share/share.php?", url=s.url, title=s.title, pic=s.image
        ),
        aliases=("sinaweibo",),
        image=True,
    ),
    Network("sms", "SMS", icons.SMS, _sms, aliases=("text",), translated=True, app_only=True),
    Network("copy", "Copy link", icons.COPY, None, aliases=("clipboard", "link"), translated=True),
    Network(
        "webshare", "Share…", icons.WEBSHARE, None, aliases=("share", "native"), translated=True
    ),
)
BY_ID = {network.id: network for network in NETWORKS}
# Other names people use -> the id, only to suggest the id in an error.
ALIASES = {alias: network.id for network in NETWORKS for alias in network.aliases}

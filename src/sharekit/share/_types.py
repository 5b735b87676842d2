"""What a share link is, apart from the modules that make it and draw it.

``_links`` imports ``_html``; both need :class:`ShareLink`, which lives here
so that ``_html`` never imports ``_links`` back.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ShareLink"]


@dataclass(frozen=True, slots=True)
class ShareLink:
    """One way to share an article.

    ``url`` is the link to open (a share intent, ``mailto:`` or ``sms:``), or
    None where there is no link: ``copy`` and ``webshare`` run in the page,
    and KakaoTalk shares only through its JavaScript SDK. ``shared_url`` is
    the article URL this way shares (with its UTM tags when tagging is on).
    ``needs_js``: only a script can offer it. ``needs_app_id``: it needs an
    app key from the network (``[share] kakao_app_key``); ``available`` is
    False when that key is missing. ``app_only``: it opens an app on the
    device rather than a web page (``sms:``).
    """

    network: str
    label: str
    url: str | None
    shared_url: str
    needs_js: bool = False
    needs_app_id: bool = False
    app_only: bool = False
    available: bool = True

"""The network capability wired into cards and publish: remote photos and WebSub pings.

Servers run on 127.0.0.1 under the connect guard of helpers_net; loopback is
allowed explicitly where a test needs it, and refused by default.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import pytest

from sharekit import load_article, load_site, publish, render_card
from tests.helpers_net import Net, net, png, warnings_logged
from tests.helpers_servers import Handler, Server, server

__all__ = ["net", "server", "warnings_logged"]  # fixtures

pytestmark = pytest.mark.usefixtures("net")


def _record(url: str) -> dict[str, object]:
    return {
        "title": "A photo from far away",
        "url": "https://news.example/a",
        "image": {"url": url},
    }


def test_photo_card_uses_a_remote_image_when_allowed(
    server: Server, tmp_path: Path, warnings_logged: list[str]
) -> None:
    server.route("/hero.png", body=png(1600, 900, "#00c000"), content_type="image/png")
    site = load_site({"network": {"allow_private": True, "cache_dir": str(tmp_path)}})
    article = load_article(_record(server.url("/hero.png")), site)
    card = render_card(article, site, template="photo")
    assert warnings_logged == []
    from io import BytesIO

    from PIL import Image

    with Image.open(BytesIO(card.data)) as image:
        red, green, blue = image.convert("RGB").getpixel((20, 20))  # a corner of the photo
    assert green > 150 and red < 80 and blue < 80
    assert [r.path for r in server.requests] == ["/hero.png"]


def test_photo_card_falls_back_when_the_address_is_refused(
    net: Net, server: Server, tmp_path: Path, warnings_logged: list[str]
) -> None:
    server.route("/hero.png", body=png(1600, 900), content_type="image/png")
    site = load_site({"network": {"cache_dir": str(tmp_path)}})  # loopback refused by default
    article = load_article(_record(server.url("/hero.png")), site)
    card = render_card(article, site, template="photo")
    assert card.media_type == "image/jpeg"  # the format follows the requested template
    assert server.requests == []
    (message,) = warnings_logged
    assert "drew the branded card instead" in message and "loopback" in message


def test_publish_pings_hubs_for_rewritten_feeds_only(server: Server, tmp_path: Path) -> None:
    pings: list[dict[str, list[str]]] = []

    def hub(handler: Handler) -> None:
        pings.append(parse_qs(server.requests[-1].body.decode()))
        handler.send(204, b"", None)

    server.routes["/hub"] = hub
    site = load_site(
        {
            "site": {"name": "X", "url": "https://news.example"},
            "feed": {"hubs": [server.url("/hub")], "formats": ["atom"], "sections": False},
            "card": {"enabled": False},
            "network": {"allow_private": True, "cache_dir": str(tmp_path)},
        }
    )
    record = {
        "title": "Hub news",
        "url": "https://news.example/hub",
        "published": "2025-01-01T00:00:00Z",
    }
    publish([record], site, tmp_path / "out", workers=1)
    assert pings == [{"hub.mode": ["publish"], "hub.url": ["https://news.example/atom.xml"]}]
    publish([record], site, tmp_path / "out", workers=1)  # nothing changed: no ping
    assert len(pings) == 1

"""Bluesky: createSession, uploadBlob (the card), createRecord (docs.bsky.app, the lexicons).

The post is an ``app.bsky.feed.post`` whose text is the headline, a blank
line and the URL, with a link facet over the URL (UTF-8 byte offsets) and an
``app.bsky.embed.external`` link card whose thumb is the card. The session's
tokens are learnt by the run's :class:`~sharekit.syndication._secrets.Secrets`,
so no message shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sharekit.syndication._call import Call, Failure, ok_json
from sharekit.syndication._service import card_file, fit, utc

if TYPE_CHECKING:
    from sharekit.config import BlueskyTarget, Site, SyndicateConfig
    from sharekit.out._output import Output
    from sharekit.store._interface import Post
    from sharekit.syndication._secrets import Secrets

__all__ = ["BLUESKY", "THUMB_MAX", "thumbnail"]

LIMIT = 300  # graphemes (app.bsky.feed.post text maxGraphemes)
BYTES = 3000  # UTF-8 bytes (its maxLength): 300 emoji ZWJ sequences would pass 300
THUMB_MAX = 1_000_000  # bytes (app.bsky.embed.external thumb maxSize)


class Bluesky:
    id = "bluesky"
    env = "SHAREKIT_BLUESKY_APP_PASSWORD"

    def target(self, config: SyndicateConfig) -> BlueskyTarget | None:
        return config.bluesky

    def secret(self, config: SyndicateConfig) -> str:
        return config.bluesky.app_password if config.bluesky else ""

    def limits(self, text: str) -> tuple[int, int, str]:
        from sharekit.text._truncate import graphemes

        if len(text.encode("utf-8")) > BYTES:
            return len(text.encode("utf-8")), BYTES, "bytes"
        return len(graphemes(text)), LIMIT, "graphemes"

    def compose(self, title: str, url: str) -> str:
        return fit(title, url, self.limits)

    def shows(self, site: Site) -> str:
        return "link card, the card as its thumbnail" if site.card.enabled else "link card"

    def verify(self, config: SyndicateConfig, secrets: Secrets) -> None:
        target = config.bluesky
        if target is None or not target.handle or not secrets.get(self.id):
            raise Failure(
                f"bluesky: handle and app password needed ([syndicate.bluesky] or {self.env})"
            )

    def post(
        self, call: Call, row: Post, payload: Mapping[str, Any], out: Output
    ) -> tuple[str, str]:
        target = call.site.syndicate.bluesky
        assert target is not None
        xrpc = f"{target.pds.rstrip('/')}/xrpc"
        answer = call.json(
            f"{xrpc}/com.atproto.server.createSession",
            {"identifier": target.handle, "password": call.secrets.get(self.id)},
        )
        session = ok_json(answer, call.secrets, "bluesky createSession")
        jwt, did = str(session.get("accessJwt", "")), str(session.get("did", ""))
        call.secrets.learn(jwt)
        call.secrets.learn(str(session.get("refreshJwt", "")))
        if not jwt or not did:
            raise Failure("bluesky createSession: no accessJwt or did in the answer")
        auth = {"Authorization": f"Bearer {jwt}"}
        record = self.record(payload, self.embed(call, xrpc, auth, payload, out))
        answer = call.json(
            f"{xrpc}/com.atproto.repo.createRecord",
            {"repo": did, "collection": "app.bsky.feed.post", "record": record},
            auth,
        )
        data = ok_json(answer, call.secrets, "bluesky createRecord")
        uri = str(data.get("uri", ""))
        rkey = uri.rsplit("/", 1)[-1]
        handle = str(session.get("handle") or target.handle)
        return uri, f"https://bsky.app/profile/{handle}/post/{rkey}" if rkey else ""

    def embed(
        self,
        call: Call,
        xrpc: str,
        auth: Mapping[str, str],
        payload: Mapping[str, Any],
        out: Output,
    ) -> dict[str, Any]:
        """The link card: the article's URL, title and description, the card uploaded
        as its thumb (uploadBlob) when there is one that fits."""
        external: dict[str, Any] = {
            "uri": payload["url"],
            "title": payload["title"],
            "description": payload.get("description") or "",
        }
        card = card_file(out, payload)
        thumb = thumbnail(card) if card else None
        if thumb is not None:
            answer = call.send(
                "POST",
                f"{xrpc}/com.atproto.repo.uploadBlob",
                headers={**auth, "Content-Type": thumb[1]},
                body=thumb[0],
            )
            blob = ok_json(answer, call.secrets, "bluesky uploadBlob").get("blob")
            if isinstance(blob, Mapping):
                external["thumb"] = dict(blob)
        return external

    def record(self, payload: Mapping[str, Any], external: dict[str, Any]) -> dict[str, Any]:
        """The ``app.bsky.feed.post`` record: text, a link facet over the URL, the card."""
        text = self.compose(payload["title"], payload["url"])
        start, end = _utf8_span(text, payload["url"])
        record: dict[str, Any] = {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": utc(datetime.now(UTC)),
            "facets": [
                {
                    "index": {"byteStart": start, "byteEnd": end},
                    "features": [{"$type": "app.bsky.richtext.facet#link", "uri": payload["url"]}],
                }
            ],
            "embed": {"$type": "app.bsky.embed.external", "external": external},
        }
        if payload.get("lang"):
            record["langs"] = [payload["lang"]]
        return record


def _utf8_span(text: str, part: str) -> tuple[int, int]:
    """Byte offsets of the last ``part`` in ``text`` as UTF-8 (facet indices are bytes)."""
    start = len(text[: text.rindex(part)].encode("utf-8"))
    return start, start + len(part.encode("utf-8"))


def thumbnail(card: tuple[bytes, str, str]) -> tuple[bytes, str] | None:
    """The card as a thumbnail within the 1,000,000-byte limit (JPEG if PNG is larger)."""
    data, media_type, _ = card
    if len(data) <= THUMB_MAX and media_type.startswith("image/"):
        return data, media_type
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            rgb = image.convert("RGB")
    except OSError:
        return None
    for quality in (85, 70, 50):
        buffer = io.BytesIO()
        rgb.save(buffer, "JPEG", quality=quality, optimize=True)
        if buffer.tell() <= THUMB_MAX:
            return buffer.getvalue(), "image/jpeg"
    return None


BLUESKY = Bluesky()

"""Bluesky: createSession, uploadBlob (the card), createRecord (docs.bsky.app, the lexicons).

The post is an ``app.bsky.feed.post`` whose text is the record's
``social.bluesky.text`` or the headline, a blank line and the URL, with a
link facet over each URL and a tag facet over each ``#tag`` (UTF-8 byte
offsets) and an ``app.bsky.embed.external`` link card whose thumb is the
card. The session's tokens are learnt by the run's
:class:`~sharekit.syndication._secrets.Secrets`, so no message shows them.

Exactly once (SPEC 8.7): the record key is a TID made from the moment the
ledger queued the post (kept in its payload before anything is sent) and a
clock id from the article id, so every attempt at one post names the same
record. A retry first asks whether the record is there (getRecord), and the
PDS refuses a second record of that key: a run killed after the PDS took the
post never makes a second one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from sharekit.syndication._call import Call, Failure, ok_json, refusal
from sharekit.syndication._facets import facets
from sharekit.syndication._service import Draft, card_file, fit, utc

if TYPE_CHECKING:
    from sharekit.config import BlueskyTarget, Site, SyndicateConfig
    from sharekit.out._output import Output
    from sharekit.store._interface import Post
    from sharekit.syndication._secrets import Secrets

__all__ = ["BLUESKY", "THUMB_MAX", "record_key", "thumbnail"]

LIMIT = 300  # graphemes (app.bsky.feed.post text maxGraphemes)
BYTES = 3000  # UTF-8 bytes (its maxLength): 300 emoji ZWJ sequences would pass 300
THUMB_MAX = 1_000_000  # bytes (app.bsky.embed.external thumb maxSize)
# atproto's TID: base32-sortable, 13 characters (atproto.com/specs/tid)
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def record_key(article_id: str, created: str) -> str:
    """The post's record key: a TID (53 bits of microseconds since 1970, 10 bits of
    clock id) of the moment it was queued, the clock id taken from the article id,
    so every attempt at one article's post names the same record."""
    moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
    micros = int(moment.timestamp()) * 1_000_000 + moment.microsecond
    clock = int.from_bytes(hashlib.sha256(article_id.encode("utf-8")).digest()[:2]) % 1024
    value = ((micros & ((1 << 53) - 1)) << 10) | clock  # the top bit stays 0
    return "".join(_TID_ALPHABET[(value >> shift) & 31] for shift in range(60, -1, -5))


class Bluesky:
    id = "bluesky"
    env = "SHAREKIT_BLUESKY_APP_PASSWORD"
    label = "Bluesky"
    network = "bluesky"
    idempotent = True  # a record key of its own: a retry cannot make a second post
    link = True
    pace = (1500, 3600)  # a create costs 3 of the 5,000 points an hour an account has

    def target(self, config: SyndicateConfig) -> BlueskyTarget | None:
        return config.bluesky

    def secret(self, config: SyndicateConfig) -> str:
        return config.bluesky.app_password if config.bluesky else ""

    def limits(self, text: str) -> tuple[int, int, str]:
        from sharekit.text._truncate import graphemes

        if len(text.encode("utf-8")) > BYTES:
            return len(text.encode("utf-8")), BYTES, "bytes"
        return len(graphemes(text)), LIMIT, "graphemes"

    def compose(self, draft: Draft) -> str:
        return fit(draft, self.limits)

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
        created = str(payload.get("created") or row.published)
        rkey = record_key(row.article_id, created)
        uri = f"at://{did}/app.bsky.feed.post/{rkey}"
        handle = str(session.get("handle") or target.handle)
        link = f"https://bsky.app/profile/{handle}/post/{rkey}"
        if (row.attempts or row.status != "queued") and self.exists(call, xrpc, auth, did, rkey):
            return uri, link  # an earlier attempt made it (its answer was lost)
        record = self.record(payload, self.embed(call, xrpc, auth, payload, out), created)
        answer = call.json(
            f"{xrpc}/com.atproto.repo.createRecord",
            {"repo": did, "collection": "app.bsky.feed.post", "rkey": rkey, "record": record},
            auth,
            decisive=True,
        )
        if answer.status == 400 and self.exists(call, xrpc, auth, did, rkey):
            return uri, link  # refused as a second record of this key: the first is there
        data = ok_json(answer, call.secrets, "bluesky createRecord", made=True)
        return str(data.get("uri") or uri), link

    def exists(self, call: Call, xrpc: str, auth: Mapping[str, str], did: str, rkey: str) -> bool:
        """Whether the repo has the post of this record key (com.atproto.repo.getRecord)."""
        query = urlencode({"repo": did, "collection": "app.bsky.feed.post", "rkey": rkey})
        answer = call.send("GET", f"{xrpc}/com.atproto.repo.getRecord?{query}", headers=auth)
        if 200 <= answer.status < 300:
            return True
        if answer.status == 400 and b"RecordNotFound" in answer.data:
            return False
        raise refusal(answer, call.secrets, "bluesky getRecord")

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

    def record(
        self, payload: Mapping[str, Any], external: dict[str, Any], created: str = ""
    ) -> dict[str, Any]:
        """The ``app.bsky.feed.post`` record: text, link and tag facets, the card."""
        text = self.compose(Draft.of(payload))
        record: dict[str, Any] = {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": created or utc(datetime.now(UTC)),
            "embed": {"$type": "app.bsky.embed.external", "external": external},
        }
        found = facets(text)
        if found:
            record["facets"] = found
        if payload.get("lang"):
            record["langs"] = [payload["lang"]]
        return record


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

"""Syndication after publish (SPEC 7.4): IndexNow, and posting new articles (POSSE).

Both run after the store's writer lock is released, like the WebSub pings:
bounded in time (``[network] timeout`` per request, a few requests per
article), never fatal (every failure is a result, logged as a warning), and
retried by the next run (the store keeps what is owed).

**IndexNow** (indexnow.org): with ``[syndicate] indexnow_key`` the key file
``DIR/KEY.txt`` is written, the URLs of the articles written by the run are
queued in the store, and the oldest 10,000 queued URLs of the site's host
go in one JSON POST (``host``, ``key``, ``keyLocation``, ``urlList``). A 200
or 202 answer empties them from the queue; anything else leaves them for
the next run.

**Posts**: each configured target (``[syndicate.mastodon]``, ``bluesky``,
``telegram``) gets one post per article published within ``max_age_hours``
(a backfill posts nothing). The store has one row per (article, target): a
new row is queued when an article is first written, so an edit never posts
again; a run claims a due row (atomically: two runs never post the same
one), posts, and records the post id and URL, or the error for the next run.
What is posted (headline, URL, card file) is kept in the row, so a retry
needs no record. A run that dies between the post and the record leaves the
row ``posting``; after ``_STALE`` it is due again (Mastodon's
``Idempotency-Key``, kept by Mastodon for an hour, turns that retry into
the same status; Bluesky and Telegram have no such key and could post twice).

Secrets (tokens, the app password) come from the configuration or the
environment (``SHAREKIT_MASTODON_TOKEN``...) and never appear in a result,
a log line, an error or the store: every text that leaves this module goes
through :meth:`_Secrets.redact`. Every request goes through the guarded
client (:mod:`sharekit.net._http`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode, urlsplit

from sharekit.config import Site, SyndicateConfig
from sharekit.errors import NetworkError, SharekitError
from sharekit.model import Article
from sharekit.net._http import Answer, request
from sharekit.out._atomic import write_bytes_if_changed
from sharekit.store._sqlite import Post, Store
from sharekit.text._clean import clean_text

if TYPE_CHECKING:
    from sharekit.images._judge import Finding
    from sharekit.out._output import Output

__all__ = [
    "INDEXNOW_MAX",
    "TARGETS",
    "IndexNowResult",
    "PostResult",
    "compose",
    "post_findings",
    "submit_indexnow",
    "syndicate",
    "syndicate_after_publish",
]

log = logging.getLogger("sharekit")

INDEXNOW_MAX = 10_000  # URLs per request (indexnow.org)
TARGETS = ("mastodon", "bluesky", "telegram")
ENV = {
    "mastodon": "SHAREKIT_MASTODON_TOKEN",
    "bluesky": "SHAREKIT_BLUESKY_APP_PASSWORD",
    "telegram": "SHAREKIT_TELEGRAM_TOKEN",
    "facebook": "SHAREKIT_FACEBOOK_TOKEN",
}
# Post length limits as each service counts them (see compose)
MASTODON_LIMIT = 500  # characters; every URL counts as 23
MASTODON_URL = 23
BLUESKY_LIMIT = 300  # graphemes (app.bsky.feed.post text maxGraphemes)
BLUESKY_BYTES = 3000  # UTF-8 bytes (its maxLength): 300 emoji ZWJ sequences would pass 300
BLUESKY_THUMB_MAX = 1_000_000  # bytes (app.bsky.embed.external thumb maxSize)
TELEGRAM_CAPTION = 1024  # characters of a photo caption
TELEGRAM_TEXT = 4096  # characters of a message
FACEBOOK_GRAPH = "https://graph.facebook.com"  # the Graph API (tests point it at 127.0.0.1)
_STALE = timedelta(minutes=30)  # a claim older than this was a run that died
_ATTEMPTS = 2  # per post and run: a 429 whose Retry-After fits the budget is retried once
_ANSWER_MAX = 1_000_000


# --- results ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndexNowResult:
    """One IndexNow submission: how many URLs, and what the endpoint said."""

    urls: int
    ok: bool
    status: int | None = None
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "indexnow",
            "urls": self.urls,
            "ok": self.ok,
            "status": self.status,
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class PostResult:
    """One article's post to one target. ``status``: ``posted``, ``failed`` (tried
    again next run), ``skipped`` (posted before, or claimed by another run),
    ``would post`` (dry run)."""

    article_id: str
    target: str
    status: str
    post_id: str = ""
    post_url: str = ""
    error: str = ""
    text: str = ""
    link: str = ""
    card: str = ""
    note: str = ""  # why it was skipped

    def to_json(self) -> dict[str, Any]:
        data = {"kind": "post", "id": self.article_id, "target": self.target, "status": self.status}
        for key in ("post_id", "post_url", "error", "note", "text", "link", "card"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data


# --- secrets -------------------------------------------------------------------------


class _Secrets:
    """The targets' secrets, from the configuration else the environment, and the one
    place that scrubs them from any text."""

    def __init__(self, config: SyndicateConfig) -> None:
        values = {
            "mastodon": config.mastodon.token if config.mastodon else "",
            "bluesky": config.bluesky.app_password if config.bluesky else "",
            "telegram": config.telegram.token if config.telegram else "",
            "facebook": config.facebook_token,
        }
        self.values = {
            name: value or os.environ.get(ENV[name], "").strip() for name, value in values.items()
        }
        hidden: set[str] = set()
        for value in self.values.values():
            if value:
                hidden |= {value, quote(value, safe=""), quote(value)}
        self.hidden = sorted(hidden, key=len, reverse=True)  # longest first
        self.bearers: list[str] = []  # session tokens learnt at run time (Bluesky)

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def learn(self, token: str) -> None:
        if token:
            self.bearers.append(token)

    def redact(self, text: str) -> str:
        for secret in (*self.hidden, *self.bearers):
            if secret:
                text = text.replace(secret, "[secret]")
        return text


# --- composing a post ------------------------------------------------------------------


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _post_length(target: str, text: str) -> tuple[int, int, str]:
    """How ``target`` counts ``text``: (length, limit, unit). Conservative where a
    service's unit is unclear: Telegram's limits are taken in UTF-16 code units
    (how its API counts entity offsets), never fewer than code points."""
    import re

    from sharekit.text._truncate import graphemes

    if target == "mastodon":
        counted = re.sub(r"https?://\S+", "x" * MASTODON_URL, text)
        return len(counted), MASTODON_LIMIT, "characters (a URL counts as 23)"
    if target == "bluesky":
        if len(text.encode("utf-8")) > BLUESKY_BYTES:
            return len(text.encode("utf-8")), BLUESKY_BYTES, "bytes"
        return len(graphemes(text)), BLUESKY_LIMIT, "graphemes"
    return _utf16_units(text), TELEGRAM_CAPTION, "UTF-16 units (a photo caption)"


def _fits(target: str, text: str) -> bool:
    length, limit, _ = _post_length(target, text)
    return length <= limit


def what_shows(target: str, site: Site) -> str:
    """What a target's post shows beside its text (the preview's accounts section)."""
    card = site.card.enabled
    return {
        "mastodon": "link preview from the page's own tags",
        "bluesky": "link card, the card as its thumbnail" if card else "link card",
        "telegram": "the card as the photo" if card else "a text message",
    }[target]


def compose(target: str, title: str, url: str) -> str:
    """The text ``target`` gets: the headline, a blank line and the URL, the headline
    cut (at a word or grapheme boundary, with an ellipsis) so it fits the target's
    limit as the target counts it; the URL is always whole."""
    from sharekit.text._truncate import ELLIPSIS, truncate

    whole = f"{title}\n\n{url}"
    if _fits(target, whole):
        return whole
    best, low, high = ELLIPSIS, 2, len(title) - 1  # truncate needs room for one character
    while low <= high:  # the longest cut that fits: truncate grows with its limit
        middle = (low + high) // 2
        cut = truncate(title, middle)
        if _fits(target, f"{cut}\n\n{url}"):
            best, low = cut, middle + 1
        else:
            high = middle - 1
    return f"{best}\n\n{url}"  # over the limit only when the URL alone is: reported then


def post_findings(article: Article, site: Site) -> list[Finding]:
    """Lint's view of the configured targets: a warning per target whose post
    (headline, blank line, URL) is over its limit, so the headline gets cut."""
    from sharekit.images._judge import Finding

    found = []
    for target in _targets(site.syndicate):
        length, limit, unit = _post_length(target, f"{article.title}\n\n{article.url}")
        if length > limit:
            found.append(
                Finding(
                    "warning",
                    f"{target}-post-too-long",
                    f"the {target.capitalize()} post is {length} {unit}, over {limit}:"
                    " the headline is cut with an ellipsis",
                    "title",
                    (target,),
                )
            )
    return found


def _payload(article: Article, card: str) -> dict[str, Any]:
    return {
        "title": article.title,
        "url": article.url,
        "description": article.description,
        "lang": article.lang,
        "card": card,  # path relative to the output root, "" without a card
    }


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _targets(config: SyndicateConfig) -> list[str]:
    return [name for name in TARGETS if getattr(config, name) is not None]


# --- HTTP ----------------------------------------------------------------------------


class _Failure(Exception):
    """A post that did not go: the message (secrets scrubbed) and when to retry."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


@dataclass
class _Call:
    """Requests of one run: the site (guarded client settings), secrets, the deadline."""

    site: Site
    secrets: _Secrets
    ends: float

    def left(self) -> float:
        return self.ends - time.monotonic()

    def send(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
        shown: str | None = None,
    ) -> Answer:
        left = self.left()
        if left <= 0.05:
            raise _Failure("no time left in this run")
        try:
            return request(
                method,
                url,
                self.site,
                headers=headers,
                data=body,
                max_bytes=_ANSWER_MAX,
                deadline=min(left, float(self.site.network.timeout) * 2),
            )
        except NetworkError as error:
            where = shown or url
            raise _Failure(self.secrets.redact(f"{where}: {error.reason}")) from None

    def json(
        self,
        url: str,
        data: Mapping[str, Any],
        headers: Mapping[str, str] | None = None,
        shown: str | None = None,
    ) -> Answer:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        return self.send(
            "POST",
            url,
            headers={"Content-Type": "application/json", **(headers or {})},
            body=body,
            shown=shown,
        )


def _retry_after(answer: Answer) -> float | None:
    """Seconds to wait before a retry: ``Retry-After`` (seconds), else the reset time
    of the rate-limit window: Mastodon's ``X-RateLimit-Reset`` (ISO 8601), Bluesky's
    ``RateLimit-Reset`` (Unix seconds)."""
    value = answer.headers.get("Retry-After", "").strip()
    if value:
        try:
            return max(float(value), 0.0)
        except ValueError:
            return None
    reset = (
        answer.headers.get("X-RateLimit-Reset") or answer.headers.get("RateLimit-Reset") or ""
    ).strip()
    if not reset:
        return None
    now = time.time()
    try:
        moment = float(reset)
    except ValueError:
        try:
            moment = datetime.fromisoformat(reset.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return None
    return max(moment - now, 0.0) if moment > 1e9 else max(moment, 0.0)


def _refusal(answer: Answer, secrets: _Secrets, where: str) -> _Failure:
    """A non-2xx answer as a failure: status, the service's error text, Retry-After."""
    detail = ""
    retry = _retry_after(answer)
    try:
        data = json.loads(answer.data)
    except ValueError:
        data = None
    if isinstance(data, Mapping) and isinstance(data.get("error"), Mapping):
        data = data["error"]  # the Graph API: {"error": {"message", "type", "code"}}
    if isinstance(data, Mapping):
        parts = [data.get(k) for k in ("error", "message", "description", "error_description")]
        detail = ": ".join(str(p) for p in parts if isinstance(p, str | int) and p != "")
        params = data.get("parameters")
        if retry is None and isinstance(params, Mapping):  # Telegram: parameters.retry_after
            value = params.get("retry_after")
            retry = float(value) if isinstance(value, int | float) else None
    if not detail:
        detail = answer.data[:200].decode("utf-8", "replace")
    text = clean_text(f"{where}: HTTP {answer.status} {answer.reason}".rstrip())
    detail = clean_text(detail)[:300]
    return _Failure(secrets.redact(text + (f": {detail}" if detail else "")), retry)


def _ok_json(answer: Answer, secrets: _Secrets, where: str) -> Mapping[str, Any]:
    if not 200 <= answer.status < 300:
        raise _refusal(answer, secrets, where)
    try:
        data = json.loads(answer.data)
    except ValueError:
        raise _Failure(f"{where}: HTTP {answer.status} but not JSON") from None
    if not isinstance(data, Mapping):
        raise _Failure(f"{where}: HTTP {answer.status} but not a JSON object")
    return data


def _multipart(
    fields: Sequence[tuple[str, str]], file: tuple[str, str, str, bytes]
) -> tuple[bytes, str]:
    """A multipart/form-data body (RFC 7578): text fields, then one file."""
    boundary = f"sharekit-{uuid.uuid4().hex}"
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode("utf-8")
            + b"\r\n"
        )
    name, filename, media_type, data = file
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        f"Content-Type: {media_type}\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --- the targets -----------------------------------------------------------------------


def _card(root: Path | Output | None, payload: Mapping[str, Any]) -> tuple[bytes, str, str] | None:
    """The card file's bytes, media type and name, or None."""
    path = str(payload.get("card") or "")
    if root is None or not path or ".." in path.split("/"):
        return None
    if isinstance(root, Path):
        try:
            data = (root / path).read_bytes()
        except OSError:
            return None
    else:  # publish's output (a bucket: one GET)
        read = root.read(path)
        if read is None:
            return None
        data = read
    name = path.rsplit("/", 1)[-1]
    kind = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}
    return data, kind.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream"), name


def _mastodon(
    call: _Call, site: Site, post: Post, payload: Mapping[str, Any], root: Path | Output | None
) -> tuple[str, str]:
    """POST /api/v1/statuses (docs.joinmastodon.org/methods/statuses/#create)."""
    target = site.syndicate.mastodon
    assert target is not None
    token = call.secrets.get("mastodon")
    if not token:
        raise _Failure(f"mastodon: no token ([syndicate.mastodon] token or {ENV['mastodon']})")
    url = f"{target.instance.rstrip('/')}/api/v1/statuses"
    body: dict[str, Any] = {
        "status": compose("mastodon", payload["title"], payload["url"]),
        "visibility": "public",
    }
    lang = str(payload.get("lang") or "").split("-")[0].lower()
    if len(lang) == 2:
        body["language"] = lang  # ISO 639-1, as the API takes it
    # The same key for every attempt at this post: Mastodon answers a repeat
    # within an hour with the status it made, not a second one.
    key = f"sharekit-{uuid.uuid5(uuid.NAMESPACE_URL, post.article_id + '|mastodon')}"
    answer = call.json(
        url, body, {"Authorization": f"Bearer {token}", "Idempotency-Key": key}, shown=url
    )
    data = _ok_json(answer, call.secrets, "mastodon")
    return str(data.get("id", "")), str(data.get("url") or data.get("uri") or "")


def _utf8_span(text: str, part: str) -> tuple[int, int]:
    """Byte offsets of the last ``part`` in ``text`` as UTF-8 (facet indices are bytes)."""
    start = len(text[: text.rindex(part)].encode("utf-8"))
    return start, start + len(part.encode("utf-8"))


def _bluesky_thumb(card: tuple[bytes, str, str]) -> tuple[bytes, str] | None:
    """The card as a thumbnail within the 1,000,000-byte limit (JPEG if PNG is larger)."""
    data, media_type, _ = card
    if len(data) <= BLUESKY_THUMB_MAX and media_type.startswith("image/"):
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
        if buffer.tell() <= BLUESKY_THUMB_MAX:
            return buffer.getvalue(), "image/jpeg"
    return None


def _bluesky(
    call: _Call, site: Site, post: Post, payload: Mapping[str, Any], root: Path | Output | None
) -> tuple[str, str]:
    """createSession, uploadBlob (the card), createRecord (docs.bsky.app, the lexicons)."""
    target = site.syndicate.bluesky
    assert target is not None
    password = call.secrets.get("bluesky")
    if not target.handle or not password:
        raise _Failure(
            f"bluesky: handle and app password needed ([syndicate.bluesky] or {ENV['bluesky']})"
        )
    xrpc = f"{target.pds.rstrip('/')}/xrpc"
    answer = call.json(
        f"{xrpc}/com.atproto.server.createSession",
        {"identifier": target.handle, "password": password},
    )
    session = _ok_json(answer, call.secrets, "bluesky createSession")
    jwt, did = str(session.get("accessJwt", "")), str(session.get("did", ""))
    call.secrets.learn(jwt)
    call.secrets.learn(str(session.get("refreshJwt", "")))
    if not jwt or not did:
        raise _Failure("bluesky createSession: no accessJwt or did in the answer")
    auth = {"Authorization": f"Bearer {jwt}"}
    text = compose("bluesky", payload["title"], payload["url"])
    start, end = _utf8_span(text, payload["url"])
    external: dict[str, Any] = {
        "uri": payload["url"],
        "title": payload["title"],
        "description": payload.get("description") or "",
    }
    card = _card(root, payload)
    thumb = _bluesky_thumb(card) if card else None
    if thumb is not None:
        answer = call.send(
            "POST",
            f"{xrpc}/com.atproto.repo.uploadBlob",
            headers={**auth, "Content-Type": thumb[1]},
            body=thumb[0],
        )
        blob = _ok_json(answer, call.secrets, "bluesky uploadBlob").get("blob")
        if isinstance(blob, Mapping):
            external["thumb"] = dict(blob)
    record: dict[str, Any] = {
        "$type": "app.bsky.feed.post",
        "text": text,
        "createdAt": _utc(datetime.now(UTC)),
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
    answer = call.json(
        f"{xrpc}/com.atproto.repo.createRecord",
        {"repo": did, "collection": "app.bsky.feed.post", "record": record},
        auth,
    )
    data = _ok_json(answer, call.secrets, "bluesky createRecord")
    uri = str(data.get("uri", ""))
    rkey = uri.rsplit("/", 1)[-1]
    handle = str(session.get("handle") or target.handle)
    return uri, f"https://bsky.app/profile/{handle}/post/{rkey}" if rkey else ""


def _telegram(
    call: _Call, site: Site, post: Post, payload: Mapping[str, Any], root: Path | Output | None
) -> tuple[str, str]:
    """sendPhoto with the card as the photo, else sendMessage (core.telegram.org/bots/api)."""
    target = site.syndicate.telegram
    assert target is not None
    token = call.secrets.get("telegram")
    if not token or not target.chat:
        raise _Failure(
            f"telegram: token and chat needed ([syndicate.telegram] or {ENV['telegram']})"
        )
    base = f"{target.api.rstrip('/')}/bot{token}"
    shown = f"{target.api.rstrip('/')}/bot[secret]"
    text = compose("telegram", payload["title"], payload["url"])
    card = _card(root, payload)
    if card is not None:
        body, content_type = _multipart(
            [("chat_id", target.chat), ("caption", text)], ("photo", card[2], card[1], card[0])
        )
        answer = call.send(
            "POST",
            f"{base}/sendPhoto",
            headers={"Content-Type": content_type},
            body=body,
            shown=f"{shown}/sendPhoto",
        )
    else:
        answer = call.json(
            f"{base}/sendMessage",
            {"chat_id": target.chat, "text": text},
            shown=f"{shown}/sendMessage",
        )
    data = _ok_json(answer, call.secrets, "telegram")
    result = data.get("result")
    if data.get("ok") is not True or not isinstance(result, Mapping):
        raise _Failure("telegram: the answer is not ok")
    message_id = str(result.get("message_id", ""))
    url = ""
    if target.chat.startswith("@") and message_id:
        url = f"https://t.me/{target.chat[1:]}/{message_id}"
    return message_id, url


_POSTERS = {"mastodon": _mastodon, "bluesky": _bluesky, "telegram": _telegram}


# --- Facebook re-scrape ----------------------------------------------------------------


def facebook_token(site: Site) -> str:
    """``[syndicate] facebook_token``, else ``SHAREKIT_FACEBOOK_TOKEN``; "" when off."""
    return _Secrets(site.syndicate).get("facebook")


def rescrape_facebook(urls: Sequence[str], site: Site) -> list[PostResult]:
    """Ask Facebook to scrape these URLs again (their head tags changed), so shares
    show the new title and card: ``POST /?id=URL&scrape=true`` of the Graph API,
    the token in the form body (developers.facebook.com/docs/sharing/opengraph/using-objects,
    "Updating Objects"). One attempt each, bounded, never raises; not retried."""
    secrets = _Secrets(site.syndicate)
    token = secrets.get("facebook")
    if not token or not urls:
        return []
    call = _Call(site, secrets, time.monotonic() + float(site.network.timeout) * 3)
    results = []
    for url in dict.fromkeys(urls):
        body = urlencode({"id": url, "scrape": "true", "access_token": token}).encode("ascii")
        try:
            answer = call.send(
                "POST",
                f"{FACEBOOK_GRAPH}/",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                body=body,
            )
            _ok_json(answer, secrets, "facebook")
        except _Failure as failure:
            message = secrets.redact(failure.message)
            log.warning("facebook: re-scrape of %s failed: %s", url, message)
            results.append(PostResult(url, "facebook", "failed", error=message, link=url))
        else:
            results.append(PostResult(url, "facebook", "rescraped", link=url))
    return results


# --- IndexNow --------------------------------------------------------------------------


def submit_indexnow(
    store: Store, root: Path | Output, site: Site, changed_urls: Iterable[str]
) -> IndexNowResult | None:
    """Write the key file, queue ``changed_urls`` and submit the queue in one batch.

    None when IndexNow is off, there is no base URL, or nothing is queued.
    Never raises for network trouble.
    """
    config = site.syndicate
    key = config.indexnow_key
    if not key:
        return None
    base = site.base_url
    host = urlsplit(base).hostname if base else None
    if not base or not host:
        log.warning("IndexNow: no [publish] base_url or [site] url: nothing submitted")
        return None
    if isinstance(root, Path):
        write_bytes_if_changed(root / f"{key}.txt", key.encode("ascii"), root=root)
    else:  # publish's output, a folder or a bucket (unchanged: known from the store)
        from sharekit.out._output import sha256

        name, data = f"{key}.txt", key.encode("ascii")
        known = store.object_digests([name]).get(name) if root.remote else None
        if root.write(name, data, "text/plain; charset=utf-8", known) and root.remote:
            store.record_objects([(name, sha256(data))])
    mine: list[str] = []
    others: list[str] = []
    for url in dict.fromkeys(changed_urls):
        (mine if urlsplit(url).hostname == host else others).append(url)
    if others:  # IndexNow refuses a batch with a URL of another host (422)
        log.warning("IndexNow: %d URLs not on %s left out, e.g. %s", len(others), host, others[0])
    store.queue_indexnow(mine)
    urls = store.indexnow_queue(INDEXNOW_MAX)
    if not urls:
        return None
    body = {"host": host, "key": key, "keyLocation": f"{base}/{key}.txt", "urlList": urls}
    try:
        answer = request(
            "POST",
            config.indexnow_endpoint,
            site,
            headers={"Content-Type": "application/json; charset=utf-8"},
            data=json.dumps(body).encode("utf-8"),
            max_bytes=65536,
            deadline=float(site.network.timeout),
        )
    except NetworkError as error:
        result = IndexNowResult(len(urls), False, None, error.reason)
    else:
        if answer.status in (200, 202):
            store.indexnow_sent(urls)
            result = IndexNowResult(len(urls), True, answer.status)
        else:
            text = clean_text(answer.data[:200].decode("utf-8", "replace"))
            reason = f"HTTP {answer.status} {answer.reason}".rstrip() + (
                f": {text}" if text else ""
            )
            result = IndexNowResult(len(urls), False, answer.status, reason)
    if result.ok:
        log.debug("IndexNow: %d URLs accepted (%s)", result.urls, result.status)
    else:
        log.warning(
            "IndexNow: %d URLs not accepted, kept for the next run: %s", result.urls, result.error
        )
    return result


# --- posting -----------------------------------------------------------------------------


def _queue(
    store: Store, site: Site, published: Sequence[tuple[Article, str]], now: datetime
) -> None:
    """Queue a post per target for each article published within ``max_age_hours``
    that has none yet (an edit finds its row and queues nothing)."""
    config = site.syndicate
    targets = _targets(config)
    oldest = now - timedelta(hours=config.max_age_hours)
    rows = []
    for article, card in published:
        if article.published is None:
            continue
        when = article.published
        when = when if when.tzinfo else when.replace(tzinfo=article.site.tzinfo)
        if not oldest <= when <= now + timedelta(minutes=5):
            continue
        payload = json.dumps(_payload(article, card), ensure_ascii=False, sort_keys=True)
        stamp = _utc(now)
        rows += [Post(article.id, t, "queued", _utc(when), payload, updated=stamp) for t in targets]
    if rows:
        store.queue_posts(rows)


def _post_due(
    store: Store,
    root: Path | Output | None,
    site: Site,
    now: datetime,
    only: set[str] | None = None,
) -> list[PostResult]:
    config = site.syndicate
    targets = set(_targets(config))
    secrets = _Secrets(config)
    budget = float(site.network.timeout) * 3 + 5
    call = _Call(site, secrets, time.monotonic() + budget)
    stale = _utc(now - _STALE)
    since = _utc(now - timedelta(hours=config.max_age_hours))
    if only is not None:
        since = ""  # explicit: the articles asked for, whatever their age
    results = []
    for post in store.due_posts(since, stale):
        if post.target not in targets or (only is not None and post.article_id not in only):
            continue
        if not store.claim_post(post.article_id, post.target, _utc(datetime.now(UTC)), stale):
            results.append(
                PostResult(post.article_id, post.target, "skipped", note="another run has it")
            )
            continue
        results.append(_attempt(store, root, site, call, post))
    return results


def _attempt(
    store: Store, root: Path | Output | None, site: Site, call: _Call, post: Post
) -> PostResult:
    payload = json.loads(post.payload)
    attempts = post.attempts
    failure = _Failure("not tried")
    for _ in range(_ATTEMPTS):
        attempts += 1
        try:
            post_id, post_url = _POSTERS[post.target](call, site, post, payload, root)
        except _Failure as error:
            failure = error
        except SharekitError as error:  # a card that cannot be read, say: reported, not raised
            failure = _Failure(call.secrets.redact(str(error)))
        else:
            done = Post(
                post.article_id,
                post.target,
                "posted",
                post.published,
                post.payload,
                post_id,
                post_url,
                attempts,
                "",
                _utc(datetime.now(UTC)),
            )
            store.finish_post(done)
            log.info("%s: posted %s: %s", post.target, post.article_id, post_url or post_id)
            return PostResult(post.article_id, post.target, "posted", post_id, post_url)
        wait = failure.retry_after
        if wait is None or wait > call.left() - 1:
            break
        time.sleep(wait)
    message = call.secrets.redact(failure.message)
    store.finish_post(
        Post(
            post.article_id,
            post.target,
            "failed",
            post.published,
            post.payload,
            "",
            "",
            attempts,
            message,
            _utc(datetime.now(UTC)),
        )
    )
    log.warning(
        "%s: %s not posted (tried again next run): %s", post.target, post.article_id, message
    )
    return PostResult(post.article_id, post.target, "failed", error=message)


def syndicate_after_publish(
    store: Store,
    root: Path | Output,
    site: Site,
    published: Sequence[tuple[Article, str]],
    *,
    rescrape: Sequence[str] = (),
    now: datetime | None = None,
) -> tuple[IndexNowResult | None, list[PostResult]]:
    """Publish's last step: IndexNow for the written articles' URLs, the posts due
    (the new articles' and earlier failures), then Facebook's re-scrape of
    ``rescrape`` (edited articles whose head tags changed). ``published``
    pairs each written article with its card's path in ``root`` ("" without one);
    ``root`` is publish's output folder or its :class:`~sharekit.out._output.Output`
    (a bucket: the key file and the cards go through it)."""
    now = now or datetime.now(UTC)
    indexnow = submit_indexnow(store, root, site, [a.url for a, _ in published])
    posts: list[PostResult] = []
    if _targets(site.syndicate):
        _queue(store, site, published, now)
        posts = _post_due(store, root, site, now)
    return indexnow, posts + rescrape_facebook(rescrape, site)


def syndicate(
    articles: Iterable[Article],
    site: Site,
    out_dir: str | Path,
    *,
    store: str | Store | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> list[PostResult]:
    """Post ``articles`` to every configured target, once each (``sharekit syndicate``).

    Publish's store records the posts, so an article posted before (by
    publish or here) is skipped: ``store`` (None: ``[publish] store``, else
    the SQLite file of ``out_dir``, publish's output folder) is the one
    publish used, a ``postgresql://`` URL or a :class:`Store`.
    ``max_age_hours`` does not apply: these articles were asked for. The
    card is the one publish wrote in ``out_dir``, else one rendered into
    ``out_dir/.sharekit/syndication/``. ``dry_run`` posts nothing, writes
    nothing, and returns what would be posted.
    """
    from sharekit.store._sqlite import STORE_DIR, STORE_NAME

    wanted = site.publish.store if store is None else store
    now = now or datetime.now(UTC)
    root = Path(out_dir)
    targets = _targets(site.syndicate)
    articles = [article.with_site(site) for article in articles]
    ids = {article.id for article in articles}
    if dry_run:
        posted: list[Post] = []
        if wanted or (root / STORE_DIR / STORE_NAME).is_file():
            with _store_of(wanted, root) as opened:
                posted = opened.posts()
        return _would_post(root, articles, targets, _posted_before(posted, ids))
    rows = []
    for article in articles:
        payload = json.dumps(_payload(article, _card_for(root, article)), sort_keys=True)
        published = article.published or now
        when = published if published.tzinfo else published.replace(tzinfo=article.site.tzinfo)
        rows += [
            Post(article.id, t, "queued", _utc(when), payload, updated=_utc(now)) for t in targets
        ]
    with _store_of(wanted, root) as opened:
        opened.queue_posts(rows)
        results = _post_due(opened, root, site, now, only=ids)
        tried = {(r.article_id, r.target) for r in results}
        before = _posted_before(opened.posts(), ids)
    return results + [result for key, result in before.items() if key not in tried]


@contextlib.contextmanager
def _store_of(store: str | Store, root: Path) -> Iterator[Store]:
    """The store ``store`` names (a URL, or "": root's SQLite file); one given open stays open."""
    from sharekit.store._open import open_store

    opened = open_store(store or None, root)
    try:
        yield opened
    finally:
        if not isinstance(store, Store):
            opened.close()


def _posted_before(posts: Iterable[Post], wanted: set[str]) -> dict[tuple[str, str], PostResult]:
    return {
        (post.article_id, post.target): PostResult(
            post.article_id,
            post.target,
            "skipped",
            post.post_id,
            post.post_url,
            note="posted before",
        )
        for post in posts
        if post.status == "posted" and post.article_id in wanted
    }


def _would_post(
    root: Path,
    articles: Sequence[Article],
    targets: Sequence[str],
    before: Mapping[tuple[str, str], PostResult],
) -> list[PostResult]:
    results = []
    for article in articles:
        card = _card_for(root, article, render=False)
        for target in targets:
            results.append(
                before.get((article.id, target))
                or PostResult(
                    article.id,
                    target,
                    "would post",
                    text=compose(target, article.title, article.url),
                    link=article.url,
                    card=card,
                )
            )
    return results


def _card_for(root: Path, article: Article, *, render: bool = True) -> str:
    """The card's path under ``root``: publish's, else one rendered for the post
    (``render`` False: its path only, for a dry run)."""
    from sharekit.card._ref import card_ref

    if not article.site.card.enabled:
        return ""
    ref = card_ref(article, article.site)
    if (root / ref.path).is_file():
        return ref.path
    # not in the article folder: that is publish's, and this article may not be published
    path = f".sharekit/syndication/{ref.filename.replace('card', article.slug, 1)}"
    if render:
        from sharekit.card import render_card

        write_bytes_if_changed(root / path, render_card(article, article.site).data, root=root)
    return path

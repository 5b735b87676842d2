"""Stand-ins for IndexNow, Mastodon, Bluesky (a PDS), Telegram and Facebook: what they answer.

``tests.helpers_servers.syndication_stand_in`` serves them on 127.0.0.1.

Each is written from the service's official reference and checks what the
real one checks before it answers as the real one does (status codes and
error bodies):

* IndexNow (https://www.indexnow.org/documentation): a JSON POST with
  ``host``, ``key``, ``keyLocation``, ``urlList`` (at most 10,000); a key of
  8-128 ``[a-zA-Z0-9-]``; every URL and the key location on ``host`` (else
  422); the key file fetched from ``keyLocation`` must hold the key (else
  403). The real service may answer 202 and check the key later; this one
  checks it at once and answers 200.
* Mastodon (https://docs.joinmastodon.org/methods/statuses/#create): the
  ``Authorization: Bearer`` token (401 ``{"error": ...}``), ``status``
  required and at most 500 characters with every URL counted as 23 (422),
  ``Idempotency-Key``: a repeat returns the status made the first time (kept
  until a test clears ``idempotency``: Mastodon keeps them an hour);
  ``accounts/verify_credentials`` and ``accounts/:id/statuses`` (newest
  first, at most 40, ``content`` as HTML with the links as anchors).
* Bluesky (https://docs.bsky.app/docs/api/ and the lexicons of
  com.atproto.server.createSession, com.atproto.repo.uploadBlob,
  com.atproto.repo.createRecord, app.bsky.feed.post,
  app.bsky.embed.external, app.bsky.richtext.facet): the app password (401
  ``AuthenticationRequired``), the session's bearer token, ``repo`` the
  session's DID, text at most 300 graphemes and 3,000 bytes, the thumb a
  blob this PDS stored, ``image/*`` and at most 1,000,000 bytes (400
  ``InvalidRequest``), facets inside the text's UTF-8 bytes. Stricter than
  the real PDS: a link facet must cover exactly its URI's bytes (the PDS
  does not check what a facet covers; clients that get it wrong show a
  broken link).
* Facebook (https://developers.facebook.com/docs/sharing/opengraph/using-objects,
  "Updating Objects"; Graph API errors): ``POST /`` with ``id`` and
  ``scrape=true``; a wrong ``access_token`` is 400 with an ``OAuthException``
  code 190, a missing ``id`` code 100. It does not fetch the page.
* Telegram (https://core.telegram.org/bots/api#sendphoto, #sendmessage):
  the token in the path (401 ``Unauthorized``), ``chat_id`` (400 ``chat_id
  is empty``, ``chat not found``), a caption of at most 1,024 characters and
  a text of at most 4,096 (400; counted in UTF-16 code units, the unit of
  its entity offsets: stricter than code points), the photo a file part; errors as
  ``{"ok": false, "error_code", "description"}``, 429 with
  ``parameters.retry_after``.

``faults`` injects answers before the checks (a 429 with Retry-After, a
500, a pause longer than the client's timeout) per route name.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import json
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import regex

from tests.helpers_syndicate_more import MoreServices, Seen

MASTODON_TOKEN = "mastodon-secret-token-Zq81"
BLUESKY_PASSWORD = "abcd-efgh-ijkl-mnop"
TELEGRAM_TOKEN = "123456:AAE-telegram-secret-Xy9"
FACEBOOK_TOKEN = "EAAB-facebook-secret-token-77"
HANDLE = "news.example.test"
DID = "did:plc:standin0000000000000000"
CHAT = "@viewusglobal"


@dataclass
class Fault:
    """An injected answer: ``status`` (0: none, the request is handled as usual)
    after ``pause``; ``hold``: handle the request (the post is made), tell the test
    (``StandIn.accepted``), then wait this long before answering (a run killed or
    timed out after the service accepted its post)."""

    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    pause: float = 0.0
    hold: float = 0.0


def _tid(n: int) -> str:
    """A TID the PDS would pick (its clock): for records created without a key."""
    value = (int(time.time() * 1_000_000) + n) << 10
    alphabet = "234567abcdefghijklmnopqrstuvwxyz"
    return "".join(alphabet[(value >> shift) & 31] for shift in range(60, -1, -5))


class StandIn(MoreServices):
    """The services behind one request handler (``handler``); ``site`` is a folder it
    also serves (publish's output root: where IndexNow fetches the key file)."""

    def __init__(self, site: Path) -> None:
        MoreServices.__init__(self)
        self.accepted = threading.Event()  # a held request was handled (Fault.hold)
        self.release = threading.Event()  # ends every hold at once
        self.rkeys: dict[str, dict[str, Any]] = {}  # Bluesky: record key -> record
        self.site = site
        self.seen: list[Seen] = []
        self.faults: dict[str, list[Fault]] = {}
        self.statuses: list[dict[str, Any]] = []  # Mastodon
        self.idempotency: dict[str, dict[str, Any]] = {}
        self.records: list[dict[str, Any]] = []  # Bluesky
        self.blobs: dict[str, tuple[str, int]] = {}
        self.sessions: set[str] = set()
        self.messages: list[dict[str, Any]] = []  # Telegram
        self.indexnow: list[dict[str, Any]] = []
        self.scrapes: list[str] = []  # Facebook
        self.facebook_token = FACEBOOK_TOKEN
        self.mastodon_token = MASTODON_TOKEN
        self.telegram_token = TELEGRAM_TOKEN
        self.lock = threading.Lock()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # the site: key files; the services' reads
                route = stand_in.route(self.path)
                if route != "unknown":
                    seen = Seen(route, "GET", self.path, dict(self.headers.items()), b"")
                    with stand_in.lock:
                        stand_in.seen.append(seen)
                    self.answer(*stand_in.handle(route, seen))
                    return
                path = stand_in.site / urlsplit(self.path).path.lstrip("/")
                if ".." in self.path or not path.is_file():
                    self.answer(404, {"error": "not found"})
                    return
                self.answer(200, path.read_bytes(), "text/plain; charset=utf-8")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                route = stand_in.route(self.path)
                seen = Seen(route, "POST", self.path, dict(self.headers.items()), body)
                with stand_in.lock:
                    stand_in.seen.append(seen)
                    queue = stand_in.faults.get(route) or []
                    fault = queue.pop(0) if queue else None
                if fault is not None:
                    time.sleep(fault.pause)
                    if fault.status:
                        self.answer(
                            fault.status, fault.body or {"error": "fault"}, headers=fault.headers
                        )
                        return
                status, data, *extra = stand_in.handle(route, seen)
                if fault is not None and fault.hold:
                    stand_in.accepted.set()
                    stand_in.release.wait(fault.hold)
                self.answer(status, data, headers=extra[0] if extra else None)

            def answer(
                self,
                status: int,
                data: Any,
                content_type: str = "application/json; charset=utf-8",
                headers: dict[str, str] | None = None,
            ) -> None:
                raw = data if isinstance(data, bytes) else json.dumps(data).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(raw)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(raw)
                except OSError:  # the client gave up (a timeout test)
                    pass

        self.handler = Handler
        # set by tests.helpers_servers.syndication_stand_in, which serves ``handler``
        self.port = 0
        self.url = ""

    def route(self, path: str) -> str:
        path = urlsplit(path).path
        if path == "/indexnow":
            return "indexnow"
        if path.startswith("/api/v1/statuses"):
            return "mastodon"
        if path.startswith("/api/v1/accounts/"):
            return "mastodon.accounts"
        if path.startswith("/xrpc/"):
            return path.removeprefix("/xrpc/")
        if path.startswith("/bot"):
            return "telegram." + path.rsplit("/", 1)[-1]
        if path == "/":
            return "facebook"
        return self.more_route(path)

    def of(self, route: str) -> list[Seen]:
        return [s for s in self.seen if s.route == route]

    def handle(self, route: str, seen: Seen) -> tuple[Any, ...]:
        if route == "indexnow":
            return self.indexnow_submit(seen)
        if route == "mastodon":
            return self.mastodon_status(seen)
        if route == "mastodon.accounts":
            return self.mastodon_accounts(seen)
        if route.startswith("com.atproto") or route.startswith("app.bsky"):
            return self.bluesky(route, seen)
        if route.startswith("telegram."):
            return self.telegram(route.removeprefix("telegram."), seen)
        if route == "facebook":
            return self.facebook_scrape(seen)
        return self.more_handle(route, seen)

    # --- Facebook Graph API ----------------------------------------------------------------

    def facebook_scrape(self, seen: Seen) -> tuple[int, Any]:
        fields = dict(urllib.parse.parse_qsl(seen.body.decode("ascii")))
        query = dict(urllib.parse.parse_qsl(urlsplit(seen.path).query))
        fields.update(query)
        if fields.get("access_token") != self.facebook_token:
            return 400, {
                "error": {
                    "message": "Invalid OAuth access token - Cannot parse access token",
                    "type": "OAuthException",
                    "code": 190,
                    "fbtrace_id": "AbC",
                }
            }
        if not fields.get("id"):
            return 400, {
                "error": {
                    "message": "(#100) The parameter id is required",
                    "type": "OAuthException",
                    "code": 100,
                    "fbtrace_id": "AbC",
                }
            }
        if fields.get("scrape") != "true":
            return 200, {"id": fields["id"]}  # a read of the object: not a re-scrape
        self.scrapes.append(fields["id"])
        return 200, {
            "url": fields["id"],
            "type": "article",
            "title": "(scraped)",
            "updated_time": "2026-01-01T00:00:00+0000",
            "id": "1234567890",
        }

    # --- IndexNow --------------------------------------------------------------------

    def indexnow_submit(self, seen: Seen) -> tuple[int, Any]:
        try:
            data = seen.json()
            host, key = data["host"], data["key"]
            location, urls = data["keyLocation"], data["urlList"]
        except (ValueError, KeyError, TypeError):
            return 400, {"message": "Bad request: invalid format"}
        if not isinstance(urls, list) or not urls or len(urls) > 10_000:
            return 400, {"message": "Bad request: urlList must hold 1 to 10,000 URLs"}
        if not regex.fullmatch(r"[a-zA-Z0-9-]{8,128}", str(key)):
            return 422, {"message": "key does not match the protocol's schema"}
        if urlsplit(location).hostname != host or any(urlsplit(u).hostname != host for u in urls):
            return 422, {"message": "URLs do not belong to the host"}
        try:
            with urllib.request.urlopen(location, timeout=2) as answer:
                found = answer.read().decode("utf-8").strip()
        except OSError:
            return 403, {"message": "key file not found"}
        if found != key:
            return 403, {"message": "key not valid: the file does not hold it"}
        self.indexnow.append(data)
        return 200, b""

    # --- Mastodon --------------------------------------------------------------------

    def mastodon_accounts(self, seen: Seen) -> tuple[int, Any]:
        """verify_credentials, and the account's statuses newest first (``limit``, at
        most 40), ``content`` as HTML the way Mastodon renders it."""
        if seen.headers.get("Authorization") != f"Bearer {self.mastodon_token}":
            return 401, {"error": "The access token is invalid"}
        path = urlsplit(seen.path).path
        if path == "/api/v1/accounts/verify_credentials":
            return 200, {"id": "1", "username": "news", "acct": "news"}
        if path != "/api/v1/accounts/1/statuses":
            return 404, {"error": "Record not found"}
        query = dict(urllib.parse.parse_qsl(urlsplit(seen.path).query))
        limit = min(int(query.get("limit") or 20), 40)

        def html(text: str) -> str:
            linked = regex.sub(
                r"https?://\S+",
                lambda m: f'<a href="{m.group()}" rel="nofollow noopener">{m.group()}</a>',
                text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
            )
            return "<p>" + linked.replace("\n\n", "</p><p>").replace("\n", "<br />") + "</p>"

        newest = list(reversed(self.statuses))[:limit]
        return 200, [{**status, "content": html(status["content"])} for status in newest]

    def mastodon_status(self, seen: Seen) -> tuple[int, Any]:
        if seen.headers.get("Authorization") != f"Bearer {self.mastodon_token}":
            return 401, {"error": "The access token is invalid"}
        key = seen.headers.get("Idempotency-Key")
        if key and key in self.idempotency:
            return 200, self.idempotency[key]
        try:
            data = seen.json()
        except ValueError:
            return 422, {"error": "Validation failed: Text can't be blank"}
        text = data.get("status") or ""
        if not text.strip():
            return 422, {"error": "Validation failed: Text can't be blank"}
        counted = regex.sub(r"https?://\S+", "x" * 23, text)
        if len(counted) > 500:
            return 422, {"error": "Validation failed: Text character limit of 500 exceeded"}
        number = str(110000000000000000 + len(self.statuses))
        status = {
            "id": number,
            "uri": f"{self.url}/users/news/statuses/{number}",
            "url": f"{self.url}/@news/{number}",
            "content": text,
            "visibility": data.get("visibility", "public"),
            "language": data.get("language"),
        }
        self.statuses.append(status)
        if key:
            self.idempotency[key] = status
        return 200, status

    # --- Bluesky -----------------------------------------------------------------------

    def _bearer(self, seen: Seen) -> bool:
        token = seen.headers.get("Authorization", "").removeprefix("Bearer ")
        return token in self.sessions

    def bluesky(self, method: str, seen: Seen) -> tuple[int, Any]:
        unauthorized = (
            401,
            {"error": "AuthenticationRequired", "message": "Authentication Required"},
        )
        if method == "com.atproto.server.createSession":
            try:
                data = seen.json()
                identifier, password = data["identifier"], data["password"]
            except (ValueError, KeyError):
                return 400, {
                    "error": "InvalidRequest",
                    "message": 'Input must have the property "identifier"',
                }
            if identifier != HANDLE or password != BLUESKY_PASSWORD:
                return 401, {
                    "error": "AuthenticationRequired",
                    "message": "Invalid identifier or password",
                }
            jwt = "jwt-" + hashlib.sha256(str(len(self.sessions)).encode()).hexdigest()
            self.sessions.add(jwt)
            return 200, {
                "accessJwt": jwt,
                "refreshJwt": jwt + "-refresh",
                "handle": HANDLE,
                "did": DID,
            }
        if method == "com.atproto.repo.uploadBlob":
            if not self._bearer(seen):
                return unauthorized
            mime = seen.headers.get("Content-Type", "")
            cid = "bafkrei" + hashlib.sha256(seen.body).hexdigest()[:52]
            self.blobs[cid] = (mime, len(seen.body))
            return 200, {
                "blob": {
                    "$type": "blob",
                    "ref": {"$link": cid},
                    "mimeType": mime,
                    "size": len(seen.body),
                }
            }
        if method == "com.atproto.repo.createRecord":
            if not self._bearer(seen):
                return unauthorized
            return self.bluesky_record(seen.json())
        if method == "com.atproto.repo.getRecord":  # public: no session needed
            query = dict(urllib.parse.parse_qsl(urlsplit(seen.path).query))
            uri = f"at://{query.get('repo')}/{query.get('collection')}/{query.get('rkey')}"
            found = self.rkeys.get(str(query.get("rkey")))
            if query.get("repo") != DID or found is None:
                return 400, {
                    "error": "RecordNotFound",
                    "message": f"Could not locate record: {uri}",
                }
            return 200, {"uri": uri, "cid": "bafyrei" + str(query["rkey"]), "value": found}
        return 501, {"error": "MethodNotImplemented", "message": "Method Not Implemented"}

    def bluesky_record(self, data: dict[str, Any]) -> tuple[int, Any]:
        def invalid(why: str) -> tuple[int, Any]:
            return 400, {
                "error": "InvalidRequest",
                "message": f"Invalid app.bsky.feed.post record: {why}",
            }

        if data.get("repo") != DID or data.get("collection") != "app.bsky.feed.post":
            return 400, {"error": "InvalidRequest", "message": "Invalid repo or collection"}
        record = data.get("record") or {}
        text = record.get("text", "")
        if record.get("$type") != "app.bsky.feed.post" or "createdAt" not in record:
            return invalid('Record must have the property "createdAt"')
        if len(regex.findall(r"\X", text)) > 300 or len(text.encode()) > 3000:
            return invalid("Record/text must not be longer than 300 graphemes")
        raw = text.encode("utf-8")
        for facet in record.get("facets", []):
            start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
            if not 0 <= start < end <= len(raw):
                return invalid("facet index outside the text")
            for feature in facet["features"]:
                is_link = feature.get("$type") == "app.bsky.richtext.facet#link"
                if is_link and raw[start:end].decode("utf-8", "replace") != feature["uri"]:
                    return invalid("link facet does not cover its URI (stand-in check)")
        embed = record.get("embed")
        if embed is not None:
            if embed.get("$type") != "app.bsky.embed.external":
                return invalid("unknown embed")
            external = embed.get("external") or {}
            if not all(k in external for k in ("uri", "title", "description")):
                return invalid("Record/embed/external must have uri, title and description")
            thumb = external.get("thumb")
            if thumb is not None:
                cid = (thumb.get("ref") or {}).get("$link")
                if cid not in self.blobs:
                    return 400, {
                        "error": "InvalidRequest",
                        "message": f"Could not find blob: {cid}",
                    }
                mime, size = self.blobs[cid]
                if size > 1_000_000:
                    return invalid(
                        "Record/embed/external/thumb file too large. 1000000 bytes maximum"
                    )
                if not mime.startswith("image/"):
                    return invalid(f"Record/embed/external/thumb mime type not accepted: {mime}")
        rkey = data.get("rkey") or _tid(len(self.records))
        # a record key of app.bsky.feed.post is a TID (atproto.com/specs/tid)
        if not regex.fullmatch(r"[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}", rkey):
            return 400, {"error": "InvalidRequest", "message": f"Invalid record key: {rkey}"}
        if rkey in self.rkeys:  # the repo has a record of this key: never a second one
            return 400, {"error": "InvalidRequest", "message": f"Record already exists: {rkey}"}
        self.rkeys[rkey] = record
        self.records.append(record)
        return 200, {"uri": f"at://{DID}/app.bsky.feed.post/{rkey}", "cid": "bafyrei" + rkey}

    # --- Telegram ------------------------------------------------------------------------

    def telegram(self, method: str, seen: Seen) -> tuple[int, Any]:
        def error(code: int, description: str) -> tuple[int, Any]:
            return code, {"ok": False, "error_code": code, "description": description}

        if not seen.path.startswith(f"/bot{self.telegram_token}/"):
            return error(401, "Unauthorized")
        content_type = seen.headers.get("Content-Type", "")
        fields: dict[str, Any] = {}
        if content_type.startswith("multipart/form-data"):
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                f"Content-Type: {content_type}\r\n\r\n".encode() + seen.body
            )
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                payload = part.get_payload(decode=True)
                if part.get_filename():
                    fields[str(name)] = (part.get_filename(), part.get_content_type(), payload)
                else:
                    fields[str(name)] = payload.decode("utf-8")
        elif content_type.startswith("application/json"):
            fields = seen.json()
        if not fields.get("chat_id"):
            return error(400, "Bad Request: chat_id is empty")
        if str(fields["chat_id"]) != CHAT:
            return error(400, "Bad Request: chat not found")
        if method == "sendPhoto":
            photo = fields.get("photo")
            if not isinstance(photo, tuple) or not photo[2]:
                return error(400, "Bad Request: there is no photo in the request")
            if len(photo[2]) > 10_000_000:
                return error(400, "Bad Request: file is too big")
            if len(fields.get("caption", "").encode("utf-16-le")) // 2 > 1024:
                return error(400, "Bad Request: message caption is too long")
        elif method == "sendMessage":
            if not fields.get("text"):
                return error(400, "Bad Request: message text is empty")
            if len(fields["text"].encode("utf-16-le")) // 2 > 4096:
                return error(400, "Bad Request: message is too long")
        else:
            return error(404, "Not Found")
        message_id = 100 + len(self.messages)
        self.messages.append(
            {
                "method": method,
                **{k: v for k, v in fields.items() if k != "photo"},
                "photo": fields.get("photo"),
            }
        )
        result = {
            "message_id": message_id,
            "chat": {"id": -100123, "type": "channel", "username": CHAT[1:]},
            "date": int(time.time()),
        }
        return 200, {"ok": True, "result": result}

"""Stand-ins for Threads, LinkedIn, Facebook Page posts and a webhook receiver (SPEC
8.7), mixed into
``tests.helpers_syndicate.StandIn`` (one loopback server for every service).

Each is written from its reference and checks what the real one checks:

* Threads (developers.facebook.com/docs/threads/posts, "Single Thread Posts"):
  the token (``access_token`` in the form or query, or ``Authorization:
  Bearer``; else 400 ``OAuthException`` code 190), ``media_type`` TEXT or
  IMAGE, ``text`` required for TEXT, at most 500 characters with an emoji
  counted as its UTF-8 bytes and at most 5 links, ``image_url`` required for
  IMAGE and fetched (it must answer a JPEG or PNG of at most 8 MB, as Threads
  cURLs it); ``threads_publish`` needs a ``creation_id`` it made. It refuses
  to publish one container twice (an assumption: the reference does not say).
  A container's ``status`` is FINISHED at once unless a test asks for
  IN_PROGRESS reads first (the real one takes what fetching the image takes).
* LinkedIn (learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api,
  and "LinkedIn API versioning"): ``Authorization: Bearer`` (401
  ``INVALID_ACCESS_TOKEN``), ``LinkedIn-Version`` present (400
  ``VERSION_MISSING``), as YYYYMM and active: within the 12 months before
  today (426 ``NONEXISTENT_VERSION``), ``X-Restli-Protocol-Version: 2.0.0``,
  the author the token may post as, ``commentary`` at most 3,000 characters,
  ``visibility``, ``distribution.feedDistribution``, ``lifecycleState``
  PUBLISHED, ``content.article.source`` and ``title`` (422); answers 201 with
  the post's URN in ``x-restli-id``. Stricter: a reserved character of the
  little text format left unescaped is refused (the real API reads it as
  markup and may drop text).
* Facebook Page posts (developers.facebook.com/docs/pages-api/posts, Graph
  API errors): ``POST /vXX.X/{page-id}/feed``; the Page token in the form
  body (400 ``OAuthException`` code 190), the page known (code 100), a
  ``message`` or a ``link`` (code 100), the link http(s); answers
  ``{"id": "PAGE_POST"}``. It does not fetch the link for its preview.
* Webhook: a receiver as docs/syndication.md specifies it: the timestamp
  within 5 minutes, the HMAC-SHA256 signature of ``timestamp.delivery.body``
  (401), JSON with ``delivery``, ``text`` and ``article.url`` (400). Like a
  Slack or Discord bridge it keeps every delivery (it does not drop repeats).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import regex

THREADS_TOKEN = "THQV-threads-secret-token-5k"
THREADS_USER = "17841400000000001"
LINKEDIN_TOKEN = "AQV-linkedin-secret-token-9r"
LINKEDIN_AUTHOR = "urn:li:organization:5515715"
WEBHOOK_SECRET = "whsec-webhook-secret-3q"
FACEBOOK_PAGE_TOKEN = "EAAP-facebook-page-secret-41"
FACEBOOK_PAGE = "104000000000001"
_RESERVED = r"[\\|{}@\[\]()<>#*_~]"


@dataclass
class Seen:
    route: str
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def _graph_error(code: int, message: str, status: int = 400) -> tuple[int, Any]:
    return status, {"error": {"message": message, "type": "OAuthException", "code": code}}


class MoreServices:
    def __init__(self) -> None:
        self.containers: dict[str, dict[str, Any]] = {}  # Threads: id -> fields
        self.threads: list[dict[str, Any]] = []  # published posts
        self.threads_token = THREADS_TOKEN
        self.in_progress = 0  # Threads: how many status reads answer IN_PROGRESS first
        self.linkedin: list[dict[str, Any]] = []
        self.linkedin_token = LINKEDIN_TOKEN
        self.deliveries: list[dict[str, Any]] = []  # webhook
        self.page_posts: list[dict[str, str]] = []  # Facebook

    def more_route(self, path: str) -> str:
        if regex.fullmatch(r"/v[0-9]+\.[0-9]+/[^/]+/feed", path):
            return "facebook.feed"
        if path.startswith("/v1.0/"):
            last = path.rsplit("/", 1)[-1]
            return f"threads.{last}" if last in ("threads", "threads_publish") else "threads.get"
        if path == "/rest/posts":
            return "linkedin"
        if path == "/hooks/news":
            return "webhook"
        return "unknown"

    def more_handle(self, route: str, seen: Seen) -> tuple[Any, ...]:
        if route.startswith("threads."):
            return self.threads_api(route.removeprefix("threads."), seen)
        if route == "linkedin":
            return self.linkedin_post(seen)
        if route == "webhook":
            return self.webhook(seen)
        if route == "facebook.feed":
            return self.facebook_feed(seen)
        return 404, {"error": "not found"}

    # --- Threads ---------------------------------------------------------------------

    def threads_api(self, method: str, seen: Seen) -> tuple[Any, ...]:
        fields = dict(urllib.parse.parse_qsl(urlsplit(seen.path).query))
        if seen.body:
            fields.update(urllib.parse.parse_qsl(seen.body.decode("ascii")))
        bearer = seen.headers.get("Authorization", "").removeprefix("Bearer ")
        if self.threads_token not in (fields.get("access_token"), bearer):
            return _graph_error(190, "Invalid OAuth access token - Cannot parse access token")
        user = urlsplit(seen.path).path.split("/")[2]
        if method != "get" and user not in (THREADS_USER, "me"):
            return _graph_error(100, "Unsupported post request: object does not exist")
        if method == "threads":
            return self.threads_container(fields)
        if method == "threads_publish":
            made = self.containers.get(fields.get("creation_id", ""))
            if made is None:
                return _graph_error(100, "Invalid parameter: creation_id")
            if made.get("published"):
                return _graph_error(100, "Invalid parameter: the media has been published")
            made["published"] = True
            media = str(18000000000000000 + len(self.threads))
            self.threads.append({**made, "id": media})
            return 200, {"id": media}
        media = urlsplit(seen.path).path.rsplit("/", 1)[-1]
        if media in self.containers:  # a container's status (fields=status)
            if self.in_progress:
                self.in_progress -= 1
                return 200, {"id": media, "status": "IN_PROGRESS"}
            return 200, {"id": media, "status": "FINISHED"}
        if not any(post["id"] == media for post in self.threads):
            return _graph_error(100, "Object with ID does not exist")
        return 200, {"id": media, "permalink": f"https://www.threads.net/@news/post/T{media[-6:]}"}

    def threads_container(self, fields: dict[str, str]) -> tuple[Any, ...]:
        kind, text = fields.get("media_type"), fields.get("text", "")
        if kind not in ("TEXT", "IMAGE"):
            return _graph_error(100, "Param media_type must be one of {TEXT, IMAGE, VIDEO}")
        if kind == "TEXT" and not text:
            return _graph_error(100, "Param text is required for media_type TEXT")
        length = sum(
            len(g.encode()) if regex.search(r"\p{Extended_Pictographic}", g) else 1
            for g in regex.findall(r"\X", text)
        )
        if length > 500:
            return _graph_error(100, "Param text must be at most 500 characters long")
        if len(regex.findall(r"https?://\S+", text)) > 5:
            return _graph_error(100, "Param text must have at most 5 links")
        if kind == "IMAGE":
            problem = self._fetch_image(fields.get("image_url", ""))
            if problem:
                return _graph_error(100, problem)
        container = str(17900000000000000 + len(self.containers))
        self.containers[container] = {"media_type": kind, "text": text, **fields}
        return 200, {"id": container}

    def _fetch_image(self, url: str) -> str:
        if not url.startswith(("http://", "https://")):
            return "Param image_url is required for media_type IMAGE"
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                data = answer.read(8_000_001)
        except OSError:
            return "Media download has failed. The media URI doesn't meet our requirements."
        if len(data) > 8_000_000 or not data.startswith((b"\x89PNG", b"\xff\xd8")):
            return "The image format is not supported (JPEG or PNG, at most 8 MB)"
        return ""

    # --- LinkedIn --------------------------------------------------------------------

    def linkedin_post(self, seen: Seen) -> tuple[Any, ...]:
        def error(status: int, code: str, message: str) -> tuple[Any, ...]:
            return status, {"status": status, "code": code, "message": message}

        if seen.headers.get("Authorization") != f"Bearer {self.linkedin_token}":
            return error(401, "INVALID_ACCESS_TOKEN", "Invalid access token")
        version = seen.headers.get("LinkedIn-Version", "")
        if not version:
            return error(
                400,
                "VERSION_MISSING",
                "A version must be present. Please specify a"
                " version by adding the LinkedIn-Version header.",
            )
        now = datetime.now(UTC)
        months = now.year * 12 + now.month
        asked = (
            int(version[:4]) * 12 + int(version[4:]) if regex.fullmatch(r"\d{6}", version) else 0
        )
        if not months - 12 <= asked <= months:
            return error(426, "NONEXISTENT_VERSION", f"Requested version {version} is not active")
        if seen.headers.get("X-Restli-Protocol-Version") != "2.0.0":
            return error(400, "ILLEGAL_ARGUMENT", "X-Restli-Protocol-Version 2.0.0 is required")
        try:
            body = seen.json()
        except ValueError:
            return error(400, "ILLEGAL_ARGUMENT", "Unable to parse the request body")
        problem = self._linkedin_problem(body)
        if problem:
            return error(422, "UNPROCESSABLE_ENTITY", problem)
        urn = f"urn:li:share:{7000000000000000000 + len(self.linkedin)}"
        self.linkedin.append({**body, "urn": urn})
        return 201, b"", {"x-restli-id": urn}

    def _linkedin_problem(self, body: dict[str, Any]) -> str:
        if body.get("author") != LINKEDIN_AUTHOR:
            return "ERROR :: /author :: the token cannot post as this author"
        commentary = body.get("commentary", "")
        if len(commentary) > 3000:
            return "ERROR :: /commentary :: length exceeds 3000"
        bare = regex.sub(r"\{hashtag\|\\#\|(?:[^{}\\]|\\.)+\}", "", commentary)
        if regex.search(r"(?<!\\)(?:\\\\)*" + _RESERVED, regex.sub(r"\\.", "", bare)):
            return "ERROR :: /commentary :: unescaped reserved character (stand-in check)"
        if body.get("visibility") not in ("PUBLIC", "CONNECTIONS", "LOGGED_IN", "CONTAINER"):
            return "ERROR :: /visibility :: missing or invalid"
        if not (body.get("distribution") or {}).get("feedDistribution"):
            return "ERROR :: /distribution/feedDistribution :: field is required"
        if body.get("lifecycleState") != "PUBLISHED":
            return "ERROR :: /lifecycleState :: must be PUBLISHED"
        article = (body.get("content") or {}).get("article") or {}
        if not str(article.get("source", "")).startswith(("http://", "https://")):
            return "ERROR :: /content/article/source :: field is required"
        if not article.get("title"):
            return "ERROR :: /content/article/title :: field is required"
        return ""

    # --- Facebook Page posts ----------------------------------------------------------

    def facebook_feed(self, seen: Seen) -> tuple[Any, ...]:
        fields = dict(urllib.parse.parse_qsl(seen.body.decode("ascii")))
        fields.update(urllib.parse.parse_qsl(urlsplit(seen.path).query))
        if fields.get("access_token") != FACEBOOK_PAGE_TOKEN:
            return _graph_error(190, "Invalid OAuth access token - Cannot parse access token")
        page = urlsplit(seen.path).path.split("/")[2]
        if page != FACEBOOK_PAGE:
            return _graph_error(
                100, f"Unsupported post request. Object with ID '{page}' does not exist"
            )
        if not (fields.get("message") or fields.get("link")):
            return _graph_error(100, "(#100) Param message or link is required")
        if fields.get("link") and not fields["link"].startswith(("http://", "https://")):
            return _graph_error(100, "(#100) The link is not a valid URL")
        post = f"{FACEBOOK_PAGE}_{900000000000000 + len(self.page_posts)}"
        self.page_posts.append({**fields, "id": post})
        return 200, {"id": post}

    # --- webhook ---------------------------------------------------------------------

    def webhook(self, seen: Seen) -> tuple[Any, ...]:
        stamp = seen.headers.get("X-Sharekit-Timestamp", "")
        delivery = seen.headers.get("X-Sharekit-Delivery", "")
        if not stamp.isdigit() or abs(time.time() - int(stamp)) > 300:
            return 401, {"error": "stale or missing timestamp"}
        signed = f"{stamp}.{delivery}.".encode() + seen.body
        mac = hmac.new(WEBHOOK_SECRET.encode(), signed, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(seen.headers.get("X-Sharekit-Signature", ""), f"sha256={mac}"):
            return 401, {"error": "bad signature"}
        try:
            data = seen.json()
            ok = data["delivery"] == delivery and data["text"] and data["article"]["url"]
        except (ValueError, KeyError, TypeError):
            ok = False
        if not ok:
            return 400, {"error": "expected delivery, text and article.url"}
        self.deliveries.append(data)
        return 200, {"ok": True}

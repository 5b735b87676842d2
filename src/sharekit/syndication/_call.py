"""The guarded call: every request a run makes, bounded by the run's deadline.

Every request goes through the guarded client (:mod:`sharekit.net._http`);
a failure is a :class:`Failure` whose message has the secrets scrubbed and
which says when a retry may go (``Retry-After`` and the services' own
rate-limit headers).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sharekit.config import Site
from sharekit.errors import NetworkError
from sharekit.syndication._secrets import Secrets
from sharekit.text._clean import clean_text

if TYPE_CHECKING:
    from sharekit.net._http import Answer

__all__ = ["Call", "Failure", "multipart", "ok_json", "refusal", "retry_after"]

_ANSWER_MAX = 1_000_000


class Failure(Exception):
    """A post that did not go: the message (secrets scrubbed), when to retry, the
    HTTP status (0: no answer), and ``unknown``: the request that makes the post
    was sent and no answer says what became of it (a timeout, a dropped connection),
    so the service may have posted it (SPEC 8.7)."""

    def __init__(
        self,
        message: str,
        retry_after: float | None = None,
        *,
        status: int = 0,
        unknown: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
        self.status = status
        self.unknown = unknown


# What the guarded client says when a request never reached the service: anything
# else after the request was sent (no answer in time, a connection dropped) is unknown.
_NOT_SENT = (
    "cannot resolve",
    "DNS lookup",
    "no connection to",
    "not a valid URL",
    "refused",
    "TLS error",
    "Connection refused",
    "Failed to establish",
)


def _never_sent(reason: str) -> bool:
    return any(marker in reason for marker in _NOT_SENT)


@dataclass
class Call:
    """Requests of one run: the site (guarded client settings), secrets, the deadline."""

    site: Site
    secrets: Secrets
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
        decisive: bool = False,
    ) -> Answer:
        """One request. ``decisive``: this request makes the post (a failure after it
        was sent is an unknown outcome, not a plain failure)."""
        from sharekit.net._http import request  # the client loads when a post goes (not for lint)

        left = self.left()
        if left <= 0.05:
            raise Failure("no time left in this run")
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
            unknown = decisive and not _never_sent(error.reason)
            raise Failure(
                self.secrets.redact(f"{where}: {error.reason}"), unknown=unknown
            ) from None

    def json(
        self,
        url: str,
        data: Mapping[str, Any],
        headers: Mapping[str, str] | None = None,
        shown: str | None = None,
        decisive: bool = False,
    ) -> Answer:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        return self.send(
            "POST",
            url,
            headers={"Content-Type": "application/json", **(headers or {})},
            body=body,
            shown=shown,
            decisive=decisive,
        )


def retry_after(answer: Answer) -> float | None:
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


def refusal(answer: Answer, secrets: Secrets, where: str) -> Failure:
    """A non-2xx answer as a failure: status, the service's error text, Retry-After."""
    detail = ""
    retry = retry_after(answer)
    try:
        data = answer.json()  # bounded nesting (SPEC 8.2): a NetworkError, never a crash
    except NetworkError:
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
    return Failure(
        secrets.redact(text + (f": {detail}" if detail else "")), retry, status=answer.status
    )


def ok_json(
    answer: Answer, secrets: Secrets, where: str, *, made: bool = False
) -> Mapping[str, Any]:
    """A 2xx answer's JSON object; anything else is a :class:`Failure`. ``made``: the
    answer to the request that makes the post, so a 2xx that cannot be read means
    the post was probably made: an unknown outcome, not a plain failure."""
    if not 200 <= answer.status < 300:
        raise refusal(answer, secrets, where)
    try:
        data = answer.json()  # depth-bounded (net): a hostile answer is a NetworkError
    except NetworkError as error:
        raise Failure(secrets.redact(f"{where}: {error.reason}"), unknown=made) from None
    if not isinstance(data, Mapping):
        raise Failure(f"{where}: HTTP {answer.status} but not a JSON object", unknown=made)
    return data


def multipart(
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

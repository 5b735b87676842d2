"""The rule that keeps credentials with their host (SPEC 8.2), for every request.

The guarded client (:mod:`sharekit.net._http`) follows redirects itself, so
what ``requests`` would strip across hosts (``Authorization``) it must
refuse itself: a request that carries credentials is never sent to another
scheme, host or port, nor from https to http. The redirect is refused and
named (a :class:`~sharekit.errors.NetworkError`, exit 3), whichever service
made the request: Mastodon's bearer token, Bluesky's app password in a JSON
body and its session token, Facebook's token in a form body, IndexNow's key,
Telegram's messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from sharekit.errors import NetworkError
from sharekit.text._clean import clean_text

__all__ = ["PLAIN_HEADERS", "carries_credentials", "same_origin"]

# Headers that carry nothing secret: a request with any other header (a token, an
# API key under a service's own name, an idempotency key) or with a body keeps its
# redirects on its own origin. Lower case.
PLAIN_HEADERS = frozenset(
    {"user-agent", "accept", "accept-encoding", "accept-language", "cache-control",
     "if-none-match", "if-modified-since", "range"}
)  # fmt: skip


def carries_credentials(
    url: str,
    headers: Mapping[str, str] | None,
    data: Mapping[str, str] | list[tuple[str, str]] | bytes | None,
) -> bool:
    """Whether a request may carry a secret: a header beyond :data:`PLAIN_HEADERS`,
    a body (a form with a token, a JSON login), or a user or password in the URL.

    Deliberately broad: the client cannot tell a service's API key header or a
    password inside a body from harmless ones, so it treats them all as secret.
    """
    if data:
        return True
    if any(name.lower() not in PLAIN_HEADERS for name in headers or {}):
        return True
    try:
        parts = urlsplit(url)
        return parts.username is not None or parts.password is not None
    except ValueError:
        return True


def _origin(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        return (
            scheme,
            (parts.hostname or "").rstrip(".").lower(),
            parts.port or (443 if scheme == "https" else 80),
        )
    except ValueError:
        return None


def same_origin(url: str, current: str, target: str, status: int) -> None:
    """Refuse a redirect of a request with credentials to another scheme, host or port.

    The one change allowed is the upgrade of the same host from http to https
    (its own port or 443): the credential stays with its host, and is safer.
    """
    here, there = _origin(current), _origin(target)
    if here is not None and here == there:
        return
    if (
        here is not None
        and there is not None
        and (here[0], there[0]) == ("http", "https")
        and here[1] == there[1]
        and there[2] in (here[2], 443)
    ):
        return
    if there is None:
        shown = "an invalid URL"
    else:
        netloc = f"[{there[1]}]" if ":" in there[1] else there[1]
        shown = clean_text(f"{there[0]}://{netloc}:{there[2]}")[:200]
    downgrade = (
        here is not None and there is not None and here[0] == "https" != there[0]
        and here[1] == there[1]
    )  # fmt: skip
    why = "from https to http" if downgrade else "to another host"
    raise NetworkError(
        url,
        f"refused: redirected ({status}) {why}, {shown}; the request carries credentials, "
        "which go only to the host they were configured for",
    )

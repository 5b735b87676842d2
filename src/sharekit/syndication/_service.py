"""What a posting service is (SPEC 8.1): the protocol each service module implements,
and what the services share (the headline cut to a limit, the card file a post
carries, the store's timestamps).

A service is one module (``_mastodon``, ``_bluesky``, ``_telegram``) whose
object implements :class:`Service`, plus one row in
:data:`sharekit.syndication._services.SERVICES`. Its configuration table
(``[syndicate.ID]``) is a field of :class:`~sharekit.config.SyndicateConfig`
named by its id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sharekit.config import Site, SyndicateConfig
    from sharekit.out._output import Output
    from sharekit.store._interface import Post
    from sharekit.syndication._call import Call
    from sharekit.syndication._secrets import Secrets

__all__ = ["Service", "card_file", "fit", "utc"]


class Service(Protocol):
    """A posting service: its limits, how it composes a post, what it checks
    before posting (verify) and the post itself."""

    id: str  # its [syndicate.ID] table, and the target in results and the store
    env: str  # the environment variable holding its secret when the config has none

    def target(self, config: SyndicateConfig) -> object | None:
        """Its ``[syndicate.ID]`` table, None when the service is off."""
        ...

    def secret(self, config: SyndicateConfig) -> str:
        """Its secret as configured ("": from :attr:`env`)."""
        ...

    def limits(self, text: str) -> tuple[int, int, str]:
        """How it counts ``text``: (length, limit, unit)."""
        ...

    def compose(self, title: str, url: str) -> str:
        """The text it posts: the headline, a blank line and the URL, within :meth:`limits`."""
        ...

    def shows(self, site: Site) -> str:
        """What its post shows beside the text (the preview's accounts section)."""
        ...

    def verify(self, config: SyndicateConfig, secrets: Secrets) -> None:
        """Raise :class:`~sharekit.syndication._call.Failure` when what is configured
        cannot post (a token, a handle or a chat missing)."""
        ...

    def post(
        self, call: Call, row: Post, payload: Mapping[str, Any], out: Output
    ) -> tuple[str, str]:
        """Post the row's ``payload`` (what the store keeps): the post's id and URL."""
        ...


def fit(title: str, url: str, limits: Callable[[str], tuple[int, int, str]]) -> str:
    """The headline, a blank line and the URL, the headline cut (at a word or
    grapheme boundary, with an ellipsis) so it fits ``limits``; the URL is always whole."""
    from sharekit.text._truncate import ELLIPSIS, truncate

    def fits(text: str) -> bool:
        length, limit, _ = limits(text)
        return length <= limit

    whole = f"{title}\n\n{url}"
    if fits(whole):
        return whole
    best, low, high = ELLIPSIS, 2, len(title) - 1  # truncate needs room for one character
    while low <= high:  # the longest cut that fits: truncate grows with its limit
        middle = (low + high) // 2
        cut = truncate(title, middle)
        if fits(f"{cut}\n\n{url}"):
            best, low = cut, middle + 1
        else:
            high = middle - 1
    return f"{best}\n\n{url}"  # over the limit only when the URL alone is: reported then


def card_file(out: Output, payload: Mapping[str, Any]) -> tuple[bytes, str, str] | None:
    """The post's card file in ``out``: its bytes, media type and name, or None."""
    path = str(payload.get("card") or "")
    if not path or ".." in path.split("/"):
        return None
    data = out.read(path)  # a bucket: one GET
    if data is None:
        return None
    name = path.rsplit("/", 1)[-1]
    kind = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}
    return data, kind.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream"), name


def utc(value: datetime) -> str:
    """A moment as the store and the services write it (UTC, microseconds, ``Z``)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

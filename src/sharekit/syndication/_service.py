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

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sharekit.config import Site, SyndicateConfig
    from sharekit.out._output import Output
    from sharekit.store._interface import Post
    from sharekit.syndication._call import Call
    from sharekit.syndication._secrets import Secrets

__all__ = ["URLS", "Draft", "Service", "card_file", "card_url", "fit", "utc"]

URLS = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]'’”]")  # a URL in a post's text


@dataclass(frozen=True, slots=True)
class Draft:
    """What a post is made of (SPEC 8.7): the record's ``social.<network>`` ``text``,
    ``title`` and ``description`` where it has them, else the article's."""

    title: str
    url: str
    text: str = ""  # the editors' own words for this network ("": headline and URL)
    description: str = ""

    @classmethod
    def of(cls, payload: Mapping[str, Any]) -> Draft:
        """The draft a ledger row keeps (its payload)."""
        return cls(
            str(payload.get("title") or ""),
            str(payload.get("url") or ""),
            str(payload.get("text") or ""),
            str(payload.get("description") or ""),
        )


class Service(Protocol):
    """A posting service: its limits, how it composes a post, what it checks
    before posting (verify) and the post itself."""

    id: str  # its [syndicate.ID] table, and the target in results and the store
    env: str  # the environment variable holding its secret when the config has none
    label: str  # its name as the preview shows it
    network: str  # the share network whose social.<network> overrides it posts ("": none)
    # A retry after an unknown outcome cannot make a second post (an idempotency key,
    # a record key): retried. Else at most once: the post is "unknown" until resolved.
    idempotent: bool
    link: bool  # the text carries the URL (else the link travels beside it)
    pace: tuple[int, int]  # at most this many posts per this many seconds

    def target(self, config: SyndicateConfig) -> object | None:
        """Its ``[syndicate.ID]`` table, None when the service is off."""
        ...

    def secret(self, config: SyndicateConfig) -> str:
        """Its secret as configured ("": from :attr:`env`)."""
        ...

    def limits(self, text: str) -> tuple[int, int, str]:
        """How it counts ``text``: (length, limit, unit)."""
        ...

    def compose(self, draft: Draft) -> str:
        """The text it posts (the draft's own text, else the headline, a blank line
        and the URL), within :meth:`limits`."""
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


def fit(draft: Draft, limits: Callable[[str], tuple[int, int, str]], *, link: bool = True) -> str:
    """The post's text within ``limits``: the draft's own text as written (the URL
    added after a blank line when it is not in it), else the headline, a blank line
    and the URL. Too long, the words are cut (at a word or grapheme boundary, with an
    ellipsis); the URL is always whole. ``link`` False: the link travels beside the
    text (LinkedIn's article), so the text does not carry it."""
    words, url = draft.text or draft.title, draft.url
    if draft.text and url and url in words:
        if _fits(words, limits):
            return words  # the editors' own layout, the URL where they put it
        words = " ".join(words.replace(url, " ").split())
    if not link or not url:
        return _cut(words, "", limits)
    return _cut(words, f"\n\n{url}", limits)


def _fits(text: str, limits: Callable[[str], tuple[int, int, str]]) -> bool:
    length, limit, _ = limits(text)
    return length <= limit


def _cut(title: str, tail: str, limits: Callable[[str], tuple[int, int, str]]) -> str:
    """``title + tail``, the title cut so it fits ``limits``."""
    from sharekit.text._truncate import ELLIPSIS, truncate

    def fits(text: str) -> bool:
        return _fits(text, limits)

    whole = f"{title}{tail}"
    if fits(whole):
        return whole
    best, low, high = ELLIPSIS, 2, len(title) - 1  # truncate needs room for one character
    while low <= high:  # the longest cut that fits: truncate grows with its limit
        middle = (low + high) // 2
        cut = truncate(title, middle)
        if fits(f"{cut}{tail}"):
            best, low = cut, middle + 1
        else:
            high = middle - 1
    return f"{best}{tail}"  # over the limit only when the URL alone is: reported then


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


def card_url(site: Site, payload: Mapping[str, Any]) -> str:
    """The card's public URL (a service that fetches the image itself: Threads), ""
    without a card or a base URL. Publish's cards only: one rendered for a post lives
    under ``.sharekit/``, which is not served."""
    path = str(payload.get("card") or "")
    base = (site.publish.base_url or site.url).rstrip("/")
    if not path or not base or path.startswith(".sharekit/") or ".." in path.split("/"):
        return ""
    return f"{base}/{path}"


def utc(value: datetime) -> str:
    """A moment as the store and the services write it (UTC, microseconds, ``Z``)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

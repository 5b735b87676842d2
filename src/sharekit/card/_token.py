"""Signed card URLs: a card's inputs packed into a token the serve app draws from (SPEC 7.6).

A token is ``base64url(signature + payload)`` without padding. The payload is
one version byte (``j``: JSON as is, ``z``: zlib-compressed JSON, whichever
is shorter) and the canonical JSON array of the card's inputs::

    [title, section, [author names], "YYYY-MM-DD" or "", lang, template, size, image URL, site]

The signature is HMAC-SHA256 over ``b"sharekit-card\\0" + payload`` with the
first secret key, truncated to 16 bytes (128 bits, within RFC 2104 section
5's bounds); every configured key verifies, so keys rotate without breaking
published URLs. The token is verified before anything in it is decompressed
or parsed: an unsigned request never reaches zlib, JSON or the renderer.

No Pillow, no network: meta calls :func:`card_url` for every head.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sharekit.card._ref import card_format, with_card_flags
from sharekit.config import TEMPLATES, Site, env_secret, secret_key_problem
from sharekit.errors import InputError
from sharekit.images._files import hero_image
from sharekit.model import Article
from sharekit.text._clean import is_absolute_http_url

__all__ = [
    "MAX_TOKEN",
    "CardFields",
    "TokenError",
    "card_url",
    "decode_token",
    "encode_token",
    "secret_keys",
]

# Past ~2,000 characters some crawlers and proxies cut URLs; nginx's default
# header buffer is 8 KB. Longer tokens are refused (414) before any work.
MAX_TOKEN = 2048
_SIGNATURE_BYTES = 16
_MAX_PAYLOAD = 16_384  # decompressed: a signed token cannot become a zip bomb either
_DOMAIN = b"sharekit-card\0"  # a card signature can never pass for another HMAC of the key
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# In a token, the server's own [card] template when the client's is a layout file:
# a local path has no business in a public URL.
CONFIGURED_TEMPLATE = ""


class TokenError(Exception):
    """A token that cannot be served: ``status`` is the HTTP answer (400, 403, 414)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True, slots=True)
class CardFields:
    """What a card token carries: every input the card draws that is not the server's config."""

    title: str
    section: str = ""
    authors: tuple[str, ...] = ()
    date: str = ""  # YYYY-MM-DD: cards show the day, not the time
    lang: str = "en"
    template: str = CONFIGURED_TEMPLATE
    size: str = "og"
    image: str = ""  # an absolute http(s) URL, fetched through the guarded client
    site_name: str = ""

    def as_list(self) -> list[Any]:
        return [
            self.title,
            self.section,
            list(self.authors),
            self.date,
            self.lang,
            self.template,
            self.size,
            self.image,
            self.site_name,
        ]

    @property
    def published(self) -> datetime | None:
        if not self.date:
            return None
        day = date.fromisoformat(self.date)
        return datetime(day.year, day.month, day.day, tzinfo=UTC)


def secret_keys(site: Site) -> tuple[str, ...]:
    """The keys that sign and verify: ``[serve] secret_keys``, else ``SHAREKIT_SECRET_KEY``.

    Raises :class:`InputError` naming the key to set when there is none or
    one is too short (the key itself never appears in a message).
    """
    if site.serve.secret_keys:
        return site.serve.secret_keys
    key = env_secret("SHAREKIT_SECRET_KEY")  # not UTF-8: bad input naming the variable
    if not key:
        raise InputError(
            site.source or "config",
            "serve.secret_keys",
            "signed card URLs and the publish hook need a secret key: "
            "set [serve] secret_keys or SHAREKIT_SECRET_KEY",
        )
    problem = secret_key_problem(key)
    if problem:
        raise InputError("SHAREKIT_SECRET_KEY", None, problem)
    return (key,)


def _sign(key: str, payload: bytes) -> bytes:
    digest = hmac.new(key.encode("utf-8"), _DOMAIN + payload, hashlib.sha256).digest()
    return digest[:_SIGNATURE_BYTES]


def encode_token(fields: CardFields, key: str) -> str:
    """The signed token of ``fields`` (deterministic: the same inputs give the same URL)."""
    text = json.dumps(fields.as_list(), ensure_ascii=False, separators=(",", ":"))
    raw = text.encode("utf-8")
    packed = zlib.compress(raw, 9)
    payload = b"z" + packed if len(packed) < len(raw) else b"j" + raw
    token = base64.urlsafe_b64encode(_sign(key, payload) + payload).rstrip(b"=")
    return token.decode("ascii")


def decode_token(token: str, keys: tuple[str, ...]) -> CardFields:
    """Verify ``token`` with any of ``keys`` and unpack it; :class:`TokenError` says why not."""
    if len(token) > MAX_TOKEN:
        raise TokenError(414, f"token longer than {MAX_TOKEN} characters")
    if not _BASE64URL.fullmatch(token):
        raise TokenError(400, "token is not base64url")
    try:
        blob = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        raise TokenError(400, "token is not base64url") from None
    if base64.urlsafe_b64encode(blob).rstrip(b"=") != token.encode("ascii"):
        # unused low bits set: one card, one URL (a CDN caches each spelling apart)
        raise TokenError(400, "token is not canonical base64url")
    signature, payload = blob[:_SIGNATURE_BYTES], blob[_SIGNATURE_BYTES:]
    if len(signature) < _SIGNATURE_BYTES or not payload:
        raise TokenError(400, "token too short")
    # Every key is tried (no early exit on a match), each compare in constant time.
    valid = False
    for key in keys:
        valid |= hmac.compare_digest(_sign(key, payload), signature)
    if not valid:
        raise TokenError(403, "bad signature")
    # Signed by us: what follows fails only for a token of another sharekit version.
    return _unpack(payload)


def _unpack(payload: bytes) -> CardFields:
    kind, body = payload[:1], payload[1:]
    if kind == b"z":
        inflater = zlib.decompressobj()
        try:
            body = inflater.decompress(body, _MAX_PAYLOAD)
        except zlib.error:
            raise TokenError(400, "token payload is not zlib data") from None
        if inflater.unconsumed_tail:
            raise TokenError(400, "token payload too large")
    elif kind != b"j":
        raise TokenError(400, "unknown token version")
    try:
        items = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise TokenError(400, "token payload is not JSON") from None
    if not isinstance(items, list) or len(items) != 9:
        raise TokenError(400, "token payload has the wrong shape")
    title, section, authors, day, lang, template, size, image, site_name = items
    texts = (title, section, day, lang, template, size, image, site_name)
    if not all(isinstance(x, str) for x in texts) or not (
        isinstance(authors, list) and all(isinstance(a, str) for a in authors)
    ):
        raise TokenError(400, "token payload has the wrong types")
    if day and not _DATE.fullmatch(day):
        raise TokenError(400, "token date is not YYYY-MM-DD")
    if image and not is_absolute_http_url(image):
        raise TokenError(400, "token image is not an http(s) URL")
    fields = CardFields(title, section, tuple(authors), day, lang, template, size, image, site_name)
    try:
        fields.published  # noqa: B018 (validates the date: 2024-02-30 is not one)
    except ValueError:
        raise TokenError(400, "token date is not a calendar date") from None
    return fields


def card_fields(article: Article) -> CardFields:
    """The token fields of ``article`` under its own site (card flags already applied)."""
    site = article.site
    template = site.card.template if site.card.template in TEMPLATES else CONFIGURED_TEMPLATE
    hero = hero_image(article) if article.image is not None else None
    image = hero.url if hero is not None and is_absolute_http_url(hero.url) else ""
    return CardFields(
        title=article.title,
        section=article.section,
        authors=article.author_names,
        date=article.published.date().isoformat() if article.published else "",
        lang=article.lang,
        template=template,
        size=site.card.size,
        image=image,
        site_name=site.name,
    )


def card_url(
    article: Article,
    site: Site | None = None,
    *,
    template: str | None = None,
    size: str | None = None,
    format: str | None = None,
) -> str:
    """The signed URL where ``sharekit serve`` draws the article's card on first request.

    ``{[serve] base_url}/card/TOKEN.EXT``: the token carries the card's
    inputs (title, section, author names, date, lang, template, size, image
    URL, site name), signed with the first of ``[serve] secret_keys`` (or
    ``SHAREKIT_SECRET_KEY``). The service answers the bytes
    :func:`sharekit.render_card` makes for the same article and flags. A
    local hero image travels as the URL publish gives it. Raises
    :class:`InputError` without ``[serve] base_url`` or a secret key, or when
    the token would be longer than :data:`MAX_TOKEN` characters.
    """
    article = with_card_flags(article.with_site(site), template=template, size=size, format=format)
    site = article.site
    if not site.serve.base_url:
        raise InputError(
            site.source or "config", "serve.base_url", "card_url needs the service's public URL"
        )
    token = encode_token(card_fields(article), secret_keys(site)[0])
    if len(token) > MAX_TOKEN:
        raise InputError(
            article.source,
            "title",
            f"the card URL's token would have {len(token)} characters (at most {MAX_TOKEN})",
        )
    fmt = card_format(site.card.template, site.card.format)  # its name is the URL's extension
    return f"{site.serve.base_url.rstrip('/')}/card/{token}.{fmt}"

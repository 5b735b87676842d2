"""The one exception tree of sharekit.

::

    SharekitError                 base; str(error) is the line the CLI prints
    ├── InputError                a record, config or argument is wrong (exit 2)
    ├── RenderError               an output could not be produced (exit 2)
    └── NetworkError              a fetch failed or was refused (exit 3)

Every error carries structured fields so a CMS can react to them without
parsing messages, and survives pickling (publish workers send them back).

``str(error)`` never shows a secret (SPEC 8.2): it goes through
:func:`redact`, the one scrubber every output of sharekit uses (the CLI's
error line and ``--debug`` traceback, log lines, store rows, HTTP answers).
It lives here, at the bottom of the house, because every wing reaches it.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

__all__ = [
    "InputError",
    "NetworkError",
    "RenderError",
    "SharekitError",
    "redact",
    "register_secret",
]

# --- the one scrubber -----------------------------------------------------------------------

_MIN_SECRET = 4  # a shorter value would blank every occurrence of a common word
_MIN_PIECE = 8  # the parts of a secret split at a newline or space, shown alone by some errors
_registered: set[str] = set()
_lock = threading.Lock()
# environment variables that hold secrets: their values are hidden wherever they appear
_SECRET_ENV = re.compile(r"TOKEN|PASSWORD|PASSWD|SECRET|_KEY$|CREDENTIAL|APP_PASSWORD", re.I)
_ENV_PREFIXES = ("SHAREKIT_", "AWS_", "PG", "DATABASE_URL", "FSSPEC_", "GOOGLE_", "AZURE_")
# a password in a URL's user part: scheme://user:PASSWORD@host (no / ? # in a netloc)
_URL_PASSWORD = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^\s/?#@:]*:)[^\s/?#]*@")
# key=value secrets: URL queries, libpq connection strings (quoted or not), JSON and reprs
_KEYWORDS = (
    r"password|passwd|pwd|sslpassword|access_token|refresh_token|token|secret|client_secret"
    r"|api_key|apikey|app_password|aws_secret_access_key|secret_access_key|session_token"
)
_KEY_VALUE = re.compile(
    rf"(?i)(\b(?:{_KEYWORDS})\s*=\s*)('(?:[^'\\]|\\.)*'?|\"(?:[^\"\\]|\\.)*\"?|[^\s&;,)'\"]+)"
)
_KEY_COLON = re.compile(
    rf"(?i)([\"']?\b(?:{_KEYWORDS})[\"']?\s*:\s*)('(?:[^'\\]|\\.)*'?|\"(?:[^\"\\]|\\.)*\"?)"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def register_secret(value: str | bytes | None) -> None:
    """Hide ``value`` from every message from now on (a token, a password, a signing key).

    Configuration loading registers the secrets it reads; environment
    variables named like secrets (``*TOKEN*``, ``*PASSWORD*``, ``*SECRET*``,
    ``*_KEY``) are hidden without registration.
    """
    if isinstance(value, bytes):
        value = value.decode("utf-8", "surrogateescape")
    if value and len(value.strip()) >= _MIN_SECRET:
        with _lock:
            _registered.add(value)
            _registered.add(value.strip())


def _environment_secrets() -> set[str]:
    found = set()
    for name, value in os.environ.items():
        secret = name.upper().startswith(_ENV_PREFIXES) and _SECRET_ENV.search(name)
        if secret and len(value.strip()) >= _MIN_SECRET:
            found |= {value, value.strip()}
    return found


def _forms(secret: str) -> set[str]:
    """Every way a message may spell ``secret``: as is, escaped by repr (str and bytes),
    by JSON, percent-encoded, with its control characters shown as a space or escaped,
    and its long pieces (an error that quotes one line of it)."""
    forms = {secret, repr(secret)[1:-1], json.dumps(secret)[1:-1]}
    forms.add(json.dumps(secret, ensure_ascii=False)[1:-1])
    escape = "surrogateescape"  # a variable's bytes that are not UTF-8 arrive as surrogates
    forms |= {quote(secret, safe="", errors=escape), quote(secret, errors=escape)}
    forms |= {quote_plus(secret, errors=escape), quote(secret, safe="", errors=escape).lower()}
    encoded = secret.encode("utf-8", "surrogateescape")
    forms.add(repr(encoded)[2:-1])
    forms.add(_CONTROL.sub(" ", secret))
    forms.add(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", secret))
    forms.add(_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", secret))
    forms.add(repr(repr(secret)[1:-1])[1:-1])  # escaped twice (a repr of a message)
    forms |= {p for p in re.split(r"[\s\x00-\x1f\x7f]+", secret) if len(p) >= _MIN_PIECE}
    return {f for f in forms if len(f) >= _MIN_SECRET}


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with secrets replaced by ``[secret]``: passwords in URLs, ``password=``,
    ``token=``... values (URL queries, libpq strings, JSON), the registered secrets,
    secret environment variables and ``secrets``, in every escaped form."""
    with _lock:
        known = set(_registered)
    known |= _environment_secrets()
    given = {s for s in secrets if s}
    known |= given
    hidden: set[str] = set()
    for secret in given:  # a caller's own secrets are hidden whatever their length
        hidden |= {secret, quote(secret, safe="", errors="surrogateescape")}
    for secret in known:
        try:
            hidden |= _forms(secret)
        except (UnicodeError, ValueError):  # never let the scrubber end a message
            hidden.add(secret)
    for form in sorted(hidden, key=len, reverse=True):  # longest first
        if form in text:
            text = text.replace(form, "[secret]")
    text = _URL_PASSWORD.sub(r"\1[secret]@", text)
    text = _KEY_VALUE.sub(r"\1[secret]", text)
    return _KEY_COLON.sub(r"\1'[secret]'", text)


# --- the tree -------------------------------------------------------------------------------


class SharekitError(Exception):
    """Base class of every error sharekit raises on purpose."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return redact(self.message)


class InputError(SharekitError):
    """Invalid input: names the source (file), the field and what was expected.

    ``str(error)`` is ``"SOURCE: FIELD: EXPECTED"`` with the empty parts left
    out, e.g. ``article.json: published: not an ISO 8601 date: "yesterday"``.
    """

    exit_code = 2

    def __init__(self, source: str | None, field: str | None, expected: str) -> None:
        self.source = source
        self.field = field
        self.expected = expected
        parts = [p for p in (source, field, expected) if p]
        super().__init__(": ".join(parts))

    def __reduce__(self) -> tuple[type[InputError], tuple[str | None, str | None, str]]:
        # Errors cross from publish workers to the main process by pickle.
        return type(self), (self.source, self.field, self.expected)


class RenderError(SharekitError):
    """An output (image, feed, page) could not be produced from valid input."""

    exit_code = 2


class NetworkError(SharekitError):
    """A fetch failed, timed out, was too large, or was refused (exit 3)."""

    exit_code = 3

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")

    def __reduce__(self) -> tuple[type[NetworkError], tuple[str, str]]:
        return type(self), (self.url, self.reason)

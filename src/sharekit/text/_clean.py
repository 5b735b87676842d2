"""Text and URL cleaning, applied once when a record or config is loaded.

Every output carries the cleaned text exactly, so a consumer reading our
output gets back what these functions return (SPEC 1, "Text is cleaned once").
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

# Lone surrogates cannot be encoded as UTF-8; U+FFFE/U+FFFF are noncharacters
# that XML 1.0 forbids. Both are removed everywhere.
_ALWAYS_REMOVED = re.compile("[\ud800-\udfff\ufffe\uffff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# In HTML bodies tab and newline are meaningful; other C0/C1 controls are not.
_HTML_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    """Clean a one-line text field: controls become spaces, white space collapses."""
    value = _ALWAYS_REMOVED.sub("", value)
    value = _CONTROL.sub(" ", value)
    return " ".join(value.split())


def clean_html(value: str) -> str:
    """Clean an HTML body: keep tab and newline, normalise line ends, drop other controls."""
    value = _ALWAYS_REMOVED.sub("", value)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _HTML_CONTROL.sub("", value)


# Characters that may stand unescaped in a URI (RFC 3986 reserved + unreserved).
_URI_SAFE = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;="
)
_HEX = frozenset("0123456789abcdefABCDEF")
_ALL_SAFE = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]*")


def _encode_component(text: str) -> str:
    if _ALL_SAFE.fullmatch(text):  # the common case, about 20 times faster
        return text
    out: list[str] = []
    for index, char in enumerate(text):
        if char in _URI_SAFE:
            out.append(char)
        elif char == "%" and len(text) > index + 2 and {text[index + 1], text[index + 2]} <= _HEX:
            out.append(char)  # an existing escape is kept as it is
        else:
            out.append("".join(f"%{byte:02X}" for byte in char.encode("utf-8")))
    return "".join(out)


def idna_host(host: str) -> str:
    """``host`` in its ASCII form: IDNA 2008 with UTS #46 mapping (SPEC 8.4), as browsers
    and registries read it, so ``faß.de`` is ``xn--fa-hia.de`` (IDNA 2003, the standard
    library's codec, made it ``fass.de``: another domain) and a Greek final sigma stays
    itself. ASCII labels are only lower-cased (underscores and the like pass, as they do
    in URLs today). Raises ``ValueError`` (``idna.IDNAError``) for a host IDNA refuses.
    """
    if host.isascii():
        return host.lower()
    import idna  # pure Python tables: loaded only for a non-ASCII host

    # UTS #46 maps the whole host first: full-width letters, and the ideographic full
    # stop as a label separator, as a browser's address bar does.
    mapped = idna.uts46_remap(host, std3_rules=False, transitional=False)
    labels = []
    for label in mapped.split("."):
        if label.isascii():
            labels.append(label.lower())
        else:
            labels.append(idna.alabel(label).decode("ascii"))
    return ".".join(labels)


def display_host(host: str) -> str:
    """An ASCII host as people read it (``xn--`` labels decoded by IDNA 2008); as given
    when a label does not decode."""
    if "xn--" not in host.lower():
        return host
    import idna

    try:
        return str(idna.decode(host))
    except (idna.IDNAError, UnicodeError, ValueError):
        return host


def iri_to_uri(iri: str) -> str:
    """Normalise an IRI to URI form: IDNA host, UTF-8 percent-encoding, escapes kept.

    Raises ``ValueError`` for a host that cannot be IDNA-encoded.
    """
    parts = urlsplit(iri.strip())
    netloc = parts.netloc
    if netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        if hostport.startswith("["):  # IPv6 literal: leave as written
            host, port = hostport, ""
        else:
            host, _, port = hostport.partition(":")
        netloc = idna_host(host) + (f":{port}" if port else "")
        if userinfo:
            netloc = _encode_component(userinfo) + "@" + netloc
    return urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            _encode_component(parts.path),
            _encode_component(parts.query),
            _encode_component(parts.fragment),
        )
    )


def is_absolute_http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


# Characters that draw nothing though they are not white space (Default_Ignorable_Code_Point
# and the blank letters spammers use): a title made of them only is a missing title.
_INVISIBLE = frozenset(
    {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0}
    | {*range(0x180B, 0x1810), *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)}
)


def has_visible_text(text: str) -> bool:
    """True when some character of ``text`` draws something (a title needs one)."""
    return any(
        ord(c) not in _INVISIBLE and unicodedata.category(c) not in ("Cf", "Zs", "Zl", "Zp", "Cc")
        for c in text
    )

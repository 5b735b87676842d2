"""One safe HTTP request: the rules every download of sharekit follows.

:func:`request`

- accepts http and https URLs only, and at most :data:`MAX_REDIRECTS` redirects;
- never sends credentials to another host: a request that carries any
  (an ``Authorization`` or cookie header, any header beyond the plain ones
  of :data:`PLAIN_HEADERS`, a body, a user in the URL) is not followed to
  another scheme, host or port (https -> http included); the redirect is
  refused and named (SPEC 8.2), whichever service made the request;
- resolves the host name itself and refuses private, loopback, link-local,
  multicast, reserved and unspecified addresses (IPv4, IPv6, and IPv4 inside
  IPv6: mapped, 6to4, Teredo, NAT64) unless private networks are allowed;
  this is done for every redirect hop;
- then connects to the address it checked (the connection is pinned to it,
  while the Host header, TLS SNI and certificate check keep the name), so a
  DNS answer that changes between check and connect cannot reach inside;
- ignores proxy environment variables and .netrc (a proxy would make the
  check meaningless), sends no cookies;
- applies connect and read time limits (``[network] timeout``) and a total
  deadline, and reads the body in small pieces up to a byte cap
  (``[network] max_bytes``), refusing early a Content-Length that declares
  more but never trusting it.

Every failure is a :class:`~sharekit.errors.NetworkError` whose reason says
what happened. :mod:`sharekit.net._download` builds fetching and caching on it.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import re
import socket
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit

from sharekit._version import __version__
from sharekit.config import Site
from sharekit.errors import InputError, NetworkError
from sharekit.net._credentials import carries_credentials, same_origin
from sharekit.text._clean import clean_text
from sharekit.text._limits import check_depth

if TYPE_CHECKING:
    import requests
    from requests.adapters import HTTPAdapter

__all__ = [
    "MAX_JSON_DEPTH",
    "MAX_REDIRECTS",
    "AllowPrivate",
    "Answer",
    "address_problem",
    "request",
]

MAX_REDIRECTS = 5
DEADLINE_FACTOR = 3  # total deadline of one download: 3 x [network] timeout
USER_AGENT = f"sharekit/{__version__} (+https://pypi.org/project/sharekit/)"
_CHUNK = 64 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
AllowPrivate = bool | Iterable[str] | None
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\xa0\s]")
_BAD_HEADER = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Answer:
    """A raw response of :func:`request` (status, headers, capped body)."""

    url: str
    final_url: str
    status: int
    reason: str
    headers: Mapping[str, str]
    data: bytes

    def json(self) -> Any:
        """The body as JSON, nested at most :data:`MAX_JSON_DEPTH` levels; anything else
        (not JSON, not UTF-8, nested deeper: a hostile API) is a :class:`NetworkError`,
        never a RecursionError that would end a run (SPEC 8.2)."""
        try:
            value = json.loads(self.data)
        except RecursionError:
            value = _TOO_DEEP
        except ValueError as error:  # UnicodeDecodeError included
            reason = clean_text(str(error))[:100]
            raise NetworkError(
                self.url, f"HTTP {self.status}: the answer is not JSON ({reason})"
            ) from None
        try:
            if value is _TOO_DEEP:
                raise InputError("answer", None, "")
            check_depth(value, "answer", MAX_JSON_DEPTH)
        except InputError:
            raise NetworkError(
                self.url,
                f"HTTP {self.status}: JSON nested deeper than {MAX_JSON_DEPTH} levels",
            ) from None
        return value


MAX_JSON_DEPTH = 64  # an API answer needs a handful; json's own recursion stops near 1000
_TOO_DEEP = object()


# --- the address check --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Policy:
    allow_all: bool = False
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def of(cls, allow_private: AllowPrivate, site: Site) -> _Policy:
        value = site.network.allow_private if allow_private is None else allow_private
        if isinstance(value, bool):
            return cls(allow_all=value)
        if isinstance(value, str):
            value = (value,)
        try:
            return cls(networks=tuple(ipaddress.ip_network(n, strict=False) for n in value))
        except (TypeError, ValueError) as error:
            raise InputError("option", "allow_private", f"not a network: {error}") from None

    def refuses(self, ip: IPAddress) -> str | None:
        if self.allow_all or any(ip.version == n.version and ip in n for n in self.networks):
            return None
        return address_problem(ip)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_problem(ip: IPAddress) -> str | None:
    """Why sharekit will not connect to ``ip`` by default, or None when it is public."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            problem = address_problem(inner)
            return f"{problem} (inside {ip})" if problem else None
    for attribute, name in (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),
        ("is_private", "a private address"),
    ):
        if getattr(ip, attribute):
            return name
    if not ip.is_global:
        return "not a public address"
    return None


def _resolve(url: str, host: str, port: int, policy: _Policy, timeout: float) -> str:
    """Resolve ``host``, check every address, return the one to connect to.

    One refused address refuses the host: a name that answers both public
    and private addresses is treated as hostile. getaddrinfo has no time
    limit of its own, so it runs in a helper thread that we stop waiting for.
    """
    result: list[Any] = []

    def lookup() -> None:
        try:
            result.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except (OSError, UnicodeError) as error:
            result.append(error)

    worker = threading.Thread(target=lookup, name="sharekit-dns", daemon=True)
    worker.start()
    worker.join(timeout)
    if not result:
        raise NetworkError(url, f"DNS lookup of {host} took longer than {timeout:g}s")
    answer = result[0]
    if isinstance(answer, BaseException):
        reason = answer.strerror if isinstance(answer, OSError) and answer.strerror else answer
        raise NetworkError(url, f"cannot resolve {host}: {reason}")
    addresses: list[str] = []
    for family, _type, _proto, _name, sockaddr in answer:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        text = str(sockaddr[0]).split("%", 1)[0]
        ip = ipaddress.ip_address(text)
        problem = policy.refuses(ip)
        if problem:
            shown = f"{host} is" if host == text else f"{host} resolves to {text},"
            raise NetworkError(
                url,
                f"refused: {shown} {problem} (set [network] allow_private = true "
                "or --allow-private to allow private networks)",
            )
        addresses.append(text)
    if not addresses:
        raise NetworkError(url, f"cannot resolve {host}: no IPv4 or IPv6 address")
    return addresses[0]


# --- pinned connections -------------------------------------------------------


def _adapter(pins: dict[tuple[str, int], str], sockets: list[socket.socket]) -> HTTPAdapter:
    """A requests adapter that connects to the checked address of each host.

    ``pins`` maps (host, port) to the address the check passed; a request for
    an unpinned host is refused, so nothing connects without a check. The
    pool is keyed by the address, and for https the TLS SNI and certificate
    check use the host name. Every socket opened lands in ``sockets``, so
    the deadline watchdog can shut it down mid-handshake or mid-headers.
    """
    from requests.adapters import HTTPAdapter
    from requests.exceptions import InvalidURL

    class PinnedAdapter(HTTPAdapter):
        def get_connection_with_tls_context(  # type: ignore[no-untyped-def]
            self, request, verify, proxies=None, cert=None
        ):
            parts = urlsplit(request.url)
            host, port = (parts.hostname or "").rstrip("."), _port(parts.scheme, parts.port)
            address = pins.get((host, port))
            if address is None:
                raise InvalidURL(f"no checked address for {host}")
            _host_params, key = self.build_connection_pool_key_attributes(request, verify, cert)
            pool_kwargs: dict[str, Any] = dict(key)
            if parts.scheme == "https":
                pool_kwargs.update(server_hostname=host, assert_hostname=host)
            pool = self.poolmanager.connection_from_host(
                address, port, parts.scheme, pool_kwargs=pool_kwargs
            )
            base = pool.ConnectionCls
            if not getattr(base, "sharekit_tracked", False):

                class Tracked(base):  # type: ignore[valid-type,misc]
                    sharekit_tracked = True

                    def _new_conn(self) -> socket.socket:
                        sock: socket.socket = super()._new_conn()
                        sockets.append(sock)
                        return sock

                pool.ConnectionCls = Tracked
            return pool

    return PinnedAdapter(max_retries=0, pool_connections=2, pool_maxsize=2)


def _port(scheme: str, port: int | None) -> int:
    return port or (443 if scheme == "https" else 80)


def _split(url: str) -> tuple[str, str, int]:
    """Scheme, host and port of an http(s) URL, or a NetworkError."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise NetworkError(url, f"not a valid URL: {error}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise NetworkError(url, f"refused: only http and https URLs are fetched, not {scheme!r}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise NetworkError(url, "not a valid URL: no host")
    return scheme, host, _port(scheme, port)


# --- one request, redirects followed, body capped -----------------------------


@dataclass(slots=True)
class _Limits:
    timeout: float
    deadline: float  # time.monotonic() value
    total: float
    max_bytes: int
    started: float = field(default_factory=time.monotonic)
    fired: bool = False  # the watchdog shut the sockets down

    def remaining(self, url: str) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise NetworkError(url, f"took longer than the {self.total:g}s deadline")
        return left


def _limits(site: Site, max_bytes: int | None, deadline: float | None) -> _Limits:
    # a day at most: "timeout = inf" in TOML must not overflow the timers
    timeout = min(float(site.network.timeout), 86_400.0)
    total = min(deadline if deadline is not None else timeout * DEADLINE_FACTOR, 86_400.0)
    return _Limits(
        timeout=timeout,
        deadline=time.monotonic() + total,
        total=total,
        max_bytes=max_bytes if max_bytes is not None else site.network.max_bytes,
    )


def request(
    method: str,
    url: str,
    site: Site | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    data: Mapping[str, str] | list[tuple[str, str]] | bytes | None = None,
    accept: tuple[str, ...] | None = None,
    max_bytes: int | None = None,
    deadline: float | None = None,
    allow_private: AllowPrivate = None,
    ca_bundle: str | None = None,
) -> Answer:
    """One safe HTTP request, redirects followed (each hop checked), body capped.

    ``data`` is sent form-encoded, or as it is when bytes (set the
    Content-Type in ``headers``). A POST follows only 307/308 redirects.
    ``accept`` lists Content-Type prefixes accepted for a 2xx body (checked
    before the body is read); any status is returned, it is the caller's to
    judge. ``deadline`` (seconds) bounds the whole exchange, default three
    times ``[network] timeout``. ``allow_private`` overrides
    ``[network] allow_private``: True, False, or CIDR networks to allow.
    """
    if _UNSAFE.search(url):
        shown = quote(url, safe="".join(chr(c) for c in range(33, 127)))
        raise NetworkError(shown, "not a valid URL: it contains white space or control characters")
    site = site or Site()
    policy = _Policy.of(allow_private, site)
    limits = _limits(site, max_bytes, deadline)
    pins: dict[tuple[str, int], str] = {}
    sockets: list[socket.socket] = []
    adapter = _adapter(pins, sockets)
    # read1 and the read timeout bound the body; this bounds the rest (a TLS
    # handshake or headers sent one byte at a time) by closing the socket.
    watchdog = threading.Timer(limits.total, _shut, (sockets, limits))
    watchdog.daemon = True
    watchdog.start()
    try:
        return _exchange(
            adapter, pins, method, url, headers, data, accept, policy, limits, ca_bundle
        )
    except NetworkError as error:
        if limits.fired and "deadline" not in error.reason:
            raise NetworkError(url, f"took longer than the {limits.total:g}s deadline") from None
        raise
    finally:
        watchdog.cancel()
        adapter.close()


def _shut(sockets: list[socket.socket], limits: _Limits) -> None:
    limits.fired = True
    for sock in list(sockets):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _exchange(
    adapter: HTTPAdapter,
    pins: dict[tuple[str, int], str],
    method: str,
    url: str,
    headers: Mapping[str, str] | None,
    data: Mapping[str, str] | list[tuple[str, str]] | bytes | None,
    accept: tuple[str, ...] | None,
    policy: _Policy,
    limits: _Limits,
    ca_bundle: str | None,
) -> Answer:
    from requests.structures import CaseInsensitiveDict

    current = url
    credentials = carries_credentials(url, headers, data)
    for hop in range(MAX_REDIRECTS + 1):
        try:
            response = _send(
                adapter, pins, method, current, headers, data, policy, limits, ca_bundle or True
            )
        except NetworkError as error:
            if current == url:
                raise
            raise NetworkError(url, f"{error.reason} (redirected to {current})") from None
        try:
            location = response.headers.get("Location")
            if response.status_code in _REDIRECTS and location is not None:
                if hop == MAX_REDIRECTS:
                    raise NetworkError(url, f"more than {MAX_REDIRECTS} redirects")
                if method != "GET" and response.status_code not in (307, 308):
                    raise NetworkError(
                        url, f"{method} redirected with {response.status_code}; not followed"
                    )
                target = urljoin(current, location.strip())
                if credentials:
                    same_origin(url, current, target, response.status_code)
                current = target
                continue
            if 200 <= response.status_code < 300 and accept is not None:
                _check_type(url, response.headers.get("Content-Type", ""), accept)
            body = _read(url, response, limits)
            return Answer(
                url=url,
                final_url=current,
                status=response.status_code,
                reason=clean_text(response.reason or "")[:100],
                headers=CaseInsensitiveDict(response.headers),  # names are case-insensitive
                data=body,
            )
        finally:
            response.close()
    raise AssertionError("unreachable")  # pragma: no cover


def _send(
    adapter: HTTPAdapter,
    pins: dict[tuple[str, int], str],
    method: str,
    url: str,
    headers: Mapping[str, str] | None,
    data: Mapping[str, str] | list[tuple[str, str]] | bytes | None,
    policy: _Policy,
    limits: _Limits,
    verify: bool | str,
) -> requests.Response:
    import requests

    for name, value in (headers or {}).items():
        # requests' own refusal quotes the value (a token with a newline): name the header only
        if _BAD_HEADER.search(value) or value != value.strip():
            raise NetworkError(
                url, f"refused: the {name} header has white space or control characters in it"
            )
    try:
        prepared = requests.Request(
            method,
            url,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **(headers or {})},
            data=data,
        ).prepare()
    except (requests.exceptions.RequestException, ValueError) as error:
        raise NetworkError(url, f"not a valid URL: {_cause(error)}") from None
    scheme, host, port = _split(prepared.url or url)
    lookup_time = min(limits.timeout, limits.remaining(url))
    pins[(host, port)] = _resolve(url, host, port, policy, lookup_time)
    netloc = f"[{host}]" if ":" in host else host
    default_port = port == _port(scheme, None)
    prepared.headers["Host"] = netloc if default_port else f"{netloc}:{port}"
    wait = min(limits.timeout, limits.remaining(url))
    try:
        return adapter.send(
            prepared, stream=True, timeout=(wait, wait), verify=verify, proxies={}, cert=None
        )
    except requests.exceptions.ConnectTimeout:
        raise NetworkError(url, f"no connection to {host} within {wait:g}s") from None
    except requests.exceptions.ReadTimeout:
        raise NetworkError(url, f"{host} did not answer within {wait:g}s") from None
    except requests.exceptions.SSLError as error:
        raise NetworkError(url, f"TLS error with {host}: {_cause(error)}") from None
    except requests.exceptions.RequestException as error:
        raise NetworkError(url, f"connection to {host} failed: {_cause(error)}") from None
    except (OSError, ValueError) as error:
        raise NetworkError(url, f"connection to {host} failed: {error}") from None


def _cause(error: BaseException) -> str:
    """The innermost useful message of a requests/urllib3 exception chain."""
    while True:
        inner = error.args[0] if error.args and isinstance(error.args[0], BaseException) else None
        inner = inner or getattr(error, "reason", None) or error.__context__
        if not isinstance(inner, BaseException) or inner is error:
            break
        error = inner
    text = str(error)
    if ": " in text and text.startswith("<"):  # "<urllib3...object at 0x..>: message"
        text = text.split(": ", 1)[1]
    if type(error).__name__ == "BadStatusLine":
        text = f"not an HTTP response: {text!r}"
    # the text may quote what the server sent: one clean line, bounded
    return clean_text(text)[:200] or type(error).__name__


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _charset(content_type: str) -> str | None:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip(' "'):
            return value.strip(' "').lower()
    return None


def _check_type(url: str, content_type: str, accept: tuple[str, ...]) -> None:
    media = _media_type(content_type)
    if not media:
        raise NetworkError(url, "the server sent no Content-Type")
    if not any(media.startswith(prefix) for prefix in accept):
        wanted = " or ".join(p + ("*" if p.endswith("/") else "") for p in accept)
        raise NetworkError(url, f"wrong content type {media!r} (expected {wanted})")


def _read(url: str, response: requests.Response, limits: _Limits) -> bytes:
    """The body, read in pieces no longer than a socket read, within the caps."""
    import requests

    declared = response.headers.get("Content-Length", "").strip()
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise NetworkError(
            url, f"too large: declares {int(declared):,} bytes, the limit is {limits.max_bytes:,}"
        )
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            limits.remaining(url)
            # read1 returns after one socket read: a server dripping bytes
            # cannot hold us past the deadline by more than one read timeout.
            chunk = response.raw.read1(_CHUNK, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > limits.max_bytes:
                raise NetworkError(url, f"too large: more than {limits.max_bytes:,} bytes")
            chunks.append(chunk)
        if limits.fired:  # the end came from the watchdog: the body is cut short
            raise NetworkError(url, f"took longer than the {limits.total:g}s deadline")
    except NetworkError:
        raise
    except (requests.exceptions.RequestException, OSError, ValueError) as error:
        raise NetworkError(url, f"download failed: {_cause(error)}") from None
    except Exception as error:  # urllib3's own errors (protocol, decoding, timeouts)
        if type(error).__module__.startswith(("urllib3", "http.client")):
            if "timed out" in str(error).lower():
                raise NetworkError(url, f"no data within {limits.timeout:g}s") from None
            raise NetworkError(url, f"download failed: {_cause(error)}") from None
        raise
    return b"".join(chunks)

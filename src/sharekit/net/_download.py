"""Downloads for sharekit: hero images and pages, checked and cached.

Every download goes through :func:`sharekit.net._http.request` (address checks on
every hop, pinned connections, time limits, a byte cap; see that module).
:func:`fetch` adds a content-type check and an on-disk cache revalidated with
ETag / Last-Modified; :func:`fetch_image` decodes with Pillow under a pixel
cap (the card renderer fetches a hero through it). Every failure is a
:class:`~sharekit.errors.NetworkError` whose reason says what happened.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sharekit.config import Site
from sharekit.errors import InputError, NetworkError
from sharekit.net._http import (
    MAX_REDIRECTS,
    AllowPrivate,
    Answer,
    _charset,
    _media_type,
    address_problem,
    request,
)
from sharekit.out._atomic import write_bytes_if_changed
from sharekit.text import _limits

if TYPE_CHECKING:
    pass

__all__ = [
    "MAX_PIXELS",
    "MAX_REDIRECTS",
    "AllowPrivate",
    "Answer",
    "Fetched",
    "RemoteImage",
    "address_problem",
    "check_image",
    "default_cache_dir",
    "fetch",
    "fetch_image",
    "request",
]

log = logging.getLogger("sharekit")

MAX_PIXELS = _limits.MAX_PIXELS  # decoded pixels of a remote image, the same cap as local ones


@dataclass(frozen=True, slots=True)
class Fetched:
    """A downloaded body. ``final_url`` is where the last redirect led."""

    url: str
    final_url: str
    content_type: str
    data: bytes
    etag: str | None = None
    last_modified: str | None = None
    from_cache: bool = False
    charset: str | None = None  # the Content-Type charset parameter, when sent


@dataclass(frozen=True, slots=True)
class RemoteImage:
    """A remote image that Pillow decoded: its real type and size.

    ``media_type`` comes from the decoded data; ``declared_type`` is what the
    server's Content-Type said (they can differ).
    """

    data: bytes
    media_type: str
    width: int
    height: int
    final_url: str
    declared_type: str = ""
    from_cache: bool = False

    @property
    def bytes(self) -> int:
        return len(self.data)


# --- fetch: content type + cache ----------------------------------------------


def default_cache_dir() -> Path:
    """The user cache directory: XDG on Linux, Library/Caches on macOS, LOCALAPPDATA on Windows.

    Without a home directory (some containers), a folder in the temp directory.
    """
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):
        return Path(tempfile.gettempdir()) / "sharekit-cache"
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / "sharekit" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "sharekit"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base_dir = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".cache"
    return base_dir / "sharekit"


def _cache_files(site: Site, url: str) -> tuple[Path, Path]:
    root = Path(site.network.cache_dir) if site.network.cache_dir else default_cache_dir()
    key = hashlib.sha256(url.encode("utf-8")).hexdigest()
    folder = root / "http" / key[:2]
    return folder / f"{key}.json", folder / f"{key}.body"


def _cache_load(site: Site, url: str) -> tuple[dict[str, Any], bytes] | None:
    meta_path, body_path = _cache_files(site, url)
    try:
        meta = json.loads(meta_path.read_text("utf-8"))
        body = body_path.read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("url") != url:
        return None
    if meta.get("sha256") != hashlib.sha256(body).hexdigest():
        return None  # torn or tampered entry: fetch again
    return meta, body


def _cache_store(site: Site, fetched: Fetched, cache_control: str) -> None:
    if not (fetched.etag or fetched.last_modified) or "no-store" in cache_control.lower():
        return  # nothing to revalidate with
    meta_path, body_path = _cache_files(site, fetched.url)
    meta = {
        "url": fetched.url,
        "final_url": fetched.final_url,
        "content_type": fetched.content_type,
        "etag": fetched.etag,
        "last_modified": fetched.last_modified,
        "charset": fetched.charset,
        "sha256": hashlib.sha256(fetched.data).hexdigest(),
    }
    try:  # body first: a reader checks the body's hash against the metadata
        write_bytes_if_changed(body_path, fetched.data)
        write_bytes_if_changed(meta_path, json.dumps(meta).encode("utf-8"))
    except InputError as error:  # the cache is an optimisation: carry on without it
        log.info("download cache: %s", error)


def fetch(
    url: str,
    site: Site | None = None,
    *,
    accept: tuple[str, ...] = ("image/",),
    max_bytes: int | None = None,
    allow_private: AllowPrivate = None,
    deadline: float | None = None,
    cache: bool = True,
    ca_bundle: str | None = None,
) -> Fetched:
    """Download ``url`` safely (see the module doc) and check its content type.

    ``accept`` lists Content-Type prefixes (``"image/"``, ``"text/html"``).
    With ``cache``, a response carrying an ETag or Last-Modified is kept in
    ``[network] cache_dir`` and revalidated next time (a 304 answer returns
    the stored body with ``from_cache=True``).
    """
    site = site or Site()
    cached = _cache_load(site, url) if cache else None
    headers = {"Accept": _accept_header(accept)}
    if cached is not None:
        meta, _body = cached
        if meta.get("etag"):
            headers["If-None-Match"] = str(meta["etag"])
        if meta.get("last_modified"):
            headers["If-Modified-Since"] = str(meta["last_modified"])
    answer = request(
        "GET",
        url,
        site,
        headers=headers,
        accept=accept,
        max_bytes=max_bytes,
        deadline=deadline,
        allow_private=allow_private,
        ca_bundle=ca_bundle,
    )
    if answer.status == 304 and cached is not None:
        meta, body = cached
        limit = max_bytes if max_bytes is not None else site.network.max_bytes
        if len(body) <= limit:
            log.debug("%s: not modified, using the cached copy", url)
            return Fetched(
                url=url,
                final_url=str(meta.get("final_url") or answer.final_url),
                content_type=str(meta.get("content_type") or ""),
                data=body,
                etag=meta.get("etag"),
                last_modified=meta.get("last_modified"),
                from_cache=True,
                charset=meta.get("charset"),
            )
    if not 200 <= answer.status < 300:
        raise NetworkError(url, f"HTTP {answer.status} {answer.reason}".rstrip())
    fetched = Fetched(
        url=url,
        final_url=answer.final_url,
        content_type=_media_type(answer.headers.get("Content-Type", "")),
        data=answer.data,
        etag=answer.headers.get("ETag"),
        last_modified=answer.headers.get("Last-Modified"),
        charset=_charset(answer.headers.get("Content-Type", "")),
    )
    if cache:
        _cache_store(site, fetched, answer.headers.get("Cache-Control", ""))
    return fetched


def _accept_header(accept: tuple[str, ...]) -> str:
    if accept == ("image/",):
        return "image/avif,image/webp,image/png,image/jpeg,image/*;q=0.8"
    return ",".join(p + ("*" if p.endswith("/") else "") for p in accept) + ",*/*;q=0.1"


# --- fetch_image: decode under a pixel cap ------------------------------------


def fetch_image(
    url: str,
    site: Site | None = None,
    *,
    allow_private: AllowPrivate = None,
    max_pixels: int = MAX_PIXELS,
    decode: bool = True,
    cache: bool = True,
    ca_bundle: str | None = None,
) -> RemoteImage:
    """Download an image and check it with Pillow: real type, size, no bomb.

    The header's width x height must stay within ``max_pixels`` (checked
    before any pixel is decoded), ``verify()`` must pass, and with ``decode``
    the image is decoded once in full (a truncated file fails here rather
    than in the card renderer). SVG is refused: no card or platform uses it.
    """
    fetched = fetch(
        url, site, accept=("image/",), allow_private=allow_private, cache=cache, ca_bundle=ca_bundle
    )
    media_type, width, height = check_image(url, fetched.data, max_pixels, decode=decode)
    return RemoteImage(
        data=fetched.data,
        media_type=media_type,
        width=width,
        height=height,
        final_url=fetched.final_url,
        declared_type=fetched.content_type,
        from_cache=fetched.from_cache,
    )


def check_image(
    url: str, data: bytes, max_pixels: int = MAX_PIXELS, *, decode: bool = True
) -> tuple[str, int, int]:
    """Media type, width and height of image ``data``, or a NetworkError naming ``url``."""
    import io

    from PIL import Image, UnidentifiedImageError

    if data.lstrip()[:5].lower() in (b"<?xml", b"<svg ") or b"<svg" in data[:512].lower():
        raise NetworkError(url, "an SVG image: use PNG, JPEG or WebP for sharing")
    try:
        with warnings.catch_warnings():
            # Our own pixel cap (below Pillow's) decides; no global state changes.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                kind = image.format or ""
                if width * height > max_pixels:
                    raise NetworkError(
                        url,
                        f"image too large to decode: {width}x{height} pixels "
                        f"(limit {max_pixels:,}): a decompression bomb?",
                    )
                image.verify()
            if decode:
                with Image.open(io.BytesIO(data)) as image:
                    image.load()
    except NetworkError:
        raise
    except Image.DecompressionBombError:
        # issue 27: the size, not Pillow's own text (it names its limit, not ours)
        from sharekit.images._pixels import declared_size

        size = declared_size(data)
        shown = f"{size[0]}x{size[1]} pixels" if size else "over 178,956,970 pixels"
        raise NetworkError(
            url, f"image too large to decode: {shown} (limit {max_pixels:,}): a decompression bomb?"
        ) from None
    except UnidentifiedImageError:
        raise NetworkError(url, "not an image Pillow can read") from None
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        raise NetworkError(url, f"broken image: {error}") from None
    media_type = Image.MIME.get(kind, f"image/{kind.lower()}")
    return media_type, width, height

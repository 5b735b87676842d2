"""The image a share points at, and where local files will be served from.

One chain for every capability (meta, feeds, share links, publish): with
``[card] enabled`` the generated card (:func:`card_ref`); otherwise the
record's hero image; then ``[site] default_image``. Local files get the URL
that publish gives them in its output tree (``articles/SLUG/hero.EXT`` for a
record's image, ``assets/NAME`` for site files). No Pillow and no network:
a local image's size is read from its file header; a remote one's comes
from the record's ``width``/``height``.
"""

from __future__ import annotations

import errno
import mimetypes
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Literal
from urllib.parse import urljoin, urlsplit

from sharekit.config import Site
from sharekit.errors import InputError
from sharekit.images._pixels import ImageProblem, opened_image
from sharekit.model import Article
from sharekit.text._clean import iri_to_uri, is_absolute_http_url

__all__ = [
    "ShareImage",
    "confine_path",
    "hero_image",
    "image_size",
    "local_image_path",
    "read_local_image",
    "site_asset",
]

ImageKind = Literal["card", "hero", "default", "logo", "social"]


@dataclass(frozen=True, slots=True)
class ShareImage:
    """An image as consumers see it: absolute ``url``, type and size when known.

    ``local_path`` is the file publish copies to ``output_path`` (relative to
    the output root); both are None for remote images and for the card, which
    publish renders rather than copies.
    """

    url: str
    kind: ImageKind
    media_type: str | None = None
    width: int | None = None
    height: int | None = None
    alt: str = ""
    local_path: Path | None = None
    output_path: str | None = None

    @property
    def is_absolute(self) -> bool:
        return is_absolute_http_url(self.url)


def media_type_of(name: str) -> str | None:
    suffix = PurePosixPath(urlsplit(name).path).suffix.lower()
    return {
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".png": "image/png",
        ".webp": "image/webp",
        ".gif": "image/gif",
        ".avif": "image/avif",
        ".svg": "image/svg+xml",
    }.get(suffix, mimetypes.guess_type("x" + suffix)[0] if suffix else None)


def _open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading if it is a regular file; never blocks on a FIFO."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(errno.EINVAL, "not a regular file")
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def image_size(path: Path) -> tuple[int, int] | None:
    """Width and height from the file header, or None when unreadable."""
    import imagesize

    try:
        with _open_regular(path) as handle:
            width, height = imagesize.get(handle)
    except (OSError, ValueError):
        return None
    if width <= 0 or height <= 0:
        return None
    return int(width), int(height)


# what publish copies as an image: what every platform fetching og:image decodes
_COPYABLE = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
_COPYABLE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")


def local_image_path(
    path: Path,
    base_dir: Path | None,
    site: Site,
    source: str,
    shown: str,
    *,
    confine: bool = True,
    field: str = "image.path",
) -> Path:
    """A record's local image, links resolved, and a regular file if it exists (a
    FIFO or a device would be read forever); with ``confine`` (publish), also
    inside the confinement roots (:func:`confine_path`). Else an
    :class:`InputError` for ``field``.

    A record names the image; publish copies it into the public tree (and draws
    it on the card). Without this, ``/etc/shadow``, ``../../..`` or a link out of
    the folder would be published. Loading alone (meta, lint) reads its header at most.
    """
    path = path.resolve()
    if confine:
        confine_path(path, base_dir, site, source, field, shown)
    try:
        mode = path.stat().st_mode
    except OSError:
        return path  # missing: publish names it when it copies the file
    if not stat.S_ISREG(mode):
        raise InputError(source, field, f"not a regular file: {shown}")
    return path


def confine_path(
    path: Path, root: Path | None, site: Site, source: str, field: str, shown: str
) -> None:
    """The one confinement rule of SPEC 8.2 for a file a record names (its image, its
    ``site.logo``, its ``site.default_image``): ``path`` (links already resolved) lies in
    ``root`` (the record's folder) or ``[publish] assets_root``, and is named as an image.

    ``root`` None is a record without a folder whose caller allowed none (the publish
    hook without ``[serve] assets_root``): it may name no local file at all.
    """
    if root is None:
        raise InputError(
            source,
            field,
            f"{shown}: a record sent without a folder may not name a local file;"
            " set [serve] assets_root to allow one folder",
        )
    roots = _named_roots(root.resolve(), site)
    if not any(path.is_relative_to(folder) for folder in roots):
        allowed = " or ".join(f"{name} ({folder})" for folder, name in roots.items())
        hint = "" if _is_hook(root, site) else "; set [publish] assets_root to allow another folder"
        raise InputError(source, field, f"{shown} is outside {allowed}{hint}")
    if path.suffix.lower() not in _COPYABLE_SUFFIXES:
        # publish serves the copy as hero.SUFFIX: an image that is also HTML or SVG
        # (a polyglot) would be a page on the site's own origin
        raise InputError(
            source,
            field,
            f"{shown}: expected a {', '.join(_COPYABLE_SUFFIXES)} file",
        )


def _named_roots(root: Path, site: Site) -> dict[Path, str]:
    """The folders a record's files may come from, by the name an operator knows each by."""
    if _is_hook(root, site):
        return {root: "[serve] assets_root"}  # the hook's only folder (serve._confine.hook_site)
    roots = {root: "the record's folder"}
    if site.publish.assets_root:
        roots.setdefault(Path(site.publish.assets_root).resolve(), "[publish] assets_root")
    return roots


def _is_hook(root: Path, site: Site) -> bool:
    """A record sent to the publish hook: its one root is ``[serve] assets_root``,
    which the hook's configuration also makes ``[publish] assets_root``."""
    folder = site.serve.assets_root
    return bool(folder) and folder == site.publish.assets_root and Path(folder).resolve() == root


def read_local_image(path: Path, source: str | None, field: str | None, max_bytes: int) -> bytes:
    """A local image's bytes for publish to copy: a regular file of at most
    ``max_bytes`` (``[network] max_bytes``, the cap of remote images) whose header
    Pillow decodes as JPEG, PNG, GIF or WebP. Anything else is an :class:`InputError`.
    """
    try:
        with _open_regular(path) as handle:
            data = handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise InputError(source, field, f"not a regular file: {path}") from None
    except OSError as error:
        raise InputError(source, field, f"cannot read {path}: {error.strerror}") from None
    if len(data) > max_bytes:
        raise InputError(
            source, field, f"{path} is larger than [network] max_bytes ({max_bytes} bytes)"
        )
    try:
        with opened_image(data, str(path)) as opened:  # the header only: nothing decoded
            kind = opened.format
    except ImageProblem as problem:
        if problem.kind != "not an image":
            raise InputError(source, field, problem.reason) from None  # too large, broken
        kind = None
    if kind not in _COPYABLE:
        found = f" ({kind})" if kind else ""
        raise InputError(
            source, field, f"not an image{found}: {path}; expected JPEG, PNG, GIF or WebP"
        )
    return data


def _public(site: Site, output_path: str) -> str:
    return iri_to_uri(f"{site.base_url}/{output_path}")


def site_asset(
    site: Site, value: str, kind: ImageKind = "default", alt: str = ""
) -> ShareImage | None:
    """A site file (logo, default image): a URL, or a local file served from ``assets/``."""
    if not value:
        return None
    if is_absolute_http_url(value):
        return ShareImage(url=value, kind=kind, media_type=media_type_of(value), alt=alt)
    path = Path(value)
    output_path = f"assets/{path.name}"
    size = image_size(path)
    return ShareImage(
        url=_public(site, output_path),
        kind=kind,
        media_type=media_type_of(path.name),
        width=size[0] if size else None,
        height=size[1] if size else None,
        alt=alt,
        local_path=path,
        output_path=output_path,
    )


def hero_image(article: Article) -> ShareImage | None:
    """The record's own image as consumers will fetch it, or None."""
    image = article.image
    if image is None:
        return None
    site = article.site
    alt = image.alt or article.title
    if image.path is not None:
        output_path = f"articles/{article.slug}/hero{image.path.suffix.lower()}"
        size = image_size(image.path)
        return ShareImage(
            url=_public(site, output_path),
            kind="hero",
            media_type=media_type_of(image.path.name),
            width=image.width or (size[0] if size else None),
            height=image.height or (size[1] if size else None),
            alt=alt,
            local_path=image.path,
            output_path=output_path,
        )
    url = image.url or ""
    if not is_absolute_http_url(url) and site.url:
        url = iri_to_uri(urljoin(site.url + "/", url))
    return ShareImage(
        url=url,
        kind="hero",
        media_type=media_type_of(url),
        width=image.width,
        height=image.height,
        alt=alt,
    )

"""Redirects when an article's URL changes (SPEC 8.4).

The store remembers the URL each id published under and every URL it left
(:class:`sharekit.store._interface.Moves`); each old URL redirects to the
id's URL of the day, so a headline edited twice never makes a chain. Publish
writes, at the root of its output:

- a page at each old URL's path below ``[publish] base_url`` (a static host
  serves it where the old page was): a zero-second refresh, ``rel=canonical``
  to the new URL and ``noindex``, so a crawler that meets it passes the
  old URL's standing on and drops the old URL;
- ``_redirects``: Netlify's and Cloudflare Pages' format, ``/old /new 301``;
- ``redirects.map``: an nginx ``map`` of ``$uri`` (decoded, as nginx
  matches it) to the new URL, for ``include`` in ``http {}`` with
  ``if ($sharekit_redirect) { return 301 $sharekit_redirect; }``;
- ``redirects.json``: ``[{"from": URL, "to": URL}, ...]`` for anything else.

Feed ids are the article ids, which do not change with the URL.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from sharekit.out._output import Output
    from sharekit.store._interface import Store

__all__ = ["MAP_FILES", "redirect_files", "redirect_page_path", "write_redirects"]

MAP_FILES = ("_redirects", "redirects.map", "redirects.json")
_UNSAFE_SEGMENTS = frozenset({"", ".", ".."})
_MAX_NAME_BYTES = 255  # a file name on every common file system
_PAGE_START = b"<!doctype html>\n<!-- sharekit redirect -->\n"  # only ours are removed
_PAGE_TYPES = (".html", ".htm")


def _unsafe(name: str) -> bool:
    return (
        name in _UNSAFE_SEGMENTS
        or "\\" in name
        or not name.isprintable()
        or len(name.encode()) > _MAX_NAME_BYTES
    )


def redirect_page_path(old_url: str, base_url: str) -> str | None:
    """Where the page for ``old_url`` goes in an output served at ``base_url``
    (None: the old URL is not below it, or its path cannot be a file's)."""
    old, base = urlsplit(old_url), urlsplit(base_url.rstrip("/") + "/")
    if (old.scheme, old.netloc.lower()) != (base.scheme, base.netloc.lower()):
        return None
    if old.query or not old.path.startswith(base.path):
        return None
    try:
        relative = unquote(old.path[len(base.path) :], errors="strict")
    except UnicodeDecodeError:  # %FF: no file name a host would look up
        return None
    segments = relative.split("/")
    folder = relative == "" or relative.endswith("/")
    names = segments[:-1] if folder else segments
    if not names or any(_unsafe(name) for name in names):
        return None  # the site's root page, or no file name a host could serve
    if not folder and not names[-1].lower().endswith(_PAGE_TYPES):
        return None  # /story or /feed.xml: not a page a static host serves from a file
    path = "/".join(names)
    return f"{path}/index.html" if folder else path


def redirect_page(new_url: str, lang: str) -> bytes:
    """A page that sends readers and crawlers on to ``new_url``."""
    href = html.escape(new_url, quote=True)
    return (
        _PAGE_START
        + (
            f'<html lang="{html.escape(lang, quote=True)}">\n<head>\n<meta charset="utf-8">\n'
            "<title>Moved</title>\n"
            '<meta name="robots" content="noindex">\n'
            f'<link rel="canonical" href="{href}">\n'
            f'<meta http-equiv="refresh" content="0; url={href}">\n'
            "</head>\n"
            f'<body><p>This article has moved to <a href="{href}">{href}</a>.</p></body>\n'
            "</html>\n"
        ).encode()
    )


def _nginx_string(text: str) -> str:
    # a map value may hold variables: "$" would be read as one
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "%24")
    return f'"{escaped}"'


def redirect_maps(pairs: Sequence[tuple[str, str]]) -> dict[str, bytes]:
    """``_redirects``, ``redirects.map`` and ``redirects.json`` for (old, new) URL pairs."""
    netlify, nginx, listed = [], [], []
    for old, new in pairs:
        source, target = urlsplit(old), urlsplit(new)
        same_host = (source.scheme, source.netloc) == (target.scheme, target.netloc)
        to = new if not same_host else target._replace(scheme="", netloc="").geturl()
        old_path = source._replace(scheme="", netloc="", fragment="").geturl()
        netlify.append(f"{old_path} {to} 301")
        if not source.query:  # $uri has no query string
            nginx.append(f"    {_nginx_string(unquote(source.path))} {_nginx_string(new)};")
        listed.append({"from": old, "to": new})
    head = "# written by sharekit publish (SPEC 8.4): old URL -> the article's URL now\n"
    nginx_text = (
        head + "# include in http {}; in server {}:"
        " if ($sharekit_redirect) { return 301 $sharekit_redirect; }\n"
        "map $uri $sharekit_redirect {\n" + "".join(line + "\n" for line in nginx) + "}\n"
    )
    return {
        "_redirects": (head + "".join(line + "\n" for line in netlify)).encode(),
        "redirects.map": nginx_text.encode(),
        "redirects.json": (json.dumps(listed, ensure_ascii=False, indent=1) + "\n").encode(),
    }


def _page_path(url: str, bases: Sequence[str]) -> str | None:
    """The page path of ``url`` below the first of ``bases`` it is under."""
    return next((path for base in bases if base and (path := redirect_page_path(url, base))), None)


def redirect_files(
    pairs: Sequence[tuple[str, str]], bases: Sequence[str], lang: str
) -> dict[str, bytes]:
    """Every file of the redirects, by path in the output (pages below ``bases``,
    the URLs the output is served at: ``[publish] base_url``, else a site URL)."""
    files = redirect_maps(pairs)
    for old, new in pairs:
        path = _page_path(old, bases)
        if path is not None and path not in files:
            files[path] = redirect_page(new, lang)
    return files


def write_redirects(
    out: Output, store: Store, bases: Sequence[str], lang: str, live: Sequence[str] = ()
) -> list[str]:
    """Write the redirects the store knows (nothing when it knows none); the paths written.

    ``live`` are URLs articles moved to in this run: a redirect page an earlier
    run left at one of them (the article came back) is removed.
    """
    for url in live:
        path = _page_path(url, bases)
        data = out.read(path) if path is not None else None
        if path is not None and data is not None and data.startswith(_PAGE_START):
            out.remove(path)  # only a page of ours: it starts as redirect_page writes it
    pairs = store.redirects()
    if not pairs and not _maps_written(out, store):
        return []
    files = redirect_files(pairs, bases, lang)
    known = store.object_digests(list(files)) if out.remote else {}
    written = [path for path, data in files.items() if out.write(path, data, None, known.get(path))]
    if out.remote:
        from sharekit.out._output import sha256

        store.record_objects([(path, sha256(files[path])) for path in written])
    return written


def _maps_written(out: Output, store: Store) -> bool:
    """Whether an earlier run wrote the maps (then an emptied list is written too). A
    remote output is asked through the store, which knows the objects it wrote there
    (its ``present`` answers yes to everything, to spare a request)."""
    if out.remote:
        return bool(store.object_digests([MAP_FILES[-1]]))
    return out.present(MAP_FILES[-1])

"""Which store a publish uses: the SQLite file of a local out, or a PostgreSQL database."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from sharekit.errors import InputError
from sharekit.store._interface import Store
from sharekit.store._sqlite import SQLiteStore
from sharekit.text._validate import is_url_location

__all__ = ["STORE_SCHEMES", "open_store", "output_key"]

STORE_SCHEMES = ("postgresql", "postgres")


def open_store(store: str | Store | None, out: str | Path, *, option: str = "--store") -> Store:
    """The store a publish into ``out`` uses: ``store`` when it is one, a PostgreSQL
    store for a ``postgresql://`` URL, else the SQLite file of a local ``out``.

    A remote ``out`` needs a store it can share (``option`` names where it is set);
    a store URL of another scheme is refused by name.
    """
    opened = _opened(store, out, option)
    # SPEC 8.2: what the store wrote is known per output; the SQLite file lives in its
    # one out (and may move with it), so its key is ""
    opened.output = "" if isinstance(opened, SQLiteStore) else output_key(out)
    return opened


def output_key(out: str | Path) -> str:
    """The name a shared store knows an output by: a URL without its trailing slashes
    (scheme and host in lower case), a folder as an absolute path."""
    text = str(out)
    if is_url_location(text):
        scheme, _, rest = text.partition("://")
        host, slash, path = rest.partition("/")
        return f"{scheme.lower()}://{host.lower()}{slash}{path}".rstrip("/")
    return str(Path(text).resolve())


def _opened(store: str | Store | None, out: str | Path, option: str) -> Store:
    if isinstance(store, Store):
        return store
    if store is None or store == "":
        if is_url_location(out):
            raise InputError(
                None,
                option,
                f"a remote --out ({out}) needs a store: give {option} postgresql://..."
                " (the SQLite store lives in a local output folder only)",
            )
        return SQLiteStore(out)
    scheme = store.partition("://")[0].lower() if "://" in store else ""
    if scheme in STORE_SCHEMES:
        from sharekit.store._postgres import PostgresStore, redacted

        _check_url(store, redacted(store), option)
        return PostgresStore(store)
    from sharekit.store._postgres import redacted

    raise InputError(
        None,
        option,
        f"not a store URL: {redacted(store)!r} (expected postgresql://USER@HOST:PORT/DATABASE)",
    )


def _check_url(url: str, shown: str, option: str) -> None:
    """A store URL Python cannot split (an unclosed ``[``, a port past 65535) is bad
    input in one line, before the driver sees it."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise InputError(None, option, f"not a valid store URL: {shown}: {error}") from None
    if port == 0:
        raise InputError(None, option, f"not a valid store URL: {shown}: port 0")
    if any(c in url for c in "\x00\r\n"):
        raise InputError(None, option, f"not a valid store URL: {shown}: control characters")

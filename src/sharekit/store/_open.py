"""Which store a publish uses: the SQLite file of a local out, or a PostgreSQL database."""

from __future__ import annotations

from pathlib import Path

from sharekit.errors import InputError
from sharekit.store._interface import Store
from sharekit.store._sqlite import SQLiteStore
from sharekit.text._validate import is_url_location

__all__ = ["STORE_SCHEMES", "open_store"]

STORE_SCHEMES = ("postgresql", "postgres")


def open_store(store: str | Store | None, out: str | Path, *, option: str = "--store") -> Store:
    """The store a publish into ``out`` uses: ``store`` when it is one, a PostgreSQL
    store for a ``postgresql://`` URL, else the SQLite file of a local ``out``.

    A remote ``out`` needs a store it can share (``option`` names where it is set);
    a store URL of another scheme is refused by name.
    """
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
        from sharekit.store._postgres import PostgresStore

        return PostgresStore(store)
    from sharekit.store._postgres import redacted

    raise InputError(
        None,
        option,
        f"not a store URL: {redacted(store)!r} (expected postgresql://USER@HOST:PORT/DATABASE)",
    )

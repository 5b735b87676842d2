"""store: what publish remembers, in SQLite or PostgreSQL (private wing, layer 5).

Owns the interface, grouped by concern (``_interface``: the published
registry and slugs, stored objects, feed files and entries, sitemaps, the
syndication ledger, locking and transactions), its SQL written once
(``_sql``, on ``_sqlbase``: opening, migrating, transactions) over two small
dialects (``_sqlite``: the file of a local out,
``_postgres``: a database shared by publishers), the one migration history
(``_schema``) and the choice of store (``_open``). Entries travel as data:
the store knows nothing of feed, sitemap or record types.

May import: out, text, errors.
"""

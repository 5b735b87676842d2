"""store: what publish remembers, in SQLite or PostgreSQL (private wing, layer 5).

Owns the published registry (the slug each id owns, digests and files of
its last publish), the feed files and entries, the sitemap and syndication
state, and the one migration history. Entries travel as data: the store
knows nothing of feed or sitemap types.

May import: out, text, errors.
"""

"""out: where outputs are written (private wing, layer 4).

Owns ``_atomic`` (the one writer of local files: atomic, change-aware,
confined below the output root, OS errors as input errors) and ``_output``
(:class:`Output`: a local folder or an fsspec URL, each object with its media
type and cache policy).

May import: text, errors.
"""

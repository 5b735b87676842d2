"""networks: the one table of share networks (private wing, layer 1).

Owns ``_table`` (one frozen row per network: id, label, intent URL builder,
icon, what needs script) and ``_icons`` (the SVG marks, generated data; see
``_icons-LICENSE.md``). It is data below the configuration, because config
validates ``[share] networks`` against its ids; the share links, the block,
the judge's platform names and the preview read the same rows.

May import: nothing of sharekit.
"""

"""share: "Share it on..." links and the block (private wing, layer 7).

Owns ``_links`` (one :class:`ShareLink` per network, UTM tagging),
``_html`` (the accessible block: markup, translated strings, CSS, the
optional script), ``_strings`` (its UI strings in every card language,
SPEC 8.4) and ``_types`` (:class:`ShareLink`, which both use). The
networks themselves are rows of :mod:`sharekit.networks`.

May import: card (the image chain), networks, images, config, model, text, errors.
"""

"""share: "Share it on..." links and the block (private wing, layer 7).

Owns ``_links`` (one :class:`ShareLink` per network, UTM tagging) and
``_html`` (the accessible block: markup, translated strings, CSS, the
optional script). The networks themselves are rows of :mod:`sharekit.networks`.

May import: card (the image chain), networks, images, config, model, text, errors.
"""

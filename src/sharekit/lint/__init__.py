"""lint: what a sharing debugger would say before an article is shared (private wing, layer 9).

Owns the rules: ``_rules`` (images, lengths, dates, URLs, missing glyphs),
``_fields`` (access, translations, social overrides, focus) and ``_newsroom``
(SPEC 8.4: paywall selector, canonical host, [site] hosts, noindex posts). The thresholds
of images are the judge's (:mod:`sharekit.images`).

May import: syndication (the posts each service would get), meta, card, images,
networks, config, model, text, errors.
"""

"""lint: what a sharing debugger would say before an article is shared (private wing, layer 9).

Owns the rules: ``_rules`` (images, lengths, dates, URLs, missing glyphs),
``_fields`` (access, translations, social overrides, focus), ``_newsroom``
(SPEC 8.4: paywall selector, canonical host, [site] hosts, noindex posts) and
``_moved`` (a slug change publish's store cannot redirect, SPEC 8.4). The thresholds
of images are the judge's (:mod:`sharekit.images`).

May import: syndication (the posts each service would get), meta, card, store (the
publish store, read for moved slugs), images, networks, config, model, text, errors.
"""

"""preview: one offline page of how a link will look on each platform (private wing, layer 10).

Owns ``_page`` (the platforms and their limits, the data each mock shows),
``_types`` (a platform and the image it shows, the values ``_page`` hands
``_html``), ``_html`` (the mocks, every value escaped once) and ``_css`` (a
constant).

May import: lint, syndication, feed (what feed readers get), share, meta, card,
networks, images, out, config, model, text, errors.
"""

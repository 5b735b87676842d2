"""images: image files a record names, and the one judge of images (private wing, layer 4).

Owns ``_files`` (local image paths inside the confinement roots, reading
them, sizes from file headers, the public URL publish gives a hero or a site
asset, :class:`ShareImage`) and ``_judge`` (sizes, ratios, bytes and types:
the thresholds lint, inspect, the preview and the card renderer share, and
the one :class:`Finding` type).

May import: text, networks, config, model, errors.
"""

"""meta: head tags for sharing (private wing, layer 7).

Owns ``_tags``: Open Graph, X cards, standard tags and JSON-LD, as a typed
list and as an HTML fragment or JSON, with the platforms' length rules.

May import: card (its reference and image chain, never Pillow), images,
config, model, text, errors.
"""

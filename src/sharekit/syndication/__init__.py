"""syndication: posting published articles elsewhere (private wing, layer 8).

Owns the post ledger, composing each service's post, the guarded calls and
one module per service (IndexNow, Facebook, Mastodon, Bluesky, Telegram).

May import: card, store, net, out, images, config, model, text, errors.
"""

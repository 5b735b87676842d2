"""syndication: posting published articles elsewhere (private wing, layer 8).

Owns the run (``_run``: after publish, and ``sharekit syndicate``), the post
ledger (``_ledger``), the guarded call (``_call``), the secrets scrubber
(``_secrets``), the results (``_results``), composing (``_compose``), the
service protocol (``_service``) and the services table (``_services``) with
one module per posting service (``_mastodon``, ``_bluesky``,
``_telegram``), and IndexNow (``_indexnow``) and Facebook's re-scrape
(``_facebook``).

May import: card, store, net, out, images, config, model, text, errors.
"""

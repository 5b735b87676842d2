"""syndication: posting published articles elsewhere (private wing, layer 8).

Owns the run (``_run``: after publish, and ``sharekit syndicate``), the post
ledger (``_ledger``: what is due) and one attempt (``_attempt``: posted,
queued, unknown, failed), the operator's ``--status`` and ``--resolve``
(``_operator``), the guarded call (``_call``), the secrets scrubber
(``_secrets``), the results (``_results``), composing (``_compose``) and
Bluesky's facets (``_facets``), the service protocol (``_service``) and the
services table (``_services``) with one module per posting service
(``_mastodon``, ``_bluesky``, ``_telegram``, ``_facebook`` (also the
re-scrape), ``_threads``, ``_linkedin``, ``_webhook``), and IndexNow
(``_indexnow``).

May import: card, store, net, out, images, config, model, text, errors.
"""

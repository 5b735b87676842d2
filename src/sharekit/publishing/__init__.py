"""publishing: the run that writes every artefact of many articles (private wing, layer 9).

Owns ``_run`` (the run: claim slugs, render in a pool or an executor, write,
update feeds and sitemaps, then syndicate), ``_malloc`` and
``_worker_log`` (worker processes' memory and log format).

May import: syndication, meta, feed, share, card, records, store, net, out,
images, config, model, text, errors.
"""

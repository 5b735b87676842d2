"""publishing: the run that writes every artefact of many articles (private wing, layer 9).

Owns ``_run`` (:func:`publish` and the run: claim slugs, skip unchanged
digests, send work out, record the files, then syndicate), ``_report`` (its
result types), ``_digest`` (what shapes an article's outputs), ``_render``
(one article's files and manifest), ``_workers`` (the process pool, worker
start-up, given executors), ``_feeds`` (the feeds and sitemaps step),
``_files`` (site assets, stale files), ``_malloc`` and ``_worker_log``
(worker processes' memory and log format).

May import: syndication, meta, feed, share, card, records, store, net, out,
images, config, model, text, errors.
"""

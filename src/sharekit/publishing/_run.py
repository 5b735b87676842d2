"""Publish: the CMS hook that writes every artefact of an article and updates the feeds.

The output tree is a contract (SPEC 2.6)::

    DIR/articles/SLUG/card.png       the card (card-HASH.EXT with [card] hashed_names)
    DIR/articles/SLUG/head.html      head-tag fragment
    DIR/articles/SLUG/share.html     share block
    DIR/articles/SLUG/hero.EXT       the record's local hero image, copied
    DIR/articles/SLUG/manifest.json  every file written for the article
    DIR/assets/                      the site logo and default image, copied
    DIR/feed.xml atom.xml feed.json  site-wide feeds; per section under DIR/sections/SLUG/
    DIR/sitemap.xml news-sitemap.xml the sitemaps (an index and its parts past 50,000 URLs)
    DIR/.sharekit/store.sqlite       the store: the id -> slug map, digests, feed entries
                                     (or a PostgreSQL database: store=, see docs/scale.md)

Publishing is idempotent: a file whose bytes would not change is not
rewritten (its mtime stays), and an article whose inputs hash to the stored
digest is skipped without rendering. Articles render in worker processes;
the store and the feeds are updated in this process.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import (
    FIRST_COMPLETED,
    BrokenExecutor,
    Executor,
    Future,
    ProcessPoolExecutor,
    wait,
)
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharekit.config import MAX_WORKERS, Site
from sharekit.errors import InputError, RenderError, SharekitError
from sharekit.model import Article
from sharekit.out._output import LocalOutput, Output, open_output, options_of, prepare, sha256
from sharekit.publishing._digest import article_digest
from sharekit.publishing._feeds import update_feeds
from sharekit.publishing._files import card_path, copy_site_assets, files_present, remove_stale
from sharekit.publishing._redirects import write_redirects
from sharekit.publishing._render import Rendered, render_chunk
from sharekit.publishing._report import ArticleResult, Progress, PublishReport
from sharekit.publishing._workers import (
    CHUNK,
    REMOTE_CHUNK,
    cannot_spawn,
    open_executor,
    render_chunk_in_worker,
    render_chunk_on_executor,
    signals_deferred,
    start_pool,
    stop_workers,
    width,
)
from sharekit.records._frontmatter import Skipped
from sharekit.store._interface import Store
from sharekit.store._open import open_store

__all__ = ["publish"]

log = logging.getLogger("sharekit")


def publish(
    articles: str | Path | Article | Iterable[Article | str | Path | Mapping[str, Any]],
    site: Site,
    out: str | Path,
    *,
    store: str | Store | None = None,
    executor: str | Executor | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> PublishReport:
    """Write every artefact of each article under ``out`` and update the site's feeds.

    ``out`` is a folder or an fsspec URL (``s3://bucket/prefix``, ``gs://``,
    ``az://``; ``[publish.storage_options]`` are fsspec's arguments): objects
    get their Content-Type and Cache-Control, unchanged ones (by the sha256
    the store recorded) are not sent again, and a URL needs a ``store`` that
    is not inside it (PostgreSQL). See docs/scale.md.

    ``articles`` are Article objects, record mappings, or paths (files,
    folders, JSON arrays, JSON Lines, Markdown posts of Jekyll, Hugo,
    Eleventy or Astro, WordPress and Ghost exports), streamed. A bad record
    is reported in ``report.errors`` and skipped; the others are written.
    Drafts and pages that are not articles are listed in ``report.skipped``
    (not errors). ``workers`` (None:
    ``[publish] workers``; 0: every core) render in parallel processes,
    started with ``spawn``: a script that asks for more than one worker must
    call publish under ``if __name__ == "__main__":``. With one worker the
    cards are rendered in this process, and its glibc allocator is set to
    keep freed memory for reuse (process-wide; page faults had taken a
    quarter of the CPU). ``progress`` is called with each result or error
    as it completes.

    ``store`` (None: ``[publish] store``, else ``OUT/.sharekit/store.sqlite``)
    is a :class:`~sharekit.store._sqlite.Store` or a ``postgresql://`` URL, which
    publishers on several machines can share. ``executor`` (None: ``[publish]
    executor``, else ``"local"``, the process pool of ``workers``) is any
    :class:`concurrent.futures.Executor` (a Dask ``Client.get_executor()``)
    or ``"dask://HOST:PORT"``: articles go to it in chunks, each task renders
    and writes its articles' files into ``out`` (which its workers must
    reach: a shared folder), and this process alone writes the store and the
    feeds. A chunk whose task fails (a worker lost) is reported per article
    in ``report.errors`` and redone by the next run; the others are kept.
    """
    options = options_of(site.publish.storage_options)
    return _publish(articles, site, open_output(out, options), store, executor, workers, progress)


def _publish(
    articles: str | Path | Article | Iterable[Article | str | Path | Mapping[str, Any]],
    site: Site,
    out: Output,
    store: str | Store | None,
    executor: str | Executor | None,
    workers: int | None,
    progress: Progress | None,
) -> PublishReport:
    wanted_store = site.publish.store if store is None else store
    if out.remote and not wanted_store:
        open_store(None, out.url)  # raises: a remote out needs a store, naming --store
    count = site.publish.workers if workers is None else workers
    if not isinstance(count, int) or not 0 <= count <= MAX_WORKERS:  # the one maximum
        raise InputError(
            "option", "workers", f"expected 0 (every core) to {MAX_WORKERS:,} processes"
        )
    count = count or os.cpu_count() or 1
    chosen = site.publish.executor if executor is None else executor
    if count != 1 and chosen in ("", "local") and (reason := cannot_spawn()):
        # a REPL-like caller (python -, a notebook): one process rather than a dead pool
        log.warning("publish: rendering in this process: %s", reason)
        count = 1
    prepare(out)  # mkdir -p, or the bucket is there: before anything is written
    if isinstance(out, LocalOutput):
        _check_writable(out)
    with contextlib.ExitStack() as stack:
        opened = open_store(wanted_store, out.url)
        if not isinstance(store, Store):  # a store the caller passed stays open
            stack.callback(opened.close)
        if count == 1 and chosen in ("", "local"):  # this process renders every card
            from sharekit.publishing._malloc import keep_freed_memory

            keep_freed_memory()
        pool = stack.enter_context(open_executor(chosen))
        copy_site_assets(site, out, opened)
        with _Run(out, site, count, progress, opened, pool) as run:
            return run.publish(articles)
    raise AssertionError("unreachable")  # pragma: no cover  (mypy: ExitStack may swallow)


def _check_writable(out: LocalOutput) -> None:
    """Refuse a read-only output folder in one line; SQLite would only say
    "unable to open database file" or "attempt to write a readonly database"."""
    root = out.root
    if os.access(root, os.W_OK):
        return
    try:
        read_only = bool(os.statvfs(root).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        read_only = False
    reason = "read-only file system" if read_only else "read-only folder (permission denied)"
    raise InputError(str(root), None, f"cannot write: {reason}")


def _articles(
    sources: str | Path | Article | Iterable[Article | str | Path | Mapping[str, Any]],
    site: Site,
    on_error: Callable[[InputError], None],
    on_skip: Callable[[Skipped], None],
    out: Output,
) -> Iterator[Article]:
    """The articles of every source. A folder's walk skips publish output folders
    (``publish . --out public`` must not read public/ as records on its next run);
    a source inside ``out`` (a local output) is refused."""
    from sharekit.records._io import load_articles

    if isinstance(sources, str | Path | Article):
        sources = [sources]
    folder = out.root if isinstance(out, LocalOutput) else None
    inside = folder.resolve() if folder is not None else None
    for source in sources:
        if isinstance(source, Article):
            yield source.with_site(site)
        elif isinstance(source, Mapping):
            yield from load_articles([source], site, on_error=on_error, on_skip=on_skip)
        elif inside is not None and Path(source).resolve().is_relative_to(inside):
            on_error(
                InputError(
                    str(source),
                    None,
                    f"is inside the output folder {folder}; publish does not read its own output",
                )
            )
        else:
            yield from load_articles(source, site, on_error=on_error, on_skip=on_skip)


def _with_slug(article: Article, slug: str) -> Article:
    """The article under the slug publish gave it; a generated url follows the slug."""
    url = article.url
    if article.url_from_permalink:
        from sharekit.records._build import permalink_url

        url = permalink_url(
            article.site, slug, article.section, article.lang, article.published, article.source
        )
    return dataclasses.replace(article, slug=slug, url=url)


@dataclass(frozen=True, slots=True)
class _Job:
    article: Article
    digest: str
    old_files: list[str]
    old_slug: str | None
    known: dict[str, str] = field(default_factory=dict)  # old objects' sha256 (remote out)
    old_head: str = ""  # sha256 of the head tags published before (Facebook re-scrape)


class _Run:
    """One publish run: its report, the store, the worker pool and the chunks in flight.

    Articles stream in; each claims its slug and is skipped when its digest is
    the stored one; the others render here (one worker) or in chunks of
    ``CHUNK`` in the pool, at most two chunks per worker in flight. Their
    files are recorded as they come back; the feeds are written once all
    are in, and only then are the digests confirmed.
    """

    def __init__(
        self,
        out: Output,
        site: Site,
        workers: int,
        progress: Progress | None,
        store: Store,
        executor: Executor | None,
    ) -> None:
        self.out = out
        # the output as workers open it: a local folder made absolute for a given
        # executor (a Dask worker's working directory is not the caller's)
        self.worker_out = out
        if executor is not None and isinstance(out, LocalOutput):
            self.worker_out = LocalOutput(out.root.absolute())
        self.site = site
        self.progress = progress
        self.report = PublishReport(out_dir=out.url if out.remote else Path(out.url))
        self.store = store
        # a given executor (Dask, ...) gets bigger chunks: its tasks cost more to send
        self.executor = executor
        self.workers = workers if executor is None else width(executor)
        self.chunk_size = CHUNK if executor is None else REMOTE_CHUNK
        self.published: list[tuple[Article, list[dict[str, Any]]]] = []
        # (id, digest) of the articles written, confirmed once the feeds have them
        self.finished: list[tuple[str, str]] = []
        self.pool: ProcessPoolExecutor | None = None
        self.pending: dict[Future[list[Rendered]], list[_Job]] = {}
        self.chunk: list[_Job] = []
        from sharekit.syndication._facebook import facebook_token

        self.facebook = bool(facebook_token(site))
        self.rescrape: list[str] = []  # URLs of edited articles whose head tags changed
        self.sources: dict[str, str] = {}  # id -> the source that gave it in this run
        self.moved_urls: list[str] = []  # URLs articles moved to in this run (SPEC 8.4)
        self.moved_bases: list[str] = []  # and the base URLs of their sites

    def __enter__(self) -> _Run:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc_info: object) -> None:
        if self.pool is not None:  # stopped by an error: queued chunks are dropped
            if kind is not None and not issubclass(kind, Exception):
                # SIGTERM or Ctrl-C: stop now, not after the chunks in flight (their
                # articles stay unconfirmed: the next run redoes them)
                stop_workers(self.pool)
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
        for future in self.pending:  # a given executor is the caller's: cancel ours only
            future.cancel()

    def publish(
        self, articles: str | Path | Article | Iterable[Article | str | Path | Mapping[str, Any]]
    ) -> PublishReport:
        for article in _articles(articles, self.site, self.failed, self.skip, self.out):
            job = self.job(article)
            if job is None:
                continue
            if self.workers == 1 and self.executor is None:
                self.collect([job], render_chunk([job.article], self.site, self.out, [job.known]))
                continue
            self.chunk.append(job)
            if len(self.chunk) == self.chunk_size:
                self.send()
        if self.chunk:
            self.send()
        self.collect_finished(leave=0)
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
        if self.published:
            self.report.feeds, self.report.sitemaps = update_feeds(
                self.store, self.out, self.site, self.published
            )
            self.store.confirm(self.finished)
        # pages below where the output is served: the configuration's base, else the
        # sites of the records moved (a record may carry its own site URL)
        bases = [self.site.base_url, *dict.fromkeys(self.moved_bases)]
        self.report.redirects = write_redirects(
            self.out, self.store, bases, self.site.lang, self.moved_urls
        )
        syndicate = self.site.syndicate
        from sharekit.syndication._services import configured

        if syndicate.indexnow_key or configured(syndicate) or self.facebook:
            from sharekit.syndication._run import syndicate_after_publish

            # after the lock, like the WebSub pings; earlier failures are retried even
            # when nothing was written; never raises for network trouble
            self.report.indexnow, self.report.posts = syndicate_after_publish(
                self.store,
                self.out,
                self.site,
                [(article, card_path(entries)) for article, entries in self.published],
                rescrape=self.rescrape,
            )
        return self.report

    def failed(self, error: SharekitError) -> None:
        self.report.errors.append(error)
        log.warning("%s", error)
        if self.progress is not None:
            self.progress(error)

    def skip(self, skipped: Skipped) -> None:
        self.report.skipped.append(skipped)
        log.debug("%s", skipped)
        if self.progress is not None:
            self.progress(skipped)

    def done(self, result: ArticleResult) -> None:
        self.report.articles.append(result)
        if self.progress is not None:
            self.progress(result)

    def job(self, article: Article) -> _Job | None:
        """The work for ``article`` under the slug it claims; None when it is unchanged."""
        # One id twice in a batch is refused, the first kept: with several workers the
        # two would race for one folder and the feed entry; "last wins" cannot be
        # known before the stream ends, and silently picking one hides an export bug.
        first = self.sources.get(article.id)
        if first is None:
            self.sources[article.id] = article.source
        else:
            self.failed(
                InputError(
                    article.source,
                    "id",
                    f"{article.id!r} is given twice in this batch (first by {first});"
                    " the first is published",
                )
            )
            return None
        slug, old_slug = self.store.claim(article.id, article.slug)
        if slug != article.slug:
            article = _with_slug(article, slug)
        old_url = self.store.note_url(article.id, article.url)  # SPEC 8.4: it redirects
        if old_url is not None:
            self.moved_urls.append(article.url)
            self.moved_bases.append(article.site.base_url)
        digest = article_digest(article)
        stored_digest, old_files = self.store.stored(article.id)
        if stored_digest == digest and files_present(self.out, old_files):
            self.done(
                ArticleResult(article.source, article.id, slug, "unchanged", tuple(old_files))
            )
            return None
        # a remote output learns which objects are unchanged from the store, not the bucket
        known = self.store.object_digests(old_files) if self.out.remote else {}
        old_head = ""
        if self.facebook and stored_digest is not None:  # an edit: did its head tags change?
            head = f"articles/{slug}/head.html"
            if self.out.remote:
                old_head = known.get(head, "")
            else:
                data = self.out.read(head)
                old_head = sha256(data) if data is not None else ""
        return _Job(article, digest, old_files, old_slug, known, old_head)

    def collect(self, jobs: list[_Job], results: list[Rendered]) -> None:
        for job, entries in zip(jobs, results, strict=True):
            if isinstance(entries, SharekitError):
                self.failed(entries)
                continue
            article = job.article
            files = [entry["path"] for entry in entries]
            removed = remove_stale(self.out, f"articles/{article.slug}", job.old_files, files)
            if self.out.remote:
                # a removed object has no sha256 (""): written again if its bytes come back
                self.store.record_objects(
                    [(name, "") for name in removed] + [(e["path"], e["sha256"]) for e in entries]
                )
            self.store.record_files(article.id, files)
            self.published.append((article, entries))
            self.finished.append((article.id, job.digest))
            head = next((e["sha256"] for e in entries if e["path"].endswith("/head.html")), "")
            if job.old_head and head != job.old_head:
                self.rescrape.append(article.url)
            self.done(
                ArticleResult(
                    article.source, article.id, article.slug, "written", tuple(files), job.old_slug
                )
            )

    def lost(self, jobs: list[_Job], error: BaseException) -> None:
        """A chunk the executor did not run to the end (a lost worker, a failing task):
        its articles are reported and stay unconfirmed, so the next run redoes them."""
        reason = " ".join(str(error).split()) or type(error).__name__
        for job in jobs:
            self.failed(
                RenderError(
                    f"{job.article.source}: {job.article.id}: not published, its chunk failed"
                    f" on the executor ({type(error).__name__}: {reason}); the next run redoes it"
                )
            )

    def collect_finished(self, leave: int) -> None:
        """Collect finished chunks until at most ``leave`` are still pending."""
        while len(self.pending) > leave:
            for future in wait(self.pending, return_when=FIRST_COMPLETED).done:
                jobs = self.pending.pop(future)
                try:
                    results = future.result()
                except BrokenExecutor as error:
                    if self.executor is not None:
                        self.lost(jobs, error)
                        continue
                    raise RenderError(
                        f"publish: a worker process died ({error}); worker processes are spawned,"
                        " so a script that calls publish(workers != 1) must do it under "
                        '`if __name__ == "__main__":`'
                    ) from error
                except Exception as error:
                    if self.executor is None:
                        raise
                    self.lost(jobs, error)
                    continue
                self.collect(jobs, results)

    def send(self) -> None:
        """Send the chunk to the pool (started at the first one)."""
        jobs, self.chunk = self.chunk, []
        if self.executor is not None:
            articles = [job.article for job in jobs]
            known = [job.known for job in jobs]
            future = self.executor.submit(
                render_chunk_on_executor, articles, self.site, self.worker_out, known
            )
            self.pending[future] = jobs
            # three tasks per worker in flight: one running, two queued on it, so a
            # worker never waits for the coordinator's round trip through the scheduler
            self.collect_finished(leave=self.workers * 3 - 1)
            return
        articles = [job.article for job in jobs]
        digests = [job.known for job in jobs] if self.out.remote else None
        # a submit may spawn a worker: SIGTERM waits until the pool knows its process
        with signals_deferred():
            if self.pool is None:
                self.pool = start_pool(self.workers, self.site, self.worker_out)
            future = self.pool.submit(render_chunk_in_worker, articles, digests)
            self.pending[future] = jobs
        # bounded: memory stays flat on big batches
        self.collect_finished(leave=self.workers * 2 - 1)

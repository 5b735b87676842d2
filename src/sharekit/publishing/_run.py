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
import functools
import hashlib
import json
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
from typing import TYPE_CHECKING, Any, Literal

from sharekit._version import __version__
from sharekit.card._ref import card_inputs, card_ref
from sharekit.config import Site, SyndicateConfig
from sharekit.errors import InputError, NetworkError, RenderError, SharekitError
from sharekit.images._files import hero_image, local_image_path, read_local_image, site_asset
from sharekit.model import Article
from sharekit.out._output import Output, open_output, options_of, prepare, sha256
from sharekit.records._frontmatter import Skipped
from sharekit.store._open import open_store
from sharekit.store._sqlite import Store

if TYPE_CHECKING:
    from sharekit.syndication._run import IndexNowResult, PostResult

__all__ = ["ArticleResult", "PublishReport", "publish"]

log = logging.getLogger("sharekit")

Status = Literal["written", "unchanged"]


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What publish did with one article. ``files`` are relative to the output root."""

    source: str
    id: str
    slug: str
    status: Status
    files: tuple[str, ...] = ()
    old_slug: str | None = None  # the id was published under this slug before; that folder stays


@dataclass(slots=True)
class PublishReport:
    """The outcome of :func:`publish`: per article, the failures, and the feeds rewritten."""

    out_dir: Path | str  # a folder, or the URL of a remote output
    articles: list[ArticleResult] = field(default_factory=list)
    errors: list[SharekitError] = field(default_factory=list)
    feeds: list[Path] = field(default_factory=list)
    sitemaps: list[Path] = field(default_factory=list)  # sitemap files rewritten
    indexnow: IndexNowResult | None = None  # the IndexNow submission, if one was made
    posts: list[PostResult] = field(default_factory=list)  # syndication posts tried
    # drafts and pages that are not articles (front matter, exports): reported, not failures
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def drafts(self) -> list[Skipped]:
        return [s for s in self.skipped if s.reason == "draft"]

    @property
    def not_articles(self) -> list[Skipped]:
        return [s for s in self.skipped if s.reason == "not an article"]

    @property
    def written(self) -> list[ArticleResult]:
        return [a for a in self.articles if a.status == "written"]

    @property
    def unchanged(self) -> list[ArticleResult]:
        return [a for a in self.articles if a.status == "unchanged"]

    @property
    def moved(self) -> list[ArticleResult]:
        return [a for a in self.articles if a.old_slug]

    @property
    def exit_code(self) -> int:
        return 2 if self.errors else 0

    def summary(self) -> str:
        skipped = (
            f", {len(self.drafts)} drafts and {len(self.not_articles)} not articles skipped"
            if self.skipped
            else ""
        )
        text = (
            f"{len(self.written)} written, {len(self.unchanged)} unchanged, "
            f"{len(self.errors)} failed{skipped}, {len(self.feeds)} feed files updated"
        )
        if self.posts:
            posted = sum(post.status == "posted" for post in self.posts)
            failed = sum(post.status == "failed" for post in self.posts)
            text += f", {posted} posted, {failed} syndication failures"
        return text

    def syndication_lines(self) -> list[str]:
        """The IndexNow submission and each post as JSON Lines (publish's stdout)."""
        results: list[IndexNowResult | PostResult] = [*self.posts]
        if self.indexnow is not None:
            results.insert(0, self.indexnow)
        return [json.dumps(result.to_json(), ensure_ascii=False) for result in results]


Progress = Callable[[ArticleResult | SharekitError | Skipped], None]


# --- one article's files (runs in a worker process) -----------------------------


def _canonical_hash(value: Any) -> str:
    canonical = json.dumps(
        value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


@functools.lru_cache(maxsize=32)
def _site_hash(site: Site) -> str:
    """The effective site's share of a digest; converting a Site to a dict for
    every article was half of an unchanged re-run. Sites are frozen, so equal
    sites share the entry."""
    # [syndicate] shapes no article file (and holds tokens): changing it republishes nothing
    values = dataclasses.asdict(
        dataclasses.replace(site, config_path=None, pinned=frozenset(), syndicate=SyndicateConfig())
    )
    for key in _WHERE:  # where the outputs go does not change them
        values["publish"].pop(key, None)
    return _canonical_hash(values)


# [publish] keys that say where and how publish writes, not what (SPEC 7.7):
# left out of the digest, so a store URL (with its password) is never hashed
# and moving a site to a bucket keeps its digests.
_WHERE = ("out", "store", "executor", "storage_options")


# Article fields that are the configuration it is bound to, not the record:
# the effective site is hashed once, by value (_site_hash); converting it with
# every article doubled an unchanged re-run.
_BOUND = frozenset({"site", "site_overrides", "base_site"})


def _record_fields(article: Article) -> dict[str, Any]:
    """The article's own fields, with its record's ``site`` object (as digests had them)."""
    values = {
        field.name: getattr(article, field.name)
        for field in dataclasses.fields(article)
        if field.name not in _BOUND
    }
    values["authors"] = [dataclasses.asdict(author) for author in article.authors]
    values["image"] = dataclasses.asdict(article.image) if article.image else None
    values["site"] = dict(article.site_overrides)
    return values


def _digest(article: Article) -> str:
    """A hash of everything that shapes an article's outputs (its effective site included)."""
    return _canonical_hash(
        {
            "article": _record_fields(article),
            "site": _site_hash(article.site),
            "card": card_inputs(article, article.site),
            "version": __version__,
        }
    )


@functools.lru_cache(maxsize=8)
def _output(out_dir: str, options: tuple[tuple[str, Any], ...]) -> Output:
    """The output a worker writes to, made once per process (fsspec clients are costly)."""
    return open_output(out_dir, options_of(options))


def _file_entry(
    output: Output,
    relative: str,
    data: bytes,
    media_type: str,
    known: Mapping[str, str],
    **extra: Any,
) -> dict[str, Any]:
    output.write(relative, data, media_type, known.get(relative))
    entry = {
        "path": relative,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "media_type": media_type,
    }
    entry.update({k: v for k, v in extra.items() if v is not None})
    return entry


def render_article_files(
    article: Article, site: Site, out_dir: str, known: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """Write one article's card, head fragment, share block, hero copy and manifest.

    Returns the manifest's file entries (the manifest itself last, with its
    sha256). ``out_dir`` is a folder or an fsspec URL; ``known`` maps the
    article's objects to the sha256 the store recorded (a remote output does
    not rewrite an object whose bytes have it).
    """
    from sharekit.card import render_card
    from sharekit.meta._tags import render_head
    from sharekit.share._links import render_share_block

    output = _output(out_dir, site.publish.storage_options)
    known = known or {}
    article = article.with_site(site)
    site = article.site
    folder = f"articles/{article.slug}"
    entries: list[dict[str, Any]] = []
    # The hero is read and checked first (before the card draws it): a bad one
    # leaves nothing of the article behind.
    hero = hero_image(article, site)
    hero_data = None
    if hero is not None and hero.local_path is not None and hero.output_path is not None:
        # the folder check is publish's: it is what copies the file into the public tree
        allowed = (article.image.root if article.image else None) or article.base_dir
        path = local_image_path(
            hero.local_path, allowed, site, article.source, str(hero.local_path)
        )
        hero_data = read_local_image(path, article.source, "image.path", site.network.max_bytes)
    if site.card.enabled:
        card = render_card(article, site)
        ref = card_ref(article, site)
        entries.append(
            _file_entry(
                output,
                ref.path,
                card.data,
                card.media_type,
                known,
                width=card.width,
                height=card.height,
                alt=card.alt,
            )
        )
    if hero is not None and hero.output_path is not None and hero_data is not None:
        entries.append(
            _file_entry(
                output,
                hero.output_path,
                hero_data,
                hero.media_type or "application/octet-stream",
                known,
                width=hero.width,
                height=hero.height,
                alt=hero.alt,
            )
        )
    head = render_head(article, site).encode("utf-8")
    html = "text/html; charset=utf-8"
    entries.append(_file_entry(output, f"{folder}/head.html", head, html, known))
    share = render_share_block(article, site).encode("utf-8")
    entries.append(_file_entry(output, f"{folder}/share.html", share, html, known))
    manifest = {"id": article.id, "slug": article.slug, "url": article.url, "files": entries}
    data = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    name = f"{folder}/manifest.json"
    output.write(name, data, "application/json", known.get(name))
    return [
        *entries,
        {
            "path": name,
            "bytes": len(data),
            "media_type": "application/json",
            "sha256": hashlib.sha256(data).hexdigest(),
        },
    ]


Rendered = list[dict[str, Any]] | SharekitError  # one article's file entries, or why not


def render_chunk(
    articles: list[Article],
    site: Site,
    out_dir: str,
    known: list[dict[str, str]] | None = None,
) -> list[Rendered]:
    """Render each article; a bad one yields its error and does not stop the others.

    ``known``: per article, the sha256 of its objects as the store has them."""
    results: list[Rendered] = []
    for index, article in enumerate(articles):
        try:
            results.append(
                render_article_files(article, site, out_dir, known[index] if known else None)
            )
        except SharekitError as error:
            results.append(error)
    return results


def render_chunk_on_executor(
    articles: list[Article], site: Site, out_dir: str, known: list[dict[str, str]] | None
) -> list[Rendered]:
    """:func:`render_chunk` as a task of a given executor (a Dask worker, ...): the
    worker's allocator keeps freed card buffers, as publish's own workers do (a
    quarter of a worker's CPU went to page faults without it)."""
    from sharekit.publishing._malloc import keep_freed_memory

    keep_freed_memory()  # idempotent, a couple of mallopt calls
    return render_chunk(articles, site, out_dir, known)


_WORKER: dict[str, Any] = {}  # the site and output root of a worker process, set once


def _start_worker(site: Site, out_dir: str, parent: int) -> None:
    from sharekit.publishing import _worker_log
    from sharekit.publishing._malloc import keep_freed_memory

    _die_with_parent(parent)
    keep_freed_memory()
    _worker_log.install()
    _WORKER.update(site=site, out_dir=out_dir)


def _die_with_parent(parent: int) -> None:
    """End this worker when the publish that started it ends, however it ends.

    A killed parent (SIGKILL, OOM) cannot shut its pool down: its workers, and
    with them the multiprocessing resource tracker (it exits once every holder
    of its pipe has), would run on. On Linux the kernel sends SIGKILL when the
    parent dies (PR_SET_PDEATHSIG); elsewhere a thread watches the parent's pid.
    SIGINT and SIGTERM are the parent's to handle: it stops the pool cleanly.
    """
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    watched = False
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            pr_set_pdeathsig = 1
            libc = ctypes.CDLL(None, use_errno=True)
            watched = libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            watched = False
    if not watched:
        import threading
        import time

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, name="sharekit-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # it died before the kernel was told
        os._exit(1)


def _render_chunk_in_worker(
    articles: list[Article], known: list[dict[str, str]] | None = None
) -> list[Rendered]:
    return render_chunk(articles, _WORKER["site"], _WORKER["out_dir"], known)


# Articles go to workers in chunks: with one task per article the main
# process spent 3.9 ms of CPU per article (queue threads, pickling, waits),
# with 4 per task 2.7 ms (500 articles, 2 workers); small chunks keep the
# last worker's tail short.
_CHUNK = 4
# A given executor's task carries the site and goes through its scheduler (a
# Dask task costs about a millisecond there): bigger chunks keep that small,
# and 8 keeps the last worker's tail short.
_REMOTE_CHUNK = 8


@dataclass(frozen=True, slots=True)
class _Job:
    article: Article
    digest: str
    old_files: list[str]
    old_slug: str | None
    known: dict[str, str] = field(default_factory=dict)  # old objects' sha256 (remote out)
    old_head: str = ""  # sha256 of the head tags published before (Facebook re-scrape)


# --- the whole run -------------------------------------------------------------


def _articles(
    sources: str | Path | Article | Iterable[Article | str | Path | Mapping[str, Any]],
    site: Site,
    on_error: Callable[[InputError], None],
    on_skip: Callable[[Skipped], None],
    out_dir: Path | None,
) -> Iterator[Article]:
    """The articles of every source. A folder's walk skips publish output folders
    (``publish . --out public`` must not read public/ as records on its next run);
    a source inside ``out_dir`` (a local output) is refused."""
    from sharekit.records._io import load_articles

    if isinstance(sources, str | Path | Article):
        sources = [sources]
    out = out_dir.resolve() if out_dir is not None else None
    for source in sources:
        if isinstance(source, Article):
            yield source.with_site(site)
        elif isinstance(source, Mapping):
            yield from load_articles([source], site, on_error=on_error, on_skip=on_skip)
        elif out is not None and Path(source).resolve().is_relative_to(out):
            on_error(
                InputError(
                    str(source),
                    None,
                    f"is inside the output folder {out_dir}; publish does not read its own output",
                )
            )
        else:
            yield from load_articles(source, site, on_error=on_error, on_skip=on_skip)


def _copy_site_assets(site: Site, output: Output, store: Store) -> None:
    written: list[tuple[str, str]] = []
    for value in {site.logo, site.default_image, site.card.logo, site.feed.icon, site.feed.logo}:
        asset = site_asset(site, value) if value else None
        if asset is None or asset.local_path is None or asset.output_path is None:
            continue
        data = read_local_image(asset.local_path, site.source, None, site.network.max_bytes)
        if not output.remote:
            output.write(asset.output_path, data)
            continue
        known = store.object_digests([asset.output_path]).get(asset.output_path)
        if output.write(asset.output_path, data, None, known):
            written.append((asset.output_path, sha256(data)))
    store.record_objects(written)


def _files_present(output: Output, files: list[str]) -> bool:
    return bool(files) and all(output.present(name) for name in files)


def _remove_stale(output: Output, folder: str, old: list[str], new: list[str]) -> list[str]:
    """Delete files the article's folder had before and no longer has (an old hashed card).

    Only inside its current folder: an old folder left by a slug change is
    reported to the caller, never deleted silently; and never through a link.
    """
    removed = []
    for name in sorted(set(old) - set(new)):
        if name.startswith(folder + "/") and ".." not in name.split("/"):
            output.remove(name)  # a local output removes through the rooted writer
            removed.append(name)
    return removed


def publish(
    articles: str | Path | Article | Iterable[Article | str | Path | Mapping[str, Any]],
    site: Site,
    out_dir: str | Path,
    *,
    store: str | Store | None = None,
    executor: str | Executor | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> PublishReport:
    """Write every artefact of each article under ``out_dir`` and update the site's feeds.

    ``out_dir`` is a folder or an fsspec URL (``s3://bucket/prefix``, ``gs://``,
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
    and writes its articles' files into ``out_dir`` (which its workers must
    reach: a shared folder), and this process alone writes the store and the
    feeds. A chunk whose task fails (a worker lost) is reported per article
    in ``report.errors`` and redone by the next run; the others are kept.
    """
    wanted_store = site.publish.store if store is None else store
    output = open_output(out_dir, options_of(site.publish.storage_options))
    if output.remote and not wanted_store:
        open_store(None, output.url)  # raises: a remote out needs a store, naming --store
    count = site.publish.workers if workers is None else workers
    count = count or os.cpu_count() or 1
    chosen = site.publish.executor if executor is None else executor
    prepare(output)  # mkdir -p, or the bucket is there: before anything is written
    if not output.remote:
        _check_writable(Path(output.url))
    with contextlib.ExitStack() as stack:
        opened = open_store(wanted_store, out_dir if output.remote else output.url)
        if not isinstance(store, Store):  # a store the caller passed stays open
            stack.callback(opened.close)
        if count == 1 and chosen in ("", "local"):  # this process renders every card
            from sharekit.publishing._malloc import keep_freed_memory

            keep_freed_memory()
        pool = stack.enter_context(_executor(chosen))
        _copy_site_assets(site, output, opened)
        with _Run(output, site, count, progress, opened, pool) as run:
            return run.publish(articles)
    raise AssertionError("unreachable")  # pragma: no cover  (mypy: ExitStack may swallow)


@contextlib.contextmanager
def _executor(executor: str | Executor) -> Iterator[Executor | None]:
    """The executor ``executor`` names (None: publish's own process pool).

    ``dask://HOST:PORT`` connects a Dask client to that scheduler for the run.
    """
    if isinstance(executor, Executor):
        yield executor
        return
    if executor in ("", "local"):
        yield None
        return
    scheme, sep, address = executor.partition("://")
    if scheme != "dask" or not sep or not address:
        raise InputError(
            None, "--executor", f"expected local or dask://HOST:PORT, got {executor!r}"
        )
    import importlib

    try:  # untyped: a module object, so its calls are Any to mypy
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise InputError(
            None, "--executor", "a Dask executor needs dask: pip install 'sharekit[dask]'"
        ) from None
    try:
        client = distributed.Client(f"tcp://{address}", timeout=10, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise NetworkError(
            executor, f"--executor: cannot reach the Dask scheduler: {error}"
        ) from None
    try:
        pool: Executor = client.get_executor()
        yield pool
    finally:
        client.close()


def _width(executor: Executor) -> int:
    """How many tasks ``executor`` runs at once, as far as it says (else the cores)."""
    client = getattr(executor, "_client", None)  # a Dask ClientExecutor
    if client is not None:
        try:
            workers = client.scheduler_info()["workers"].values()
            return max(1, sum(int(w.get("nthreads", 1)) for w in workers))
        except Exception:  # only a sizing hint
            pass
    return int(getattr(executor, "_max_workers", 0) or os.cpu_count() or 1)


def _check_writable(root: Path) -> None:
    """Refuse a read-only output folder in one line; SQLite would only say
    "unable to open database file" or "attempt to write a readonly database"."""
    if os.access(root, os.W_OK):
        return
    try:
        read_only = bool(os.statvfs(root).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        read_only = False
    reason = "read-only file system" if read_only else "read-only folder (permission denied)"
    raise InputError(str(root), None, f"cannot write: {reason}")


class _Run:
    """One publish run: its report, the store, the worker pool and the chunks in flight.

    Articles stream in; each claims its slug and is skipped when its digest is
    the stored one; the others render here (one worker) or in chunks of
    ``_CHUNK`` in the pool, at most two chunks per worker in flight. Their
    files are recorded as they come back; the feeds are written once all
    are in, and only then are the digests confirmed.
    """

    def __init__(
        self,
        output: Output,
        site: Site,
        workers: int,
        progress: Progress | None,
        store: Store,
        executor: Executor | None,
    ) -> None:
        self.output = output
        # what workers open: the URL, or the folder; made absolute for a given
        # executor (a Dask worker's working directory is not the caller's)
        self.out = output.url
        if executor is not None and not output.remote:
            self.out = str(Path(output.url).absolute())
        self.site = site
        self.progress = progress
        self.report = PublishReport(out_dir=output.url if output.remote else Path(output.url))
        self.store = store
        # a given executor (Dask, ...) gets bigger chunks: its tasks cost more to send
        self.executor = executor
        self.workers = workers if executor is None else _width(executor)
        self.chunk_size = _CHUNK if executor is None else _REMOTE_CHUNK
        self.published: list[tuple[Article, list[dict[str, Any]]]] = []
        # (id, digest) of the articles written, confirmed once the feeds have them
        self.finished: list[tuple[str, str]] = []
        self.pool: ProcessPoolExecutor | None = None
        self.pending: dict[Future[list[Rendered]], list[_Job]] = {}
        self.chunk: list[_Job] = []
        from sharekit.syndication._run import facebook_token

        self.facebook = bool(facebook_token(site))
        self.rescrape: list[str] = []  # URLs of edited articles whose head tags changed
        self.sources: dict[str, str] = {}  # id -> the source that gave it in this run

    def __enter__(self) -> _Run:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.pool is not None:  # stopped by an error: queued chunks are dropped
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
        for future in self.pending:  # a given executor is the caller's: cancel ours only
            future.cancel()

    def publish(
        self, articles: str | Path | Article | Iterable[Article | str | Path | Mapping[str, Any]]
    ) -> PublishReport:
        inside = None if self.output.remote else Path(self.output.url)
        for article in _articles(articles, self.site, self.failed, self.skip, inside):
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
            self.report.feeds, self.report.sitemaps = _update_feeds(
                self.store, self.output, self.site, self.published
            )
            self.store.confirm(self.finished)
        syndicate = self.site.syndicate
        if (
            syndicate.indexnow_key
            or syndicate.mastodon
            or syndicate.bluesky
            or syndicate.telegram
            or self.facebook
        ):
            from sharekit.syndication._run import syndicate_after_publish

            # after the lock, like the WebSub pings; earlier failures are retried even
            # when nothing was written; never raises for network trouble
            self.report.indexnow, self.report.posts = syndicate_after_publish(
                self.store,
                self.output,
                self.site,
                [(article, _card_path(entries)) for article, entries in self.published],
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
        digest = _digest(article)
        stored_digest, old_files = self.store.stored(article.id)
        if stored_digest == digest and _files_present(self.output, old_files):
            self.done(
                ArticleResult(article.source, article.id, slug, "unchanged", tuple(old_files))
            )
            return None
        # a remote output learns which objects are unchanged from the store, not the bucket
        known = self.store.object_digests(old_files) if self.output.remote else {}
        old_head = ""
        if self.facebook and stored_digest is not None:  # an edit: did its head tags change?
            head = f"articles/{slug}/head.html"
            if self.output.remote:
                old_head = known.get(head, "")
            else:
                with contextlib.suppress(OSError):
                    old_head = hashlib.sha256(
                        (Path(self.output.url) / head).read_bytes()
                    ).hexdigest()
        return _Job(article, digest, old_files, old_slug, known, old_head)

    def collect(self, jobs: list[_Job], results: list[Rendered]) -> None:
        for job, entries in zip(jobs, results, strict=True):
            if isinstance(entries, SharekitError):
                self.failed(entries)
                continue
            article = job.article
            files = [entry["path"] for entry in entries]
            removed = _remove_stale(self.output, f"articles/{article.slug}", job.old_files, files)
            if self.output.remote:
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
                render_chunk_on_executor, articles, self.site, self.out, known
            )
            self.pending[future] = jobs
            # three tasks per worker in flight: one running, two queued on it, so a
            # worker never waits for the coordinator's round trip through the scheduler
            self.collect_finished(leave=self.workers * 3 - 1)
            return
        if self.pool is None:
            import multiprocessing

            self.pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.site, self.out, os.getpid()),  # once, not per article
            )
        articles = [job.article for job in jobs]
        digests = [job.known for job in jobs] if self.output.remote else None
        future = self.pool.submit(_render_chunk_in_worker, articles, digests)
        self.pending[future] = jobs
        # bounded: memory stays flat on big batches
        self.collect_finished(leave=self.workers * 2 - 1)


def _card_path(entries: list[dict[str, Any]]) -> str:
    """The card among an article's written files ("" without one): card.EXT or card-HASH.EXT."""
    for entry in entries:
        name = str(entry["path"]).rsplit("/", 1)[-1]
        if name.startswith("card") and str(entry.get("media_type", "")).startswith("image/"):
            return str(entry["path"])
    return ""


def _with_slug(article: Article, slug: str) -> Article:
    """The article under the slug publish gave it; a generated url follows the slug."""
    url = article.url
    if article.url_from_permalink:
        from sharekit.records._build import permalink_url

        url = permalink_url(
            article.site, slug, article.section, article.lang, article.published, article.source
        )
    return dataclasses.replace(article, slug=slug, url=url)


def _update_feeds(
    store: Store, output: Output, site: Site, published: list[tuple[Article, list[dict[str, Any]]]]
) -> tuple[list[Path], list[Path]]:
    """Add the published articles to the store's feeds and rewrite those they touch,
    then the sitemaps; returns the feed files and the sitemap files rewritten.

    The image lengths publish knows (it wrote the files) give the feeds their
    enclosures. The store's writer lock serialises concurrent publishers. Hubs hear
    about the rewritten files only (unchanged bytes: no ping).
    """
    from sharekit.feed import FeedStore, announce
    from sharekit.feed._sitemap import write_sitemaps
    from sharekit.text._clean import iri_to_uri

    lengths = {}
    for article, entries in published:
        base_url = article.site.base_url
        for entry in entries:
            if str(entry.get("media_type", "")).startswith("image/"):
                lengths[iri_to_uri(f"{base_url}/{entry['path']}")] = entry["bytes"]
    articles = [article for article, _ in published]
    with FeedStore(output, store=store) as feeds:
        feeds.register_site_feeds(site, sections=[article.section for article in articles])
        touched = feeds.upsert(articles, site, lengths=lengths)
        written = feeds.write_feeds(site, touched=touched)
        urls = [url for url in (feeds.url_of(site, path) for path in written) if url]
        sitemaps = write_sitemaps(store, output, site)
    announce(urls, site)  # WebSub, after the lock is released; never raises
    return written, sitemaps

"""Where publish writes: a local folder, or any fsspec URL (SPEC 7.7).

:class:`LocalOutput` is the folder publish always wrote, through
:mod:`sharekit.out._atomic` (byte-identical behaviour: equal bytes are not
rewritten, checked on disk). :class:`RemoteOutput` writes objects through
fsspec (``s3://`` with s3fs, ``gs://`` with gcsfs, ``az://`` with adlfs),
each with its Content-Type and Cache-Control where the protocol carries
them; whether an object changed is decided from the sha256 the store
recorded at its last write, never by listing or reading the bucket.
``file://`` is a local folder.
"""

from __future__ import annotations

import functools
import hashlib
import mimetypes
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sharekit.errors import InputError, NetworkError
from sharekit.out._atomic import make_folder, remove_file, write_bytes_if_changed
from sharekit.text._validate import file_url_path, is_url_location, out_url_problem

__all__ = ["LocalOutput", "Output", "RemoteOutput", "cache_control", "open_output"]

# A card named by its content (``[card] hashed_names``): its bytes never change
# under that name, so caches may keep it for good.
_HASHED = re.compile(r"(^|/)card-[0-9a-f]{12}\.[a-z]+$")
IMMUTABLE = "public, max-age=31536000, immutable"
# Feeds, sitemaps and every file whose name stays while its bytes change
# (head.html, manifest.json, card.png): a CDN serves them at most 5 minutes old.
SHORT = "public, max-age=300"


def cache_control(path: str) -> str:
    return IMMUTABLE if _HASHED.search(path) else SHORT


def media_type(path: str) -> str:
    """A Content-Type from the name (for files written without one: assets, feeds)."""
    name = path.rsplit("/", 1)[-1]
    if name == "atom.xml" or name.endswith(".atom"):
        return "application/atom+xml"
    if name == "feed.json":
        return "application/feed+json"
    if name in ("feed.xml", "rss.xml") or name.endswith(".rss"):
        return "application/rss+xml"
    guessed = mimetypes.guess_type(name)[0]
    return guessed or "application/octet-stream"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Output:
    """A place publish writes files to, by path relative to its root (POSIX separators)."""

    url: str
    remote: bool = False

    def write(
        self, relative: str, data: bytes, media: str | None = None, known: str | None = None
    ) -> bool:
        """Write ``data`` as ``relative``; False when nothing was written (equal bytes).

        ``known`` is the sha256 the store recorded for the object: a remote
        output compares with it instead of reading the object back.
        """
        raise NotImplementedError

    def remove(self, relative: str) -> None:
        raise NotImplementedError

    def present(self, relative: str) -> bool:
        """True when the file is there; a remote output trusts the store (no request)."""
        raise NotImplementedError

    def read(self, relative: str) -> bytes | None:
        """The file's bytes, or None when it cannot be read (syndication's card upload)."""
        raise NotImplementedError

    def names(self, pattern: str) -> list[str]:
        """The files directly under the root whose names match the glob ``pattern``
        (sitemap parts of an earlier layout, to remove)."""
        raise NotImplementedError


class LocalOutput(Output):
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.url = str(root)

    # through the rooted writer: no link inside the output is followed (sharekit.out._atomic)
    def write(
        self, relative: str, data: bytes, media: str | None = None, known: str | None = None
    ) -> bool:
        return write_bytes_if_changed(self.root / relative, data, root=self.root)

    def remove(self, relative: str) -> None:
        remove_file(self.root / relative, root=self.root)

    def present(self, relative: str) -> bool:
        return (self.root / relative).is_file()

    def read(self, relative: str) -> bytes | None:
        try:
            return (self.root / relative).read_bytes()
        except OSError:
            return None

    def names(self, pattern: str) -> list[str]:
        return sorted(path.name for path in self.root.glob(pattern))


class RemoteOutput(Output):
    """Objects under an fsspec URL. ``options`` are fsspec's keyword arguments
    (``[publish.storage_options]``); credentials otherwise come the standard way
    (for S3: ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_ENDPOINT_URL``,
    ``~/.aws``)."""

    remote = True

    def __init__(self, url: str, options: Mapping[str, Any] | None = None) -> None:
        self.url = url.rstrip("/")
        self.options = _pairs(options or {})
        import importlib

        try:  # untyped: a module object, so its calls are Any to mypy
            fsspec: Any = importlib.import_module("fsspec")
        except ImportError:
            raise InputError(
                None, "--out", f"{url}: writing to a URL needs fsspec: pip install 'sharekit[s3]'"
            ) from None
        try:
            self.fs, self.root = fsspec.core.url_to_fs(self.url, **dict(options or {}))
        except ImportError as error:  # s3fs, gcsfs, adlfs: fsspec names the package
            raise InputError(None, "--out", f"{url}: {error}") from None
        except (ValueError, TypeError) as error:
            raise InputError(None, "--out", f"{url}: {error}") from None
        except OSError as error:  # ftp and sftp connect at once: a host that is down
            raise NetworkError(url, f"cannot reach the output: {_reason(error)}") from None
        self.root = self.root.rstrip("/")
        protocol = self.fs.protocol
        self.protocol = protocol[0] if isinstance(protocol, tuple | list) else str(protocol)

    def __reduce__(self) -> tuple[Any, ...]:
        # A worker process gets the URL and the options, not the fsspec client:
        # it opens the output once (clients are costly), however many tasks
        # carry it (a Dask task pickles its arguments each time).
        return (reopen, (self.url, self.options))

    def _path(self, relative: str) -> str:
        return f"{self.root}/{relative}"

    def _headers(self, relative: str, media: str | None) -> dict[str, Any]:
        content_type = media or media_type(relative)
        if self.protocol in ("s3", "s3a"):
            return {"ContentType": content_type, "CacheControl": cache_control(relative)}
        if self.protocol in ("gs", "gcs"):
            return {
                "content_type": content_type,
                "fixed_key_metadata": {"cache_control": cache_control(relative)},
            }
        return {}  # other protocols: the object's bytes only

    def error(self, relative: str, error: Exception) -> InputError | NetworkError:
        text = " ".join(str(error).split()) or type(error).__name__
        name = type(error).__name__
        where = f"{self.url}/{relative}" if relative else self.url
        if name in ("NoCredentialsError", "PartialCredentialsError"):
            return InputError(
                None,
                "--out",
                f"{where}: no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                " (or AWS_PROFILE) or [publish.storage_options]",
            )
        if name in ("EndpointConnectionError", "ClientConnectorError", "ConnectTimeoutError"):
            return NetworkError(where, f"cannot reach the object store: {text}")
        if isinstance(error, ConnectionError | TimeoutError | EOFError) or name == "gaierror":
            return NetworkError(where, f"cannot reach the output: {_reason(error)}")
        return InputError(where, None, f"cannot write: {name}: {text}")

    def check(self) -> None:
        """Fail early, before anything is written, when the bucket is not there."""
        bucket = self.root.split("/", 1)[0]
        # fsspec's exists() reads any failure as "missing"; info() says why (no
        # credentials, no connection). A bucket reported missing is asked again,
        # so one failed request is not a missing bucket.
        for _ in range(3):
            try:
                if self.fs.exists(bucket):
                    return
                self.fs.info(bucket)
                return
            except FileNotFoundError:
                self.fs.invalidate_cache(bucket)
            except Exception as error:  # s3fs raises botocore's and aiohttp's own errors
                raise self.error("", error) from None
        raise InputError(None, "--out", f"{self.url}: bucket {bucket!r} does not exist")

    def write(
        self, relative: str, data: bytes, media: str | None = None, known: str | None = None
    ) -> bool:
        if known is not None and known == sha256(data):
            return False
        try:
            self.fs.pipe_file(self._path(relative), data, **self._headers(relative, media))
        except Exception as error:  # s3fs raises botocore's and aiohttp's own errors
            raise self.error(relative, error) from None
        return True

    def remove(self, relative: str) -> None:
        try:
            self.fs.rm_file(self._path(relative))
        except FileNotFoundError:
            pass
        except Exception as error:
            raise self.error(relative, error) from None

    def present(self, relative: str) -> bool:
        return True

    def read(self, relative: str) -> bytes | None:
        try:
            data: bytes = self.fs.cat_file(self._path(relative))
        except Exception:  # a missing object, a fault: the post goes without its card
            return None
        return data

    def names(self, pattern: str) -> list[str]:
        """One LIST request (only for stale sitemap parts: unchanged objects are
        known from the store)."""
        try:
            found = self.fs.glob(self._path(pattern))
        except Exception as error:
            raise self.error(pattern, error) from None
        return sorted(str(path).rsplit("/", 1)[-1] for path in found)


def _reason(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def open_output(out: str | Path, options: Mapping[str, Any] | None = None) -> Output:
    """The output ``out`` names: a folder (``file:///PATH`` and ``file://localhost/PATH``
    too), or a remote URL. A URL fsspec would write elsewhere than it reads (another
    host's ``file://``, a chained, archive or cache URL) is refused (SPEC 8.2)."""
    text = str(out)
    problem = out_url_problem(text)
    if problem:
        raise InputError(None, "--out", f"{text}: {problem}")
    if text.lower().startswith("file://"):
        return LocalOutput(file_url_path(text))
    if is_url_location(text):
        return RemoteOutput(text, options)
    return LocalOutput(out)


@functools.lru_cache(maxsize=8)
def reopen(url: str, options: tuple[tuple[str, Any], ...]) -> RemoteOutput:
    """The remote output of ``url``, made once per process (an unpickled one lands here)."""
    return RemoteOutput(url, options_of(options))


def prepare(out: Output) -> None:
    """Make a local root (``mkdir -p``), check a remote one's bucket."""
    if isinstance(out, LocalOutput):
        make_folder(out.root)
    elif isinstance(out, RemoteOutput):
        out.check()


def options_of(pairs: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """``[publish.storage_options]`` (kept as sorted pairs in the site) as keyword arguments."""

    def thawed(value: Any) -> Any:
        if isinstance(value, tuple):
            return {k: thawed(v) for k, v in value}
        return value

    return {key: thawed(value) for key, value in pairs}


def _pairs(options: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """Options as sorted pairs (the inverse of :func:`options_of`): hashable, so
    :func:`reopen` can keep one output per URL and options."""
    return tuple(
        sorted(
            (str(key), _pairs(value) if isinstance(value, Mapping) else value)
            for key, value in options.items()
        )
    )

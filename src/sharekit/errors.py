"""The one exception tree of sharekit.

::

    SharekitError                 base; str(error) is the line the CLI prints
    ├── InputError                a record, config or argument is wrong (exit 2)
    ├── RenderError               an output could not be produced (exit 2)
    └── NetworkError              a fetch failed or was refused (exit 3)

Every error carries structured fields so a CMS can react to them without
parsing messages, and survives pickling (publish workers send them back).
"""

from __future__ import annotations

__all__ = ["InputError", "NetworkError", "RenderError", "SharekitError"]


class SharekitError(Exception):
    """Base class of every error sharekit raises on purpose."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(SharekitError):
    """Invalid input: names the source (file), the field and what was expected.

    ``str(error)`` is ``"SOURCE: FIELD: EXPECTED"`` with the empty parts left
    out, e.g. ``article.json: published: not an ISO 8601 date: "yesterday"``.
    """

    exit_code = 2

    def __init__(self, source: str | None, field: str | None, expected: str) -> None:
        self.source = source
        self.field = field
        self.expected = expected
        parts = [p for p in (source, field, expected) if p]
        super().__init__(": ".join(parts))

    def __reduce__(self) -> tuple[type[InputError], tuple[str | None, str | None, str]]:
        # Errors cross from publish workers to the main process by pickle.
        return type(self), (self.source, self.field, self.expected)


class RenderError(SharekitError):
    """An output (image, feed, page) could not be produced from valid input."""

    exit_code = 2


class NetworkError(SharekitError):
    """A fetch failed, timed out, was too large, or was refused (exit 3)."""

    exit_code = 3

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")

    def __reduce__(self) -> tuple[type[NetworkError], tuple[str, str]]:
        return type(self), (self.url, self.reason)

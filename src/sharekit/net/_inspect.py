"""A sharing debugger: fetch a live page and report what platforms will show.

:func:`inspect_url` downloads the page under the rules of
:mod:`sharekit.net._download` (a page that cannot be fetched raises
:class:`~sharekit.errors.NetworkError`: ``sharekit inspect`` exits 3), reads
its Open Graph, X card, JSON-LD, canonical and basic tags with the standard
library's HTML parser, downloads the share image(s) to check type, size and
weight, and returns an :class:`InspectReport`: the preview each platform
would build, and findings with a severity and a stable code.

Platform fallbacks modelled (from their documentation and debuggers):

- Facebook: ``og:*``, then ``<title>`` and ``meta name=description``; the
  image is ``og:image`` only. Minimum image 200x200, large preview from
  600x315, recommended 1200x630 (1.91:1), at most 8 MB.
- X: ``twitter:*``, then the matching ``og:*`` (title, description, image);
  ``twitter:card`` decides the card (none given: a small ``summary`` at
  best). Images up to 5 MB.
- LinkedIn: ``og:*`` only for the image, then ``<title>`` and the meta
  description for text; it never reads ``twitter:*``. Images up to 5 MB.

The image thresholds are :mod:`sharekit.images._judge`'s, the rules lint applies too.
The head is read by ``_head``, judged by ``_checks`` and reported by ``_report``;
this module fetches the page and checks its language versions.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from urllib.parse import urlsplit

from sharekit.config import Site
from sharekit.errors import InputError, NetworkError
from sharekit.images._judge import Finding
from sharekit.net._checks import page_report
from sharekit.net._download import AllowPrivate, fetch
from sharekit.net._head import PARSE_LIMIT, HeadParser, absolute, decode_page, is_http, parse_head
from sharekit.net._report import ImageCheck, InspectReport, PageFindings, Preview
from sharekit.text._clean import iri_to_uri

__all__ = ["ImageCheck", "InspectReport", "Preview", "inspect_url"]

MAX_HREFLANG_FETCHES = 10  # language versions fetched to see that they link back


_HOST = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9_-]+)*\.?|\[[0-9A-Fa-f:.]+\]"
)


def _check_syntax(target: str, given: str) -> None:
    """A URL the user typed that no request could be made of is an input error (exit 2)."""
    try:
        parts = urlsplit(target)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as error:
        raise InputError("URL", None, f"not a valid URL: {error}: {given!r}") from None
    host = parts.netloc.rpartition("@")[2]
    if parts.port is not None or host.endswith(":"):
        host = host.rpartition(":")[0]
    if not _HOST.fullmatch(host):
        raise InputError("URL", None, f"not a valid URL: bad host {host!r}: {given!r}")


def inspect_url(
    url: str, site: Site | None = None, *, allow_private: AllowPrivate = None
) -> InspectReport:
    """Fetch ``url`` and report its share metadata like a sharing debugger.

    Raises :class:`~sharekit.errors.InputError` for a URL that is not
    absolute http(s), :class:`~sharekit.errors.NetworkError` when the page
    itself cannot be fetched (or is not HTML). Problems with the page's tags
    and images are findings in the report, never exceptions.
    """
    site = site or Site()
    try:
        target = iri_to_uri(url)
    except ValueError:
        raise InputError("URL", None, f"not a valid URL: {url!r}") from None
    if not is_http(target):
        raise InputError("URL", None, f"expected an absolute http(s) URL, got {url!r}")
    _check_syntax(target, url)
    page = fetch(
        target,
        site,
        accept=("text/html", "application/xhtml+xml"),
        allow_private=allow_private,
        cache=False,
    )
    text = decode_page(page.data, page.charset)
    parser = parse_head(text)
    report = page_report(target, page.final_url, parser, site, allow_private)
    hreflang = _check_hreflang(report, parser, site, allow_private)
    if hreflang:
        findings = sorted(
            (*report.findings, *hreflang), key=lambda f: (f.severity != "error", f.code)
        )
        report = dataclasses.replace(report, findings=tuple(findings))
    if len(text) > PARSE_LIMIT:
        note = Finding(
            "warning",
            "page-large",
            f"the page has {len(text):,} characters; only the first {PARSE_LIMIT:,} were read "
            "(keep share tags near the top of <head>)",
        )
        report = dataclasses.replace(report, findings=(*report.findings, note))
    return report


def _hreflang_links(parser: HeadParser, base: str) -> list[tuple[str, str]]:
    """``(hreflang, absolute URL)`` of each ``link rel=alternate hreflang`` of a page."""
    pairs = []
    for rels, values in parser.links:
        lang, href = values.get("hreflang", "").strip(), values.get("href", "").strip()
        if "alternate" in rels and lang and href:
            with contextlib.suppress(ValueError, UnicodeError):
                pairs.append((lang, absolute(base, href, strict=True)))
    return pairs


def _check_hreflang(
    report: InspectReport, parser: HeadParser, site: Site, allow_private: AllowPrivate
) -> list[Finding]:
    """A page's language versions: itself among them, x-default, and each linking back.

    Google ignores an hreflang pair that the other page does not confirm; only
    fetching the other versions shows it (lint, offline, cannot).
    """
    alternates = _hreflang_links(parser, report.final_url)
    if not alternates:
        return []
    found = PageFindings()
    here = {report.final_url, report.url, *([report.canonical] if report.canonical else [])}
    if not any(url in here for _, url in alternates):
        found.warning(
            "hreflang-no-self",
            "the hreflang links do not list this page itself (each version lists every "
            "version, itself included)",
        )
    if not any(lang.lower() == "x-default" for lang, _ in alternates):
        found.warning("hreflang-no-x-default", "the hreflang links name no x-default version")
    others = list(dict.fromkeys(u for _, u in alternates if u not in here and is_http(u)))
    for url in others[:MAX_HREFLANG_FETCHES]:
        try:
            page = fetch(
                url,
                site,
                accept=("text/html", "application/xhtml+xml"),
                allow_private=allow_private,
                cache=False,
            )
        except NetworkError as error:
            found.warning(
                "hreflang-unreachable",
                f"the language version {url} cannot be fetched: {error.reason}",
            )
            continue
        back = _hreflang_links(parse_head(decode_page(page.data, page.charset)), page.final_url)
        if not any(target in here for _, target in back):
            found.warning(
                "hreflang-no-return",
                f"the language version {url} has no hreflang link back to this page: "
                "Google ignores the pair",
            )
    return found.items

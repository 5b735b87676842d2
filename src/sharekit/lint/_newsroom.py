"""Lint rules for the newsroom controls of SPEC 8.4: paywall, canonical, robots, hosts.

Each rule names what would leave the site otherwise than the editor meant: a
paywalled article whose paid part cannot be found (its feeds then carry the
description only), a canonical pointing at a host nobody said is ours, a
``noindex`` article still posted to social accounts.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sharekit.config import Site
from sharekit.images._judge import Finding
from sharekit.model import Article
from sharekit.text._feedhtml import free_part

__all__ = ["newsroom_findings"]


def _host(url: str) -> str:
    return urlsplit(url).hostname or ""


def _paywall(article: Article, site: Site) -> list[Finding]:
    if not article.paid:
        return []
    if not site.paywall_selector:
        return []  # paywall-selector-missing: lint._fields says it
    if article.content_html and free_part(article.content_html, site.paywall_selector) is None:
        return [
            Finding(
                "warning",
                "paywall-selector-unmatched",
                f"nothing in content_html matches [site] paywall_selector"
                f" {site.paywall_selector!r}: feeds carry the description only",
                "content_html",
            )
        ]
    return []


def _canonical(article: Article, site: Site) -> list[Finding]:
    if not article.canonical:
        return []
    host = _host(article.canonical)
    if host == _host(article.url) or site.hosts:
        return []
    return [
        Finding(
            "warning",
            "canonical-other-host",
            f"canonical points at another host ({host}) and [site] hosts is not set: say"
            " which hosts are yours, so a partner's copy is told from a mistake",
            "canonical",
        )
    ]


def _hosts(article: Article, site: Site) -> list[Finding]:
    host = _host(article.url)
    if not site.hosts or not host or host in site.hosts:
        return []
    return [
        Finding(
            "warning",
            "url-host-not-served",
            f"url is on {host}, not one of [site] hosts ({', '.join(site.hosts)}):"
            " the sitemaps and IndexNow leave it out",
            "url",
        )
    ]


def _noindex_posted(article: Article, site: Site) -> list[Finding]:
    from sharekit.syndication._services import configured

    if not article.excluded("sitemaps") or article.excluded("syndication"):
        return []
    if "noindex" not in article.robots_directives and "none" not in article.robots_directives:
        return []  # out of the sitemaps for another reason
    if not configured(site.syndicate):
        return []
    return [
        Finding(
            "warning",
            "noindex-syndicated",
            "robots says noindex but [syndicate] will post it: add exclude: [syndication]"
            " or drop noindex",
            "robots",
        )
    ]


def newsroom_findings(article: Article) -> list[Finding]:
    """The SPEC 8.4 findings of ``article`` (bound to its site)."""
    site = article.site
    found = _paywall(article, site)
    found += _canonical(article, site)
    found += _hosts(article, site)
    found += _noindex_posted(article, site)
    return found

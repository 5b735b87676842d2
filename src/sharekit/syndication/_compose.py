"""Composing posts by service name: the text a service posts, and lint's warning
where a headline will be cut.

Each service counts a post its own way (:meth:`Service.limits`: Mastodon's
characters with a URL as 23, Bluesky's graphemes and bytes, Telegram's
UTF-16 units) and composes it by cutting the headline to fit
(:func:`sharekit.syndication._service.fit`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sharekit.config import Site
from sharekit.model import Article
from sharekit.syndication._services import SERVICES, configured

if TYPE_CHECKING:
    from sharekit.images._judge import Finding

__all__ = ["compose", "post_findings"]


def compose(target: str, title: str, url: str) -> str:
    """The text ``target`` gets: the headline, a blank line and the URL, the headline
    cut (at a word or grapheme boundary, with an ellipsis) so it fits the target's
    limit as the target counts it; the URL is always whole."""
    return SERVICES[target].compose(title, url)


def post_findings(article: Article, site: Site) -> list[Finding]:
    """Lint's view of the configured targets: a warning per target whose post
    (headline, blank line, URL) is over its limit, so the headline gets cut."""
    from sharekit.images._judge import Finding

    found = []
    for service in configured(site.syndicate):
        target = service.id
        length, limit, unit = service.limits(f"{article.title}\n\n{article.url}")
        if length > limit:
            found.append(
                Finding(
                    "warning",
                    f"{target}-post-too-long",
                    f"the {target.capitalize()} post is {length} {unit}, over {limit}:"
                    " the headline is cut with an ellipsis",
                    "title",
                    (target,),
                )
            )
    return found

"""Composing posts by service name: the post each configured service will get
(lint and the preview show it), and lint's warning where the words will be cut.

Each service counts a post its own way (:meth:`Service.limits`: Mastodon's
characters with a URL as 23, Bluesky's graphemes and bytes, Telegram's UTF-16
units, Threads' characters with an emoji as its UTF-8 bytes, LinkedIn's and a
webhook's characters) and composes it from the record's ``social.<network>``
``text`` or ``title`` (else the headline) by cutting the words to fit
(:func:`sharekit.syndication._service.fit`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sharekit.config import Site
from sharekit.model import Article
from sharekit.syndication._ledger import payload
from sharekit.syndication._service import Draft, Service
from sharekit.syndication._services import SERVICES, configured

if TYPE_CHECKING:
    from sharekit.images._judge import Finding

__all__ = ["PlannedPost", "compose", "planned_posts", "post_findings"]


@dataclass(frozen=True, slots=True)
class PlannedPost:
    """The post one configured service will get of an article."""

    target: str  # the service id
    label: str  # its name
    text: str  # exactly what it is sent
    shows: str  # what carries the image
    length: int  # the uncut words' length, as the service counts it
    limit: int
    unit: str

    @property
    def cut(self) -> bool:
        return self.length > self.limit


def compose(target: str, title: str, url: str, text: str = "") -> str:
    """The text ``target`` gets: ``text`` (the URL added when it is not in it), else
    the headline, a blank line and the URL, the words cut (at a word or grapheme
    boundary, with an ellipsis) so the post fits the target's limit as the target
    counts it; the URL is always whole."""
    return SERVICES[target].compose(Draft(title, url, text))


def _draft(article: Article, service: Service) -> Draft:
    return Draft.of(payload(article, "", service, datetime.now(UTC)))


def planned_posts(article: Article, site: Site | None = None) -> list[PlannedPost]:
    """The post each configured ``[syndicate]`` service will get of ``article``,
    in the services table's order (none without targets)."""
    site = site or article.site
    planned = []
    for service in configured(site.syndicate):
        draft = _draft(article, service)
        whole = draft.text or draft.title
        if service.link and draft.url not in whole:
            whole = f"{whole}\n\n{draft.url}"
        length, limit, unit = service.limits(whole)
        planned.append(
            PlannedPost(
                service.id,
                service.label,
                service.compose(draft),
                service.shows(site),
                length,
                limit,
                unit,
            )
        )
    return planned


def post_findings(article: Article, site: Site) -> list[Finding]:
    """Lint's view of the configured targets: a warning per target whose post
    (the network's own text, else headline, blank line, URL) is over its limit,
    so the words get cut."""
    from sharekit.images._judge import Finding

    found = []
    for post in planned_posts(article, site):
        if post.cut:
            own = bool(_draft(article, SERVICES[post.target]).text)
            found.append(
                Finding(
                    "warning",
                    f"{post.target}-post-too-long",
                    f"the {post.label} post is {post.length} {post.unit}, over {post.limit}:"
                    f" {'its text' if own else 'the headline'} is cut with an ellipsis",
                    f"social.{post.target}.text" if own else "title",
                    (post.target,),
                )
            )
    return found

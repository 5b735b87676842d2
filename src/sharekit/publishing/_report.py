"""What publish reports: one result per article, and the run's report."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sharekit.errors import SharekitError
from sharekit.records._frontmatter import Skipped

if TYPE_CHECKING:
    from sharekit.syndication._results import IndexNowResult, PostResult

__all__ = ["ArticleResult", "Progress", "PublishReport"]

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
    # SPEC 8.4: redirect pages and maps written (old URLs of moved articles)
    redirects: list[str] = field(default_factory=list)

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
            # SPEC 8.7: posts an operator must settle (sharekit syndicate --resolve)
            unknown = sum(post.status == "unknown" for post in self.posts)
            if unknown:
                text += f", {unknown} posts of unknown outcome (sharekit syndicate --status)"
        return text

    def syndication_lines(self) -> list[str]:
        """The IndexNow submission and each post as JSON Lines (publish's stdout)."""
        results: list[IndexNowResult | PostResult] = [*self.posts]
        if self.indexnow is not None:
            results.insert(0, self.indexnow)
        return [json.dumps(result.to_json(), ensure_ascii=False) for result in results]


Progress = Callable[[ArticleResult | SharekitError | Skipped], None]

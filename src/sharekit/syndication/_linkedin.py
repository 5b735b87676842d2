"""LinkedIn: one post with the article (the Posts API,
learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api).

``POST /rest/posts`` with ``Authorization: Bearer``, ``LinkedIn-Version``
(YYYYMM) and ``X-Restli-Protocol-Version: 2.0.0``; the author is an
organization page (``urn:li:organization:ID``, a token with
``w_organization_social``) or a member (``urn:li:person:ID``,
``w_member_social``). The link travels as the post's ``content.article``
(source, title, description), so the commentary is the words only: the
record's ``social.linkedin.text``, else the headline. Commentary is
LinkedIn's "little text format": its reserved characters are escaped with a
backslash and each ``#tag`` becomes a hashtag template. 3,000 characters.

The post's URN comes back in the ``x-restli-id`` header of the 201. The API
has no idempotency key: a post whose answer never came is "unknown" (SPEC
8.7) until an operator resolves it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sharekit.syndication._call import Call, Failure, refusal
from sharekit.syndication._facets import TAGS
from sharekit.syndication._service import Draft, fit

if TYPE_CHECKING:
    from sharekit.config import LinkedinTarget, Site, SyndicateConfig
    from sharekit.out._output import Output
    from sharekit.store._interface import Post
    from sharekit.syndication._secrets import Secrets

__all__ = ["LINKEDIN", "little_text"]

LIMIT = 3000  # characters of commentary
_RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")


def little_text(text: str) -> str:
    """``text`` as LinkedIn's commentary: reserved characters escaped, each ``#tag``
    a ``{hashtag|\\#|tag}`` template."""
    parts, last = [], 0
    for match in TAGS.finditer(text):
        parts.append(_RESERVED.sub(r"\\\1", text[last : match.start()]))
        parts.append("{hashtag|\\#|" + _RESERVED.sub(r"\\\1", match.group(1)) + "}")
        last = match.end()
    parts.append(_RESERVED.sub(r"\\\1", text[last:]))
    return "".join(parts)


class Linkedin:
    id = "linkedin"
    env = "SHAREKIT_LINKEDIN_TOKEN"
    label = "LinkedIn"
    network = "linkedin"
    idempotent = False  # no idempotency key: at most once
    link = False  # the link is the post's article, not in its text
    pace = (100, 24 * 3600)  # a member's share quota is 150 a day; a page's is shared

    def target(self, config: SyndicateConfig) -> LinkedinTarget | None:
        return config.linkedin

    def secret(self, config: SyndicateConfig) -> str:
        return config.linkedin.token if config.linkedin else ""

    def limits(self, text: str) -> tuple[int, int, str]:
        return len(text), LIMIT, "characters"

    def compose(self, draft: Draft) -> str:
        return fit(draft, self.limits, link=self.link)

    def shows(self, site: Site) -> str:
        return "the article's link card (title, description)"

    def verify(self, config: SyndicateConfig, secrets: Secrets) -> None:
        target = config.linkedin
        if target is None or not target.author or not secrets.get(self.id):
            raise Failure(f"linkedin: author and token needed ([syndicate.linkedin] or {self.env})")

    def post(
        self, call: Call, row: Post, payload: Mapping[str, Any], out: Output
    ) -> tuple[str, str]:
        target = call.site.syndicate.linkedin
        assert target is not None
        body = {
            "author": target.author,
            "commentary": little_text(self.compose(Draft.of(payload))),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "content": {
                "article": {
                    "source": payload["url"],
                    "title": str(payload.get("title") or "")[:400],
                    "description": str(payload.get("description") or "")[:4086],
                }
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        headers = {
            "Authorization": f"Bearer {call.secrets.get(self.id)}",
            "LinkedIn-Version": target.version,
            "X-Restli-Protocol-Version": "2.0.0",
        }
        answer = call.json(f"{target.api.rstrip('/')}/rest/posts", body, headers, decisive=True)
        if not 200 <= answer.status < 300:  # 201 Created
            raise refusal(answer, call.secrets, "linkedin")
        urn = answer.headers.get("x-restli-id", "").strip()
        return urn, f"https://www.linkedin.com/feed/update/{urn}/" if urn else ""


LINKEDIN = Linkedin()

"""Facebook: a Page's posts, and the re-scrape of edited articles.

Posts (SPEC 8.7): ``POST /{page-id}/feed`` of the Graph API with ``message``
and ``link`` (developers.facebook.com/docs/pages-api/posts), a Page access
token in the form body, never in the URL; Facebook builds the link preview
from the page's own tags (the card). The text is the record's
``social.facebook.text``, else the headline and the URL. The Graph API has no
idempotency key: a post whose answer never came is "unknown" until an
operator resolves it.

Re-scrape: ``POST /?id=URL&scrape=true``, the token in the form body
("Updating Objects" of developers.facebook.com/docs/sharing/opengraph/using-objects),
so shares show the new title and card. Not a post: one attempt per URL,
bounded, never raises, not retried (the next edit scrapes again).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from sharekit.config import Site, SyndicateConfig
from sharekit.syndication._call import Call, Failure, ok_json
from sharekit.syndication._results import PostResult
from sharekit.syndication._secrets import Secrets, resolved
from sharekit.syndication._service import Draft, fit

if TYPE_CHECKING:
    from sharekit.config import FacebookTarget
    from sharekit.out._output import Output
    from sharekit.store._interface import Post

__all__ = ["ENV", "FACEBOOK", "GRAPH", "facebook_token", "rescrape_facebook", "token"]

log = logging.getLogger("sharekit")

GRAPH = "https://graph.facebook.com"  # the Graph API (tests point it at 127.0.0.1)
ENV = "SHAREKIT_FACEBOOK_TOKEN"


def token(config: SyndicateConfig) -> str:
    """``[syndicate] facebook_token``, else ``SHAREKIT_FACEBOOK_TOKEN``; "" when off."""
    return resolved(config.facebook_token, ENV)


def facebook_token(site: Site) -> str:
    """The site's Facebook token ("" when the re-scrape is off)."""
    return token(site.syndicate)


def rescrape_facebook(urls: Sequence[str], site: Site, secrets: Secrets) -> list[PostResult]:
    """Ask Facebook to scrape these URLs again (their head tags changed). ``secrets``
    are every secret of ``[syndicate]``, each scrubbed from the messages."""
    token = secrets.get("facebook rescrape")
    if not token or not urls:
        return []
    call = Call(site, secrets, time.monotonic() + float(site.network.timeout) * 3)
    results = []
    for url in dict.fromkeys(urls):
        body = urlencode({"id": url, "scrape": "true", "access_token": token}).encode("ascii")
        try:
            answer = call.send(
                "POST",
                f"{GRAPH}/",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                body=body,
            )
            ok_json(answer, secrets, "facebook")
        except Failure as failure:
            message = secrets.redact(failure.message)
            log.warning("facebook: re-scrape of %s failed: %s", url, message)
            results.append(PostResult(url, "facebook", "failed", error=message, link=url))
        else:
            results.append(PostResult(url, "facebook", "rescraped", link=url))
    return results


class Facebook:
    """A Page's posts (``[syndicate.facebook]``: ``page``, a Page access token)."""

    id = "facebook"
    env = "SHAREKIT_FACEBOOK_PAGE_TOKEN"
    label = "Facebook"
    network = "facebook"
    idempotent = False  # the Graph API has no idempotency key: at most once
    link = True
    pace = (25, 3600)  # well under a Page's share of the Graph API's hourly calls

    def target(self, config: SyndicateConfig) -> FacebookTarget | None:
        return config.facebook

    def secret(self, config: SyndicateConfig) -> str:
        return config.facebook.token if config.facebook else ""

    def limits(self, text: str) -> tuple[int, int, str]:
        return len(text), 63_206, "characters"  # a post's message

    def compose(self, draft: Draft) -> str:
        return fit(draft, self.limits)

    def shows(self, site: Site) -> str:
        return "link preview from the page's own tags"

    def verify(self, config: SyndicateConfig, secrets: Secrets) -> None:
        target = config.facebook
        if target is None or not target.page or not secrets.get(self.id):
            raise Failure(f"facebook: page and token needed ([syndicate.facebook] or {self.env})")

    def post(
        self, call: Call, row: Post, payload: Mapping[str, Any], out: Output
    ) -> tuple[str, str]:
        target = call.site.syndicate.facebook
        assert target is not None
        fields = {
            "message": self.compose(Draft.of(payload)),
            "link": payload["url"],
            "access_token": call.secrets.get(self.id),
        }
        answer = call.send(
            "POST",
            f"{target.graph.rstrip('/')}/{target.page}/feed",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            body=urlencode(fields).encode("ascii"),
            decisive=True,
        )
        post_id = str(ok_json(answer, call.secrets, "facebook", made=True).get("id") or "")
        return post_id, f"https://www.facebook.com/{post_id}" if post_id else ""


FACEBOOK = Facebook()

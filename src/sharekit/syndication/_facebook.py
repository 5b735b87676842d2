"""Facebook re-scrape: edited articles whose head tags changed are scraped again.

``POST /?id=URL&scrape=true`` of the Graph API, the token in the form body,
never in the URL (developers.facebook.com/docs/sharing/opengraph/using-objects,
"Updating Objects"), so shares show the new title and card. Not a posting
service: one attempt per URL, bounded, never raises, not retried (the next
edit scrapes again).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from urllib.parse import urlencode

from sharekit.config import Site, SyndicateConfig
from sharekit.syndication._call import Call, Failure, ok_json
from sharekit.syndication._results import PostResult
from sharekit.syndication._secrets import Secrets, resolved

__all__ = ["ENV", "GRAPH", "facebook_token", "rescrape_facebook", "token"]

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

"""Mastodon: one status per article (docs.joinmastodon.org/methods/statuses/#create).

The text is the record's ``social.mastodon.text`` (the URL added when it is
not in it), else the headline (``social.mastodon.title``), a blank line and
the URL. Mastodon finds links and hashtags in it itself and builds the link
preview from the page's own Open Graph tags (the card), so nothing is
attached. An ``Idempotency-Key`` per (article, service) turns a retry within
the hour into the status made the first time.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sharekit.syndication._call import Call, Failure, ok_json
from sharekit.syndication._service import URLS, Draft, fit

if TYPE_CHECKING:
    from sharekit.config import MastodonTarget, Site, SyndicateConfig
    from sharekit.out._output import Output
    from sharekit.store._interface import Post
    from sharekit.syndication._secrets import Secrets

__all__ = ["MASTODON"]

LIMIT = 500  # characters; every URL counts as URL_LENGTH
URL_LENGTH = 23


class Mastodon:
    id = "mastodon"
    env = "SHAREKIT_MASTODON_TOKEN"
    label = "Mastodon"
    network = "mastodon"
    idempotent = True  # Idempotency-Key, kept by Mastodon for an hour
    link = True
    pace = (300, 3 * 3600)  # statuses per account: 300 per 3 hours

    def target(self, config: SyndicateConfig) -> MastodonTarget | None:
        return config.mastodon

    def secret(self, config: SyndicateConfig) -> str:
        return config.mastodon.token if config.mastodon else ""

    def limits(self, text: str) -> tuple[int, int, str]:
        counted = URLS.sub("x" * URL_LENGTH, text)
        return len(counted), LIMIT, "characters (a URL counts as 23)"

    def compose(self, draft: Draft) -> str:
        return fit(draft, self.limits)

    def shows(self, site: Site) -> str:
        return "link preview from the page's own tags"

    def verify(self, config: SyndicateConfig, secrets: Secrets) -> None:
        if not secrets.get(self.id):
            raise Failure(f"mastodon: no token ([syndicate.mastodon] token or {self.env})")

    def post(
        self, call: Call, row: Post, payload: Mapping[str, Any], out: Output
    ) -> tuple[str, str]:
        """POST /api/v1/statuses."""
        target = call.site.syndicate.mastodon
        assert target is not None
        token = call.secrets.get(self.id)
        url = f"{target.instance.rstrip('/')}/api/v1/statuses"
        body: dict[str, Any] = {
            "status": self.compose(Draft.of(payload)),
            "visibility": "public",
        }
        lang = str(payload.get("lang") or "").split("-")[0].lower()
        if len(lang) == 2:
            body["language"] = lang  # ISO 639-1, as the API takes it
        # The same key for every attempt at this post: Mastodon answers a repeat
        # within an hour with the status it made, not a second one.
        key = f"sharekit-{uuid.uuid5(uuid.NAMESPACE_URL, row.article_id + '|mastodon')}"
        answer = call.json(
            url,
            body,
            {"Authorization": f"Bearer {token}", "Idempotency-Key": key},
            shown=url,
            decisive=True,
        )
        data = ok_json(answer, call.secrets, "mastodon", made=True)
        return str(data.get("id", "")), str(data.get("url") or data.get("uri") or "")


MASTODON = Mastodon()

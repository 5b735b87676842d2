"""Mastodon: one status per article (docs.joinmastodon.org/methods/statuses/#create).

The text is the record's ``social.mastodon.text`` (the URL added when it is
not in it), else the headline (``social.mastodon.title``), a blank line and
the URL. Mastodon finds links and hashtags in it itself and builds the link
preview from the page's own Open Graph tags (the card), so nothing is
attached. An ``Idempotency-Key`` per (article, service) turns a retry within
the hour into the status made the first time; Mastodon forgets keys after an
hour, so a retry first looks for the article's URL in the account's newest 40
statuses and takes the status it finds (a retry a day later posts nothing
twice either).
"""

from __future__ import annotations

import html
import json
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sharekit.syndication._call import Call, Failure, ok_json, refusal
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
        if row.attempts or row.status != "queued":  # an earlier attempt may have made it
            found = self.find(call, target.instance.rstrip("/"), token, str(payload["url"]))
            if found is not None:
                return found
        answer = call.json(
            url,
            body,
            {"Authorization": f"Bearer {token}", "Idempotency-Key": key},
            shown=url,
            decisive=True,
        )
        data = ok_json(answer, call.secrets, "mastodon", made=True)
        return str(data.get("id", "")), str(data.get("url") or data.get("uri") or "")

    def find(self, call: Call, instance: str, token: str, link: str) -> tuple[str, str] | None:
        """The account's status that carries ``link`` among its newest 40, or None."""
        auth = {"Authorization": f"Bearer {token}"}
        me = call.send("GET", f"{instance}/api/v1/accounts/verify_credentials", headers=auth)
        account = str(ok_json(me, call.secrets, "mastodon verify_credentials").get("id") or "")
        if not account.isalnum():
            return None
        answer = call.send(
            "GET", f"{instance}/api/v1/accounts/{account}/statuses?limit=40", headers=auth
        )
        if not 200 <= answer.status < 300:
            raise refusal(answer, call.secrets, "mastodon statuses")
        try:
            statuses = json.loads(answer.data)
        except ValueError:
            return None
        wanted = (f'href="{html.escape(link)}"', f'href="{link}"')
        for status in statuses if isinstance(statuses, list) else []:
            content = str(status.get("content") or "") if isinstance(status, dict) else ""
            if any(href in content for href in wanted):
                return str(status.get("id", "")), str(status.get("url") or status.get("uri") or "")
        return None


MASTODON = Mastodon()

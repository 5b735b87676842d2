"""A signed webhook: one JSON POST per article to a URL of the newsroom's own
(a Slack, Discord or Teams bridge, or its own tools).

The body::

    {"delivery": ID, "target": "webhook", "text": TEXT, "created": TIME,
     "article": {"id", "url", "title", "description", "lang", "card"}}

signed as the publish hook v2 signs (SPEC 8.2): ``X-Sharekit-Timestamp``
(Unix seconds), ``X-Sharekit-Delivery`` (the same for every attempt at one
post, so a receiver can drop a repeat) and ``X-Sharekit-Signature:
sha256=HEX``, the HMAC-SHA256 with the secret of ``TIMESTAMP.DELIVERY.BODY``.
Any 2xx is a delivery; a JSON answer with a ``url`` names the post. The text
is at most 2,000 characters (Discord's limit, the smallest of the bridges).
A receiver need not drop repeats, so an unanswered delivery is "unknown"
(SPEC 8.7) until an operator resolves it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sharekit.syndication._call import Call, Failure, refusal
from sharekit.syndication._service import Draft, card_url, fit

if TYPE_CHECKING:
    from sharekit.config import Site, SyndicateConfig, WebhookTarget
    from sharekit.out._output import Output
    from sharekit.store._interface import Post
    from sharekit.syndication._secrets import Secrets

__all__ = ["WEBHOOK", "signature"]

LIMIT = 2000


def signature(secret: str, timestamp: str, delivery: str, body: bytes) -> str:
    """``sha256=`` and the HMAC-SHA256 of ``TIMESTAMP.DELIVERY.BODY``."""
    signed = f"{timestamp}.{delivery}.".encode() + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


class Webhook:
    id = "webhook"
    env = "SHAREKIT_WEBHOOK_SECRET"
    label = "Webhook"
    network = ""  # no share network: the article's own headline and description
    idempotent = False  # a receiver may not drop repeats: at most once
    link = True
    pace = (60, 60)

    def target(self, config: SyndicateConfig) -> WebhookTarget | None:
        return config.webhook

    def secret(self, config: SyndicateConfig) -> str:
        return config.webhook.secret if config.webhook else ""

    def limits(self, text: str) -> tuple[int, int, str]:
        return len(text), LIMIT, "characters"

    def compose(self, draft: Draft) -> str:
        return fit(draft, self.limits)

    def shows(self, site: Site) -> str:
        return "JSON with the text, the article and its card, signed"

    def verify(self, config: SyndicateConfig, secrets: Secrets) -> None:
        if config.webhook is None or not config.webhook.url or not secrets.get(self.id):
            raise Failure(f"webhook: url and secret needed ([syndicate.webhook] or {self.env})")

    def post(
        self, call: Call, row: Post, payload: Mapping[str, Any], out: Output
    ) -> tuple[str, str]:
        target = call.site.syndicate.webhook
        assert target is not None
        created = str(payload.get("created") or row.published)
        delivery = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{row.article_id}|webhook|{created}"))
        data = {
            "delivery": delivery,
            "target": self.id,
            "text": self.compose(Draft.of(payload)),
            "created": created,
            "article": {
                "id": row.article_id,
                **{k: payload.get(k) or "" for k in ("url", "title", "description", "lang")},
                "card": card_url(call.site, payload),  # its public URL, "" without one
            },
        }
        body = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
        stamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "X-Sharekit-Timestamp": stamp,
            "X-Sharekit-Delivery": delivery,
            "X-Sharekit-Signature": signature(call.secrets.get(self.id), stamp, delivery, body),
        }
        answer = call.send("POST", target.url, headers=headers, body=body, decisive=True)
        if not 200 <= answer.status < 300:
            raise refusal(answer, call.secrets, "webhook")
        try:
            answered = json.loads(answer.data) if answer.data else {}
        except ValueError:
            answered = {}
        url = answered.get("url") if isinstance(answered, Mapping) else None
        return delivery, url if isinstance(url, str) and url.startswith("https://") else ""


WEBHOOK = Webhook()

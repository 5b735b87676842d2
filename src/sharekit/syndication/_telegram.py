"""Telegram: sendPhoto with the card as the photo, else sendMessage (core.telegram.org/bots/api).

Telegram finds the links and hashtags of a message itself (its entities).
The Bot API has no idempotency key: a post whose answer never came is
"unknown" (SPEC 8.7) until an operator resolves it. The bot token is part of
the request path: it is shown as ``bot[secret]`` in every message. A
``@channel``'s post URL is ``https://t.me/CHANNEL/ID``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sharekit.syndication._call import Call, Failure, multipart, ok_json
from sharekit.syndication._service import Draft, card_file, fit

if TYPE_CHECKING:
    from sharekit.config import Site, SyndicateConfig, TelegramTarget
    from sharekit.out._output import Output
    from sharekit.store._interface import Post
    from sharekit.syndication._secrets import Secrets

__all__ = ["TELEGRAM"]

CAPTION = 1024  # characters of a photo caption


class Telegram:
    id = "telegram"
    env = "SHAREKIT_TELEGRAM_TOKEN"
    label = "Telegram"
    network = "telegram"
    idempotent = False  # the Bot API has no idempotency key: at most once
    link = True
    pace = (20, 60)  # messages to one channel: about 20 a minute

    def target(self, config: SyndicateConfig) -> TelegramTarget | None:
        return config.telegram

    def secret(self, config: SyndicateConfig) -> str:
        return config.telegram.token if config.telegram else ""

    def limits(self, text: str) -> tuple[int, int, str]:
        """Conservative where the unit is unclear: UTF-16 code units (how its API
        counts entity offsets), never fewer than code points."""
        units = len(text.encode("utf-16-le")) // 2
        return units, CAPTION, "UTF-16 units (a photo caption)"

    def compose(self, draft: Draft) -> str:
        return fit(draft, self.limits)

    def shows(self, site: Site) -> str:
        return "the card as the photo" if site.card.enabled else "a text message"

    def verify(self, config: SyndicateConfig, secrets: Secrets) -> None:
        target = config.telegram
        if target is None or not secrets.get(self.id) or not target.chat:
            raise Failure(f"telegram: token and chat needed ([syndicate.telegram] or {self.env})")

    def post(
        self, call: Call, row: Post, payload: Mapping[str, Any], out: Output
    ) -> tuple[str, str]:
        target = call.site.syndicate.telegram
        assert target is not None
        base = f"{target.api.rstrip('/')}/bot{call.secrets.get(self.id)}"
        shown = f"{target.api.rstrip('/')}/bot[secret]"
        text = self.compose(Draft.of(payload))
        card = card_file(out, payload)
        if card is not None:
            body, content_type = multipart(
                [("chat_id", target.chat), ("caption", text)], ("photo", card[2], card[1], card[0])
            )
            answer = call.send(
                "POST",
                f"{base}/sendPhoto",
                headers={"Content-Type": content_type},
                body=body,
                shown=f"{shown}/sendPhoto",
                decisive=True,
            )
        else:
            answer = call.json(
                f"{base}/sendMessage",
                {"chat_id": target.chat, "text": text},
                shown=f"{shown}/sendMessage",
                decisive=True,
            )
        data = ok_json(answer, call.secrets, "telegram", made=True)
        result = data.get("result")
        if data.get("ok") is not True or not isinstance(result, Mapping):
            raise Failure("telegram: the answer is not ok", unknown=True)
        message_id = str(result.get("message_id", ""))
        url = ""
        if target.chat.startswith("@") and message_id:
            url = f"https://t.me/{target.chat[1:]}/{message_id}"
        return message_id, url


TELEGRAM = Telegram()

"""Threads: a media container, then its publication (Meta's Threads API,
developers.facebook.com/docs/threads/posts).

``POST /{user}/threads`` makes a container: ``media_type=IMAGE`` with the
card's public URL as ``image_url`` (Threads fetches it) when publish wrote a
card and the site has a base URL, else ``TEXT`` (the first URL of the text
becomes the link preview). ``POST /{user}/threads_publish`` with its
``creation_id`` makes the post, once the container's ``status`` is FINISHED
(asked a few times over a few seconds); its ``permalink`` is asked for after. The
token travels in the form body or the ``Authorization`` header, never in a URL.

Text: 500 characters, an emoji counted as its UTF-8 bytes (the reference's
"Limitations"); at most 5 links. The API has no idempotency key: a publish
whose answer never came is "unknown" (SPEC 8.7) until an operator resolves it.
A container made and never published is not a post (retrying makes another).
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from sharekit.syndication._call import Call, Failure, ok_json
from sharekit.syndication._service import Draft, card_url, fit

if TYPE_CHECKING:
    from sharekit.config import Site, SyndicateConfig, ThreadsTarget
    from sharekit.out._output import Output
    from sharekit.store._interface import Post
    from sharekit.syndication._secrets import Secrets

__all__ = ["THREADS", "threads_length"]

LIMIT = 500
_POLL = (0.5, 1.0, 2.0)  # seconds between looks at a container still IN_PROGRESS


def _emoji(cluster: str) -> bool:
    """A grapheme that is an emoji: a pictograph, a variation selector 16 or a ZWJ sequence."""
    return (
        any(ord(c) >= 0x1F000 or 0x2600 <= ord(c) <= 0x27BF or c in "\u200d\ufe0f" for c in cluster)
        or unicodedata.category(cluster[0]) == "So"
    )


def threads_length(text: str) -> int:
    """Threads' count: a character each, an emoji its UTF-8 bytes."""
    from sharekit.text._truncate import graphemes

    return sum(len(g.encode("utf-8")) if _emoji(g) else len(g) for g in graphemes(text))


class Threads:
    id = "threads"
    env = "SHAREKIT_THREADS_TOKEN"
    label = "Threads"
    network = "threads"
    idempotent = False  # no idempotency key: at most once
    link = True
    pace = (250, 24 * 3600)  # API-published posts per profile in a moving 24 hours

    def target(self, config: SyndicateConfig) -> ThreadsTarget | None:
        return config.threads

    def secret(self, config: SyndicateConfig) -> str:
        return config.threads.token if config.threads else ""

    def limits(self, text: str) -> tuple[int, int, str]:
        return threads_length(text), LIMIT, "characters (an emoji counts its UTF-8 bytes)"

    def compose(self, draft: Draft) -> str:
        return fit(draft, self.limits)

    def shows(self, site: Site) -> str:
        if site.card.enabled and (site.publish.base_url or site.url):
            return "the card as the image"
        return "link preview from the page's own tags"

    def verify(self, config: SyndicateConfig, secrets: Secrets) -> None:
        if config.threads is None or not secrets.get(self.id):
            raise Failure(f"threads: no token ([syndicate.threads] token or {self.env})")

    def post(
        self, call: Call, row: Post, payload: Mapping[str, Any], out: Output
    ) -> tuple[str, str]:
        target = call.site.syndicate.threads
        assert target is not None
        token = call.secrets.get(self.id)
        base = f"{target.api.rstrip('/')}/{target.user}"
        fields = {"text": self.compose(Draft.of(payload)), "media_type": "TEXT"}
        image = card_url(call.site, payload)
        if image:
            fields.update(media_type="IMAGE", image_url=image)
        made = self._form(call, f"{base}/threads", {**fields, "access_token": token})
        container = str(ok_json(made, call.secrets, "threads container").get("id") or "")
        if not container:
            raise Failure("threads container: no id in the answer")
        self._ready(call, target, token, container)
        done = self._form(
            call,
            f"{base}/threads_publish",
            {"creation_id": container, "access_token": token},
            decisive=True,
        )
        media = str(ok_json(done, call.secrets, "threads publish", made=True).get("id") or "")
        return media, self._permalink(call, target, token, media)

    def _form(
        self, call: Call, url: str, fields: Mapping[str, str], *, decisive: bool = False
    ) -> Any:
        return call.send(
            "POST",
            url,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            body=urlencode(fields).encode("ascii"),
            decisive=decisive,
        )

    def _ready(self, call: Call, target: ThreadsTarget, token: str, container: str) -> None:
        """Wait (a few seconds at most) while Threads fetches the container's media:
        its ``status`` is IN_PROGRESS until FINISHED; ERROR or EXPIRED is a failure.
        Still in progress after that, the publish goes ahead (it fails if too early,
        and the next run makes a new container)."""
        url = f"{target.api.rstrip('/')}/{container}?fields=status,error_message"
        for wait in _POLL:
            answer = call.send("GET", url, headers={"Authorization": f"Bearer {token}"})
            data = ok_json(answer, call.secrets, "threads container status")
            status = str(data.get("status") or "FINISHED")
            if status == "FINISHED":
                return
            if status in ("ERROR", "EXPIRED"):
                why = str(data.get("error_message") or status)
                raise Failure(call.secrets.redact(f"threads container: {why}"))
            if wait > call.left() - 1:
                return
            time.sleep(wait)

    def _permalink(self, call: Call, target: ThreadsTarget, token: str, media: str) -> str:
        """The post's URL (a GET of its ``permalink`` field; "" when that fails: the
        post is made either way)."""
        if not media:
            return ""
        url = f"{target.api.rstrip('/')}/{media}?fields=permalink"
        try:
            answer = call.send("GET", url, headers={"Authorization": f"Bearer {token}"})
            return str(ok_json(answer, call.secrets, "threads permalink").get("permalink") or "")
        except Failure:
            return ""


THREADS = Threads()

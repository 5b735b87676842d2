"""The services' secrets and the one scrubber every outgoing text goes through.

Secrets (tokens, the app password) come from the configuration or the
environment (``SHAREKIT_MASTODON_TOKEN``...) and never appear in a result, a
log line, an error or the store: every text that leaves the wing goes
through :meth:`Secrets.redact`, which also hides session tokens learnt at
run time (Bluesky's) and the URL-encoded forms of each secret.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import quote

__all__ = ["Secrets", "resolved"]


def resolved(configured: str, env: str) -> str:
    """The configured secret, else the environment variable ``env``; "" when neither."""
    return configured or os.environ.get(env, "").strip()


class Secrets:
    """The secrets of one run, by service name, and the one place that scrubs them
    from any text. ``sources`` maps a name to (configured value, environment variable)."""

    def __init__(self, sources: Mapping[str, tuple[str, str]]) -> None:
        self.values = {name: resolved(value, env) for name, (value, env) in sources.items()}
        hidden: set[str] = set()
        for value in self.values.values():
            if value:
                hidden |= {value, quote(value, safe=""), quote(value)}
        self.hidden = sorted(hidden, key=len, reverse=True)  # longest first
        self.bearers: list[str] = []  # session tokens learnt at run time (Bluesky)

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def learn(self, token: str) -> None:
        if token:
            self.bearers.append(token)

    def redact(self, text: str) -> str:
        for secret in (*self.hidden, *self.bearers):
            if secret:
                text = text.replace(secret, "[secret]")
        return text

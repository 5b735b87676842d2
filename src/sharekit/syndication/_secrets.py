"""The services' secrets and the one scrubber every outgoing text goes through.

Secrets (tokens, the app password) come from the configuration or the
environment (``SHAREKIT_MASTODON_TOKEN``...) and never appear in a result, a
log line, an error or the store: every text that leaves the wing goes
through :meth:`Secrets.redact`, which also hides session tokens learnt at
run time (Bluesky's). It is :func:`sharekit.errors.redact`, the scrubber of
every output, given this run's secrets: each is hidden in every escaped form
(repr, JSON, URL-encoded, a newline shown as a space or ``\\n``) (SPEC 8.2).
"""

from __future__ import annotations

from collections.abc import Mapping

from sharekit.config import env_secret
from sharekit.errors import redact, register_secret

__all__ = ["Secrets", "resolved"]


def resolved(configured: str, env: str) -> str:
    """The configured secret, else the environment variable ``env``; "" when neither.
    Bytes in the variable that are not UTF-8 are bad input naming it (exit 2)."""
    return configured or env_secret(env)


class Secrets:
    """The secrets of one run, by service name, and the one place that scrubs them
    from any text. ``sources`` maps a name to (configured value, environment variable)."""

    def __init__(self, sources: Mapping[str, tuple[str, str]]) -> None:
        self.values = {name: resolved(value, env) for name, (value, env) in sources.items()}
        for value in self.values.values():
            register_secret(value)
        self.hidden = sorted((v for v in self.values.values() if v), key=len, reverse=True)
        self.bearers: list[str] = []  # session tokens learnt at run time (Bluesky)

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def learn(self, token: str) -> None:
        if token:
            self.bearers.append(token)
            register_secret(token)  # an error of another wing may quote it too

    def redact(self, text: str) -> str:
        return redact(text, (*self.hidden, *self.bearers))

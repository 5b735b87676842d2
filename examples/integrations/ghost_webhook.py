"""A webhook receiver for a headless CMS (Ghost's ``post.published`` event).

Run it next to the CMS and point the webhook at ``http://HOST:PORT/ghost``::

    python -m examples.integrations.ghost_webhook --out public --secret "$GHOST_WEBHOOK_SECRET"

It checks Ghost's ``X-Ghost-Signature`` (``sha256=HMAC(secret, body + t), t=...``),
maps the payload to a sharekit record and publishes it. Standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import sharekit

MAX_BODY = 5_000_000


def ghost_to_record(payload: dict[str, Any]) -> dict[str, Any]:
    """Map Ghost's ``post.current`` to a sharekit record."""
    post = payload["post"]["current"]
    record: dict[str, Any] = {
        "id": post["id"],
        "title": post["title"],
        "url": post["url"],
        "slug": post["slug"],
        "content_html": post.get("html") or "",
        "authors": [
            {"name": a["name"], **({"url": a["url"]} if a.get("url") else {})}
            for a in post.get("authors", [])
        ],
        "tags": [
            t["name"] for t in post.get("tags", []) if t.get("visibility", "public") == "public"
        ],
    }
    if post.get("custom_excerpt") or post.get("excerpt"):
        record["description"] = post.get("custom_excerpt") or post["excerpt"]
    if post.get("primary_tag"):
        record["section"] = post["primary_tag"]["name"]
    if post.get("published_at"):
        record["published"] = post["published_at"]
    if post.get("updated_at"):
        record["updated"] = post["updated_at"]
    if post.get("feature_image"):
        record["image"] = {"url": post["feature_image"], "alt": post.get("feature_image_alt") or ""}
    return record


def signature_ok(secret: str, body: bytes, header: str) -> bool:
    fields = dict(part.strip().split("=", 1) for part in header.split(",") if "=" in part)
    expected = hmac.new(
        secret.encode(), body + fields.get("t", "").encode(), hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(fields.get("sha256", ""), expected)


def make_server(
    host: str, port: int, out_dir: Path, secret: str, site: sharekit.Site
) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if self.path != "/ghost" or not 0 < length <= MAX_BODY:
                return self._answer(
                    404 if self.path != "/ghost" else 413, {"error": "not accepted"}
                )
            body = self.rfile.read(length)
            if not signature_ok(secret, body, self.headers.get("X-Ghost-Signature", "")):
                return self._answer(401, {"error": "bad signature"})
            try:
                record = ghost_to_record(json.loads(body))
            except (ValueError, KeyError, TypeError) as error:
                return self._answer(400, {"error": f"not a Ghost post payload: {error}"})
            report = sharekit.publish([record], site, out_dir, workers=1)
            status = 422 if report.errors else 200
            return self._answer(
                status, {"summary": report.summary(), "errors": [str(e) for e in report.errors]}
            )

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return ThreadingHTTPServer((host, port), Handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8787)
    args = parser.parse_args()
    server = make_server(args.host, args.port, args.out, args.secret, sharekit.load_site())
    server.serve_forever()


if __name__ == "__main__":
    main()

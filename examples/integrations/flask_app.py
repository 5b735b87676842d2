"""A Flask route that publishes the record it is sent.

    FLASK_APP=examples.integrations.flask_app:create_app flask run

``POST /publish`` with a JSON record (or a list) answers 200 with the files
written per article, or 422 with sharekit's one-line messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, jsonify, request

import sharekit


def create_app(out_dir: str | Path, site: sharekit.Site | None = None) -> Flask:
    app = Flask(__name__)
    site = site or sharekit.load_site()

    @app.post("/publish")
    def publish_route() -> Any:
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict | list):
            return jsonify(errors=["expected a JSON record or a list of records"]), 400
        records = payload if isinstance(payload, list) else [payload]
        report = sharekit.publish(records, site, out_dir, workers=1)
        body = {
            "articles": [
                {"id": a.id, "slug": a.slug, "status": a.status, "files": list(a.files)}
                for a in report.articles
            ],
            "errors": [str(error) for error in report.errors],
            "feeds": [str(path) for path in report.feeds],
        }
        return jsonify(body), (422 if report.errors else 200)

    return app

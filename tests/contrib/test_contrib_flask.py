"""sharekit.contrib.flask with the real framework: config keys, Jinja globals, publish."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask, render_template_string

from sharekit.contrib.flask import Sharekit
from sharekit.errors import InputError
from tests.conftest import EXAMPLES


def _tags(html: str) -> dict[str, str]:
    import html5lib

    document = html5lib.parse(html, namespaceHTMLElements=False)
    return {
        meta.get("property") or meta.get("name"): meta.get("content")
        for meta in document.iter("meta")
        if meta.get("property") or meta.get("name")
    }


@dataclass
class Post:  # an SQLAlchemy row or a dataclass: anything with the usual names
    title: str
    url: str
    summary: str
    published_at: datetime
    author: str


def _app(tmp_path: Path, **config: object) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SHAREKIT_SITE={"name": "View Us Global", "url": "https://www.viewusglobal.com"},
        SHAREKIT_PUBLISH={"out": str(tmp_path / "public")},
        SHAREKIT_SHARE={"networks": ["x", "email"]},
        **config,
    )
    return app


def test_jinja_globals_render_an_object_with_usual_names(tmp_path: Path) -> None:
    app = _app(tmp_path)
    Sharekit(app)
    post = Post("Night markets reopen", "/news/markets/", "Vendors return.",
                datetime(2025, 3, 1, 9, tzinfo=UTC), "Daniel Kim")  # fmt: skip
    with app.app_context():
        html = render_template_string(
            "<head>{{ sharekit_head(post) }}</head><body>{{ sharekit_share(post) }}</body>",
            post=post,
        )
    tags = _tags(html)
    assert tags["og:title"] == "Night markets reopen"
    assert tags["og:url"] == "https://www.viewusglobal.com/news/markets/"
    assert tags["og:description"] == "Vendors return."
    assert tags["article:published_time"] == "2025-03-01T09:00:00+00:00"
    assert "mailto:" in html and "facebook.com" not in html


def test_init_app_in_a_factory_and_escaping(tmp_path: Path) -> None:
    extension = Sharekit()
    app = _app(tmp_path)
    extension.init_app(app)
    record = {"title": "<script>x</script>", "url": "https://www.viewusglobal.com/x"}
    with app.app_context():
        html = render_template_string("{{ sharekit_head(r) }}", r=record)
        assert extension.site.name == "View Us Global"
    assert "<script>x" not in html
    assert _tags(html)["og:title"] == "<script>x</script>"


def test_publish_writes_into_the_configured_out(tmp_path: Path) -> None:
    app = _app(tmp_path)
    extension = Sharekit(app)
    record = json.loads((EXAMPLES / "article.json").read_text())
    with app.app_context():
        report = extension.publish(record)
    assert not report.errors
    slug = report.articles[0].slug
    assert (tmp_path / "public/articles" / slug / "head.html").is_file()
    assert (
        json.loads((tmp_path / "public/feed.json").read_text())["items"][0]["title"]
        == record["title"]
    )


def test_config_file_with_tables_laid_over_it(tmp_path: Path) -> None:
    (tmp_path / "sharekit.toml").write_text(
        '[site]\nname = "From the file"\nurl = "https://a.example"\n'
    )
    app = Flask(__name__)
    app.config.update(
        SHAREKIT_CONFIG=str(tmp_path / "sharekit.toml"), SHAREKIT_SITE={"name": "From Flask"}
    )
    Sharekit(app)
    with app.app_context():
        site = app.extensions["sharekit"]
    assert (site.name, site.url) == ("From Flask", "https://a.example")


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"SHAREKIT_SITES": {}}, 'app.config: SHAREKIT_SITES: unknown sharekit setting; did you mean "SHAREKIT_SITE"?'),
        ({"SHAREKIT_CARD": {"sizez": "square"}}, 'app.config SHAREKIT_*: card.sizez: unknown field; did you mean "size"?'),
        ({"SHAREKIT_SITE": "x"}, "app.config SHAREKIT_*: site: expected an object, got a string"),
    ],
)  # fmt: skip
def test_misspelt_settings_fail_at_start_up(config: dict[str, object], message: str) -> None:
    app = Flask(__name__)
    app.config.update(config)
    with pytest.raises(InputError) as caught:
        Sharekit(app)
    assert str(caught.value) == message


def test_publish_without_out_names_the_setting(tmp_path: Path) -> None:
    app = Flask(__name__)
    extension = Sharekit(app)
    with app.app_context(), pytest.raises(InputError) as caught:
        extension.publish({"title": "x", "url": "https://a.example/x"})
    assert str(caught.value) == "app.config: SHAREKIT_PUBLISH.out: required to publish"

"""sharekit.contrib.django with the real framework: templates, saves, on_commit, Celery + Redis."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.helpers_django import django_dir


@pytest.fixture(scope="module")
def project() -> Path:
    return django_dir()


def _story(**fields: Any) -> Any:
    from tests.django_project.news.models import Story

    values: dict[str, Any] = {
        "headline": "Seoul's night markets reopen",
        "slug": "night-markets",
        "dek": "Vendors return after the winter.",
        "body": "<p>Stalls lit the streets again.</p>",
        "byline": "Daniel Kim",
        "section": "World",
        "pub_date": datetime(2025, 3, 1, 9, tzinfo=UTC),
        **fields,
    }
    return Story(**values)


def _head_tags(html: str) -> dict[str, str]:
    import html5lib

    document = html5lib.parse(f"<head>{html}</head>", namespaceHTMLElements=False)
    return {
        meta.get("property") or meta.get("name"): meta.get("content")
        for meta in document.iter("meta")
        if meta.get("property") or meta.get("name")
    }


def test_template_tags_render_a_model_instance(project: Path) -> None:
    from django.template import engines

    story = _story()
    template = engines["django"].from_string(
        "{% load sharekit %}<head>{% sharekit_head story %}</head>{% sharekit_share story %}"
    )
    html = template.render({"story": story})
    tags = _head_tags(html.split("</head>")[0].removeprefix("<head>"))
    assert tags["og:title"] == "Seoul's night markets reopen"
    assert tags["og:description"] == "Vendors return after the winter."
    assert tags["og:url"] == "https://www.viewusglobal.com/news/night-markets/"
    assert tags["og:site_name"] == "View Us Global"
    assert tags["twitter:site"] == "@viewus"
    assert tags["article:published_time"] == "2025-03-01T09:00:00+00:00"
    assert tags["article:section"] == "World"
    share = html.split("</head>")[1]
    assert "twitter.com/intent/tweet" in share or "x.com/intent" in share
    assert "facebook.com/sharer" in share
    assert "linkedin" not in share  # only the networks of settings.SHAREKIT


def test_template_tag_takes_a_record_and_escapes_it(project: Path) -> None:
    from django.template import engines

    record = {
        "title": '</title><script>alert("x")</script>',
        "url": "https://www.viewusglobal.com/x",
    }
    html = (
        engines["django"]
        .from_string("{% load sharekit %}{% sharekit_head r %}")
        .render({"r": record})
    )
    assert "<script>alert" not in html
    assert _head_tags(html)["og:title"] == record["title"]


def test_save_publishes_after_commit_with_tags_set_in_the_transaction(project: Path) -> None:
    from django.db import transaction

    from tests.django_project.news.models import Tag

    out = project / "public"
    with transaction.atomic():
        story = _story(slug="markets-commit", headline="Markets open late")
        story.save()
        story.tags.add(Tag.objects.create(name="food"), Tag.objects.create(name="seoul"))
        assert not (out / "articles/markets-commit").exists()  # not before the commit
    # the model's own slug field names the folder
    head = (out / "articles/markets-commit/head.html").read_text()
    assert _head_tags(head)["og:url"] == "https://www.viewusglobal.com/news/markets-commit/"
    feed = json.loads((out / "feed.json").read_text())
    item = next(i for i in feed["items"] if i["id"] == str(story.pk))
    assert item["tags"] == ["World", "food", "seoul"]  # the section leads, as in every feed
    assert item["authors"] == [{"name": "Daniel Kim"}]


def test_rolled_back_drafts_and_future_stories_are_not_published(project: Path) -> None:
    from django.db import transaction

    out = project / "public"
    _story(slug="draft", headline="A draft story", pub_date=None).save()
    later = datetime.now(UTC) + timedelta(days=3)
    _story(slug="embargo", headline="An embargoed story", pub_date=later).save()
    with pytest.raises(RuntimeError), transaction.atomic():
        _story(slug="rolled", headline="A rolled back story").save()
        raise RuntimeError("the editor's save failed")
    for slug in ("draft", "embargo", "rolled"):
        assert not (out / "articles" / slug).exists(), slug


def test_bad_record_from_a_model_is_logged_not_raised(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    story = _story(slug="bad", headline="x", lang="not a language!")
    story.save()  # the editor's save succeeds; the log says why sharing did not
    assert any("lang" in record.getMessage() for record in caplog.records)


def test_misspelt_setting_names_the_setting(project: Path) -> None:
    from django.test import override_settings

    from sharekit.contrib.django import get_site
    from sharekit.errors import InputError

    with override_settings(SHAREKIT={"site": {"nmae": "x"}}), pytest.raises(InputError) as caught:
        get_site()
    assert str(caught.value) == 'settings.SHAREKIT: site.nmae: unknown field; did you mean "name"?'


def _env(folder: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "SHAREKIT_TEST_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "tests.django_project.settings",
        **extra,
    }


def test_misspelt_setting_stops_the_project_at_start_up(tmp_path: Path) -> None:
    code = "import django; django.setup()"
    env = _env(tmp_path, SHAREKIT_TEST_BAD_SETTING="1")
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last == (
        "django.core.exceptions.ImproperlyConfigured: settings.SHAREKIT: card.sizez: "
        'unknown field; did you mean "size"?'
    )


SAVE_STORY = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", run_syncdb=True, verbosity=0)
from datetime import UTC, datetime
from django.db import transaction
from tests.django_project.celery_app import app
from tests.django_project.news.models import Story, Tag
with transaction.atomic():
    story = Story.objects.create(
        headline="Celery publishes this", slug="celery", body="<p>Queued.</p>",
        byline="Daniel Kim", section="Tech", pub_date=datetime(2025, 3, 2, tzinfo=UTC))
    story.tags.add(Tag.objects.create(name="queues"))
print(story.pk)
"""


def test_celery_worker_publishes_through_a_real_redis_broker(
    tmp_path: Path, redis_url: str
) -> None:
    env = _env(tmp_path, SHAREKIT_TEST_BROKER=redis_url)
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tests.django_project.celery_app", "worker",
         "--pool", "solo", "--concurrency", "1", "--without-gossip", "--without-mingle",
         "--loglevel", "INFO", "--logfile", str(log)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        saved = subprocess.run(
            [sys.executable, "-c", SAVE_STORY],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert saved.returncode == 0, saved.stderr[-3000:]
        head = tmp_path / "public/articles/celery/head.html"
        deadline = time.monotonic() + 90
        while not head.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert head.exists(), log.read_text() if log.exists() else "no worker log"
    finally:
        worker.terminate()
        worker.wait(30)
    worker_log = log.read_text()
    # the worker, not the saving process, published it
    assert "Task sharekit.publish[" in worker_log and "succeeded" in worker_log, worker_log
    feed = json.loads((tmp_path / "public/feed.json").read_text())
    assert [item["title"] for item in feed["items"]] == ["Celery publishes this"]
    assert feed["items"][0]["id"] == saved.stdout.strip()

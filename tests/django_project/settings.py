"""Settings of the test project: SHAREKIT_TEST_DIR holds the database and the output."""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(os.environ["SHAREKIT_TEST_DIR"])
SECRET_KEY = "tests-only"
DEBUG = False
USE_TZ = True
TIME_ZONE = "UTC"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "sharekit.contrib.django",
    "tests.django_project.news",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(HERE / "db.sqlite3")}}
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
SHAREKIT = {
    "site": {"name": "View Us Global", "url": "https://www.viewusglobal.com", "twitter": "@viewus"},
    "publish": {"out": str(HERE / "public")},
    "share": {"networks": ["x", "facebook", "email"]},
}
if os.environ.get("SHAREKIT_TEST_BAD_SETTING"):
    SHAREKIT["card"] = {"sizez": "square"}
# Celery reads CELERY_* from here (config_from_object with that namespace)
CELERY_BROKER_URL = os.environ.get("SHAREKIT_TEST_BROKER", "")
CELERY_RESULT_BACKEND = os.environ.get("SHAREKIT_TEST_BROKER", "") or None

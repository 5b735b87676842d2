"""The project's Celery app, as a Django project defines one (celery.py beside settings)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.django_project.settings")
app = Celery("django_project", include=["sharekit.contrib.django.tasks"])
app.config_from_object("django.conf:settings", namespace="CELERY")

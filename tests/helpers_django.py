"""One Django set-up per test process: the project in tests/django_project."""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path


@functools.cache
def django_dir() -> Path:
    """Set up Django once with the test project; its database and output live here."""
    import django
    from django.conf import settings
    from django.core.management import call_command

    folder = Path(tempfile.mkdtemp(prefix="sharekit-django-"))
    os.environ["SHAREKIT_TEST_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.django_project.settings"
    assert not settings.configured, "configure Django through tests.helpers_django only"
    django.setup()
    call_command("migrate", run_syncdb=True, verbosity=0)
    return folder

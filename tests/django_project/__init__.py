"""A small Django project that drives sharekit.contrib.django end to end in the tests.

Its folder (database, published output) and Celery broker come from the
environment, so the test process, a Celery worker and a "web" subprocess can
share one project.
"""

"""The Django app: validates ``settings.SHAREKIT`` at start-up and connects saves."""

from __future__ import annotations

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import post_save

from sharekit.errors import SharekitError


class SharekitConfig(AppConfig):
    name = "sharekit.contrib.django"
    label = "sharekit"
    verbose_name = "sharekit"

    def ready(self) -> None:
        from sharekit.contrib.django import SharekitModelMixin, _published_on_save, get_site

        try:
            get_site()  # a misspelt key fails at start-up, not on the first save
        except SharekitError as error:
            raise ImproperlyConfigured(str(error)) from None
        for model in apps.get_models():
            if issubclass(model, SharekitModelMixin):
                post_save.connect(
                    _published_on_save, sender=model, dispatch_uid=f"sharekit:{model._meta.label}"
                )

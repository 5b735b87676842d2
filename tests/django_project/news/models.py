"""A newsroom's models as they are, with their own field names."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from sharekit.contrib.django import SharekitModelMixin


class Tag(models.Model):
    name = models.CharField(max_length=50)

    def __str__(self) -> str:
        return self.name


class Story(SharekitModelMixin, models.Model):
    headline = models.CharField(max_length=300)
    slug = models.SlugField()
    dek = models.TextField(blank=True)
    body = models.TextField()
    byline = models.CharField(max_length=100)
    section = models.CharField(max_length=50, blank=True)
    tags = models.ManyToManyField(Tag, blank=True)
    pub_date = models.DateTimeField(null=True, blank=True)
    lang = models.CharField(max_length=10, default="en")

    # the one field whose name is not a usual one (title <- headline is usual)
    sharekit_fields: ClassVar[dict[str, str]] = {"content_html": "body"}

    class Meta:
        app_label = "news"

    def get_absolute_url(self) -> str:
        return f"/news/{self.slug}/"

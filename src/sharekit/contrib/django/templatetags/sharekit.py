"""``{% load sharekit %}``: ``{% sharekit_head article %}``, ``{% sharekit_share article %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def sharekit_head(article: Any) -> SafeString:
    """Every head tag for the article (its HTML is escaped by sharekit)."""
    from sharekit import render_head
    from sharekit.contrib.django import as_article, get_site

    site = get_site()
    return mark_safe(str(render_head(as_article(article, site), site)))


@register.simple_tag
def sharekit_share(article: Any, networks: str | None = None) -> SafeString:
    """The "Share it on..." block; ``networks`` is a comma-separated list of ids."""
    from sharekit import render_share_block
    from sharekit.contrib.django import as_article, get_site

    site = get_site()
    block = render_share_block(as_article(article, site), site, networks=networks)
    return mark_safe(block)

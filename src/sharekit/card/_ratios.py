"""Where the card at Google's three ratios will be (SPEC 8.5), without Pillow.

Publish draws them with :func:`sharekit.render_card` at each size of
:data:`~sharekit.card._formats.RATIOS` and writes them beside the og card
(``articles/SLUG/card-16x9.png``, or ``card-HASH-16x9.png`` with hashed
names); the article's JSON-LD lists them. On ``sharekit serve`` each is a
signed card URL of its size.
"""

from __future__ import annotations

import dataclasses

from sharekit.card._formats import RATIOS
from sharekit.card._ref import CardRef, card_ref
from sharekit.card._token import card_url
from sharekit.model import Article

__all__ = ["ratio_cards", "sized"]


def sized(article: Article, width: int, height: int) -> Article:
    """``article`` with its card at ``width`` x ``height``: the size is one of ours, so it
    is set directly (``with_card_flags`` validates a flag and counts as a merge)."""
    site = article.site
    card = dataclasses.replace(site.card, size=f"{width}x{height}")
    return dataclasses.replace(article, site=dataclasses.replace(site, card=card))


def ratio_cards(article: Article) -> list[tuple[str, CardRef]]:
    """``(ratio, reference)`` of each ratio card, in :data:`RATIOS` order; [] without
    cards or with ``[card] ratios = false``."""
    site = article.site
    if not (site.card.enabled and site.card.ratios):
        return []
    refs = []
    for ratio, (width, height) in RATIOS.items():
        at_size = sized(article, width, height)
        ref = card_ref(at_size)
        stem, _, extension = ref.path.rpartition(".")
        path = f"{stem}-{ratio}.{extension}"
        if site.serve.base_url:  # drawn on first request by `sharekit serve`
            url = card_url(at_size)
        else:
            url = f"{ref.url.rpartition('/')[0]}/{path.rsplit('/', 1)[-1]}"
        refs.append((ratio, dataclasses.replace(ref, path=path, url=url)))
    return refs

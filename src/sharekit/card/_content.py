"""What a card draws: one small value, made from an article or from a card token's fields.

The renderer reads :class:`CardContent` and nothing else. :func:`from_article`
takes a record through the card flags and ``[card] use_social_title``
(:func:`~sharekit.card._ref.card_article`); :func:`from_fields` takes what a
signed card URL carries (:class:`~sharekit.card._token.CardFields`), which is
how ``sharekit serve`` draws without a record. No Pillow.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sharekit.card._formats import FORMATS
from sharekit.card._ref import card_article, card_format, card_ref, with_card_flags
from sharekit.card._token import CardFields
from sharekit.config import Site, apply_flags, card_size
from sharekit.errors import InputError
from sharekit.images._files import hero_image
from sharekit.model import Article, Image
from sharekit.text._validate import show

__all__ = ["CardContent", "from_article", "from_fields"]

_SOURCE = "card token"  # what names a card drawn from fields in messages


@dataclass(frozen=True, slots=True)
class CardContent:
    """A card's texts and photo, the configuration drawing it, and what the card will be.

    ``image`` is the hero: a local ``path``, or a ``url`` already made
    absolute against the site ("" when it cannot be). ``site`` has the card
    flags applied; ``source`` names the record in warnings. ``format``,
    ``width``, ``height``, ``alt`` and ``filename`` are the card's, as
    :func:`sharekit.card_ref` gives them for an article.
    """

    title: str
    section: str
    authors: tuple[str, ...]
    published: datetime | None
    lang: str
    image: Image | None
    site: Site
    source: str
    format: str
    width: int
    height: int
    alt: str
    filename: str

    @property
    def media_type(self) -> str:
        return FORMATS[self.format].media_type


def from_article(
    article: Article,
    site: Site,
    *,
    template: str | None = None,
    size: str | None = None,
    format: str | None = None,
) -> CardContent:
    """What ``article``'s card draws under ``site`` with the card flags (None: from ``[card]``)."""
    article = card_article(
        with_card_flags(article.with_site(site), template=template, size=size, format=format)
    )
    ref = card_ref(article)
    effective = article.site
    image = article.image
    if image is not None and image.path is None:
        hero = hero_image(article)  # a relative URL resolved against the site's
        image = dataclasses.replace(image, url=hero.url if hero is not None else "")
    return CardContent(
        title=article.title,
        section=article.section,
        authors=article.author_names,
        published=article.published,
        lang=article.lang,
        image=image,
        site=effective,
        source=article.source,
        format=card_format(effective.card.template, effective.card.format),
        width=ref.width,
        height=ref.height,
        alt=ref.alt,
        filename=ref.filename,
    )


def from_fields(
    fields: CardFields,
    site: Site,
    *,
    template: str | None = None,
    size: str | None = None,
    format: str | None = None,
) -> CardContent:
    """What a card token's ``fields`` draw under the server's ``site``.

    The token's site name, template (its empty one: ``[card] template``) and
    size stand in for ``site``'s; ``template``, ``size`` and ``format`` override
    them in turn (None: keep). The file name is ``card.EXT``: a token's card
    has no slug and no place in an output tree.
    """
    flags = {
        "template": (fields.template or None) if template is None else template,
        "size": fields.size if size is None else size,
        "format": format,
    }
    effective = apply_flags(dataclasses.replace(site, name=fields.site_name), card=flags)
    try:
        published = fields.published
    except ValueError:  # a token's date is checked when it is decoded; fields made by hand
        raise InputError(_SOURCE, "date", f"expected YYYY-MM-DD, got {show(fields.date)}") from None
    fmt = card_format(effective.card.template, effective.card.format)
    width, height = card_size(effective.card.size)
    return CardContent(
        title=fields.title,
        section=fields.section,
        authors=fields.authors,
        published=published,
        lang=fields.lang,
        image=Image(url=fields.image) if fields.image else None,
        site=effective,
        source=_SOURCE,
        format=fmt,
        width=width,
        height=height,
        # the alt card_ref gives an article of this title under this site
        alt=f"{fields.title} — {effective.name}" if effective.name else fields.title,
        filename=f"card.{FORMATS[fmt].extension}",
    )

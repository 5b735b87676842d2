"""Preview cards: the image shown when an article is shared (SPEC 2.3).

``render_card(article, site)`` draws the card that :func:`sharekit.card_ref`
describes (same size, media type, alt text and file name); given a card
token's :class:`CardFields` instead of an article, it draws what the token
carries. Pillow is loaded only when a card is rendered, never by
``import sharekit``.

Modules: :mod:`~sharekit.card.layout` (layouts as data), ``_formats`` (the
one table of formats, extensions, media types and encoders), ``_content``
(what a card draws, from an article or a token's fields), ``_fonts``
(discovery, coverage, fallback), ``_runs`` (clusters, font runs, measuring),
``_breaks`` (break opportunities, greedy and balanced lines), ``_text``
(fitting, clamping, drawing a block), and with Pillow: ``_render`` (the
layers), ``_contrast`` (colours, WCAG contrast, scrims), ``_photo`` (the hero,
cropping, the logo), ``_encode`` (the encoders).

Wing (layer 6): also owns the card's reference (``_ref``: where a card will
be, without Pillow), its signed token (``_token``) and the image chain a
share shows (``_chain``). May import: net (remote heroes), images, out,
config, model, text, errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sharekit.card._card import Card, DrawnLayer
from sharekit.card._formats import format_of_extension
from sharekit.errors import InputError

if TYPE_CHECKING:
    from sharekit.card._token import CardFields
    from sharekit.config import Site
    from sharekit.model import Article

__all__ = [
    "Card",
    "CardFields",
    "DrawnLayer",
    "format_for_path",
    "missing_characters",
    "render_card",
]


def __getattr__(name: str) -> object:
    if name == "CardFields":  # from the token module, loaded only when asked for
        from sharekit.card._token import CardFields

        return CardFields
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render_card(
    article: Article | CardFields,
    site: Site,
    *,
    template: str | None = None,
    size: str | None = None,
    format: str | None = None,
    show_boxes: bool = False,
) -> Card:
    """Draw the article's preview card.

    ``article`` is an :class:`~sharekit.Article`, or the :class:`CardFields`
    a signed card URL carries (what ``sharekit serve`` draws): their title,
    section, authors, date, language, hero image URL and site name, under
    ``site``, their template and size standing in for ``[card]``'s (an empty
    template: ``[card] template``); the card is then named ``card.EXT``.
    ``template`` (``branded``, ``photo``, ``split`` or a layout file), ``size``
    (``og``, ``square``, ``portrait`` or ``WxH``) and ``format`` (``png``,
    ``jpeg``, ``webp``, ``auto``) override ``[card]``; None takes them from the
    configuration. ``show_boxes`` draws the layout boxes over the card.
    Raises :class:`sharekit.InputError` for a bad template, size or font file.
    """
    from sharekit.card._content import from_article, from_fields
    from sharekit.card._render import render
    from sharekit.card._token import CardFields

    if isinstance(article, CardFields):
        content = from_fields(article, site, template=template, size=size, format=format)
    else:
        content = from_article(article, site, template=template, size=size, format=format)
    return render(content, show_boxes=show_boxes)


def format_for_path(path: str | Path) -> str:
    """The card format (``png``, ``jpeg``, ``webp``) a file name implies by its extension.

    For ``render_card(..., format=format_for_path(out))`` before ``.save(out)``;
    ``sharekit card -o OUT`` without ``--format`` asks this. An unknown or
    missing extension is an :class:`InputError` (it names the CLI's output
    option and ``--format``, the way out).
    """
    suffix = Path(path).suffix.lower()
    fmt = format_of_extension(suffix[1:])
    if fmt is None:
        raise InputError(
            "option",
            "output",
            f"unknown image extension {suffix or '(none)'!r}; use .png, .jpg or .webp, "
            "or give --format",
        )
    return fmt


def missing_characters(article: Article, site: Site) -> tuple[str, ...]:
    """Characters of the card's texts that no bundled, configured or system font covers.

    For ``sharekit lint``: no Pillow, no rendering (font coverage only).
    """
    from sharekit.card._fonts import font_stack, script_hint
    from sharekit.card._ref import card_article
    from sharekit.card._runs import cluster_faces

    article = card_article(article.with_site(site))
    effective = article.site
    texts = [article.title, article.section, *article.author_names, effective.name]
    missing: dict[str, None] = {}
    for text in filter(None, texts):
        stack = font_stack(script_hint(text, article.lang), 700, tuple(effective.card.fonts))
        missing.update(dict.fromkeys(cluster_faces(text, stack)[2]))
    return tuple(missing)

"""Preview cards: the image shown when an article is shared (SPEC 2.3).

``render_card(article, site)`` draws the card that :func:`sharekit.card_ref`
describes (same size, media type, alt text and file name). Pillow is loaded
only when a card is rendered, never by ``import sharekit``.

Modules: :mod:`~sharekit.card.layout` (layouts as data), ``_fonts``
(discovery, coverage, fallback), ``_runs`` (clusters, font runs, measuring),
``_breaks`` (break opportunities, lines), ``_text`` (fitting, drawing),
``_render`` (Pillow: layers, contrast, encoders).

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
    from sharekit.config import Site
    from sharekit.model import Article

__all__ = ["Card", "DrawnLayer", "format_for_path", "missing_characters", "render_card"]


def render_card(
    article: Article,
    site: Site,
    *,
    template: str | None = None,
    size: str | None = None,
    format: str | None = None,
    show_boxes: bool = False,
) -> Card:
    """Draw the article's preview card.

    ``template`` (``branded``, ``photo``, ``split`` or a layout file), ``size``
    (``og``, ``square``, ``portrait`` or ``WxH``) and ``format`` (``png``,
    ``jpeg``, ``webp``, ``auto``) override ``[card]``; None takes them from the
    configuration. ``show_boxes`` draws the layout boxes over the card.
    Raises :class:`sharekit.InputError` for a bad template, size or font file.
    """
    from sharekit.card._render import render

    return render(article, site, template=template, size=size, format=format, show_boxes=show_boxes)


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

"""Preview cards: the image shown when an article is shared (SPEC 2.3).

``render_card(article, site)`` draws the card that :func:`sharekit.card_ref`
describes (same size, media type, alt text and file name). Pillow is loaded
only when a card is rendered, never by ``import sharekit``.

Modules: :mod:`~sharekit.card.layout` (layouts as data), ``_fonts``
(discovery, coverage, fallback), ``_text`` (runs, breaking, fitting),
``_render`` (Pillow: layers, contrast, encoders).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sharekit.errors import InputError

if TYPE_CHECKING:
    from sharekit.card._text import TextBlock
    from sharekit.config import Site
    from sharekit.model import Article

__all__ = ["Card", "DrawnLayer", "format_for_path", "missing_characters", "render_card"]

# An image file's extension -> the card format written under it.
_FORMATS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".webp": "webp"}


@dataclass(frozen=True)
class DrawnLayer:
    """Where one layer landed: its ``box`` and, for text, the inked area and lines.

    Boxes are ``(x0, y0, x1, y1)`` pixels. ``contrast`` is the WCAG contrast
    ratio of a text layer against the pixels under it (measured, not assumed).
    """

    name: str
    type: str
    box: tuple[int, int, int, int]
    ink: tuple[float, float, float, float] | None = None
    block: TextBlock | None = field(default=None, repr=False)
    contrast: float | None = None


@dataclass(frozen=True)
class Card:
    """A rendered card: the encoded image and what describes it.

    ``width``, ``height``, ``media_type``, ``alt`` and ``filename`` equal
    :func:`sharekit.card_ref`'s. ``template`` is the layout drawn (``branded``
    when a photo template had no usable image); ``layers`` and ``missing``
    (characters no font covers) are for checks and layout design.
    """

    data: bytes = field(repr=False)
    width: int
    height: int
    media_type: str
    alt: str
    filename: str
    template: str = "branded"
    layers: tuple[DrawnLayer, ...] = field(default=(), repr=False)
    missing: tuple[str, ...] = ()

    def save(self, path: str | Path) -> Path:
        """Write the image to *path* (a file; folders are made) atomically and return it.

        Equal bytes already there are left alone. A path that cannot be
        written is an :class:`InputError` naming it.
        """
        from sharekit._atomic import write_bytes_if_changed

        target = Path(path)
        write_bytes_if_changed(target, self.data)
        return target


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
    if suffix not in _FORMATS:
        raise InputError(
            "option",
            "output",
            f"unknown image extension {suffix or '(none)'!r}; use .png, .jpg or .webp, "
            "or give --format",
        )
    return _FORMATS[suffix]


def missing_characters(article: Article, site: Site) -> tuple[str, ...]:
    """Characters of the card's texts that no bundled, configured or system font covers.

    For ``sharekit lint``: no Pillow, no rendering (font coverage only).
    """
    from sharekit._cardref import card_article
    from sharekit.card._fonts import font_stack, script_hint
    from sharekit.card._text import cluster_faces

    article = card_article(article.with_site(site))
    effective = article.site
    texts = [article.title, article.section, *article.author_names, effective.name]
    missing: dict[str, None] = {}
    for text in filter(None, texts):
        stack = font_stack(script_hint(text, article.lang), 700, tuple(effective.card.fonts))
        missing.update(dict.fromkeys(cluster_faces(text, stack)[2]))
    return tuple(missing)

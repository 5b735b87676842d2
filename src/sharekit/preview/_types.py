"""The values the preview page passes to its HTML: a platform and the image it shows.

They live apart from ``_page`` (which builds them) so that ``_html`` (which
lays them out) imports them without importing ``_page`` back.
"""

from __future__ import annotations

from dataclasses import dataclass

from sharekit.networks._table import BY_ID

__all__ = ["Platform", "PreviewImage"]


@dataclass(frozen=True, slots=True)
class Platform:
    """How one platform shows a shared link.

    ``title_limit``/``description_limit`` cut the text (code points, at a word
    or grapheme boundary, with an ellipsis; None: whole). ``title_lines`` and
    ``description_lines`` clamp what is left to that many lines (0: no clamp;
    a ``description_lines`` of -1: the platform shows no description).
    ``crop`` is the image's aspect ratio (width / height) in the large layout,
    None when the platform keeps the image's own shape. ``key`` is a share
    network's id, whose label from the network table is the :attr:`name`, or
    a platform that is no share network, named by ``own_name``.
    """

    key: str
    title_limit: int | None
    description_limit: int | None
    title_lines: int
    description_lines: int
    crop: float | None
    layout: str
    own_name: str = ""

    @property
    def name(self) -> str:
        return self.own_name or BY_ID[self.key].label


@dataclass(frozen=True, slots=True)
class PreviewImage:
    """The image the platforms show, as the page embeds it (``src`` is a ``data:`` URI)."""

    src: str
    width: int
    height: int
    alt: str
    kind: str  # card, hero, default, placeholder
    note: str = ""
    byte_size: int = 0
    template: str = ""  # the card layout drawn (branded when a photo template fell back)

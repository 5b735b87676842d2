"""What a rendered card is: the encoded image and the layers drawn on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sharekit.card._text import TextBlock

__all__ = ["Card", "DrawnLayer"]


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
        from sharekit.out._atomic import write_bytes_if_changed

        target = Path(path)
        write_bytes_if_changed(target, self.data)
        return target

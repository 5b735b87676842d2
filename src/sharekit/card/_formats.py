"""The one table of card image formats: name, file extension, media type, encoder.

Everything that names, writes, serves or parses a card's format reads it: the
card's reference (file extension and media type), :func:`sharekit.card.format_for_path`,
the encoders, signed card URLs and ``sharekit serve``. No Pillow here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["AUTO_DEFAULT", "AUTO_FORMATS", "FORMATS", "CardFormat", "format_of_extension"]


@dataclass(frozen=True, slots=True)
class CardFormat:
    """One card format.

    ``name`` is what ``[card] format``, ``--format`` and a layout's ``format``
    say, and the extension of a signed card URL (``/card/TOKEN.jpeg``);
    ``extension`` is the card file's in the output tree (``card.jpg``);
    ``aliases`` are further extensions that mean this format when read
    (``photo.jpeg``, ``/card/TOKEN.jpg``). ``pillow`` and ``options`` are the
    encoder and the settings bench/cards.py measured (see docs/cards.md);
    ``palette`` writes a flat card (no photo) with a 256-colour palette.
    """

    name: str
    extension: str
    media_type: str
    pillow: str
    options: tuple[tuple[str, Any], ...]
    aliases: tuple[str, ...] = ()
    palette: bool = False


FORMATS: dict[str, CardFormat] = {
    f.name: f
    for f in (
        # A flat card has few colours: a palette is 2-3x smaller at about the same speed.
        CardFormat("png", "png", "image/png", "PNG", (("compress_level", 6),), palette=True),
        CardFormat(
            "jpeg",
            "jpg",
            "image/jpeg",
            "JPEG",
            (("quality", 88), ("optimize", True), ("subsampling", "4:2:0")),
            aliases=("jpeg",),
        ),
        CardFormat("webp", "webp", "image/webp", "WEBP", (("quality", 88), ("method", 4))),
    )
}

_BY_EXTENSION = {
    extension: f.name for f in FORMATS.values() for extension in (f.extension, *f.aliases)
}

# What "auto" means (``card_ref``'s card_format): for a built-in template,
# photographs compress best as JPEG and flat cards as PNG; a user layout may
# declare its own, else AUTO_DEFAULT. (config.TEMPLATES names the same templates.)
AUTO_FORMATS = {"branded": "png", "photo": "jpeg", "split": "jpeg"}
AUTO_DEFAULT = "png"


def format_of_extension(extension: str) -> str | None:
    """The format a file or URL extension (without the dot, any case) means, or None."""
    return _BY_EXTENSION.get(extension.lower())


# SPEC 8.5: the card at the ratios Google's article guidelines ask for in JSON-LD
# ``image`` (16:9, 4:3, 1:1, at least 1200 wide), drawn by the same layouts beside
# the og card; the name is the file name's suffix (``card-16x9.png``).
RATIOS: dict[str, tuple[int, int]] = {
    "16x9": (1200, 675),
    "4x3": (1200, 900),
    "1x1": (1200, 1200),
}

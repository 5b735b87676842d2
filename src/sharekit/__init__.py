"""sharekit: one article record in; slugs, metadata, cards, feeds and share links out."""

from sharekit._version import __version__
from sharekit.errors import InputError, NetworkError, RenderError, SharekitError

__all__ = ["InputError", "NetworkError", "RenderError", "SharekitError", "__version__"]

"""Preview cards: the image shown when an article is shared (SPEC 2.3)."""

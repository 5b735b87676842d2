"""``[podcast.SHOW]`` tables (SPEC 8.5): one podcast feed per show, checked here.

A show is a table under ``[podcast]`` named by its key, the name a record's
``podcast`` field gives (``[podcast.weekly]`` and ``"podcast": "weekly"``).
Categories are Apple Podcasts' list (the one Apple Podcasts Connect offers and
the W3C feed validator checks): a parent, or ``"Parent/Subcategory"``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharekit.errors import InputError
from sharekit.text import _validate as v

__all__ = ["APPLE_CATEGORIES", "PodcastShow", "podcast_tables"]

# Apple Podcasts categories and subcategories (podcasters.apple.com, "Apple Podcasts categories").
APPLE_CATEGORIES: Mapping[str, tuple[str, ...]] = {
    "Arts": (
        "Books",
        "Design",
        "Fashion & Beauty",
        "Food",
        "Performing Arts",
        "Visual Arts",
    ),
    "Business": (
        "Careers",
        "Entrepreneurship",
        "Investing",
        "Management",
        "Marketing",
        "Non-Profit",
    ),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health",
        "Fitness",
        "Medicine",
        "Mental Health",
        "Nutrition",
        "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga",
        "Automotive",
        "Aviation",
        "Crafts",
        "Games",
        "Hobbies",
        "Home & Garden",
        "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News",
        "Daily News",
        "Entertainment News",
        "News Commentary",
        "Politics",
        "Sports News",
        "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism",
        "Christianity",
        "Hinduism",
        "Islam",
        "Judaism",
        "Religion",
        "Spirituality",
    ),
    "Science": (
        "Astronomy",
        "Chemistry",
        "Earth Sciences",
        "Life Sciences",
        "Mathematics",
        "Natural Sciences",
        "Nature",
        "Physics",
        "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary",
        "Personal Journals",
        "Philosophy",
        "Places & Travel",
        "Relationships",
    ),
    "Sports": (
        "Baseball",
        "Basketball",
        "Cricket",
        "Fantasy Sports",
        "Football",
        "Golf",
        "Hockey",
        "Rugby",
        "Running",
        "Soccer",
        "Swimming",
        "Tennis",
        "Volleyball",
        "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}
SHOW_TYPES = ("episodic", "serial")
SHOW_KEYS = (
    "title",
    "description",
    "author",
    "owner",
    "category",
    "explicit",
    "type",
    "language",
    "artwork",
    "link",
    "copyright",
    "max_items",
)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True, slots=True)
class PodcastShow:
    """One ``[podcast.SHOW]`` table. Empty text falls back when the feed is written:
    ``title`` to the site's name, ``language`` to ``[site] lang``, ``link`` to
    ``[site] url``; an empty ``artwork`` is a 3000x3000 card drawn for the show."""

    name: str
    title: str = ""
    description: str = ""
    author: str = ""
    owner_name: str = ""
    owner_email: str = ""
    categories: tuple[tuple[str, str], ...] = ()  # (category, subcategory or "")
    explicit: bool = False
    type: str = "episodic"
    language: str = ""
    artwork: str = ""  # an absolute path or a URL
    link: str = ""
    copyright: str = ""
    max_items: int = 300


def _category(value: Any, source: str | None, name: str) -> tuple[str, str]:
    text = v.expect_str(value, source, name)
    parent, _, sub = (part.strip() for part in text.partition("/"))
    if parent not in APPLE_CATEGORIES or (sub and sub not in APPLE_CATEGORIES[parent]):
        hint = (
            f"; {parent}'s are: {', '.join(APPLE_CATEGORIES[parent])}"
            if APPLE_CATEGORIES.get(parent)
            else f"; the categories are: {', '.join(APPLE_CATEGORIES)}"
        )
        raise InputError(
            source, name, f"not one of Apple Podcasts' categories: {v.show(text)}{hint}"
        )
    return parent, sub


def _show(show: str, values: Any, source: str | None, base_dir: Path) -> PodcastShow:
    where = f"podcast.{show}"
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", show):
        raise InputError(source, where, "a show's name is letters, digits, - and _ (at most 64)")
    if not isinstance(values, Mapping):
        raise InputError(source, where, f"expected a table, got {v.kind(values)}")
    v.check_keys(values, SHOW_KEYS, source, f"{where}.")
    fields: dict[str, Any] = {}
    for key in ("title", "description", "author", "copyright"):
        if key in values:
            fields[key] = v.expect_str(values[key], source, f"{where}.{key}")
    if "owner" in values:
        owner = values["owner"]
        if not isinstance(owner, Mapping):
            raise InputError(
                source, f"{where}.owner", f"expected {{ name, email }}, got {v.kind(owner)}"
            )
        v.check_keys(owner, ("name", "email"), source, f"{where}.owner.")
        fields["owner_name"] = v.expect_str(owner.get("name", ""), source, f"{where}.owner.name")
        email = v.expect_str(owner.get("email", ""), source, f"{where}.owner.email")
        if email and not _EMAIL.fullmatch(email):
            raise InputError(
                source, f"{where}.owner.email", f"not an email address: {v.show(email)}"
            )
        fields["owner_email"] = email
    if "category" in values:
        raw = values["category"]
        items = raw if isinstance(raw, list) else [raw]
        fields["categories"] = tuple(_category(item, source, f"{where}.category") for item in items)
    if "explicit" in values:
        fields["explicit"] = v.expect_bool(values["explicit"], source, f"{where}.explicit")
    if "type" in values:
        fields["type"] = v.expect_choice(values["type"], source, f"{where}.type", SHOW_TYPES)
    if "language" in values:
        fields["language"] = v.expect_lang(values["language"], source, f"{where}.language")
    if "artwork" in values:
        fields["artwork"] = v.path_or_url(values["artwork"], source, f"{where}.artwork", base_dir)
    if "link" in values:
        fields["link"] = v.expect_url(values["link"], source, f"{where}.link")
    if "max_items" in values:
        fields["max_items"] = v.expect_int(
            values["max_items"], source, f"{where}.max_items", 1, 100_000
        )
    return PodcastShow(name=show, **fields)


def podcast_tables(value: Any, source: str | None, base_dir: Path) -> tuple[PodcastShow, ...]:
    """``[podcast]``: a table of shows, each ``[podcast.SHOW]``; in the file's order."""
    if not isinstance(value, Mapping):
        raise InputError(source, "podcast", f"expected tables [podcast.SHOW], got {v.kind(value)}")
    return tuple(_show(str(name), table, source, base_dir) for name, table in value.items())

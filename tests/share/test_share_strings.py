"""The share block speaks every language whose script the cards draw (SPEC 8.4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sharekit import load_article, load_site
from sharekit.share._links import render_share_block
from sharekit.share._strings import KEYS, SHARED, STRINGS, WRITTEN, strings_language

ROOT = Path(__file__).parent.parent.parent
MANIFEST = json.loads((ROOT / "assets" / "fonts" / "manifest.json").read_text())
# Oromo is in the Ethiopic font's list but written in Latin letters today (docs/share.md)
LATIN_TODAY = {"om"}


def _block(lang: str) -> str:
    record = {"title": "T", "url": "https://x.example/a/", "lang": lang}
    return render_share_block(load_article(record, load_site({})), load_site({}), networks="x")


def test_every_language_of_the_card_fonts_has_strings() -> None:
    named = {
        lang.split("-")[0]
        for font in MANIFEST["fonts"]
        for lang in font["languages"]
        if lang != "*"
    }
    assert len(named) > 30
    for lang in sorted(named - LATIN_TODAY):
        assert strings_language(lang) != "en", lang


@pytest.mark.parametrize(
    ("lang", "heading", "marked"),
    [
        ("fr", "Partager sur...", None),
        ("fr-CA", "Partager sur...", None),
        ("de", "Teilen auf...", None),
        ("ru", "Поделиться в...", None),
        ("hi", "शेयर करें...", None),
        ("th", "แชร์ไปที่...", None),
        ("mai", "शेयर करें...", "hi"),  # Maithili reads Hindi: the block says so
        ("sw", "Share it on...", "en"),
    ],
)
def test_the_block_speaks_the_record_language(lang: str, heading: str, marked: str | None) -> None:
    html = _block(lang)
    opening = html.split(">", 1)[0]
    assert f">{heading}</h2>" in html
    assert (f' lang="{marked}"' in opening) if marked else ("lang=" not in opening)


def test_written_strings_are_complete_and_listed_in_the_docs() -> None:
    docs = (ROOT / "docs" / "share.md").read_text()
    for lang, row in WRITTEN.items():
        strings = STRINGS[lang]
        assert list(strings) == list(KEYS) and all(strings.values()), lang
        assert strings["share_on"].count("{name}") == 1, lang
        assert f"| `{lang}` | {' | '.join(row.split('|'))} |" in docs, lang
    assert set(SHARED.values()) <= set(STRINGS)

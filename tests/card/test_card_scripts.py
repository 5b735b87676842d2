"""Every script of SPEC 7.3 renders with the bundled fonts alone (no system fonts).

Each card is drawn with FONTCONFIG_FILE pointing at an empty configuration,
so the fontconfig fallback finds nothing and only the bundled fonts can draw.
The headline's ink is isolated by drawing the same card without a headline
and comparing pixels; it must be there, inside the headline's box and clear
of the other layers. When tesseract has the language, the ink is read back.
"""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

import sharekit
from sharekit.card import _fonts

DATA = json.loads(
    (Path(__file__).parent.parent / "data" / "scripts" / "headlines.json").read_text(
        encoding="utf-8"
    )
)
LANGS = [lang for lang in DATA if not lang.startswith("_")]


@pytest.fixture(autouse=True)
def _no_system_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    conf = tmp_path / "fonts.conf"
    conf.write_text("<?xml version='1.0'?>\n<fontconfig></fontconfig>\n", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    _fonts.clear_caches()
    yield
    _fonts.clear_caches()


def _article(lang: str, title: str) -> Any:
    entry = DATA[lang]
    site = sharekit.load_site({})
    record = {
        "title": title,
        "section": entry["section"],
        "author": entry["author"],
        "lang": lang,
        "published": "2024-10-24T10:30:00+00:00",
        "url": "https://example.com/a",
    }
    return sharekit.load_article(record, site), site


def _render(lang: str, title: str) -> tuple[Any, Image.Image]:
    article, site = _article(lang, title or DATA[lang]["title"])
    if not title:  # the same card without its headline layer (an empty text is skipped)
        article = dataclasses.replace(article, title="")
    card = sharekit.render_card(article, site)
    return card, Image.open(io.BytesIO(card.data)).convert("RGB")


@pytest.mark.parametrize("lang", LANGS)
def test_headline_is_drawn_with_the_bundled_font_of_its_script(
    lang: str, caplog: pytest.LogCaptureFixture
) -> None:
    entry = DATA[lang]
    with caplog.at_level(logging.WARNING, logger="sharekit"):
        card, image = _render(lang, entry["title"])
    assert "no font covers" not in caplog.text
    assert card.missing == ()
    layers = {layer.name: layer for layer in card.layers}
    headline = layers["headline"]
    assert headline.block is not None
    assert headline.block.text.replace(" ", "") == entry["title"].replace(" ", "")
    roles = {face.role for _, face in headline.block.faces()}
    assert entry["script"] in roles and "system" not in roles
    # No run of any line starts with a mark: marks stay with their base.
    for layer in card.layers:
        for line in layer.block.lines if layer.block else ():
            for run in line.runs:
                assert unicodedata.category(run.text[0]) not in ("Mn", "Mc", "Me"), run.text
    # The headline's ink: the difference with the same card without a headline.
    _, bare = _render(lang, "")
    ink = ImageChops.difference(image, bare).convert("L").point(lambda v: 255 if v > 24 else 0)
    box = ink.getbbox()
    assert box is not None, "nothing drawn"
    inked = ink.histogram()[255]
    assert inked > 2_000
    x0, y0, x1, y1 = headline.box
    assert x0 <= box[0] and y0 <= box[1] and box[2] <= x1 and box[3] <= y1, (box, headline.box)
    # ... and clear of the label above it (tall stacks, Myanmar and Sinhala marks).
    label = layers.get("section")
    if label is not None and label.ink is not None:
        assert box[1] > label.ink[3], (box, label.ink)


def _tesseract_langs() -> set[str]:
    if shutil.which("tesseract") is None:
        return set()
    listed = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, check=False
    )
    return set(listed.stdout.split()[1:]) if listed.returncode == 0 else set()


def _letters(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c)[0] == "L"]


def _agreement(expected: str, read: str) -> float:
    """Share of the expected letters found in order in what OCR read (LCS)."""
    a, b = _letters(expected), _letters(read)
    previous = [0] * (len(b) + 1)
    for x in a:
        row = [0]
        for j, y in enumerate(b):
            row.append(previous[j] + 1 if x == y else max(previous[j + 1], row[j]))
        previous = row
    return previous[-1] / max(1, len(a))


@pytest.mark.parametrize("lang", LANGS)
def test_headline_reads_back_with_ocr(lang: str, tmp_path: Path) -> None:
    entry = DATA[lang]
    if entry["tess"] not in _tesseract_langs():
        pytest.skip(f"tesseract-ocr-{entry['tess']} is not installed (scripts/system-deps.sh)")
    card, image = _render(lang, entry["title"])
    headline = next(layer for layer in card.layers if layer.name == "headline")
    crop = image.crop(headline.box).convert("L")
    crop = crop.point(lambda v: 0 if v > 128 else 255)  # dark text on white reads best
    path = tmp_path / "headline.png"
    crop.save(path)
    result = subprocess.run(
        ["tesseract", str(path), "-", "-l", entry["tess"], "--psm", "6"],
        capture_output=True,
        text=True,
        check=True,
    )
    score = _agreement(entry["title"], result.stdout)
    assert score >= 0.75, (score, result.stdout)


SPACELESS = ["th", "lo", "km", "my"]


def _word_boundaries(text: str) -> set[int]:
    """ICU's word boundaries through node's Intl.Segmenter (the reference)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (scripts/system-deps.sh)")
    script = (
        "const t = require('fs').readFileSync(0, 'utf8');"
        "const s = new Intl.Segmenter('und', {granularity: 'word'});"
        "const out = []; for (const x of s.segment(t))"
        " out.push([...t.slice(0, x.index + x.segment.length)].length);"
        "process.stdout.write(JSON.stringify(out));"
    )
    done = subprocess.run([node, "-e", script], input=text, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout))


@pytest.mark.parametrize("lang", SPACELESS)
def test_spaceless_scripts_wrap_between_words_at_full_size(lang: str) -> None:
    pytest.importorskip("icu4py", reason="icu4py (a dependency) is not installed")
    title = DATA[lang]["title"]
    card, _ = _render(lang, title)
    headline = next(layer for layer in card.layers if layer.name == "headline")
    block = headline.block
    assert block is not None
    assert block.size == 76  # the template's largest size: wrapped, not shrunk
    assert len(block.lines) >= 2 and not block.clamped
    words = _word_boundaries(title)
    position = 0
    for line in block.lines[:-1]:
        position += len(line.text)
        while title[position : position + 1] == " ":
            position += 1  # the space dropped at the line end
        end = position - (1 if title[position - 1 : position] == " " else 0)
        assert end in words or position in words, (line.text, title)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "October 24, 2024"),
        ("ko-KR", "2024년 10월 24일"),
        ("ja", "2024年10月24日"),
        ("hi", "24 अक्टूबर 2024"),
        ("th", "24 ตุลาคม ค.ศ. 2024"),
        ("de-AT", "24. Oktober 2024"),
        ("tlh", "2024-10-24"),  # CLDR has no Klingon: ISO
    ],
)
def test_byline_dates_come_from_cldr(lang: str, expected: str) -> None:
    site = sharekit.load_site({})
    record = {"title": "T", "author": "A", "lang": lang, "url": "https://e.com/"}
    record["published"] = "2024-10-24T10:30:00+00:00"
    article = sharekit.load_article(record, site)
    card = sharekit.render_card(article, site)
    byline = next(layer for layer in card.layers if layer.name == "byline")
    assert byline.block is not None
    assert byline.block.text.endswith(expected)

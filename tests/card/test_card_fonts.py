"""The bundled fonts: integrity, licences and what the subsets cover (SPEC 2.3)."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from sharekit.card import _fonts
from sharekit.card._cmap import read_faces

ENTRIES = _fonts.manifest_entries()
FOLDER = _fonts.bundled_dir()


def by_file(name: str) -> _fonts.Face:
    return next(face for face, _, _ in ENTRIES if Path(face.path).name == name)


def double_byte(codec: str, leads: range, trails: list[int]) -> set[int]:
    out = set()
    for lead in leads:
        for trail in trails:
            try:
                text = codecs.decode(bytes([lead, trail]), codec)
            except UnicodeDecodeError:
                continue
            out.add(ord(text))
    return out


def ideographs(codepoints: set[int]) -> set[int]:
    return {cp for cp in codepoints if 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF}


def missing_from(face: _fonts.Face, codepoints: set[int]) -> list[str]:
    return sorted(f"U+{cp:04X}" for cp in codepoints if cp not in face.coverage)


@pytest.mark.parametrize(
    ("face", "sha256", "size"), ENTRIES, ids=lambda v: getattr(v, "family", "")
)
def test_file_matches_manifest(face: _fonts.Face, sha256: str, size: int) -> None:
    data = Path(face.path).read_bytes()
    assert len(data) == size
    assert hashlib.sha256(data).hexdigest() == sha256
    assert size < 5_000_000


def test_total_size_stays_lean() -> None:
    assert sum(size for _, _, size in ENTRIES) < 16_000_000


@pytest.mark.parametrize("face", [e[0] for e in ENTRIES], ids=lambda f: Path(f.path).name)
def test_manifest_coverage_is_the_real_cmap(face: _fonts.Face) -> None:
    # Our own cmap reader (used for user and system fonts) must agree with the
    # coverage fontTools wrote at build time.
    (info,) = read_faces(Path(face.path))
    assert _fonts.Coverage(info.ranges)._starts == face.coverage._starts
    assert _fonts.Coverage(info.ranges)._ends == face.coverage._ends


def test_licences_and_notice_ship_beside_the_fonts() -> None:
    notice = (FOLDER / "NOTICE").read_text(encoding="utf-8")
    for face, sha256, _ in ENTRIES:
        assert Path(face.path).name in notice
        assert sha256 in notice
    assert "CC-BY" in notice and "Twemoji" in notice
    for name in ("OFL-Inter.txt", "OFL-Noto.txt", "Twemoji-LICENSE.md"):
        assert "SIL OPEN FONT LICENSE" in (FOLDER / name).read_text(encoding="utf-8").upper()
    assert "CC-BY-4.0" in (FOLDER / "Twemoji-LICENSE.md").read_text(encoding="utf-8")


def test_korean_has_every_hangul_syllable_jamo_and_ks_x_1001() -> None:
    hangul = set(range(0xAC00, 0xD7A4)) | set(range(0x1100, 0x1200)) | set(range(0x3131, 0x318F))
    assert len(set(range(0xAC00, 0xD7A4))) == 11_172
    ks_x_1001 = ideographs(double_byte("euc_kr", range(0xA1, 0xFF), list(range(0xA1, 0xFF))))
    assert len(ks_x_1001) == 4888
    bold = by_file("NotoSansKR-Bold.otf")
    assert missing_from(bold, hangul | ks_x_1001) == []
    assert missing_from(by_file("NotoSansKR-Regular.otf"), hangul) == []


def test_japanese_has_kana_and_jis_x_0208() -> None:
    kana = set(range(0x3041, 0x3097)) | set(range(0x30A1, 0x30FB))
    jis = ideographs(double_byte("euc_jp", range(0xA1, 0xF5), list(range(0xA1, 0xFF))))
    assert len(jis) >= 6355  # levels 1 and 2
    assert missing_from(by_file("NotoSansJP-Bold.otf"), kana | jis) == []


def test_chinese_has_gb_2312_and_big5_level_1() -> None:
    gb = ideographs(double_byte("gb2312", range(0xA1, 0xF8), list(range(0xA1, 0xFF))))
    assert len(gb) == 6763
    assert missing_from(by_file("NotoSansSC-Bold.otf"), gb) == []
    trails = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    big5 = ideographs(double_byte("big5", range(0xA4, 0xC6), trails)) | ideographs(
        double_byte("big5", range(0xC6, 0xC7), list(range(0x40, 0x7F)))
    )
    assert len(big5) == 5401
    assert missing_from(by_file("NotoSansTC-Bold.otf"), big5) == []


@pytest.mark.parametrize(
    "name",
    ["NotoSansKR-Bold.otf", "NotoSansJP-Bold.otf", "NotoSansSC-Bold.otf", "NotoSansTC-Bold.otf"],
)
def test_cjk_symbols_and_fullwidth_forms(name: str) -> None:
    symbols = set(range(0x3000, 0x3012)) | set(range(0xFF01, 0xFF5F))
    assert missing_from(by_file(name), symbols) == []


def test_arabic_and_hebrew_with_presentation_forms() -> None:
    for weight in ("Bold", "Regular"):
        arabic = by_file(f"NotoSansArabic-{weight}.ttf")
        letters = set(range(0x0621, 0x063B)) | set(range(0x0641, 0x064B))
        forms = set(range(0xFE80, 0xFEFD))  # presentation forms B: every letter's forms
        assert missing_from(arabic, letters | forms) == []
        assert sum(1 for cp in range(0xFB50, 0xFE00) if cp in arabic.coverage) > 500
        hebrew = by_file(f"NotoSansHebrew-{weight}.ttf")
        assert missing_from(hebrew, set(range(0x05D0, 0x05EB)) | {0xFB2A, 0xFB2B, 0xFB4B}) == []


def test_latin_greek_cyrillic_in_every_weight() -> None:
    inter = by_file("Inter-LGC[wght].ttf")
    assert inter.variable
    wanted = (
        set(range(0x20, 0x7F))
        | set(range(0xC0, 0x180)) - {0xD7, 0xF7, 0x149}
        | set(range(0x391, 0x3AA)) - {0x3A2}
        | set(range(0x3B1, 0x3CA))
        | set(range(0x410, 0x450))
        | set(range(0x1EA0, 0x1EFA))
        | {0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x20AC, 0x20A9}
    )
    assert missing_from(inter, wanted) == []


def test_emoji_font_is_colour() -> None:
    emoji = by_file("Twemoji-COLRv0.ttf")
    assert emoji.color
    for cp in (0x1F600, 0x1F389, 0x2764, 0x1F1F0, 0x1F1F7, 0x1F3FD):
        assert cp in emoji.coverage

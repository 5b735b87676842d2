"""The card text engine: fallback runs, breaking, balancing, fitting, clamping."""

from __future__ import annotations

import io
import logging
import unicodedata

import pytest
from PIL import Image

from sharekit.card import _fonts
from sharekit.card._fonts import font_stack, script_hint
from sharekit.card._text import ELLIPSIS, TextBlock, align_side, draw_block, layout_text

HEADLINES = {
    "en": "‘Fake News’ Is Not Free Speech: Korea’s Press Arbitration Act Explained",
    "ko": "한국 언론중재법 개정안, ‘가짜 뉴스’ 막을 수 있을까? Samsung 🇰🇷 반응은 ❤️",
    "ja": "東京都の新しい「デジタル庁」が発足、行政手続きのオンライン化を加速へ。",
    "zh": "中国经济增长放缓，政府推出新的刺激措施以提振消费者信心。",
    "zh-TW": "臺灣總統府宣布新的經濟政策，支持中小企業發展。",
    "ar": "مجلس الأمن يدعو إلى وقف فوري لإطلاق النار في غزة 2024",
    "he": "ראש הממשלה נפגש עם נשיא ארצות הברית בוושינגטון",
    "el-ru": "Αθήνα: Η κυβέρνηση ανακοινώνει νέα μέτρα — Москва объявила о новых санкциях",
    "emoji": "Emoji party 🎉👨‍👩‍👧‍👦 🏳️‍🌈 👍🏽 keycap 1️⃣ and ❤️",
    "hostile": "<script>alert('x')</script> &amp; \u202eevil\u202c Ṱ̺̺̕o͞ ̷i̲̬͇̪͙n̝̗͕v̟̜̘̦͟o̶̙̰̠kè͚̮̺̪̹̱̤",
}


def fit(text: str, lang: str, width: float = 1000, height: float = 300, **kw: int) -> TextBlock:
    stack = font_stack(script_hint(text, lang), 700)
    options = {"max_size": 72, "min_size": 28, "max_lines": 4} | kw
    return layout_text(text, stack, width, height, **options)


@pytest.mark.parametrize("lang", sorted(HEADLINES))
def test_every_cluster_is_drawn_with_a_font_that_has_it(lang: str) -> None:
    block = fit(HEADLINES[lang], lang.split("-")[0] if lang != "zh-TW" else lang)
    if lang == "hostile":  # Zalgo marks Inter lacks: reported, base letters kept
        assert all(unicodedata.category(c) == "Mn" for c in block.missing)
    else:
        assert block.missing == ()
    assert block.lines
    for cluster, face in block.faces():
        assert face.covers(cluster), (cluster, face.family)
    assert all(line.width <= 1000.5 for line in block.lines)
    assert block.height <= 300


@pytest.mark.parametrize("lang", sorted(set(HEADLINES) - {"hostile"}))
def test_nothing_is_lost_or_added(lang: str) -> None:
    text = HEADLINES[lang]
    block = fit(text, lang)
    assert not block.clamped
    drawn = "".join(ch for ch in block.text if not ch.isspace())
    assert drawn == "".join(ch for ch in text if not ch.isspace())


def test_three_fonts_in_one_korean_line() -> None:
    block = fit("삼성 Galaxy 출시 🎉", "ko")
    assert len(block.lines) == 1
    families = [run.face.family for run in block.lines[0].runs]
    assert {"Inter", "Noto Sans CJK KR", "Twemoji Mozilla"} <= set(families)


def test_punctuation_keeps_the_font_around_it() -> None:
    block = fit("‘가짜 뉴스’", "ko")
    assert {f.family for _, f in block.faces()} == {"Noto Sans CJK KR"}


def test_han_follows_the_language() -> None:
    for lang, family in (("ja", "JP"), ("zh", "SC"), ("zh-TW", "TC"), ("ko", "KR")):
        block = fit("直", lang)
        assert block.faces()[0][1].family == f"Noto Sans CJK {family}"
    assert fit("日本の直", "en").faces()[-1][1].family == "Noto Sans CJK JP"


def test_korean_breaks_only_between_words() -> None:
    text = "대한민국 정부는 오늘 새로운 경제정책을 발표하면서 중소기업 지원을 확대하겠다고 밝혔다"
    block = fit(text, "ko", width=400, height=1000, max_lines=20, max_size=40, min_size=40)
    assert len(block.lines) > 2
    words = text.split()
    for line in block.lines:
        assert line.text.strip().split() == words[: len(line.text.split())]
        words = words[len(line.text.split()) :]


@pytest.mark.parametrize(
    "text", [HEADLINES["ja"], HEADLINES["zh"], "「東京」（日本）、「大阪」。" * 4]
)
def test_cjk_no_break_before_closing_or_after_opening(text: str) -> None:
    for width in range(160, 700, 37):
        block = fit(text, "ja", width=width, height=2000, max_lines=50, max_size=32, min_size=32)
        for line in block.lines:
            assert line.text[0] not in "、。，」）』】"
            assert line.text[-1] not in "「（『【"


def test_lines_are_balanced_without_a_lonely_last_word() -> None:
    text = "Seoul announces sweeping reform of the press arbitration law after months of debate"
    block = fit(text, "en", width=1300, max_size=60, min_size=60)
    widths = [line.width for line in block.lines]
    assert len(widths) == 2
    assert min(widths) > 0.7 * max(widths)
    assert len(block.lines[-1].text.split()) > 1


def test_size_shrinks_to_fit_and_stays_within_range() -> None:
    short = fit("Short headline", "en")
    long = fit(HEADLINES["en"] * 2, "en")
    assert short.size == 72
    assert 28 <= long.size < 72
    assert not long.clamped


def test_clamp_ends_at_a_break_with_an_ellipsis() -> None:
    text = " ".join(f"word{i}" for i in range(120))  # about 300 characters
    block = fit(text, "en", width=800, height=200, max_lines=3)
    assert block.clamped
    assert len(block.lines) == 3
    last = block.lines[-1].text
    assert last.endswith(ELLIPSIS)
    kept = " ".join(line.text for line in block.lines).replace(ELLIPSIS, "")
    # The cut falls between words: what is left is whole words of the original.
    assert all(word in text.split() for word in kept.split())
    assert len(last.replace(ELLIPSIS, "").split()) >= 1
    assert all(line.width <= 800.5 for line in block.lines)


def test_clamp_never_leaves_a_lone_ellipsis_line() -> None:
    text = "Supercalifragilisticexpialidocious " * 12
    block = fit(text, "en", width=700, height=120, max_lines=2)
    assert block.clamped
    assert block.lines[-1].text.strip() != ELLIPSIS
    assert all(line.width <= 700.5 for line in block.lines)


def test_unbreakable_text_is_split_rather_than_overflowing() -> None:
    url = "https://example.com/" + "a" * 200
    block = fit(url, "en", width=600, height=200, max_lines=3)
    assert all(line.width <= 600.5 for line in block.lines)


def test_right_to_left_runs() -> None:
    block = fit(HEADLINES["ar"], "ar")
    assert block.rtl
    assert all(run.rtl for line in block.lines for run in line.runs if not run.text.isdigit())
    mixed = fit("Apple تعلن عن iPhone جديد", "ar", width=2000)
    (line,) = mixed.lines
    # base direction is left to right (first strong letter is Latin): Apple first, on the left
    assert line.runs[0].text.startswith("Apple")


def test_characters_no_font_covers_are_reported_not_drawn(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="sharekit"):
        block = fit("Private \U0010fffd use", "en")
    assert block.missing == ("\U0010fffd",)
    assert "\U0010fffd" not in block.text
    assert "U+10FFFD" in caplog.text


def test_system_fonts_are_a_last_resort() -> None:
    # Cherokee: a script the bundled fonts leave to the system (SPEC 7.3 does not list it).
    if _fonts.system_face_for(0x13A0, 700) is None:
        pytest.skip("no system font with Cherokee (fonts-noto-core)")
    block = fit("Tahlequah ᏓᎵᏆ", "en")
    assert block.missing == ()
    assert any(face.role == "system" for _, face in block.faces())


def test_missing_fribidi_is_reported_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from PIL import features

    monkeypatch.setattr(features, "check", lambda name: False)
    _fonts.clear_caches()
    _fonts.has_raqm.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="sharekit"):
            assert not _fonts.has_raqm()
            assert not _fonts.has_raqm()
            block = fit("שלום עולם", "he", max_size=40, min_size=40)
        assert caplog.text.count("libfribidi0") == 1
        # Without shaping, letters are still put in visual (right-to-left) order.
        (line,) = block.lines
        assert line.runs[0].text.startswith("םלוע")
    finally:
        monkeypatch.undo()
        _fonts.has_raqm.cache_clear()
        _fonts.clear_caches()
        from sharekit.card import _breaks, _runs

        _breaks.prepare.cache_clear()
        _runs.measure.cache_clear()


def render(text: str, lang: str) -> bytes:
    image = Image.new("RGB", (1100, 320), "#0b1f3a")
    block = fit(text, lang)
    draw_block(image, block, (50, 10, 1000, 300), "#ffffff")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_drawing_is_deterministic_and_inks_inside_the_box() -> None:
    assert render(HEADLINES["ko"], "ko") == render(HEADLINES["ko"], "ko")
    image = Image.open(io.BytesIO(render(HEADLINES["emoji"], "en")))
    assert image.size == (1100, 320)
    left, _, right, _ = image.point(lambda v: 255 if v > 80 else 0).getbbox() or (0,) * 4
    assert left >= 50 and right <= 1050


def test_emoji_are_drawn_in_colour() -> None:
    image = Image.open(io.BytesIO(render("❤️🎉", "en"))).convert("RGB")
    colours = {rgb for _, rgb in image.getcolors(1 << 20) or [] if rgb[0] > 150 and rgb[1] < 80}
    assert colours  # red from the heart, not only white text


def test_caches_are_bounded() -> None:
    from sharekit.card import _breaks, _runs

    for cached in (
        _fonts.pil_font,
        _fonts.font_stack,
        _fonts._pick,
        _runs.measure,
        _breaks.prepare,
        _fonts.system_face_for,
    ):
        assert cached.cache_info().maxsize is not None


def test_a_spaced_dash_ends_a_line_instead_of_starting_one() -> None:
    text = HEADLINES["el-ru"]
    for width in range(500, 1400, 50):
        block = fit(text, "en", width=width, height=2000, max_lines=20, max_size=48, min_size=48)
        assert all(not line.text.startswith(("—", "–")) for line in block.lines)


def test_a_space_joined_to_a_prepended_mark_stays_in_its_cluster() -> None:
    # U+0600 (Arabic number sign) is a grapheme "prepend": "\u0600 " is one
    # cluster, so the unit's white space is part of its body, not a trailing space.
    block = fit("\u0600 12 \u0605 34", "ar")
    assert "".join(ch for ch in block.text if not ch.isspace()) == "\u060012\u060534"


@pytest.mark.parametrize(
    ("align", "ltr", "rtl"),
    [
        ("start", "left", "right"),
        ("end", "right", "left"),
        ("left", "left", "left"),
        ("center", "center", "center"),
        ("right", "right", "right"),
    ],
)
def test_start_and_end_follow_the_text_direction(align: str, ltr: str, rtl: str) -> None:
    assert (align_side(align, rtl=False), align_side(align, rtl=True)) == (ltr, rtl)


@pytest.mark.parametrize(("text", "lang"), [("Short", "en"), ("שלום", "he")])
def test_a_line_starts_on_the_side_its_direction_starts(text: str, lang: str) -> None:
    block = fit(text, lang, max_size=40, min_size=40)
    box = (50.0, 10.0, 1000.0, 300.0)
    image = Image.new("RGB", (1100, 320))
    start = draw_block(image, block, box, "#ffffff", align="start")
    end = draw_block(image, block, box, "#ffffff", align="end")
    left, right = (start, end) if lang == "en" else (end, start)
    # Within a pixel: a glyph overhanging its advance is pulled back inside the box.
    assert left[0] == pytest.approx(50, abs=1) and left[2] < 1050
    assert right[2] == pytest.approx(1050, abs=1) and right[0] > 50

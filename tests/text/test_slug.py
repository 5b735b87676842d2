"""Slugs (SPEC 2.1): real headlines, every script, safety under any input."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sharekit import slugify, unique_slug
from sharekit.text._korean import romanize
from sharekit.text._slug import is_safe_slug
from tests.conftest import naughty_strings

SEED = "Russia Calls Out ‘Fake News’ on North Korean Troops, But U.S. Sees Signs"


def test_seed_headline() -> None:
    assert slugify(SEED) == "russia-calls-out-fake-news-on-north-korean-troops-but-us-sees-signs"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Korea’s economy grows", "koreas-economy-grows"),
        ("Don't panic", "dont-panic"),
        ("U.K. and E.U. agree", "uk-and-eu-agree"),
        ("Salt & Pepper", "salt-and-pepper"),
        ("AT&T buys Time Warner", "att-buys-time-warner"),
        ("“Quoted” «words» 'here'", "quoted-words-here"),
        ("Crème brûlée à la française", "creme-brulee-a-la-francaise"),
        ("Über Straße", "uber-strasse"),
        ("Привет, мир: новости", "privet-mir-novosti"),
        ("Ελληνικά νέα", "ellenika-nea"),
        ("北京欢迎你", "bei-jing-huan-ying-ni"),
    ],
)
def test_headline_punctuation_and_scripts(text: str, expected: str) -> None:
    assert slugify(text) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("독립문", "dongnimmun"),  # nasalisation, the case Unidecode gets wrong (dogribmun)
        ("종로", "jongno"),
        ("신라", "silla"),
        ("한국어", "hangugeo"),  # liaison
        ("북한", "bukhan"),
        ("서울특별시", "seoulteukbyeolsi"),
        ("설날", "seollal"),
        ("굳이", "guji"),  # palatalisation
        ("좋고", "joko"),  # aspiration
        ("없어", "eopseo"),
        ("라면", "ramyeon"),
    ],
)
def test_korean_revised_romanization(word: str, expected: str) -> None:
    assert romanize(word) == expected


def test_korean_headline() -> None:
    assert (
        slugify("북한, 러시아에 병력 파견… “증거 있다”")
        == "bukhan-reosiae-byeongnyeok-pagyeon-jeunggeo-itda"
    )


def test_korean_unicode_keeps_hangul() -> None:
    assert slugify("북한, 러시아에 병력 파견", allow_unicode=True) == "북한-러시아에-병력-파견"


def test_japanese_reads_kanji_as_japanese() -> None:
    # Unidecode reads 北朝鮮 as Mandarin (bei-zhao-xian); pykakasi reads it as Japanese.
    slug = slugify("北朝鮮がミサイルを発射")
    assert slug.startswith("kitachousen")
    assert "bei" not in slug


def test_japanese_without_pykakasi_is_unicode_never_pinyin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sharekit.text import _slug

    monkeypatch.setattr(_slug, "_kakasi", lambda: None)
    slug = slugify("北朝鮮がミサイルを発射")
    by_lang = slugify("東京", lang="ja")
    assert slug == "北朝鮮がミサイルを発射"
    assert by_lang == "東京"
    assert slugify("東京", lang="zh") == "dong-jing"  # Chinese stays pinyin


def test_lang_overrides_script_detection() -> None:
    assert slugify("東京", lang="ja") == "toukyou"
    assert slugify("東京", lang="zh") == "dong-jing"
    assert slugify("東京") == "dong-jing"  # Han alone: Chinese


def test_max_length_cuts_at_word_boundary() -> None:
    assert slugify("one two three four five", max_length=12) == "one-two"
    assert slugify("one two three", max_length=7) == "one-two"
    assert slugify("abcdefghijklmnop", max_length=10) == "abcdefghij"  # one long word: hard cut
    long = slugify("word " * 100)
    assert len(long.encode()) <= 200 and not long.endswith("-")


def test_separator_and_stopwords() -> None:
    assert slugify("The Quick Brown Fox", separator="_", stopwords=["the"]) == "quick_brown_fox"
    with pytest.raises(Exception, match="separator"):
        slugify("x", separator="/")


def test_never_empty_and_stable() -> None:
    first = slugify("😀🎉")
    assert first == slugify("😀🎉")
    assert first.startswith("article-") and is_safe_slug(first)
    assert slugify("...") != ""
    assert slugify("con") == "con-article"  # Windows reserved device name


def test_unique_slug_like_wordpress() -> None:
    assert unique_slug("news", set()) == "news"
    assert unique_slug("news", {"news"}) == "news-2"
    assert unique_slug("news", {"news", "news-2", "news-3"}) == "news-4"


def _assert_safe(slug: str) -> None:
    assert slug, "empty slug"
    assert is_safe_slug(slug), slug
    assert "/" not in slug and "\\" not in slug and ".." not in slug
    assert not re.search(r"[\x00-\x1f\x7f]", slug)


@pytest.mark.parametrize("allow_unicode", [False, True])
def test_naughty_strings_give_safe_stable_slugs(allow_unicode: bool) -> None:
    for text in naughty_strings():
        slug = slugify(text, allow_unicode=allow_unicode)
        _assert_safe(slug)
        assert slug == slugify(text, allow_unicode=allow_unicode)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.booleans(), st.one_of(st.none(), st.integers(1, 80)))
def test_any_text_gives_a_safe_slug(text: str, allow_unicode: bool, max_length: int | None) -> None:
    slug = slugify(text, allow_unicode=allow_unicode, max_length=max_length)
    _assert_safe(slug)
    if max_length is not None:
        assert len(slug) <= max_length
    assert slug == slugify(text, allow_unicode=allow_unicode, max_length=max_length)

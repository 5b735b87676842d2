"""Revised Romanization of Korean (2000), with the sound changes slugs need.

Written from the National Institute of Korean Language rules rather than
depending on korean-romanizer (GPL-3.0). Unidecode romanises syllable by
syllable (독립문 -> dogribmun); the rules below read words as spoken
(dongnimmun): liaison, nasalisation, lateralisation, aspiration and
palatalisation between syllables of one word.
"""

from __future__ import annotations

_INITIALS = (
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
)
_MEDIALS = tuple("a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split())
# Finals by index (0 = none), as jamo so the rules can reason about them.
_FINALS = (
    "",
    *"ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ".split(),
)
_INITIAL_JAMO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
# How a final sounds at the end of a syllable (neutralised).
_CODA = dict(
    zip(
        _FINALS,
        ("", *"k k k n n n t l k m l l l p l m p p t t ng t t k t p t".split()),
        strict=True,
    )
)
# Liaison before a silent ㅇ: (what stays, what moves to the next syllable).
_LIAISON = {
    final: tuple(sounds.split("/"))
    for final, sounds in zip(
        _FINALS[1:],
        "/g /kk k/s /n n/j /n /d /r l/g l/m l/b l/s l/t l/p /r /m /b p/s /s /ss ng/ /j /ch /k /t /p /".split(),
        strict=True,
    )
}
_NASAL = {"k": "ng", "t": "n", "p": "m"}
_ASPIRATED = {"g": "k", "d": "t", "j": "ch", "b": "p"}


def _syllable(char: str) -> tuple[str, int, str] | None:
    code = ord(char) - 0xAC00
    if not 0 <= code < 11172:
        return None
    return _INITIAL_JAMO[code // 588], code % 588 // 28, _FINALS[code % 28]


def _join(coda_jamo: str, initial: str, medial: int) -> tuple[str, str]:
    """Romanise a final and the next syllable's initial, applying the sound changes."""
    onset = _INITIALS[_INITIAL_JAMO.index(initial)]
    if initial == "ㅇ":
        stay, move = _LIAISON.get(coda_jamo, ("", ""))
        if coda_jamo in ("ㄷ", "ㅌ") and _MEDIALS[medial] == "i":  # palatalisation: 굳이 guji
            move = "j" if coda_jamo == "ㄷ" else "ch"
        return stay, move
    coda = _CODA[coda_jamo]
    if coda_jamo in ("ㅎ", "ㄶ", "ㅀ") and onset in _ASPIRATED:  # 좋고 joko
        return ("n" if coda_jamo == "ㄶ" else "l" if coda_jamo == "ㅀ" else ""), _ASPIRATED[onset]
    if initial == "ㄹ":
        if coda in ("n", "l"):  # 신라 silla, 설립 seollip
            return "l", "l"
        if coda:  # 종로 jongno, 협력 hyeomnyeok
            return _NASAL.get(coda, coda), "n"
    if initial == "ㄴ" and coda == "l":  # 설날 seollal
        return "l", "l"
    if initial in ("ㄴ", "ㅁ") and coda in _NASAL:  # 독립문 dongnimmun, 입니다 imnida
        return _NASAL[coda], onset
    return coda, onset


def romanize_word(word: str) -> str:
    """Romanise one word; characters that are not Hangul syllables pass through."""
    out: list[str] = []
    pending_onset: str | None = None  # the onset already decided by the previous syllable
    chars = list(word)
    for index, char in enumerate(chars):
        parts = _syllable(char)
        if parts is None:
            pending_onset = None
            out.append(char)
            continue
        initial, medial, final = parts
        onset = (
            pending_onset if pending_onset is not None else _INITIALS[_INITIAL_JAMO.index(initial)]
        )
        if initial == "ㄹ" and pending_onset is None:
            onset = "r" if index == 0 or _syllable(chars[index - 1]) is None else "l"
        following = _syllable(chars[index + 1]) if index + 1 < len(chars) else None
        if following is not None:
            coda, pending_onset = _join(final, following[0], following[1])
        else:
            coda, pending_onset = _CODA[final], None
        out.append(onset + _MEDIALS[medial] + coda)
    return "".join(out)


def romanize(text: str) -> str:
    """Romanise Hangul in ``text`` word by word (sound changes stop at spaces)."""
    return " ".join(romanize_word(word) for word in text.split(" "))

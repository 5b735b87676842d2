#!/usr/bin/env python3
"""Build the bundled card fonts in assets/fonts/ (maintainers only, not run in CI).

Sources (installed beforehand, nothing is fetched from a font CDN):

* Inter 4.1 variable: ``pip install fontpkg-inter==4.1.post1``
* Noto Sans CJK (Bold and Regular TTC): ``apt-get install fonts-noto-cjk``
* Noto Sans Arabic, Hebrew and the scripts of ``SCRIPTS`` below (Armenian to
  Ethiopic): ``apt-get install fonts-noto-core``
* Twemoji COLRv0: ``npm pack twemoji-colr-font@15.0.3`` unpacked into
  ``--twemoji DIR`` (the folder holding ``twemoji.woff2``)

Needs ``fonttools`` and ``brotli``. Writes the subset fonts, their licence
files, NOTICE and manifest.json (sha256 + coverage ranges), so that run time
needs no fontTools. CI only checks the result (tests/test_card_fonts.py).

    python tools/build_fonts.py --twemoji /tmp/npmtw/package
"""

from __future__ import annotations

import argparse
import codecs
import hashlib
import importlib.metadata
import io
import json
import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent
from fontTools.varLib import instancer

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "fonts"
CJK_DIR = Path("/usr/share/fonts/opentype/noto")
CORE_DIR = Path("/usr/share/fonts/truetype/noto")
# Face order inside Debian's NotoSansCJK-*.ttc (checked against the name table below).
CJK_FACES = {"JP": 0, "KR": 1, "SC": 2, "TC": 3}

# Vertical-writing features are useless on a horizontal card; locl is not
# needed because each language gets its own face.
DROP_FEATURES = {"vert", "vrt2", "vkrn", "vpal", "vhal", "vchw", "valt", "locl"}


def span(a: int, b: int) -> set[int]:
    return set(range(a, b + 1))


def double_byte(codec: str, leads: Iterable[int], trails: Iterable[int]) -> set[int]:
    """Every character a double-byte legacy codec maps for these lead/trail bytes."""
    out: set[int] = set()
    trail_list = list(trails)
    for lead in leads:
        for trail in trail_list:
            try:
                text = codecs.decode(bytes([lead, trail]), codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                out.add(ord(text))
    return out


ASCII = span(0x20, 0x7E)
PUNCT = span(0x2000, 0x206F) | {0x00A0, 0x00B7, 0x00D7, 0x00F7}
CJK_SYMBOLS = span(0x3000, 0x303F)
FULLWIDTH = span(0xFF00, 0xFFEF)
KANA = span(0x3040, 0x30FF) | span(0x31F0, 0x31FF)
HANGUL = (
    span(0xAC00, 0xD7A3)  # 11,172 syllables
    | span(0x1100, 0x11FF)  # jamo
    | span(0x3130, 0x318F)  # compatibility jamo
    | span(0xA960, 0xA97F)  # jamo extended A
    | span(0xD7B0, 0xD7FF)  # jamo extended B
)
CJK_COMMON = ASCII | PUNCT | CJK_SYMBOLS | FULLWIDTH | span(0x3200, 0x32FF) | span(0x3300, 0x33FF)
KS_X_1001 = double_byte("euc_kr", range(0xA1, 0xFF), range(0xA1, 0xFF))
JIS_X_0208 = double_byte("euc_jp", range(0xA1, 0xF5), range(0xA1, 0xFF))
GB_2312 = double_byte("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
BIG5_TRAILS = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
BIG5_LEVEL1 = double_byte("big5", range(0xA1, 0xC7), BIG5_TRAILS)  # symbols + level 1
BOPOMOFO = span(0x3100, 0x312F) | span(0x31A0, 0x31BF)


# The scripts of SPEC 7.3 beyond Latin, Han, Arabic and Hebrew: (Noto Sans
# family, role = ISO 15924 code, languages written in it). Bold draws headlines
# and site names, Regular the bylines; all are small once unhinted.
SCRIPTS = [
    ("Armenian", "Armn", ["hy"]),
    ("Georgian", "Geor", ["ka"]),
    ("Devanagari", "Deva", ["hi", "mr", "ne", "sa", "mai", "bho", "kok"]),
    ("Bengali", "Beng", ["bn", "as", "mni"]),
    ("Gurmukhi", "Guru", ["pa"]),
    ("Gujarati", "Gujr", ["gu"]),
    ("Oriya", "Orya", ["or"]),
    ("Tamil", "Taml", ["ta"]),
    ("Telugu", "Telu", ["te"]),
    ("Kannada", "Knda", ["kn"]),
    ("Malayalam", "Mlym", ["ml"]),
    ("Sinhala", "Sinh", ["si"]),
    ("Thai", "Thai", ["th"]),
    ("Lao", "Laoo", ["lo"]),
    ("Khmer", "Khmr", ["km"]),
    ("Myanmar", "Mymr", ["my"]),
    ("Ethiopic", "Ethi", ["am", "ti", "om"]),
]


def cjk_options() -> subset.Options:
    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.drop_tables += ["vhea", "vmtx", "VORG"]
    options.layout_features = [f for f in options.layout_features if f not in DROP_FEATURES]
    return options


def plain_options() -> subset.Options:
    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = ["*"]
    return options


def save(font: TTFont, path: Path) -> None:
    """Save keeping the source's head.modified, so a rebuild gives the same bytes."""
    font.recalcTimestamp = False
    font.save(path)


def do_subset(font: TTFont, unicodes: set[int], options: subset.Options) -> TTFont:
    cmap = set(font.getBestCmap())
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(unicodes & cmap))
    subsetter.subset(font)
    return font


def build_inter() -> tuple[str, str]:
    dist = importlib.metadata.distribution("fontpkg-inter")
    src = Path(str(dist.locate_file("fontpkg_inter/files/Inter[opsz,wght].ttf")))
    font = TTFont(src)
    # Pin the optical size at its display end (headlines); keep the weight axis.
    font = instancer.instantiateVariableFont(font, {"opsz": 32})
    buffer = io.BytesIO()
    font.recalcTimestamp = False
    font.save(buffer)  # reload: the subsetter trips over the instancer's lazy gvar
    buffer.seek(0)
    font = TTFont(buffer)
    cmap = set(font.getBestCmap())
    # Everything Inter has for Latin, Greek and Cyrillic plus punctuation,
    # currency, letterlike symbols, number forms and arrows.
    # fmt: off
    wanted = (
        span(0x0020, 0x024F) | span(0x0250, 0x02FF) | span(0x0300, 0x036F)
        | span(0x0370, 0x03FF) | span(0x0400, 0x052F) | span(0x1C80, 0x1C8F)
        | span(0x1D00, 0x1DBF) | span(0x1E00, 0x1EFF) | span(0x1F00, 0x1FFF)
        | span(0x2000, 0x206F) | span(0x2070, 0x209F) | span(0x20A0, 0x20CF)
        | span(0x2100, 0x218F) | span(0x2190, 0x21FF) | span(0x2200, 0x22FF)
        | span(0x2C60, 0x2C7F) | span(0x2DE0, 0x2DFF) | span(0xA640, 0xA69F)
        | span(0xA720, 0xA7FF) | span(0xAB30, 0xAB6F) | span(0xFB00, 0xFB06)
    )
    # fmt: on
    do_subset(font, wanted & cmap, plain_options())
    name = "Inter-LGC[wght].ttf"
    save(font, OUT / name)
    return name, f"fontpkg-inter {dist.version} (PyPI), Inter[opsz,wght].ttf"


def build_cjk(region: str, weight: str, unicodes: set[int]) -> tuple[str, str]:
    src = CJK_DIR / f"NotoSansCJK-{weight}.ttc"
    collection = TTCollection(src)
    face = collection.fonts[CJK_FACES[region]]
    family = face["name"].getDebugName(1)
    assert family == f"Noto Sans CJK {region}", family
    do_subset(face, unicodes, cjk_options())
    name = f"NotoSans{region}-{weight}.otf"
    save(face, OUT / name)
    version = deb_version("fonts-noto-cjk")
    return name, f"Debian fonts-noto-cjk {version}, {src.name} face {CJK_FACES[region]}"


def build_core(family: str, weight: str) -> tuple[str, str]:
    src = CORE_DIR / f"NotoSans{family}-{weight}.ttf"
    font = TTFont(src)
    do_subset(font, set(font.getBestCmap()), plain_options())  # all of it, minus hinting
    name = f"NotoSans{family}-{weight}.ttf"
    save(font, OUT / name)
    return name, f"Debian fonts-noto-core {deb_version('fonts-noto-core')}, {src.name}"


def build_twemoji(package: Path) -> tuple[str, str]:
    font = TTFont(package / "twemoji.woff2")
    font.flavor = None  # WOFF2 -> plain TrueType: FreeType would re-inflate it on every open
    glyf = font["glyf"]
    # Pillow sizes the bitmap of a COLR glyph from its base outline, and the
    # stock font's base glyphs are empty (nothing drawn). Make each empty base
    # glyph a composite of its own layers: the bbox becomes right, and FreeType
    # still paints the coloured layers.
    fixed = 0
    for base, layers in font["COLR"].ColorLayers.items():
        glyph = glyf[base]
        if glyph.numberOfContours != 0:
            continue
        composite = Glyph()
        composite.numberOfContours = -1
        composite.components = []
        for layer in layers:
            component = GlyphComponent()
            component.glyphName = layer.name
            component.x = component.y = 0
            component.flags = 0x0004 if not composite.components else 0  # ROUND_XY_TO_GRID
            composite.components.append(component)
        glyf[base] = composite
        fixed += 1
    print(f"twemoji: {fixed} empty base glyphs made composites of their layers")
    font["head"].flags |= 0  # keep flags; bboxes are recalculated on save
    name = "Twemoji-COLRv0.ttf"
    save(font, OUT / name)
    version = json.loads((package / "package.json").read_text())["version"]
    return name, f"npm twemoji-colr-font {version}, twemoji.woff2"


def deb_version(package: str) -> str:
    return subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], check=True, capture_output=True, text=True
    ).stdout


def ranges(codepoints: Iterable[int]) -> str:
    """Compact coverage: space-separated hex code points and ``first-last`` ranges."""
    pairs: list[list[int]] = []
    for cp in sorted(codepoints):
        if pairs and cp == pairs[-1][1] + 1:
            pairs[-1][1] = cp
        else:
            pairs.append([cp, cp])
    return " ".join(f"{a:x}" if a == b else f"{a:x}-{b:x}" for a, b in pairs)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--twemoji", type=Path, required=True, help="unpacked twemoji-colr-font")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.[ot]tf"):
        old.unlink()

    cjk = CJK_COMMON
    # role, weight(s), languages, build
    plan: list[
        tuple[str, list[int], list[str], Callable[..., tuple[str, str]], tuple[Any, ...]]
    ] = [
        ("latin", [100, 900], ["*"], build_inter, ()),
        ("ko", [700], ["ko"], build_cjk, ("KR", "Bold", cjk | HANGUL | KS_X_1001)),
        ("ko", [400], ["ko"], build_cjk, ("KR", "Regular", cjk | HANGUL)),
        ("ja", [700], ["ja"], build_cjk, ("JP", "Bold", cjk | KANA | JIS_X_0208)),
        (
            "zh-Hans",
            [700],
            ["zh", "zh-Hans", "zh-CN", "zh-SG"],
            build_cjk,
            ("SC", "Bold", cjk | BOPOMOFO | GB_2312),
        ),
        (
            "zh-Hant",
            [700],
            ["zh-Hant", "zh-TW", "zh-HK", "zh-MO"],
            build_cjk,
            ("TC", "Bold", cjk | BOPOMOFO | BIG5_LEVEL1),
        ),
        ("ar", [700], ["ar", "fa", "ur"], build_core, ("Arabic", "Bold")),
        ("ar", [400], ["ar", "fa", "ur"], build_core, ("Arabic", "Regular")),
        ("he", [700], ["he", "yi"], build_core, ("Hebrew", "Bold")),
        ("he", [400], ["he", "yi"], build_core, ("Hebrew", "Regular")),
    ]
    for family, role, langs in SCRIPTS:
        plan.append((role, [700], langs, build_core, (family, "Bold")))
        plan.append((role, [400], langs, build_core, (family, "Regular")))
    plan.append(("emoji", [400], ["*"], build_twemoji, (args.twemoji,)))
    manifest = []
    notice = [
        "Fonts bundled with sharekit",
        "===========================",
        "",
        "Built by tools/build_fonts.py. Every font is a Modified Version (subset,",
        "hinting removed, see 'changes'); none uses a Reserved Font Name.",
        "Licences: OFL-1.1 (OFL-Inter.txt, OFL-Noto.txt) for Inter and Noto;",
        "the Twemoji artwork is CC-BY-4.0 (Twemoji-LICENSE.md), see below.",
        "",
    ]
    changes = {
        build_inter: "opsz axis pinned at 32 (wght kept); subset to Latin, Greek, Cyrillic, "
        "punctuation, currency, letterlike, arrows; TrueType",
        build_cjk: "subset (see coverage in manifest.json); hinting, vertical metrics and "
        "vertical/locl features removed; all name records kept",
        build_core: "hinting removed; every character of the original kept",
        build_twemoji: "WOFF2 decompressed to TrueType; empty COLR base glyphs replaced by "
        "composites of their colour layers so renderers size them correctly",
    }
    for role, weights, langs, build, build_args in plan:
        name, source = build(*build_args)
        path = OUT / name
        font = TTFont(path)
        cmap = set(font.getBestCmap())
        entry = {
            "file": name,
            "sha256": sha256(path),
            "bytes": path.stat().st_size,
            "family": font["name"].getDebugName(1),
            "role": role,
            "weights": weights,
            "variable": "fvar" in font,
            "color": "COLR" in font,
            "languages": langs,
            "characters": len(cmap),
            "coverage": ranges(cmap),
        }
        manifest.append(entry)
        licence = "CC-BY-4.0 (artwork), OFL-1.1 (font)" if role == "emoji" else "OFL-1.1"
        notice += [
            name,
            f"  source:  {source}",
            f"  licence: {licence}",
            f"  sha256:  {entry['sha256']}",
            f"  changes: {changes[build]}",
            "",
        ]
        print(f"{name:32} {entry['bytes']:>9,} bytes {len(cmap):>6} chars")

    notice += [
        "Twemoji attribution (CC-BY-4.0): emoji graphics by Twitter, Inc and other",
        "contributors, https://github.com/twitter/twemoji, licensed under CC-BY 4.0",
        "(https://creativecommons.org/licenses/by/4.0/); COLR font build by",
        "twemoji-colr (Mozilla) as packaged in npm twemoji-colr-font.",
        "",
    ]
    (OUT / "NOTICE").write_text("\n".join(notice), encoding="utf-8")
    (OUT / "manifest.json").write_text(
        '{\n "fonts": [\n  '
        + ",\n  ".join(json.dumps(e, ensure_ascii=False) for e in manifest)
        + "\n ]\n}\n",
        encoding="utf-8",
    )
    inter_licence = Path(
        str(importlib.metadata.distribution("fontpkg-inter").locate_file("fontpkg_inter/LICENSE"))
    )
    shutil.copyfile(inter_licence, OUT / "OFL-Inter.txt")
    noto_licence = (
        "Copyright 2010-2020 Google LLC (Noto Sans Arabic, Hebrew, Armenian, Georgian,\n"
        "Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam,\n"
        "Sinhala, Thai, Lao, Khmer, Myanmar, Ethiopic)\n"
        "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'\n"
        "(Noto Sans CJK; the names 'Noto Sans KR/JP/SC/TC' used here do not contain it)\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        "This license is copied below, and is also available with a FAQ at:\n"
        "https://openfontlicense.org\n\n"
    )
    ofl_body = inter_licence.read_text(encoding="utf-8").split("-----", 1)
    body = ("-----" + ofl_body[1]) if len(ofl_body) == 2 else inter_licence.read_text()
    (OUT / "OFL-Noto.txt").write_text(noto_licence + body, encoding="utf-8")
    shutil.copyfile(args.twemoji / "LICENSE", OUT / "Twemoji-LICENSE.md")
    total = sum(e["bytes"] for e in manifest)
    print(f"total {total:,} bytes")


if __name__ == "__main__":
    main()

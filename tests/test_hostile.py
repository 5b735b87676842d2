"""Hostile input: every class of issue 16 through the real CLI, in a subprocess.

Each case runs ``python -m sharekit`` under a memory limit and a timeout
(tests/helpers_hostile.py) and asserts what a user can act on: exit 2 (3 for
the network), one line on stderr naming the problem, no traceback, and
nothing written beyond the output the command was asked for. Cases that read
records run through every command that reads a record. Cases are data (the
``RECORDS``, ``CONFIGS``, ``LAYOUTS`` and ``FONTS`` tables) so that
``docs/hardening.md``'s before/after figures come from the same inputs.
"""

from __future__ import annotations

import gzip
import json
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.helpers_hostile import Outcome, assert_clean_failure, run_sharekit, tree
from tests.helpers_net import bomb_png
from tests.helpers_servers import Server

if TYPE_CHECKING:
    from PIL import Image

GOOD = {"title": "A fine headline", "url": "https://news.example/a", "published": "2024-10-24"}
DEEP = 100_000
PLAIN_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _nest(depth: int) -> str:
    return "[" * depth + "]" * depth


def _alias_bomb(field: str) -> str:
    """A YAML record whose ``field`` expands to 9**9 strings (a few hundred bytes on disk)."""
    text = f'url: https://news.example/a\n{field}: [&a ["lol","lol","lol","lol","lol","lol","lol"]'
    previous = "a"
    for name in "bcdefghi":
        text += f", &{name} [{','.join('*' + previous for _ in range(9))}]"
        previous = name
    return text + "]\n"


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _link(path: Path, target: str) -> Path:
    path.symlink_to(target)
    return path


@dataclass(frozen=True)
class Case:
    """A hostile file: ``make(folder)`` writes it and returns its path."""

    id: str
    make: Callable[[Path], Path]
    mentions: str


def _write(name: str, content: str | bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return make


def _record(name: str, **fields: object) -> Callable[[Path], Path]:
    return _write(name, json.dumps({**GOOD, **fields}, ensure_ascii=False))


def _sparse(name: str, size: int) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        with path.open("wb") as handle:
            handle.truncate(size)  # sparse: no disk used, but stat says size
        return path

    return make


RECORDS = [
    Case("json-deep", _write("deep.json", "[" * DEEP), "nested too deeply"),
    Case(
        "json-deep-field",
        _write("field.json", '{"title": "x", "tags": ' + _nest(DEEP) + "}"),
        "nested too deeply",
    ),
    Case("json-40-levels", _record("forty.json", tags=json.loads(_nest(40))), "nested too deeply"),
    Case("yaml-deep", _write("deep.yaml", "title: x\ntags: " + "[" * DEEP + "\n"), "nested"),
    Case(
        "front-matter-deep",
        _write("deep.md", "---\ntitle: x\ntags: " + "[" * DEEP + "\n---\nbody\n"),
        "nested",
    ),
    Case("jsonl-deep-line", _write("deep.jsonl", "[" * DEEP + "\n"), "nested too deeply"),
    Case("dev-zero", lambda folder: _link(folder / "zero.json", "/dev/zero"), "is a device"),
    Case("dev-null-jsonl", lambda folder: _link(folder / "null.jsonl", "/dev/null"), "device"),
    Case("fifo", lambda folder: _fifo(folder / "pipe.json"), "FIFO"),
    Case("fifo-jsonl", lambda folder: _fifo(folder / "pipe.jsonl"), "FIFO"),
    Case("fifo-markdown", lambda folder: _fifo(folder / "pipe.md"), "FIFO"),
    Case("too-large", _sparse("huge.json", 65 * 1024 * 1024), "too large"),
    Case(
        "yaml-5000-digits",
        _write("big.yaml", "title: x\nurl: https://news.example/a\ntags: [" + "9" * 5000 + "]\n"),
        "too many digits",
    ),
    Case(
        "json-5000-digits", _write("big.json", '{"title": ' + "9" * 5000 + "}"), "too many digits"
    ),
    Case("year-1-offset", _record("y1.json", published="0001-01-01T00:00:00+05:00"), "range"),
    Case("year-9999-offset", _record("y9.json", published="9999-12-31T23:59:59-05:00"), "range"),
    Case("year-9999-updated", _record("u9.json", updated="9999-12-31T20:00:00-09:00"), "range"),
    Case("utf-16", _write("u16.json", json.dumps(GOOD).encode("utf-16")), "the file is UTF-16LE"),
    Case(
        "utf-16-no-bom",
        _write("u16be.json", json.dumps(GOOD).encode("utf-16-be")),
        "the file is UTF-16BE",
    ),
    Case(
        "utf-32",
        _write("u32.yaml", "title: x\n".encode("utf-32")),
        "the file is UTF-32LE",
    ),
    Case("invalid-utf8", _write("bad.json", b'{"title": "caf\xe9"}'), "not UTF-8 text (byte"),
    Case("binary", _write("bin.json", b"\x89PNG\r\n\x1a\n\x00\x00"), "binary data"),
    Case("zero-width-title", _record("zw.json", title="\u200b\u200c\u200d\u2060\ufeff"), "visible"),
    Case("filler-title", _record("fill.json", title="\u3164 \u115f\u2800\ufe0f"), "visible"),
    Case("alias-bomb-title", _write("bomb.yaml", _alias_bomb("title")), "expected a string"),
    Case("alias-bomb-tags", _write("bombt.yaml", "title: x\n" + _alias_bomb("tags")), "tags"),
    Case("title-5-million", _record("long.json", title="word " * 1_000_000), "too long"),
    Case("description-1-million", _record("d.json", description="d" * 1_000_000), "too long"),
    Case("tags-100000", _record("tags.json", tags=["t"] * 100_000), "too many items"),
    Case("authors-100000", _record("au.json", authors=["A"] * 100_000), "too many items"),
    Case("reserved-slug", _record("con.json", slug="con"), "not a safe path segment"),
    Case("reserved-slug-ext", _record("aux.json", slug="AUX.html"), "not a safe path segment"),
    Case(
        "image-size-2-63",
        _record("img.json", image={"url": "https://news.example/i.png", "width": 2**63}),
        "image.width",
    ),
]

# Commands that read a record file, and the argument that names their output.
READERS: dict[str, Callable[[Path, Path], list[str | Path]]] = {
    "meta": lambda record, out: ["meta", record],
    "links": lambda record, out: ["links", record],
    "lint": lambda record, out: ["lint", record],
    "card": lambda record, out: ["card", record, "-o", out / "card.png"],
    "preview": lambda record, out: ["preview", record, "-o", out / "page.html"],
    "feed": lambda record, out: ["feed", record, "-o", out / "feed.xml"],
    "publish": lambda record, out: ["publish", record, "--out", out / "public", "--quiet"],
}


def assert_refused(outcome: Outcome, command: str, mentions: str) -> None:
    """Exit 2 and one line naming the problem (publish: a per-record warning and its summary)."""
    if command == "publish":
        assert outcome.code == 2, (outcome.code, outcome.stderr[-2000:])
        assert "Traceback" not in outcome.stderr, outcome.stderr[-2000:]
        assert mentions in outcome.stderr, outcome.stderr[-2000:]
        assert all(line.startswith("sharekit:") for line in outcome.stderr_lines), outcome.stderr
    else:
        assert_clean_failure(outcome, 2, mentions=mentions)
    assert "set_int_max_str_digits" not in outcome.stderr


@pytest.mark.parametrize("command", sorted(READERS))
@pytest.mark.parametrize("case", RECORDS, ids=lambda case: case.id)
def test_hostile_record_is_refused(tmp_path: Path, case: Case, command: str) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    out.mkdir()
    record = case.make(inputs)
    before = tree(inputs)
    outcome = run_sharekit(*READERS[command](record, out), cwd=inputs)
    assert_refused(outcome, command, case.mentions)
    assert tree(inputs) == before  # nothing written beside the input
    written = {path for path in tree(out) if not path.startswith("public/.sharekit")}
    assert written <= {"public"}, written  # publish may make its root, nothing in it


# --- JSON Lines: the error names one line ----------------------------------------


def test_json_lines_error_gives_one_line_number(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + '{"title": "x",, }\n', encoding="utf-8")
    outcome = run_sharekit("feed", path, cwd=tmp_path)
    assert_clean_failure(outcome, 2, mentions="batch.jsonl:2: not valid JSON: ")
    assert "line 1" not in outcome.stderr and "(column 15)" in outcome.stderr


def test_json_lines_line_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"title": "' + b"a" * (17 * 1024 * 1024) + b'"}\n')
    outcome = run_sharekit("feed", path, cwd=tmp_path)
    assert_clean_failure(outcome, 2, mentions="long.jsonl:1: line too long")


# --- the configuration ------------------------------------------------------------

CONFIGS = [
    Case("toml-deep", _write("deep.toml", "[site]\nname = " + "[" * DEEP + "\n"), "nested"),
    Case("toml-40-levels", _write("forty.toml", "[site]\nname = " + _nest(40) + "\n"), "nested"),
    Case("toml-5000-digits", _write("big.toml", "[feed]\nmax_items = " + "9" * 5000), "digits"),
    Case("dev-zero", lambda folder: _link(folder / "zero.toml", "/dev/zero"), "is a device"),
    Case("fifo", lambda folder: _fifo(folder / "pipe.toml"), "FIFO"),
    Case("too-large", _sparse("huge.toml", 2 * 1024 * 1024), "too large"),
    Case("max-items-2-63", _write("m.toml", f"[feed]\nmax_items = {2**63}\n"), "max_items"),
    Case("workers-2-63", _write("w.toml", f"[publish]\nworkers = {2**63}\n"), "workers"),
    Case("max-bytes-2-63", _write("b.toml", f"[network]\nmax_bytes = {2**63}\n"), "max_bytes"),
    Case("timeout-inf", _write("t.toml", "[network]\ntimeout = inf\n"), "timeout"),
    Case("timeout-nan", _write("n.toml", "[network]\ntimeout = nan\n"), "timeout"),
    Case("card-99999", _write("c.toml", '[card]\nsize = "99999x99999"\n'), "at most 4096x4096"),
    Case("card-5000", _write("c5.toml", '[card]\nsize = "5000x300"\n'), "at most 4096x4096"),
]


@pytest.mark.parametrize("case", CONFIGS, ids=lambda case: case.id)
def test_hostile_config_is_refused(tmp_path: Path, case: Case) -> None:
    (tmp_path / "a.json").write_text(json.dumps(GOOD), encoding="utf-8")
    config = case.make(tmp_path)
    before = tree(tmp_path)
    outcome = run_sharekit("--config", config, "card", "a.json", "-o", "card.png", cwd=tmp_path)
    assert_clean_failure(outcome, 2, mentions=case.mentions)
    assert tree(tmp_path) == before


def test_card_size_flag_has_the_same_maximum(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(GOOD), encoding="utf-8")
    outcome = run_sharekit("card", "a.json", "--size", "99999x99999", "-o", "c.png", cwd=tmp_path)
    assert_clean_failure(outcome, 2, mentions="size: expected at most 4096x4096 pixels")
    assert not (tmp_path / "c.png").exists()


# --- layout files -----------------------------------------------------------------


def _rect(box: str) -> str:
    return f'name = "x"\n[[layers]]\ntype = "rect"\nbox = {{ {box} }}\n'


LAYOUTS = [
    Case("toml-deep", _write("deep.toml", "x = " + "[" * DEEP + "\n"), "nested too deeply"),
    Case("json-deep", _write("deep.json", "[" * DEEP), "nested too deeply"),
    Case("dev-zero", lambda folder: _link(folder / "zero.toml", "/dev/zero"), "is a device"),
    Case("fifo", lambda folder: _fifo(folder / "pipe.toml"), "FIFO"),
    Case("folder", lambda folder: (folder / "dir.toml").mkdir() or folder / "dir.toml", "folder"),
    Case("too-large", _sparse("huge.toml", 2 * 1024 * 1024), "too large"),
    Case(
        "box-inf", _write("inf.toml", _rect("left = inf, top = 0, width = 9, height = 9")), "left"
    ),
    Case("box-nan", _write("nan.toml", _rect("left = 0, top = nan, width = 9, height = 9")), "top"),
    Case(
        "box-1e308",
        _write("big.toml", _rect("left = 0, top = 0, width = 1e308, height = 9")),
        "width",
    ),
    Case(
        "box-negative-width",
        _write("neg.toml", _rect("left = 0, top = 0, width = -500, height = 9")),
        "expected a length >= 0",
    ),
    Case(
        "box-percent-1e300",
        _write(
            "pc.json",
            json.dumps(
                {
                    "name": "x",
                    "layers": [
                        {
                            "type": "rect",
                            "box": {"left": "1e300%", "top": 0, "width": 9, "height": 9},
                        }
                    ],
                }
            ),
        ),
        "left",
    ),
    Case(
        "font-size-100000",
        _write(
            "fs.toml",
            'name = "x"\n[[layers]]\ntype = "text"\ntext = "{title}"\nsize = [100000, 90000]\n',
        ),
        "size",
    ),
    Case(
        "max-lines-2-63",
        _write(
            "ml.toml", f'name = "x"\n[[layers]]\ntype = "text"\ntext = "t"\nmax_lines = {2**63}\n'
        ),
        "max_lines",
    ),
]


@pytest.mark.parametrize("case", LAYOUTS, ids=lambda case: case.id)
def test_hostile_layout_is_refused(tmp_path: Path, case: Case) -> None:
    (tmp_path / "a.json").write_text(json.dumps(GOOD), encoding="utf-8")
    layout = case.make(tmp_path)
    before = tree(tmp_path)
    outcome = run_sharekit(
        "card", "a.json", "--template", f"./{layout.name}", "-o", "card.png", cwd=tmp_path
    )
    assert_clean_failure(outcome, 2, mentions=case.mentions)
    assert tree(tmp_path) == before


# --- font files -------------------------------------------------------------------


def _font_bytes() -> bytes:
    if not PLAIN_FONT.is_file():
        pytest.skip(f"{PLAIN_FONT} missing (fonts-dejavu-core, scripts/system-deps.sh)")
    return PLAIN_FONT.read_bytes()


def _bad_cmap_offset(folder: Path) -> Path:
    data = bytearray(_font_bytes())
    (count,) = struct.unpack_from(">H", data, 4)
    for i in range(count):
        if data[12 + 16 * i : 16 + 16 * i] == b"cmap":
            struct.pack_into(">I", data, 12 + 16 * i + 8, len(data) + 1000)
    path = folder / "badcmap.ttf"
    path.write_bytes(bytes(data))
    return path


def _half_font(folder: Path) -> Path:
    data = _font_bytes()
    path = folder / "half.ttf"
    path.write_bytes(data[: len(data) // 2])
    return path


FONTS = [
    Case("truncated-header", lambda f: _write("t.ttf", _font_bytes()[:300])(f), "corrupt"),
    Case(
        "ttc-count-2-32",
        _write("c.ttc", b"ttcf\x00\x01\x00\x00\xff\xff\xff\xff" + bytes(64)),
        "truncated",
    ),
    Case("cmap-offset-out-of-file", _bad_cmap_offset, "corrupt"),
    Case("half-a-font", _half_font, "not a usable font"),
    Case("dev-zero", lambda folder: _link(folder / "zero.ttf", "/dev/zero"), "is a device"),
    Case("fifo", lambda folder: _fifo(folder / "pipe.ttf"), "FIFO"),
    Case("folder", lambda folder: (folder / "dir.ttf").mkdir() or folder / "dir.ttf", "dir.ttf"),
    Case("woff", _write("w.ttf", b"wOFF" + bytes(100)), "not a TrueType/OpenType font"),
]


@pytest.mark.parametrize("case", FONTS, ids=lambda case: case.id)
def test_hostile_font_is_refused(tmp_path: Path, case: Case) -> None:
    (tmp_path / "a.json").write_text(json.dumps(GOOD), encoding="utf-8")
    font = case.make(tmp_path)
    (tmp_path / "sharekit.toml").write_text(f'[card]\nfonts = ["{font.name}"]\n', "utf-8")
    before = tree(tmp_path)
    outcome = run_sharekit("card", "a.json", "-o", "card.png", cwd=tmp_path)
    assert_clean_failure(outcome, 2, mentions=case.mentions)
    assert tree(tmp_path) == before


# --- accepted, but within bounds --------------------------------------------------


def _japanese_title() -> str:
    return "東京都の新しい政策について専門家が議論した" * 476  # 9,996: under the 10,000 limit


def _random_scripts() -> str:
    import random

    chooser = random.Random(16)
    points = [
        cp
        for cp in range(0x20, 0x2FFFF)
        if chr(cp).isprintable() and not 0xD800 <= cp < 0xE000 and not 0xE000 <= cp < 0xF900
    ]
    return "".join(chr(chooser.choice(points)) for _ in range(10_000))


SLOW = [
    ("comment-body", ["meta"], {"content_html": "<!--" * 100_000}),
    ("open-tags-body", ["meta"], {"content_html": "<a " * 100_000}),
    ("open-quotes-body", ["meta"], {"content_html": '<a b="' * 100_000}),
    ("japanese-title", ["meta"], {"title": _japanese_title(), "lang": "ja"}),
    ("random-scripts-card", ["card", "-o", "c.png"], {"title": _random_scripts()}),
    ("long-latin-card", ["card", "-o", "c.png"], {"title": "word " * 2_000}),
]


@pytest.mark.parametrize(("name", "command", "fields"), SLOW, ids=[s[0] for s in SLOW])
def test_slow_inputs_finish_in_bounded_time(
    tmp_path: Path, name: str, command: list[str], fields: dict[str, str]
) -> None:
    if name == "japanese-title":
        pytest.importorskip("pykakasi", reason="the ja extra (pip install 'sharekit[ja]')")
    (tmp_path / "a.json").write_text(json.dumps({**GOOD, **fields}), encoding="utf-8")
    outcome = run_sharekit(command[0], "a.json", *command[1:], cwd=tmp_path, timeout=25)
    assert outcome.code == 0, outcome.stderr[-2000:]
    assert all(line.startswith("sharekit: warning:") for line in outcome.stderr_lines)


def test_slug_of_a_long_japanese_title_romanises_only_what_is_kept(tmp_path: Path) -> None:
    pytest.importorskip("pykakasi", reason="the ja extra (pip install 'sharekit[ja]')")
    title = "東京都の新しい政策について専門家が議論した" * 1400  # 29,400 characters, 88 KB of argv
    outcome = run_sharekit("slug", "--lang", "ja", title, cwd=tmp_path, timeout=25)
    assert outcome.code == 0, outcome.stderr
    assert (
        outcome.stdout.startswith("toukyouto-no-atarashii") and len(outcome.stdout.strip()) <= 200
    )


def test_nul_surrogates_and_bidi_in_fields_are_cleaned(tmp_path: Path) -> None:
    text = '{"title": "a\\u0000b \\ud800 \\u202eevil\\u202c", "url": "https://news.example/a"}'
    (tmp_path / "a.json").write_text(text, encoding="utf-8")
    outcome = run_sharekit("meta", "--format", "json", "a.json", cwd=tmp_path)
    assert outcome.code == 0, outcome.stderr
    titles = [tag for tag in json.loads(outcome.stdout) if "og:title" in json.dumps(tag)]
    shown = json.dumps(titles, ensure_ascii=False)
    assert "\x00" not in shown and "\\u0000" not in shown and "\ud800" not in shown
    assert "a b" in shown


def test_windows_device_name_title_gets_a_safe_slug(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({**GOOD, "title": "CON"}), encoding="utf-8")
    outcome = run_sharekit("publish", "a.json", "--out", "public", "--quiet", cwd=tmp_path)
    assert outcome.code == 0, outcome.stderr
    folders = {p.name for p in (tmp_path / "public").rglob("*") if p.is_dir()}
    assert "con-article" in folders and "con" not in folders


def test_file_names_with_control_characters_are_escaped_in_the_message(tmp_path: Path) -> None:
    name = "a\x1b[31mred\nb.json"
    outcome = run_sharekit("meta", name, cwd=tmp_path)
    assert_clean_failure(outcome, 2, mentions="a\\x1b[31mred\\x0ab.json: file not found")


# --- images and cards -------------------------------------------------------------


def _card_pixels(path: Path) -> Image.Image:
    from PIL import Image

    with Image.open(path) as image:
        return image.convert("RGB")


def test_local_hero_over_the_pixel_cap_is_refused_with_our_message(tmp_path: Path) -> None:
    (tmp_path / "hero.png").write_bytes(bomb_png(13_300, 13_300))  # 177 M pixels
    record = {**GOOD, "image": "hero.png"}
    (tmp_path / "a.json").write_text(json.dumps(record), encoding="utf-8")
    outcome = run_sharekit("card", "a.json", "--template", "photo", "-o", "c.png", cwd=tmp_path)
    assert outcome.code == 0, outcome.stderr
    assert "DecompressionBomb" not in outcome.stderr
    assert "image too large: hero.png is 13300x13300 pixels" in outcome.stderr
    assert all(line.startswith("sharekit: warning:") for line in outcome.stderr_lines)


def test_exif_orientation_is_applied_to_the_hero(tmp_path: Path) -> None:
    from PIL import Image

    photo = Image.new("RGB", (1200, 800), (200, 0, 0))
    photo.paste((0, 0, 200), (0, 0, 600, 800))  # stored: blue left, red right
    exif = photo.getexif()
    exif[0x0112] = 6  # shown rotated 90° clockwise: blue on top
    photo.save(tmp_path / "hero.jpg", exif=exif)
    record = {**GOOD, "image": "hero.jpg"}
    (tmp_path / "a.json").write_text(json.dumps(record), encoding="utf-8")
    outcome = run_sharekit("card", "a.json", "--template", "photo", "-o", "c.png", cwd=tmp_path)
    assert outcome.code == 0, outcome.stderr
    card = _card_pixels(tmp_path / "c.png")
    red, _, blue = card.getpixel((1000, 60))  # type: ignore[misc]
    assert blue > 120 and red < 60, (red, blue)


def _background_outside(card: Image.Image, area: tuple[int, int, int, int]) -> bool:
    colours = {colour for _, colour in card.crop(area).getcolors(maxcolors=1 << 20) or []}
    return colours == {card.getpixel((2, 628))}  # the branded background's plain colour


def test_hangul_jamo_run_is_clamped_inside_its_box(tmp_path: Path) -> None:
    record = {**GOOD, "title": "\u1100" * 400, "lang": "ko"}
    (tmp_path / "a.json").write_text(json.dumps(record), encoding="utf-8")
    outcome = run_sharekit("card", "a.json", "-o", "c.png", cwd=tmp_path)
    assert outcome.code == 0, outcome.stderr
    card = _card_pixels(tmp_path / "c.png")
    assert _background_outside(card, (1125, 140, 1200, 490))  # right of the headline box


def test_title_of_only_combining_marks_stays_in_its_box(tmp_path: Path) -> None:
    from PIL import Image

    record = {"title": "\u0301\u0308\u0300\u0302" * 5, "url": GOOD["url"]}  # no byline
    (tmp_path / "a.json").write_text(json.dumps(record), encoding="utf-8")
    outcome = run_sharekit("card", "a.json", "-o", "c.png", cwd=tmp_path)
    assert outcome.code == 0, outcome.stderr
    card = _card_pixels(tmp_path / "c.png")
    assert _background_outside(card, (0, 0, 1200, 134))  # above the headline box
    # and no tower: twenty marks stacked on one base drew 320 px of ink in a 48 px line
    from PIL import ImageChops

    headline = card.crop((0, 0, 1200, 500))
    ink = ImageChops.difference(headline, Image.new("RGB", headline.size, card.getpixel((2, 628))))
    box = ink.convert("L").point(lambda value: 255 if value > 40 else 0).getbbox()
    assert box is not None and box[3] - box[1] <= 120, box


def test_worker_warnings_carry_the_prefix(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (20, 20), "red").save(tmp_path / "tiny.png")
    for number in range(4):
        record = {
            **GOOD,
            "title": f"Story {number}",
            "url": f"https://news.example/{number}",
            "image": "tiny.png",
        }
        (tmp_path / f"r{number}.json").write_text(json.dumps(record), encoding="utf-8")
    (tmp_path / "sharekit.toml").write_text('[card]\ntemplate = "photo"\n', "utf-8")
    files = [f"r{number}.json" for number in range(4)]
    outcome = run_sharekit("publish", *files, "--out", "public", "--workers", "2", cwd=tmp_path)
    assert outcome.code == 0, outcome.stderr
    assert "image too small" in outcome.stderr
    assert all(line.startswith("sharekit:") for line in outcome.stderr_lines), outcome.stderr


# --- inspect ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    # only URLs that fail before any name lookup, even on a regressed build (no DNS query)
    ["http://127.0.0.1:99999999/", "http://127.0.0.1:0x50/", "http://[::1/"],
)
def test_inspect_malformed_url_is_an_input_error(tmp_path: Path, url: str) -> None:
    outcome = run_sharekit("inspect", url, cwd=tmp_path)
    assert_clean_failure(outcome, 2, mentions="URL: not a valid URL")


@pytest.mark.parametrize("url", ["http://1.2.3.4<a>/", "http://exa mple.test/", "http://a..b/"])
def test_inspect_url_with_an_impossible_host_is_an_input_error(url: str) -> None:
    # in-process: conftest's numeric-only resolver guard makes sure no name is looked up
    from sharekit import inspect_url
    from sharekit.errors import InputError

    with pytest.raises(InputError, match=r"^URL: not a valid URL"):
        inspect_url(url)


def _inspect(server: Server, tmp_path: Path) -> Outcome:
    config = tmp_path / "sharekit.toml"
    config.write_text("[network]\nallow_private = true\nmax_bytes = 2000000\n", "utf-8")
    return run_sharekit("inspect", "--format", "json", server.url("/page"), cwd=tmp_path)


def test_inspect_refuses_utf7(tmp_path: Path) -> None:
    page = (
        b'<html><head><meta charset="utf-7">'
        b'<meta property="og:title" content="+ADw-script+AD4-alert(1)+ADw-/script+AD4-">'
        b"<title>t</title></head></html>"
    )
    with Server() as server:
        server.route("/page", body=page, content_type="text/html; charset=utf-7")
        outcome = _inspect(server, tmp_path)
    assert outcome.code in (0, 1), outcome.stderr
    assert "<script>" not in outcome.stdout
    assert "+ADw-script+AD4-" in outcome.stdout


def test_inspect_gzip_bomb_is_cut_at_max_bytes(tmp_path: Path) -> None:
    body = gzip.compress(b"<html>" + bytes(300 * 1024 * 1024), compresslevel=9)  # 300 MB
    with Server() as server:
        server.route(
            "/page", body=body, content_type="text/html", headers={"Content-Encoding": "gzip"}
        )
        outcome = _inspect(server, tmp_path)
    assert_clean_failure(outcome, 3, mentions="too large")


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_logo_that_is_not_a_regular_file_is_skipped_with_a_warning(
    tmp_path: Path, kind: str
) -> None:
    logo = tmp_path / "logo.png"
    if kind == "fifo":
        _fifo(logo)
    else:
        _link(logo, "/dev/zero")
    (tmp_path / "sharekit.toml").write_text('[site]\nlogo = "logo.png"\n', "utf-8")
    (tmp_path / "a.json").write_text(json.dumps(GOOD), encoding="utf-8")
    outcome = run_sharekit("card", "a.json", "-o", "c.png", cwd=tmp_path, timeout=20)
    assert outcome.code == 0, outcome.stderr
    assert "cannot read logo" in outcome.stderr and "drawing the site name" in outcome.stderr

"""Hostile records, exports and images (issue 27, the input side of SPEC 8.2).

Each case runs the real CLI in a subprocess under a memory limit and a
timeout (tests/helpers_hostile.py) and asserts what a user can act on: the
documented exit status, one line naming the file and the field, no traceback,
no Python object in a message, and nothing of the refused input published.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from tests.helpers_hostile import Outcome, assert_clean_failure, run_sharekit, tree

GOOD = {"title": "A fine headline", "url": "https://news.example/a", "published": "2024-10-24"}
SITE = '[site]\nurl = "https://news.example"\nname = "News"\n'


def _write_record(folder: Path, name: str = "a.json", **fields: object) -> Path:
    path = folder / name
    path.write_text(json.dumps({**GOOD, **fields}, ensure_ascii=False), encoding="utf-8")
    return path


def _warnings(outcome: Outcome) -> list[str]:
    return [line for line in outcome.stderr_lines if line.startswith("sharekit: warning:")]


def _no_python_in(outcome: Outcome) -> None:
    assert "Traceback" not in outcome.stderr, outcome.stderr[-2000:]
    assert " object at 0x" not in outcome.stderr, outcome.stderr[-2000:]
    assert "internal error" not in outcome.stderr, outcome.stderr[-2000:]


# --- memory: a description reads a bounded prefix (SPEC 8.2) ----------------------


def test_a_30_mb_one_paragraph_body_loads_in_bounded_memory(tmp_path: Path) -> None:
    """Before: 2.5 GB and 26 s to keep 160 characters (MemoryError under the 1 GB limit)."""
    body = "<p>" + "word " * 6_000_000 + "</p>"  # 30 MB, one paragraph, no sentence end
    _write_record(tmp_path, content_html=body)
    outcome = run_sharekit("meta", "a.json", cwd=tmp_path, timeout=20)
    assert outcome.code == 0, outcome.stderr[-2000:]
    description = '<meta name="description" content="' + ("word " * 31).strip() + "…"
    assert description in outcome.stdout, outcome.stdout[:2000]


def test_publish_of_a_30_mb_body_finishes_in_bounded_memory(tmp_path: Path) -> None:
    body = "<p>" + "wörd " * 6_000_000 + "</p>"
    _write_record(tmp_path, content_html=body)
    outcome = run_sharekit("publish", "a.json", "--out", "out", "--quiet", cwd=tmp_path)
    assert outcome.code == 0, outcome.stderr[-2000:]
    assert (tmp_path / "out" / "articles" / "a-fine-headline" / "head.html").is_file()


# --- images: one message for an image too large, names instead of objects --------


def huge_gif(width: int = 65535, height: int = 65535) -> bytes:
    """A GIF of a few dozen bytes whose header declares ``width`` x ``height`` pixels."""
    screen = struct.pack("<HH", width, height) + b"\x00\x00\x00"
    descriptor = b"\x2c" + struct.pack("<HHHH", 0, 0, width, height) + b"\x00"
    pixels = b"\x02\x02\x44\x01\x00"  # LZW minimum code size 2, one tiny sub-block
    return b"GIF89a" + screen + descriptor + pixels + b"\x3b"


def test_publish_refuses_a_65535_square_gif_with_one_message(tmp_path: Path) -> None:
    (tmp_path / "hero.gif").write_bytes(huge_gif())
    _write_record(tmp_path, image="hero.gif")
    outcome = run_sharekit("publish", "a.json", "--out", "out", cwd=tmp_path)
    assert outcome.code == 2, outcome.stderr
    _no_python_in(outcome)
    (warning,) = _warnings(outcome)
    assert "a.json: image.path: image too large: " in warning, warning
    assert "hero.gif is 65535x65535 pixels (at most 50,000,000)" in warning, warning
    assert "not an image" not in outcome.stderr and "bomb" not in outcome.stderr.lower()
    assert not (tmp_path / "out" / "articles").exists()


def test_the_card_of_a_65535_square_gif_says_too_large(tmp_path: Path) -> None:
    (tmp_path / "hero.gif").write_bytes(huge_gif())
    _write_record(tmp_path, image="hero.gif")
    outcome = run_sharekit("card", "a.json", "--template", "photo", "-o", "c.png", cwd=tmp_path)
    assert outcome.code == 0, outcome.stderr
    _no_python_in(outcome)
    (warning,) = _warnings(outcome)
    assert "image too large: hero.gif is 65535x65535 pixels" in warning, warning
    assert "bomb" not in warning.lower() and "178956970" not in warning


@pytest.mark.parametrize("content", [b"not an image at all\n", b"\x89PNG\r\n\x1a\n broken"])
def test_an_unreadable_logo_is_named_by_its_file(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "logo.png").write_bytes(content)
    (tmp_path / "sharekit.toml").write_text(SITE + 'logo = "logo.png"\n', encoding="utf-8")
    _write_record(tmp_path)
    outcome = run_sharekit("card", "a.json", "-o", "c.png", cwd=tmp_path)
    assert outcome.code == 0, outcome.stderr
    _no_python_in(outcome)
    (warning,) = _warnings(outcome)
    assert f"cannot read logo {tmp_path / 'logo.png'}: " in warning, warning
    assert "drawing the site name instead" in warning


def test_lint_finds_an_image_over_the_pixel_cap(tmp_path: Path) -> None:
    from tests.helpers_net import bomb_png

    # with the card off, the hero is the share image lint judges
    (tmp_path / "sharekit.toml").write_text("[card]\nenabled = false\n", encoding="utf-8")
    (tmp_path / "hero.png").write_bytes(bomb_png(13_300, 13_300))
    _write_record(tmp_path, "local.json", image="hero.png")
    remote = {"url": "https://news.example/i.png", "width": 65535, "height": 65535}
    _write_record(tmp_path, "remote.json", image=remote)
    for name, shown in (("local.json", "13300x13300"), ("remote.json", "65535x65535")):
        outcome = run_sharekit("lint", name, cwd=tmp_path)
        assert outcome.code == 1, outcome.stderr
        _no_python_in(outcome)
        assert f"error: image-too-large: image too large: the image is {shown} pixels" in (
            outcome.stdout
        ), outcome.stdout


# --- URLs in records are http(s) only (SPEC 8.2) ----------------------------------

SCHEMES = [
    ("url-javascript", {"url": "javascript:alert(document.domain)"}, "url"),
    ("url-javascript-case", {"url": "JaVaScRiPt:alert(1)"}, "url"),
    ("url-javascript-space", {"url": " \tjavascript:alert(1)"}, "url"),
    ("url-data", {"url": "data:text/html,<script>alert(1)</script>"}, "url"),
    ("url-file", {"url": "file:///etc/passwd"}, "url"),
    ("url-port", {"url": "https://news.example:99999/a"}, "url"),
    ("image-url-javascript", {"image": {"url": "javascript:alert(1)"}}, "image.url"),
    ("image-data", {"image": "data:image/png;base64,iVBORw0KGgo="}, "image.url"),
    ("image-file", {"image": "file:///etc/passwd"}, "image.url"),
    ("image-vbscript", {"image": {"url": "vbscript:msgbox(1)", "alt": "x"}}, "image.url"),
]


@pytest.mark.parametrize("command", ["meta", "feed", "publish"])
@pytest.mark.parametrize(("fields", "field"), [c[1:] for c in SCHEMES], ids=[c[0] for c in SCHEMES])
def test_a_url_that_is_not_http_is_refused_naming_the_field(
    tmp_path: Path, command: str, fields: dict[str, object], field: str
) -> None:
    """With [site] url set, a relative url was joined to it, and urljoin keeps a URL with a
    scheme as it is: javascript: reached canonical, og:url, the feeds and the share block."""
    (tmp_path / "sharekit.toml").write_text(SITE, encoding="utf-8")
    _write_record(tmp_path, **fields)
    args = {
        "meta": ["meta", "a.json"],
        "feed": ["feed", "a.json", "-o", "feed.xml"],
        "publish": ["publish", "a.json", "--out", "out"],
    }[command]
    outcome = run_sharekit(*args, cwd=tmp_path)
    _no_python_in(outcome)
    assert outcome.code == 2, (outcome.code, outcome.stdout[:1000], outcome.stderr)
    line = _warnings(outcome)[0] if command == "publish" else outcome.stderr_lines[0]
    assert f"a.json: {field}: " in line, line
    assert "javascript:" not in outcome.stdout.lower() and not (tmp_path / "feed.xml").exists()
    assert not (tmp_path / "out" / "articles").exists()


def test_a_record_site_logo_or_default_image_with_a_scheme_is_refused(tmp_path: Path) -> None:
    for key in ("logo", "default_image"):
        _write_record(tmp_path, site={key: "file:///etc/passwd"})
        outcome = run_sharekit("meta", "a.json", cwd=tmp_path)
        assert_clean_failure(outcome, 2, mentions=f"a.json: site.{key}: expected a local path")


def test_a_config_logo_with_a_scheme_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sharekit.toml").write_text(SITE + 'logo = "data:image/png;base64,AA"\n', "utf-8")
    _write_record(tmp_path)
    outcome = run_sharekit("card", "a.json", "-o", "c.png", cwd=tmp_path)
    assert_clean_failure(outcome, 2, mentions="sharekit.toml: site.logo: expected a local path")


def _ghost(*posts: object, **tables: object) -> str:
    data = {"posts": list(posts), **tables}
    return json.dumps({"db": [{"meta": {"version": "5.80.0"}, "data": data}]})


def _ghost_post(number: int, **fields: object) -> dict[str, object]:
    return {
        "id": f"p{number}",
        "title": f"Post number {number}",
        "slug": f"post-{number}",
        "status": "published",
        "type": "post",
        "published_at": "2024-10-24T09:00:00.000Z",
        **fields,
    }


WXR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<channel><title>Site</title><wp:wxr_version>1.2</wp:wxr_version>"
)


def _wxr_item(number: int, link: str = "", guid: str = "", extra: str = "") -> str:
    return (
        f"<item><title>Post number {number}</title>"
        f"<link>{link or f'https://news.example/{number}/'}</link>"
        f"<guid>{guid or f'https://news.example/?p={number}'}</guid>"
        f"<wp:post_id>{number}</wp:post_id><wp:post_type>post</wp:post_type>"
        "<wp:status>publish</wp:status>"
        "<wp:post_date>2024-10-24 09:00:00</wp:post_date>"
        f"<wp:post_date_gmt>2024-10-24 09:00:00</wp:post_date_gmt>{extra}</item>"
    )


def _wxr(*items: str) -> str:
    return WXR_HEAD + "".join(items) + "</channel></rss>"


EXPORT_SCHEMES = [
    (
        "ghost-canonical",
        "g.json",
        _ghost(_ghost_post(1, canonical_url="javascript:alert(1)")),
        "url",
    ),
    ("ghost-image", "g.json", _ghost(_ghost_post(1, feature_image="data:,x")), "image.url"),
    (
        "ghost-image-file",
        "g.json",
        _ghost(_ghost_post(1, feature_image="file:///x.png")),
        "image.url",
    ),
    ("wxr-link", "w.xml", _wxr(_wxr_item(1, link="javascript:alert(1)")), "url"),
    (
        "wxr-attachment",
        "w.xml",
        _wxr(
            _wxr_item(
                1,
                extra="<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                "<wp:meta_value>9</wp:meta_value></wp:postmeta>",
            ),
            "<item><title>img</title><wp:post_id>9</wp:post_id>"
            "<wp:post_type>attachment</wp:post_type>"
            "<wp:attachment_url>javascript:alert(1)</wp:attachment_url></item>",
        ),
        "image.url",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "field"),
    [c[1:] for c in EXPORT_SCHEMES],
    ids=[c[0] for c in EXPORT_SCHEMES],
)
def test_an_export_url_that_is_not_http_is_refused(
    tmp_path: Path, name: str, content: str, field: str
) -> None:
    (tmp_path / "sharekit.toml").write_text(SITE, encoding="utf-8")
    (tmp_path / name).write_text(content, encoding="utf-8")
    outcome = run_sharekit("publish", name, "--out", "out", cwd=tmp_path)
    assert outcome.code == 2, outcome.stderr
    _no_python_in(outcome)
    (warning,) = _warnings(outcome)
    assert f": {field}: expected " in warning and "http(s) URL" in warning, warning
    feed = tmp_path / "out" / "feed.xml"
    assert not feed.exists() or "javascript:" not in feed.read_text(encoding="utf-8")
    assert not (tmp_path / "out" / "articles").exists()


# --- exports: the DTD anywhere, Ghost's tables, item names ------------------------


def test_a_wxr_dtd_after_a_long_comment_is_refused(tmp_path: Path) -> None:
    """The DTD check read the first 64 KB: a comment spelling <rss and the wp: namespace
    pushed the DTD past it, and its entities were silently dropped."""
    decoy = '<rss xmlns:wp="http://wordpress.org/export/1.2/">' * 2000  # 100 KB, in a comment
    dtd = '<!DOCTYPE rss [<!ENTITY who "an entity the parse would drop">]>\n'
    text = _wxr(_wxr_item(1)).replace("?>\n", f"?>\n<!-- {decoy} -->\n{dtd}", 1)
    (tmp_path / "w.xml").write_text(text.replace("Post number 1", "Post &who;"), "utf-8")
    outcome = run_sharekit("publish", "w.xml", "--out", "out", cwd=tmp_path)
    assert outcome.code == 2, outcome.stderr
    _no_python_in(outcome)
    assert "w.xml: a WordPress export (WXR) has no DTD; refused" in outcome.stderr
    assert not (tmp_path / "out" / "articles").exists()


@pytest.mark.parametrize(
    ("data", "mentions"),
    [
        ({"posts": {"id": "p1", "title": "x"}}, "db[0].data.posts: expected a list, got an object"),
        ({"posts": "all of them"}, "db[0].data.posts: expected a list, got a string"),
        ({"tags": []}, "db[0].data.posts: required"),
        ({"posts": [], "users": {"1": {}}}, "db[0].data.users: expected a list, got an object"),
    ],
)
def test_a_ghost_export_whose_tables_are_not_lists_is_refused(
    tmp_path: Path, data: dict[str, object], mentions: str
) -> None:
    """Before: 0 written, exit 0, no message."""
    document = {"db": [{"meta": {"version": "5.80.0"}, "data": data}]}
    (tmp_path / "g.json").write_text(json.dumps(document), encoding="utf-8")
    outcome = run_sharekit("publish", "g.json", "--out", "out", cwd=tmp_path)
    assert outcome.code == 2, outcome.stderr
    _no_python_in(outcome)
    assert f"g.json: {mentions}" in outcome.stderr, outcome.stderr


def test_a_ghost_post_that_is_not_an_object_is_named(tmp_path: Path) -> None:
    (tmp_path / "sharekit.toml").write_text(SITE, encoding="utf-8")
    (tmp_path / "g.json").write_text(_ghost(_ghost_post(1), 7), encoding="utf-8")
    outcome = run_sharekit("publish", "g.json", "--out", "out", cwd=tmp_path)
    assert outcome.code == 2, outcome.stderr
    (warning,) = _warnings(outcome)
    assert "g.json#1: db[0].data.posts[1]: expected a post (an object), got a number" in warning
    assert "1 written" in outcome.stderr_lines[-1]


@pytest.mark.parametrize("kind", ["wxr", "ghost"])
def test_the_duplicate_id_warning_names_two_different_items(tmp_path: Path, kind: str) -> None:
    """Before: 'w.xml#1: id: ... is given twice in this batch (first by w.xml#1)'."""
    (tmp_path / "sharekit.toml").write_text(SITE, encoding="utf-8")
    if kind == "wxr":
        name = "w.xml"
        items = (_wxr_item(1), _wxr_item(1, link="https://news.example/other/"))
        (tmp_path / name).write_text(_wxr(*items), encoding="utf-8")
    else:
        name = "g.json"
        posts = (_ghost_post(1), _ghost_post(1, slug="other", title="Another"))
        (tmp_path / name).write_text(_ghost(*posts), encoding="utf-8")
    outcome = run_sharekit("publish", name, "--out", "out", cwd=tmp_path)
    _no_python_in(outcome)
    (warning,) = [line for line in _warnings(outcome) if "given twice" in line]
    first = f"{name}#{'1' if kind == 'wxr' else 'p1'}"
    assert warning.startswith(f"sharekit: warning: {first} (item 2): id: "), warning
    assert warning.endswith(f"(first by {first}); the first is published"), warning


# --- a file name that is not UTF-8 ------------------------------------------------


def _posts_with_a_latin1_name(tmp_path: Path) -> Path:
    import os

    posts = tmp_path / "posts"
    posts.mkdir()
    _write_record(posts, "good.json")
    bad = {**GOOD, "title": "Another headline", "url": "https://news.example/b"}
    with open(os.fsencode(posts) + b"/caf\xe9.json", "w", encoding="utf-8") as handle:
        json.dump(bad, handle)
    return posts


def test_publish_refuses_a_file_whose_name_is_not_utf8_and_writes_the_rest(
    tmp_path: Path,
) -> None:
    """Before: the articles were written, then exit 70 and no feed, on every rerun."""
    _posts_with_a_latin1_name(tmp_path)
    for _ in range(2):  # and again: nothing left half-done by the first run
        outcome = run_sharekit("publish", "posts", "--out", "out", cwd=tmp_path)
        assert outcome.code == 2, outcome.stderr
        _no_python_in(outcome)
        (warning,) = [line for line in _warnings(outcome) if "UTF-8" in line]
        assert warning == (
            "sharekit: warning: posts/caf\\xe9.json: the file name is not valid UTF-8;"
            " rename the file"
        ), warning
    assert "feed files updated" in outcome.stderr_lines[-1]
    feed = (tmp_path / "out" / "feed.xml").read_text(encoding="utf-8")
    assert "A fine headline" in feed
    assert (tmp_path / "out" / "articles" / "a-fine-headline").is_dir()


def test_feed_update_refuses_a_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    _posts_with_a_latin1_name(tmp_path)
    (tmp_path / "feed.xml").write_text("", encoding="utf-8")
    (tmp_path / "feed.xml").unlink()
    outcome = run_sharekit("feed", "--update", "feed.xml", "posts", cwd=tmp_path)
    assert_clean_failure(outcome, 2, mentions="posts/caf\\xe9.json: the file name is not valid")
    assert not (tmp_path / "feed.xml").exists()


# --- confinement: a record's own site.logo and default_image (SPEC 8.2) -----------


def _png(path: Path, size: tuple[int, int] = (400, 200)) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (200, 30, 30)).save(path)
    return path


@pytest.mark.parametrize("form", ["json", "front-matter", "link", "absolute", "default_image"])
def test_a_record_site_logo_outside_its_folder_is_refused(tmp_path: Path, form: str) -> None:
    """Before: any local image a record named as its site.logo was drawn on its card."""
    secret = _png(tmp_path / "private" / "secret.png")
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "inside.png").symlink_to(secret)
    (tmp_path / "sharekit.toml").write_text(SITE, encoding="utf-8")
    key, value = "logo", "../private/secret.png"
    if form == "link":
        value = "inside.png"
    elif form == "absolute":
        value = str(secret)
    elif form == "default_image":
        key = "default_image"
    if form == "front-matter":
        text = f"---\ntitle: A fine headline\ndate: 2024-10-24\nsite:\n  logo: {value}\n---\nx\n"
        (posts / "a.md").write_text(text, encoding="utf-8")
    else:
        _write_record(posts, site={key: value})
    before = tree(tmp_path)
    for args in (["card", "posts", "-o", "c.png"], ["publish", "posts", "--out", "out"]):
        outcome = run_sharekit(*args, cwd=tmp_path)
        assert outcome.code == 2, outcome.stderr
        _no_python_in(outcome)
        assert f": site.{key}: " in outcome.stderr, outcome.stderr
        assert "is outside the record's folder" in outcome.stderr
    written = set(tree(tmp_path)) - set(before)
    assert not any(name.startswith("out/articles") or name == "c.png" for name in written)


def test_a_record_site_logo_inside_its_folder_is_drawn(tmp_path: Path) -> None:
    _png(tmp_path / "posts" / "logo.png")
    (tmp_path / "sharekit.toml").write_text(SITE, encoding="utf-8")
    _write_record(tmp_path / "posts", site={"logo": "logo.png"})
    outcome = run_sharekit("publish", "posts", "--out", "out", cwd=tmp_path)
    assert outcome.code == 0, outcome.stderr


# --- front matter and Markdown bodies: bounded time -------------------------------

FRONT = "title: A fine headline\nurl: https://news.example/a\ndate: 2024-10-24\n"


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        # 3 MB of keys: PyYAML alone took a minute, then each key met the near-miss check
        ("---\n" + "".join(f"k{i}: {i}\n" for i in range(250_000)) + FRONT + "---\nx\n", "over"),
        ("---\n" + "".join(f"k{i}: {i}\n" for i in range(5_000)) + FRONT + "---\nx\n", "keys"),
        ("+++\n" + "".join(f"k{i} = {i}\n" for i in range(30_000)) + "+++\nx\n", "over 256 KB"),
        ("---\n" + FRONT + "---\n" + "[a](" * 600_000 + "\n", "Markdown body too large"),
    ],
    ids=["yaml-3mb", "yaml-5000-keys", "toml-300kb", "markdown-links-2mb"],
)
def test_front_matter_and_markdown_are_bounded(tmp_path: Path, text: str, mentions: str) -> None:
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    outcome = run_sharekit("meta", "a.md", cwd=tmp_path, timeout=20)
    assert_clean_failure(outcome, 2, mentions=mentions)
    assert outcome.stderr_lines[0].startswith("sharekit: a.md: ")


def test_a_megabyte_export_id_is_shortened_in_messages(tmp_path: Path) -> None:
    """An export's ids name its items in every message: a 1 MB id made 1 MB lines."""
    (tmp_path / "g.json").write_text(_ghost(_ghost_post(1, id="x" * 1_000_000, title="")), "utf-8")
    outcome = run_sharekit("publish", "g.json", "--out", "out", cwd=tmp_path)
    assert outcome.code == 2, outcome.stderr[:2000]
    (warning,) = _warnings(outcome)
    assert len(warning) < 300 and f"g.json#{'x' * 39}…: title: " in warning, warning[:300]


def test_200000_translations_are_refused_at_once(tmp_path: Path) -> None:
    """Before: accepted in 10 s, and 200,000 hreflang tags in every page's head."""
    letters = "abcdefghij"
    translations = {
        "zz-" + "".join(letters[int(c)] for c in f"{i:06d}"): f"https://news.example/{i}"
        for i in range(200_000)
    }
    _write_record(tmp_path, translations=translations)
    outcome = run_sharekit("meta", "a.json", cwd=tmp_path, timeout=20)
    assert_clean_failure(outcome, 2, mentions="a.json: translations: too many items: 200,000")


def test_a_yaml_batch_over_4_mb_is_refused_at_once(tmp_path: Path) -> None:
    """Before: parsed by PyYAML at 0.2 MB a second (64 MB: five minutes)."""
    record = "- title: A fine headline\n  url: https://news.example/a\n  published: 2024-10-24\n"
    (tmp_path / "batch.yaml").write_text(record * 70_000, encoding="utf-8")  # 5.6 MB
    outcome = run_sharekit("feed", "batch.yaml", "-o", "feed.xml", cwd=tmp_path, timeout=15)
    assert_clean_failure(outcome, 2, mentions="batch.yaml: YAML record file too large: over 4 MB")

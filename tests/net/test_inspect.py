"""inspect_url on pages served from 127.0.0.1 (loopback allowed explicitly)."""

from __future__ import annotations

import html
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sharekit.config import load_site
from sharekit.errors import InputError, NetworkError
from sharekit.net._head import HeadParser
from sharekit.net._inspect import inspect_url
from sharekit.text._clean import clean_text
from tests.conftest import naughty_strings
from tests.helpers_net import LOOPBACK_ONLY, Net, bomb_png, net
from tests.helpers_servers import Server, server

__all__ = ["net", "server"]  # fixtures
# every test here runs behind the guard: no packet can leave loopback
pytestmark = pytest.mark.usefixtures("net")


def image(width: int, height: int, fmt: str = "PNG") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(out, fmt)
    return out.getvalue()


def site(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load_site({"network": {"timeout": 2, "cache_dir": str(tmp_path / "cache")}})


def good_page(base: str, title: str = "‘Fake News’ & <Friends>") -> bytes:
    e = html.escape
    jsonld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
        "image": [f"{base}/card.png"], "datePublished": "2024-10-24T09:00:00+09:00",
        "author": [{"@type": "Person", "name": "Daniel Kim"}],
    }  # fmt: skip
    script = json.dumps(jsonld).replace("</", "<\\/")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(title)} | View Us Global</title>
<meta name="description" content="A short description of the story.">
<link rel="canonical" href="{base}/post/">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(title)}">
<meta property="og:description" content="A short description of the story.">
<meta property="og:url" content="{base}/post/">
<meta property="og:site_name" content="View Us Global">
<meta property="og:image" content="{base}/card.png">
<meta property="og:image:type" content="image/png">
<meta property="og:image:width" content="1200">
<meta property="og:image:height" content="630">
<meta property="og:image:alt" content="{e(title)}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:site" content="@viewusglobal">
<script type="application/ld+json">{script}</script>
</head><body><h1>{e(title)}</h1></body></html>""".encode()


BROKEN_PAGE = b"""<html><head>
<meta property="og:image" content="/gone.png">
<meta name="twitter:card" content="huge_card">
<script type="application/ld+json">{"@type": "NewsArticle",</script>
</head><body>no title here</body></html>"""


def serve_good(server: Server) -> str:
    base = server.url("").rstrip("/")
    server.route("/post/", body=good_page(base), content_type="text/html; charset=utf-8")
    server.route("/card.png", body=image(1200, 630), content_type="image/png")
    return server.url("/post/")


def codes(report) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.code for f in report.findings}


def test_a_good_page_has_no_findings(net: Net, server: Server, tmp_path: Path) -> None:
    url = serve_good(server)
    report = inspect_url(url, site(tmp_path), allow_private=LOOPBACK_ONLY)
    assert report.findings == () and report.ok
    assert report.title == "‘Fake News’ & <Friends> | View Us Global"
    assert report.canonical == url and report.lang == "en"
    assert report.tags["og:title"] == ("‘Fake News’ & <Friends>",)
    assert report.jsonld[0]["headline"] == "‘Fake News’ & <Friends>"
    [checked] = report.images
    assert (checked.ok, checked.width, checked.height, checked.media_type) == (
        True, 1200, 630, "image/png"
    )  # fmt: skip
    by_platform = {p.platform: p for p in report.previews}
    assert by_platform["facebook"].card == "large image"
    assert by_platform["x"].card == "summary_large_image"
    assert by_platform["x"].site_name == "@viewusglobal"
    assert {p.title for p in report.previews} == {"‘Fake News’ & <Friends>"}
    assert {p.image for p in report.previews} == {server.url("/card.png")}


def test_a_broken_page_has_errors(net: Net, server: Server, tmp_path: Path) -> None:
    server.route("/broken", body=BROKEN_PAGE, content_type="text/html")
    report = inspect_url(server.url("/broken"), site(tmp_path), allow_private=LOOPBACK_ONLY)
    assert not report.ok
    errors = {f.code for f in report.errors}
    assert errors == {"title-missing", "og:image-unreachable", "twitter:card-invalid",
                      "jsonld-invalid"}  # fmt: skip
    assert {"og:image-relative", "canonical-missing", "og:description-missing"} <= codes(report)
    unreachable = next(f for f in report.errors if f.code == "og:image-unreachable")
    assert "HTTP 404 Not Found" in unreachable.message
    assert unreachable.platforms == ("facebook", "linkedin")
    assert report.findings[: len(errors)] == report.errors  # errors first


@pytest.mark.parametrize(
    ("size", "expected"),
    [((100, 100), {"og:image-too-small", "og:image-ratio"}), ((800, 800), {"og:image-small", "og:image-ratio"}),
     ((600, 315), {"og:image-small"}), ((2400, 1260), set())],
)  # fmt: skip
def test_image_dimensions(
    net: Net, server: Server, tmp_path: Path, size: tuple[int, int], expected: set[str]
) -> None:
    url = serve_good(server)
    server.route("/card.png", body=image(*size), content_type="image/png")
    report = inspect_url(url, site(tmp_path), allow_private=LOOPBACK_ONLY)
    image_codes = {c for c in codes(report) if c.startswith("og:image") and "mismatch" not in c}
    assert image_codes == expected
    if size != (1200, 630):
        assert "og:image-size-mismatch" in codes(report)


def test_image_weight_limits(net: Net, server: Server, tmp_path: Path) -> None:
    import os

    url = serve_good(server)
    heavy = image(1200, 630) + os.urandom(6_000_000)  # trailing bytes: still decodes
    server.route("/card.png", body=heavy, content_type="image/png")
    report = inspect_url(url, site(tmp_path), allow_private=LOOPBACK_ONLY)
    heavy_errors = {f.code: f for f in report.errors}
    assert set(heavy_errors) == {"twitter:image-too-heavy", "og:image-too-heavy"}
    assert heavy_errors["og:image-too-heavy"].platforms == ("linkedin",)  # Facebook allows 8 MB
    assert "over LinkedIn's 5 MB limit" in heavy_errors["og:image-too-heavy"].message


def test_image_type_mismatch_and_wrong_content_type(
    net: Net, server: Server, tmp_path: Path
) -> None:
    url = serve_good(server)
    server.route("/card.png", body=image(1200, 630, "JPEG"), content_type="image/png")
    report = inspect_url(url, site(tmp_path), allow_private=LOOPBACK_ONLY)
    assert codes(report) == {"og:image-type-mismatch"}
    server.route("/card.png", body=image(1200, 630), content_type="text/html")
    report = inspect_url(url, site(tmp_path), allow_private=LOOPBACK_ONLY)
    [error] = report.errors
    assert error.code == "og:image-invalid" and "wrong content type 'text/html'" in error.message


def test_image_bomb_and_private_redirect_are_findings(
    net: Net, server: Server, tmp_path: Path
) -> None:
    url = serve_good(server)
    server.route("/card.png", body=bomb_png(), content_type="image/png")
    report = inspect_url(url, site(tmp_path), allow_private=LOOPBACK_ONLY)
    assert report.errors[0].code == "og:image-invalid"
    assert "decompression bomb" in report.errors[0].message
    net.stub("metadata.internal", "169.254.169.254")
    server.route("/card.png", 302, headers={"Location": "http://metadata.internal/latest"})
    report = inspect_url(url, site(tmp_path), allow_private=LOOPBACK_ONLY)
    assert report.errors[0].code == "og:image-unreachable"
    assert "169.254.169.254, a link-local address" in report.errors[0].message
    assert "169.254.169.254" not in net.connects


def test_platform_fallbacks(net: Net, server: Server, tmp_path: Path) -> None:
    base = server.url("").rstrip("/")
    page = f"""<html><head><title>Plain title</title>
<meta name="description" content="Plain description">
<meta property="og:image" content="{base}/og.png">
<meta name="twitter:image" content="{base}/x.png">
<meta name="twitter:title" content="X only title">
</head></html>""".encode()
    server.route("/p", body=page, content_type="text/html")
    server.route("/og.png", body=image(1200, 630), content_type="image/png")
    server.route("/x.png", body=image(1200, 600), content_type="image/png")
    report = inspect_url(server.url("/p"), site(tmp_path), allow_private=LOOPBACK_ONLY)
    facebook, x, linkedin = report.previews
    assert (facebook.title, facebook.description, facebook.image) == (
        "Plain title", "Plain description", f"{base}/og.png"
    )  # fmt: skip
    assert (x.card, x.title, x.description, x.image) == (
        "summary",
        "X only title",
        "",
        f"{base}/x.png",
    )
    assert (linkedin.title, linkedin.image) == ("Plain title", f"{base}/og.png")
    assert len(report.images) == 2 and "twitter:card-missing" in codes(report)


def test_charsets(net: Net, server: Server, tmp_path: Path) -> None:
    title = "한국 뉴스 ‘속보’"
    page = f'<html><head><meta charset="euc-kr"><title>{title}</title></head></html>'
    server.route("/kr", body=page.replace("‘", "'").replace("’", "'").encode("euc-kr"),
                 content_type="text/html")  # fmt: skip
    server.route("/bom", body=b"\xef\xbb\xbf<title>caf\xc3\xa9</title>", content_type="text/html")
    server.route("/latin", body="<title>café</title>".encode("latin-1"),
                 content_type="text/html; charset=ISO-8859-1")  # fmt: skip
    got = {
        path: inspect_url(server.url(path), site(tmp_path), allow_private=LOOPBACK_ONLY).title
        for path in ("/kr", "/bom", "/latin")
    }
    assert got == {"/kr": "한국 뉴스 '속보'", "/bom": "café", "/latin": "café"}


def test_redirected_page(net: Net, server: Server, tmp_path: Path) -> None:
    url = serve_good(server)
    server.route("/short", 301, headers={"Location": "/post/"})
    report = inspect_url(server.url("/short"), site(tmp_path), allow_private=LOOPBACK_ONLY)
    assert report.final_url == url and report.url == server.url("/short") and report.ok
    assert "redirected to" in report.to_text()


def test_page_failures_raise_network_error(net: Net, server: Server, tmp_path: Path) -> None:
    serve_good(server)
    with pytest.raises(NetworkError, match=r"refused: 127\.0\.0\.1 is a loopback address"):
        inspect_url(server.url("/post/"), site(tmp_path))
    assert net.connects == []
    with pytest.raises(NetworkError, match="HTTP 404"):
        inspect_url(server.url("/nope"), site(tmp_path), allow_private=LOOPBACK_ONLY)
    with pytest.raises(NetworkError, match="wrong content type 'image/png'"):
        inspect_url(server.url("/card.png"), site(tmp_path), allow_private=LOOPBACK_ONLY)


@pytest.mark.parametrize("url", ["ftp://example.com/", "/relative/page", "example.com", ""])
def test_not_an_http_url(net: Net, url: str) -> None:
    with pytest.raises(InputError, match="expected an absolute http"):
        inspect_url(url)
    assert net.connects == []


def test_hostile_text_cannot_reach_the_terminal(net: Net, server: Server, tmp_path: Path) -> None:
    page = (
        "<title>Evil \x1b[2J\x1b]0;pwned\x07 title\r\nline</title>"
        '<meta property="og:description" content="a&#x1b;[31mred&#10;b">'
    )
    server.route("/evil", body=page.encode(), content_type="text/html")
    report = inspect_url(server.url("/evil"), site(tmp_path), allow_private=LOOPBACK_ONLY)
    text = report.to_text()
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text
    assert report.title == "Evil [2J ]0;pwned title line"
    assert json.loads(report.to_json())["title"] == report.title


def test_naughty_strings_round_trip(net: Net, server: Server, tmp_path: Path) -> None:
    strings = [s for s in naughty_strings() if clean_text(s)]
    metas = "".join(f'<meta property="og:title" content="{html.escape(s)}">' for s in strings)
    server.route("/n", body=f"<html><head>{metas}</head></html>".encode(),
                 content_type="text/html; charset=utf-8")  # fmt: skip
    report = inspect_url(server.url("/n"), site(tmp_path), allow_private=LOOPBACK_ONLY)
    assert list(report.tags["og:title"]) == strings  # exact attribute values, in order
    assert report.previews[0].title == clean_text(strings[0])
    assert json.loads(report.to_json())["tags"]["og:title"] == strings
    assert "duplicate-tag" in codes(report)
    report.to_text()


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text())
def test_parser_round_trips_any_text(title: str, content: str) -> None:
    parser = HeadParser()
    parser.feed(f'<title>{html.escape(title, quote=False)}</title>'
                f'<meta property="og:title" content="{html.escape(content)}">')  # fmt: skip
    parser.close()
    expected = content.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    assert parser.meta["og:title"] == [expected] or "\0" in content or "\r" in content
    assert parser.title is not None


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_parser_survives_any_bytes(data: bytes) -> None:
    from sharekit.net._head import decode_page

    parser = HeadParser()
    parser.feed(decode_page(data, None))
    parser.close()


@pytest.mark.parametrize("pattern", ["</", "<a ", "<", "<!--", "<svg>", "<title>", "&#"])
def test_pathological_pages_parse_in_bounded_time(
    net: Net, server: Server, tmp_path: Path, pattern: str
) -> None:
    import time

    head = '<title>T</title><meta property="og:title" content="Kept">'
    page = head + pattern * (3_000_000 // len(pattern))
    server.route("/p", body=page.encode(), content_type="text/html")
    started = time.monotonic()
    report = inspect_url(server.url("/p"), site(tmp_path), allow_private=LOOPBACK_ONLY)
    assert time.monotonic() - started < 8
    assert report.tags["og:title"] == ("Kept",) and report.title == "T"
    assert "page-large" in codes(report)


def test_worst_linear_case_within_the_cap(net: Net, server: Server, tmp_path: Path) -> None:
    import time

    from sharekit.net._head import PARSE_LIMIT

    page = "<title>T</title>" + "<" * (PARSE_LIMIT - 20) + ">"
    server.route("/p", body=page.encode(), content_type="text/html")
    started = time.monotonic()
    report = inspect_url(server.url("/p"), site(tmp_path), allow_private=LOOPBACK_ONLY)
    assert time.monotonic() - started < 10 and report.title == "T"


@pytest.mark.parametrize(
    ("block", "message"),
    [("[" * 100_000 + "]" * 100_000, "nested deeper than 64 levels"),
     ('{"a":' * 70 + "1" + "}" * 70, "nested deeper than 64 levels"),
     ('{"@type": [{}, 5, null], "headline": []}', None),
     ('[1, "x", null, {"@graph": [1, {"@type": "NewsArticle"}]}]', None),
     ("null", None), ("", "not valid JSON")],
)  # fmt: skip
def test_hostile_jsonld(
    net: Net, server: Server, tmp_path: Path, block: str, message: str | None
) -> None:
    page = f'<title>T</title><script type="application/ld+json">{block}</script>'
    server.route("/p", body=page.encode(), content_type="text/html")
    report = inspect_url(server.url("/p"), site(tmp_path), allow_private=LOOPBACK_ONLY)
    invalid = [f.message for f in report.errors if f.code == "jsonld-invalid"]
    if message is None:
        assert invalid == []
    else:
        assert len(invalid) == 1 and message in invalid[0]
    json.loads(report.to_json())
    report.to_text()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(st.lists(st.tuples(
    st.sampled_from(["og:url", "og:image", "twitter:image", "og:title", "twitter:card",
                     "og:image:width", "og:description", "canonical", "og:site_name"]),
    st.one_of(st.text(max_size=40), st.sampled_from(
        ["http://xn--/", "http://" + "é" * 70 + ".com/", "javascript:alert(1)", "//x", "http://[::1",
         "data:image/png;base64,AAAA", "http://10.0.0.1/x.png", "https://8.8.8.8/a.png"]))),
    max_size=8))  # fmt: skip
def test_any_tag_values_give_a_report(
    net: Net, server: Server, tmp_path: Path, tags: list[tuple[str, str]]
) -> None:
    parts = []
    for key, value in tags:
        if key == "canonical":
            parts.append(f'<link rel="canonical" href="{html.escape(value)}">')
        else:
            parts.append(f'<meta property="{key}" content="{html.escape(value)}">')
    server.route("/p", body="".join(parts).encode(), content_type="text/html; charset=utf-8")
    report = inspect_url(server.url("/p"), site(tmp_path), allow_private=LOOPBACK_ONLY)
    json.loads(report.to_json())
    assert "\x1b" not in report.to_text()
    assert all(c == "127.0.0.1" for c in net.connects if not c.startswith("8."))

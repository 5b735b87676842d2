"""Share links and the share block (SPEC 2.5): formats, exact encoding, UTM, HTML."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sharekit import InputError, load_article, load_articles, load_site
from sharekit.card._chain import share_image
from sharekit.config import NETWORK_IDS
from sharekit.share._links import ShareLink, render_share_block, share_links, tag_url
from tests.conftest import naughty_strings

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = ROOT / "examples"
BLNS: list[str] = naughty_strings()
URL = "https://example.com/news/a%20b/?x=1&y=%26#frag"
WEB_NETWORKS = [n for n in NETWORK_IDS if n not in ("copy", "webshare", "kakaotalk")]


def article(title: str = "Hello, world", description: str = "", url: str = URL, **more: Any):
    record = {"title": title, "url": url, **more}
    if description:
        record["description"] = description
    return load_article(record)


def by_network(links: list[ShareLink]) -> dict[str, ShareLink]:
    return {link.network: link for link in links}


def expected_params(network: str, t: str, u: str, d: str, img: str, via: str) -> dict[str, str]:
    """What each network's intent URL must carry, decoded (the documented formats)."""
    joined = f"{t} {u}"
    table = {
        "facebook": {"u": u},
        "x": {"text": t, "url": u, "via": via},
        "linkedin": {"url": u},
        "reddit": {"url": u, "title": t},
        "whatsapp": {"text": joined},
        "telegram": {"url": u, "text": t},
        "email": {"subject": t, "body": f"{d}\r\n\r\n{u}" if d else u},
        "pinterest": {"url": u, "media": img, "description": t},
        "hackernews": {"u": u, "t": t},
        "bluesky": {"text": joined},
        "threads": {"text": t, "url": u},
        "mastodon": {"text": joined},
        "tumblr": {"posttype": "link", "canonicalUrl": u, "title": t, "caption": d},
        "flipboard": {"v": "2", "title": t, "url": u},
        "line": {"url": u, "text": t},
        "naver": {"url": u, "title": t},
        "band": {"body": f"{t}\n{u}", "route": u},
        "vk": {"url": u, "title": t, "description": d, "image": img},
        "weibo": {"url": u, "title": t, "pic": img},
        "sms": {"body": joined},
    }
    return {key: value for key, value in table[network].items() if value}


def parsed(url: str) -> dict[str, str]:
    """The query of ``url`` as a consumer reads it; a parameter never appears twice."""
    pairs = parse_qsl(urlsplit(url).query, keep_blank_values=True)
    assert len(pairs) == len({name for name, _ in pairs}), url
    return dict(pairs)


def check_round_trip(record: Any, site: Any = None) -> list[str]:
    site = site or load_site({})
    links = share_links(record, site, utm=False)
    image = share_image(record, site)
    for link in links:
        if link.url is None:
            assert link.network in ("copy", "webshare", "kakaotalk")
            assert link.shared_url == record.url
            continue
        assert "+" not in urlsplit(link.url).query, link.url
        assert "=&" not in link.url and not link.url.endswith("="), link.url
        own = record.social_for(link.network)  # the record's social.<network> (SPEC 7.5)
        own_image = own.image.url if own.image else ""
        want = expected_params(
            link.network,
            own.title or record.title,
            record.url,
            own.description or record.description,
            own_image or (image.url if image else ""),
            site.twitter.lstrip("@"),
        )
        assert parsed(link.url) == want, link.network
    return [link.url for link in links if link.url]


# --- networks, order, availability ------------------------------------------


def test_every_network_in_spec_order_by_default():
    links = share_links(article(), load_site({}))
    assert [link.network for link in links] == list(NETWORK_IDS)
    assert len(links) == 23
    assert all(isinstance(link, ShareLink) for link in links)


def test_site_order_and_keyword_override():
    site = load_site({"share": {"networks": ["line", "kakaotalk", "naver", "copy"]}})
    assert [x.network for x in share_links(article(), site)] == [
        "line",
        "kakaotalk",
        "naver",
        "copy",
    ]
    assert [x.network for x in share_links(article(), site, networks="x,facebook")] == [
        "x",
        "facebook",
    ]
    assert [x.network for x in share_links(article(), site, networks=["x", "x"])] == ["x"]


@pytest.mark.parametrize(
    ("networks", "message"),
    [
        ("facbook", 'option: networks: unknown network "facbook"; did you mean "facebook"?'),
        (
            "pocket",
            'option: networks: unknown network "pocket" (Pocket closed on 8 July 2025, '
            'not offered); did you mean "hackernews"?',
        ),
        (
            "skype",
            'option: networks: unknown network "skype" (Skype retired on 5 May 2025, '
            'not offered); did you mean "bluesky"?',
        ),
    ],
)
def test_unknown_and_dead_networks_are_errors(networks, message):
    with pytest.raises(InputError) as caught:
        share_links(article(), load_site({}), networks=networks)
    assert str(caught.value) == message


def test_linkedin_gets_only_the_url():
    link = by_network(share_links(article(description="summary"), load_site({})))["linkedin"]
    assert parsed(link.url) == {"url": URL}


def test_pinterest_media_is_the_share_image():
    site = load_site({"site": {"url": "https://news.example"}})
    record = article()
    link = by_network(share_links(record, site))["pinterest"]
    image = share_image(record, site)
    assert image is not None and image.kind == "card"
    assert parsed(link.url)["media"] == image.url


def test_pinterest_without_any_image_leaves_media_out():
    site = load_site({"card": {"enabled": False}})
    assert "media" not in parsed(by_network(share_links(article(), site))["pinterest"].url)


def test_mastodon_chooser_or_configured_instance():
    chooser = by_network(share_links(article(), load_site({})))["mastodon"].url
    assert chooser.startswith("https://share.joinmastodon.org/?text=")
    site = load_site({"share": {"mastodon_instance": "mastodon.social"}})
    direct = by_network(share_links(article(), site))["mastodon"].url
    assert direct.startswith("https://mastodon.social/share?text=")
    assert parsed(direct) == {"text": f"Hello, world {URL}"}


def test_kakaotalk_is_sdk_only_and_needs_the_key():
    link = by_network(share_links(article(), load_site({})))["kakaotalk"]
    assert (link.url, link.needs_js, link.needs_app_id, link.available) == (
        None,
        True,
        True,
        False,
    )
    site = load_site({"share": {"kakao_app_key": "0123abcd"}})
    assert by_network(share_links(article(), site))["kakaotalk"].available


def test_flags():
    links = by_network(share_links(article(), load_site({})))
    assert {n for n, link in links.items() if link.needs_js} == {"copy", "webshare", "kakaotalk"}
    assert {n for n, link in links.items() if link.app_only} == {"sms"}
    assert links["email"].url.startswith("mailto:?subject=")
    assert links["sms"].url.startswith("sms:?&body=")


def test_x_via_comes_from_the_site_handle():
    site = load_site({"site": {"twitter": "@viewusglobal"}})
    assert parsed(by_network(share_links(article(), site))["x"].url)["via"] == "viewusglobal"
    assert "via" not in parsed(by_network(share_links(article(), load_site({})))["x"].url)


# --- exact encoding -----------------------------------------------------------


def test_round_trip_every_example():
    site = load_site({"site": {"twitter": "@viewusglobal"}})
    for record in load_articles(EXAMPLES, site):
        check_round_trip(record, site)


def test_spaces_are_percent_20_in_mail_and_sms():
    links = by_network(share_links(article("a b", "c d"), load_site({}), utm=False))
    assert links["email"].url == (
        "mailto:?subject=a%20b&body=c%20d%0D%0A%0D%0Ahttps%3A%2F%2Fexample.com%2Fnews%2Fa%2520b"
        "%2F%3Fx%3D1%26y%3D%2526%23frag"
    )
    assert links["sms"].url.startswith("sms:?&body=a%20b%20https%3A%2F%2F")


def _blns_articles():
    for i, text in enumerate(BLNS):
        other = BLNS[-1 - i]
        for url in (URL, "https://example.com/p/" + text):
            try:
                yield article(text, other, url)
            except InputError:
                continue  # empty after cleaning, or not a URL: never reaches share


def test_round_trip_big_list_of_naughty_strings():
    produced = []
    count = 0
    for record in _blns_articles():
        produced.append((record.title, record.description, record.url, check_round_trip(record)))
        count += 1
    assert count > 800  # most strings make a record, in title, description and URL path
    node = shutil.which("node")
    if node is None:
        return
    # Parse a sample the way a browser does too (WHATWG URLSearchParams).
    sample = [urls for _, _, _, urls in produced[::7]]
    script = (
        "const lists=JSON.parse(require('fs').readFileSync(0,'utf8'));"
        "process.stdout.write(JSON.stringify(lists.map(us=>us.map(u=>"
        "[...new URL(u).searchParams]))));"
    )
    out = subprocess.run(
        [node, "-e", script], input=json.dumps(sample), capture_output=True, text=True, check=True
    )
    for urls, decoded in zip(sample, json.loads(out.stdout), strict=True):
        for url, pairs in zip(urls, decoded, strict=True):
            assert dict(map(tuple, pairs)) == parsed(url)


texts = st.text(st.characters(codec="utf-8"), max_size=80)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=texts, description=texts, path=texts)
def test_round_trip_hypothesis(title, description, path):
    try:
        record = article(title, description, "https://example.com/" + path + "?q=1#f")
    except InputError:
        assume(False)
    check_round_trip(record)


# --- UTM ----------------------------------------------------------------------


def test_tag_url_merges_keeps_fragment_and_never_duplicates():
    url = "https://example.com/a?x=1&utm_source=old&b=%2B#part"
    tagged = tag_url(url, [("utm_source", "x"), ("utm_medium", "social"), ("utm_campaign", "")])
    assert tagged == "https://example.com/a?x=1&b=%2B&utm_source=x&utm_medium=social#part"
    assert tag_url("https://example.com/", [("a", "b c")]) == "https://example.com/?a=b%20c"


UTM_SITE = {"share": {"utm": {"medium": "social", "campaign": "{section}-{year}-{slug}"}}}


def test_utm_on_from_config_per_network_source():
    site = load_site(UTM_SITE)
    record = article(url="https://example.com/a?x=1#frag", section="World & More",
                     published="2024-10-24T09:00:00+09:00")  # fmt: skip
    for link in share_links(record, site):
        query = parsed(link.shared_url)
        assert query == {
            "x": "1",
            "utm_source": link.network,
            "utm_medium": "social",
            "utm_campaign": f"World & More-2024-{record.slug}",
        }
        assert urlsplit(link.shared_url).fragment == "frag"
        if link.url and link.network not in ("email",):
            assert link.shared_url in "".join(parsed(link.url).values()), link.network
    assert record.url == "https://example.com/a?x=1#frag"


def test_utm_forced_on_and_off():
    on = share_links(article(), load_site({}), utm=True)
    assert parsed(on[0].shared_url)["utm_source"] == "facebook"
    assert parsed(on[0].shared_url)["utm_medium"] == "social"
    off = share_links(article(), load_site(UTM_SITE), utm=False)
    assert all(link.shared_url == URL for link in off)


def test_utm_default_campaign_is_the_slug():
    record = article()
    links = share_links(record, load_site({}), utm=True)
    assert parsed(links[0].shared_url)["utm_campaign"] == record.slug


def test_utm_unknown_placeholder():
    site = load_site({"share": {"utm": {"campaign": "{slgu}"}}})
    with pytest.raises(InputError) as caught:
        share_links(article(), site)
    assert str(caught.value) == (
        "share.utm.campaign: unknown placeholder {slgu}; use {slug}, {id}, {section}, {lang}, "
        "{year}, {month}, {day}"
    )


# --- the block ----------------------------------------------------------------


class Block(HTMLParser):
    """Collects links and buttons with their text, the way a DOM would expose them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.controls: list[dict[str, Any]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, str] = {}
        self._open: list[dict[str, Any]] = []
        self._template = 0
        self._tag: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._tag.append(tag)
        if tag == "template":
            self._template += 1
        if tag in ("a", "button"):
            control = {"tag": tag, "attrs": attributes, "text": "", "in_template": self._template}
            self.controls.append(control)
            self._open.append(control)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if self._tag:
            self._tag.pop()
        if tag == "template":
            self._template -= 1
        if tag in ("a", "button") and self._open:
            self._open.pop()

    def handle_data(self, data):
        for control in self._open:
            control["text"] += data
        if self._tag:
            self.text[self._tag[-1]] = self.text.get(self._tag[-1], "") + data


def parse_block(html: str) -> Block:
    block = Block()
    block.feed(html)
    block.close()
    return block


def test_block_links_are_real_safe_and_named():
    site = load_site({"site": {"twitter": "@viewusglobal"}})
    record = load_article(EXAMPLES / "article.json", site)
    html = render_share_block(record, site)
    block = parse_block(html)
    links = by_network(share_links(record, site))
    anchors = [c for c in block.controls if c["tag"] == "a"]
    assert [a["attrs"]["data-network"] for a in anchors] == [
        n for n in NETWORK_IDS if links[n].url is not None
    ]
    for anchor in anchors:
        attrs, network = anchor["attrs"], anchor["attrs"]["data-network"]
        assert attrs["href"] == links[network].url
        assert attrs["rel"] == "noopener noreferrer"
        if attrs["href"].startswith("https://"):
            assert attrs["target"] == "_blank"
            assert anchor["text"] == f"Share on {links[network].label} (opens in new window)"
        else:
            assert "target" not in attrs
    names = {a["attrs"]["data-network"]: a["text"] for a in anchors}
    assert names["email"] == "Share by Email"
    assert names["sms"] == "Share by SMS"
    assert block.text["h2"] == "Share it on..."
    svgs = [attrs for tag, attrs in block.tags if tag == "svg"]
    assert svgs and all(s["aria-hidden"] == "true" and s["focusable"] == "false" for s in svgs)


def test_script_only_buttons_live_in_templates():
    site = load_site({"share": {"kakao_app_key": "0123abcd"}})
    block = parse_block(render_share_block(article(), site))
    buttons = [c for c in block.controls if c["tag"] == "button"]
    assert [b["attrs"]["data-network"] for b in buttons] == ["kakaotalk", "copy", "webshare"]
    assert all(b["in_template"] for b in buttons)
    assert [b["text"] for b in buttons] == ["Share on KakaoTalk", "Copy link", "More ways to share"]
    copy = buttons[1]["attrs"]
    assert copy["data-url"] == URL and copy["data-done"] == "Link copied"
    assert sum(tag == "script" for tag, _ in block.tags) == 1
    status = [attrs for tag, attrs in block.tags if attrs.get("role") == "status"]
    assert len(status) == 1


def test_no_kakao_button_without_key_and_no_script_without_script_networks():
    html = render_share_block(article(), load_site({}))
    assert 'data-network="kakaotalk"' not in html
    html = render_share_block(article(), load_site({}), networks="facebook,x")
    assert "<script" not in html and "<template" not in html
    html = render_share_block(article(), load_site({}), script=False, style=False)
    assert "<script" not in html and "<template" not in html and "<style" not in html


def test_every_accessible_name_contains_its_visible_label():
    from sharekit.share._html import STRINGS

    for strings in STRINGS.values():
        for key in ("email", "sms", "copy", "webshare"):
            assert strings[key].casefold() in strings[f"{key}_name"].casefold()
        assert "{name}" in strings["share_on"]


def test_heading_and_ui_strings_translate():
    korean = load_article(EXAMPLES / "articles" / "korean.json", load_site({}))
    block = parse_block(render_share_block(korean, load_site({}), networks="facebook,email"))
    assert block.text["h2"] == "공유하기"
    assert [c["text"] for c in block.controls] == [
        "Facebook에 공유 (새 창에서 열림)",
        "이메일로 공유",
    ]
    site = load_site({"share": {"heading": "Pass it on"}})
    assert parse_block(render_share_block(korean, site)).text["h2"] == "Pass it on"


def test_english_fallback_is_marked_and_a_configured_heading_keeps_the_site_language():
    swahili = article("Habari", lang="sw")  # Latin script, no strings of its own yet
    html = render_share_block(swahili, load_site({}), networks="x")
    assert ' lang="en"' in html.split(">", 1)[0]
    site = load_site({"site": {"lang": "sw"}, "share": {"heading": "Shiriki"}})
    block = parse_block(render_share_block(swahili, site, networks="x"))
    assert [attrs.get("lang") for tag, attrs in block.tags if tag in ("section", "h2")] == [
        "en",
        "sw",
    ]
    korean = render_share_block(article(lang="ko"), load_site({}), networks="x")
    assert "lang=" not in korean.split("<ul", 1)[0]


def test_target_is_configurable_and_checked():
    html = render_share_block(article(), load_site({"share": {"target": ""}}), networks="x")
    block = parse_block(html)
    assert "target" not in block.controls[0]["attrs"]
    assert block.controls[0]["text"] == "Share on X"
    site = load_site({"share": {"target": "_self"}})
    assert (
        parse_block(render_share_block(article(), site, networks="x")).controls[0]["attrs"][
            "target"
        ]
        == "_self"
    )
    with pytest.raises(InputError) as caught:
        render_share_block(article(), load_site({"share": {"target": "_new"}}))
    assert str(caught.value) == (
        'share.target: expected _blank, _self, _parent, _top or a window name, got "_new"'
    )


def test_hostile_text_stays_text():
    record = load_article(EXAMPLES / "articles" / "hostile.json", load_site({}))
    html = render_share_block(record, load_site({}), networks="webshare,x")
    block = parse_block(html)
    assert sum(tag == "script" for tag, _ in block.tags) == 1
    assert block.controls[0]["attrs"]["data-title"] == record.title
    assert parsed(block.controls[1]["attrs"]["href"])["text"] == record.title


def test_hostile_config_text_stays_text():
    heading, key = '</h2><script>alert(1)</script> & "x"', "k'\"><b>"
    site = load_site({"share": {"heading": heading, "kakao_app_key": key}})
    block = parse_block(render_share_block(article(), site, networks="kakaotalk"))
    assert block.text["h2"] == heading
    assert block.controls[0]["attrs"]["data-app-key"] == key
    assert sum(tag == "script" for tag, _ in block.tags) == 1


@settings(max_examples=60, deadline=None)
@given(title=texts)
def test_block_attributes_round_trip_hypothesis(title):
    try:
        record = article(title)
    except InputError:
        assume(False)
    block = parse_block(render_share_block(record, load_site({}), networks="webshare,reddit"))
    assert block.controls[0]["attrs"]["data-title"] == record.title
    assert parsed(block.controls[1]["attrs"]["href"])["title"] == record.title


def test_block_is_deterministic():
    record = load_article(EXAMPLES / "article.json", load_site({}))
    assert render_share_block(record, load_site({})) == render_share_block(record, load_site({}))


# --- the Nu Html Checker ------------------------------------------------------


def _vnu_jar() -> Path | None:
    candidates = [os.environ.get("VNU_JAR", "")]
    npm = shutil.which("npm")
    if npm:
        root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True).stdout.strip()
        candidates.append(f"{root}/vnu-jar/build/dist/vnu.jar")
    candidates.append(str(ROOT / "tests/node/node_modules/vnu-jar/build/dist/vnu.jar"))
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>share block</title></head>
<body><main><h1>Article</h1>
{block}</main></body></html>
"""


@pytest.mark.slow
def test_nu_html_checker_finds_no_errors(tmp_path):
    jar, java = _vnu_jar(), shutil.which("java")
    if jar is None or java is None:
        pytest.skip(
            "Nu Html Checker not available: `npm install -g vnu-jar` (or set VNU_JAR) and "
            "`apt-get install default-jre-headless`"
        )
    site = load_site({"share": {"kakao_app_key": "0123abcd", "utm": {"medium": "social"}}})
    files = []
    for i, record in enumerate(load_articles(EXAMPLES, site)):
        path = tmp_path / f"page{i}.html"
        block = render_share_block(record, site)
        path.write_text(PAGE.format(lang=record.lang, block=block), "utf-8")
        files.append(str(path))
    target = tmp_path / "target.html"
    target.write_text(
        PAGE.format(lang="en", block=render_share_block(article(), load_site({"share": {
            "target": "shares"}}))), "utf-8"
    )  # fmt: skip
    files.append(str(target))
    result = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--also-check-svg", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    problems = [m for m in messages if m["type"] == "error" or m.get("subType") == "warning"]
    assert problems == [], problems
    assert len(files) >= 12

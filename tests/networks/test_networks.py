"""The share networks are one table (SPEC 7.1): everything else reads it, nothing repeats it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from sharekit import load_article, load_site
from sharekit.config import NETWORK_IDS
from sharekit.config._checks import TABLES
from sharekit.networks._table import ALIASES, BY_ID, NETWORKS, RETIRED, Shared, encode
from sharekit.preview._page import PLATFORMS
from sharekit.share._html import SCRIPT, STRINGS
from sharekit.share._links import share_links

ROOT = Path(__file__).resolve().parent.parent.parent
SRC = ROOT / "src" / "sharekit"
# SPEC 2.5's ids, in its display order.
SPEC_ORDER = (
    "facebook",
    "x",
    "linkedin",
    "reddit",
    "whatsapp",
    "telegram",
    "email",
    "pinterest",
    "hackernews",
    "bluesky",
    "threads",
    "mastodon",
    "tumblr",
    "flipboard",
    "line",
    "kakaotalk",
    "naver",
    "band",
    "vk",
    "weibo",
    "sms",
    "copy",
    "webshare",
)
IDS = tuple(network.id for network in NETWORKS)


def test_config_ids_are_the_tables_ids_in_spec_order() -> None:
    assert NETWORK_IDS == IDS == SPEC_ORDER
    assert list(BY_ID) == list(IDS)


def test_docs_table_lists_the_networks_in_order() -> None:
    docs = (ROOT / "docs" / "share.md").read_text("utf-8")
    assert tuple(re.findall(r"^\| [^|]+ \| `([a-z]+)` \|", docs, re.MULTILINE)) == IDS


@pytest.mark.parametrize("network", NETWORKS, ids=IDS)
def test_every_network_has_a_label_and_an_icon(network) -> None:
    assert network.label.strip() == network.label != ""
    assert network.icon.path[0] in "Mm"  # SVG path data starts with a move
    assert re.fullmatch(r"#[0-9A-F]{6}", network.icon.colour)
    assert re.fullmatch(r"#[0-9A-F]{6}", network.colour)
    assert network.icon.origin in ("simple-icons", "sharekit")


def test_ids_labels_and_aliases_are_unique() -> None:
    assert len(set(IDS)) == len(IDS)
    assert len({network.label for network in NETWORKS}) == len(NETWORKS)
    assert len({network.icon.path for network in NETWORKS}) == len(NETWORKS)
    aliases = [alias for network in NETWORKS for alias in network.aliases]
    assert len(set(aliases)) == len(aliases) == len(ALIASES)
    assert not set(aliases) & set(IDS) and not set(aliases) & set(RETIRED)
    assert all(alias == alias.lower() for alias in aliases)


def test_script_only_networks_have_no_link_and_a_script_action() -> None:
    script_only = [network.id for network in NETWORKS if network.script_only]
    assert script_only == ["kakaotalk", "copy", "webshare"]
    for network in script_only:
        assert f"{network}:function" in SCRIPT  # the script knows how to do it
    links = share_links(load_article({"title": "T", "url": "https://example.com/a"}), load_site({}))
    assert [link.network for link in links if link.url is None] == script_only
    assert [link.network for link in links if link.needs_js] == script_only


@pytest.mark.parametrize("network", [n for n in NETWORKS if n.build_url], ids=lambda n: n.id)
def test_the_image_flag_says_whether_the_link_carries_the_image(network) -> None:
    assert network.build_url is not None
    image = "https://img.example/card.png"
    values = Shared("https://example.com/a", "Title", "Text", image, "site", "")
    assert (encode(image) in network.build_url(values)) is network.image


def test_translated_labels_have_strings_in_every_language() -> None:
    translated = [network.id for network in NETWORKS if network.translated]
    assert translated == ["email", "sms", "copy", "webshare"]
    for strings in STRINGS.values():
        for network in translated:
            assert strings[network] and strings[f"{network}_name"]


def test_the_preview_names_share_networks_by_their_label() -> None:
    for platform in PLATFORMS:
        if platform.key in BY_ID:
            assert platform.own_name == "" and platform.name == BY_ID[platform.key].label
        else:
            assert platform.own_name == platform.name != ""


def _string_constants(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def test_the_table_is_the_only_list_of_networks_in_src() -> None:
    """No module but networks/_table.py spells out more than a few ids or brand names.

    A few are fine (the preview's four platforms that are networks, the
    block's four translated words, inspect's three platforms); a second list
    of the networks would name most of them.
    """
    brands = {network.label for network in NETWORKS if not network.translated}
    few = len(NETWORKS) // 4
    table = SRC / "networks" / "_table.py"
    constants = _string_constants(table)
    assert sorted(c for c in constants if c in BY_ID) == sorted(IDS)  # each id exactly once
    for path in sorted(SRC.rglob("*.py")):
        if path == table:
            continue
        constants = _string_constants(path)
        if path in (SRC / "config" / "_checks.py", SRC / "syndication" / "_services.py"):
            # the services table and its [syndicate.SERVICE] config tables name posting
            # services (SPEC 8.1, 8.7), some of which share a network's id: the one list
            # of services, not a second list of networks
            services = set(TABLES["syndicate"][1])
            constants = [c for c in constants if c not in services]
        for known in (set(BY_ID), brands):
            named = sorted(known.intersection(constants))
            assert len(named) <= few, f"{path.relative_to(ROOT)} lists networks: {named}"

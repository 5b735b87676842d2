"""The lint rules of SPEC 8.4: a paid article whose paywall is not found, a canonical on
another host nobody named, a URL an output does not serve, noindex still posted."""

from __future__ import annotations

from typing import Any

from sharekit import lint_article, load_article, load_site

URL = "https://www.viewusglobal.com/world/story/"
BODY = '<p>Free lead.</p><div class="paywall"><p>Paid.</p></div>'


def site(**keys: Any) -> Any:
    data: dict[str, Any] = {
        "site": {"name": "View Us Global", "url": "https://www.viewusglobal.com"}
    }
    for key, value in keys.items():
        table, _, name = key.partition("__")
        data.setdefault(table, {})[name] = value
    return load_site(data)


def codes(raw: dict[str, Any], config: Any) -> set[str]:
    base = {"title": "A headline long enough for lint", "url": URL, "content_html": BODY}
    return {f.code for f in lint_article(load_article({**base, **raw}, config), config)}


def test_a_paid_article_whose_selector_matches_nothing() -> None:
    matched = site(site__paywall_selector="div.paywall")
    unmatched = site(site__paywall_selector=".premium")
    assert "paywall-selector-unmatched" in codes({"access": "metered"}, unmatched)
    assert "paywall-selector-unmatched" not in codes({"access": "metered"}, matched)
    assert "paywall-selector-unmatched" not in codes({"access": "free"}, unmatched)
    # without a selector: the rule of SPEC 7.5, now naming the feeds too
    (finding,) = [
        f
        for f in lint_article(
            load_article({"title": "T", "url": URL, "access": "paywalled"}, site())
        )
        if f.code == "paywall-selector-missing"
    ]
    assert "feeds, posts and the preview carry the description only" in finding.message


def test_a_canonical_on_another_host_without_site_hosts() -> None:
    copy = {"canonical": "https://partner.example/story"}
    assert "canonical-other-host" in codes(copy, site())
    assert "canonical-other-host" not in codes(copy, site(site__hosts=["www.viewusglobal.com"]))
    same = {"canonical": "https://www.viewusglobal.com/original/"}
    assert "canonical-other-host" not in codes(same, site())


def test_a_url_on_a_host_the_output_does_not_serve() -> None:
    config = site(site__hosts=["www.viewusglobal.com"])
    assert "url-host-not-served" in codes({"url": "https://news.example.cn/a/"}, config)
    assert "url-host-not-served" not in codes({}, config)


def test_noindex_with_syndication_on() -> None:
    posting = site(syndicate__mastodon={"instance": "https://mastodon.example"})
    assert "noindex-syndicated" in codes({"robots": "noindex"}, posting)
    excluded = {"robots": "noindex", "exclude": ["syndication"]}
    assert "noindex-syndicated" not in codes(excluded, posting)
    assert "noindex-syndicated" not in codes({"robots": "noindex"}, site())
    assert "noindex-syndicated" not in codes({"exclude": "sitemaps"}, posting)

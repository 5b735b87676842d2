"""The share block in a real browser: Debian's chromium driven by Playwright.

Served from 127.0.0.1 (a secure context, so the clipboard API works); every
request elsewhere is aborted. Screenshots go to tmp_path, or to the folder
named by SHAREKIT_SCREENSHOTS to look at them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from sharekit import load_article, load_site
from sharekit.share._links import render_share_block, share_links
from tests.helpers_browser import browser
from tests.helpers_servers import pages

__all__ = ["browser", "pages"]  # fixtures

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
PAGE = """<!DOCTYPE html>
<html lang="{lang}" dir="{dir}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{margin:0;font-family:system-ui,"Noto Sans","DejaVu Sans",sans-serif;color:#1f2328}}
main{{max-width:44rem;margin:0 auto;padding:1.5rem}}</style></head>
<body><main><h1>{title}</h1><p>Article text.</p>
{block}</main></body></html>
"""
SITE = {"share": {"kakao_app_key": "0123456789abcdef", "utm": {"medium": "social"}}}


def _open(browser: Any, pages: dict[str, str], html: str, *, js: bool, width: int) -> Any:
    name = f"/page{len(pages)}.html"
    pages[name] = html
    context = browser.new_context(
        java_script_enabled=js,
        viewport={"width": width, "height": 900},
        device_scale_factor=2,
        permissions=["clipboard-read", "clipboard-write"] if js else [],
    )
    blocked: list[str] = []

    def only_loopback(route: Any) -> None:
        if route.request.url.startswith(pages["__base__"]):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_loopback)
    # A stand-in navigator.share records what the Web Share button hands over.
    context.add_init_script(
        "navigator.share = d => { window.sharedData = d; return Promise.resolve(); };"
        "navigator.canShare = d => !!d.url;"
    )
    page = context.new_page()
    page.blocked = blocked
    page.goto(pages["__base__"] + name)
    return page


def _shot(page: Any, tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("SHAREKIT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    page.locator(".sharekit-share").screenshot(path=str(path))
    assert path.stat().st_size > 1000
    return path


def _check_clickable(page: Any, selector: str, width: int) -> list[dict[str, float]]:
    """Every control is visible, at least 24x24 CSS px, inside the viewport, on top."""
    boxes = []
    controls = page.locator(selector)
    for i in range(controls.count()):
        control = controls.nth(i)
        control.scroll_into_view_if_needed()
        assert control.is_visible()
        box = control.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box  # WCAG 2.5.8 target size
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
        on_top = control.evaluate(
            """el => { const r = el.getBoundingClientRect();
                 const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                 return el === hit || el.contains(hit); }"""
        )
        assert on_top, control.get_attribute("data-network")
        box = control.evaluate(
            "el => { const r = el.getBoundingClientRect();"
            " return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; }"
        )
        boxes.append(box)
    for i, a in enumerate(boxes):  # no two controls overlap
        for b in boxes[i + 1 :]:
            overlap_x = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
            overlap_y = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
            assert overlap_x <= 0 or overlap_y <= 0, (a, b)
    return boxes


@pytest.mark.parametrize("width", [1024, 390])
def test_block_with_javascript(browser, pages, tmp_path, width):
    site = load_site(SITE)
    record = load_article(EXAMPLES / "article.json", site)
    links = {link.network: link for link in share_links(record, site)}
    block = render_share_block(record, site)
    html = PAGE.format(lang="en", dir="ltr", title="Share block", block=block)
    page = _open(browser, pages, html, js=True, width=width)
    try:
        _shot(page, tmp_path, f"share-block-js-{width}.png")
        anchors = page.locator("a.sharekit-share__link")
        assert anchors.count() == sum(link.url is not None for link in links.values()) == 20
        _check_clickable(page, ".sharekit-share__link", width)
        for link in links.values():
            if link.url and link.url.startswith("https://"):
                name = f"Share on {link.label} (opens in new window)"
                assert page.get_by_role("link", name=name, exact=True).count() == 1, name
        assert page.get_by_role("link", name="Share by Email", exact=True).count() == 1
        # Script-only buttons are in: KakaoTalk, copy and Web Share.
        assert page.get_by_role("button", name="Share on KakaoTalk", exact=True).count() == 1
        page.get_by_role("button", name="More ways to share", exact=True).click()
        assert page.evaluate("window.sharedData") == {
            "title": record.title,
            "url": links["webshare"].shared_url,
        }
        copy = page.get_by_role("button", name="Copy link", exact=True)
        status = page.locator('[role="status"]')  # in the tree before it speaks
        assert status.count() == 1 and status.inner_text() == ""
        copy.click()
        status.filter(has_text="Link copied").wait_for(state="visible", timeout=5000)
        assert page.evaluate("navigator.clipboard.readText()") == links["copy"].shared_url
        _shot(page, tmp_path, f"share-block-copied-{width}.png")
        # KakaoTalk loads its SDK only on click, with subresource integrity.
        page.get_by_role("button", name="Share on KakaoTalk").click()
        page.wait_for_timeout(300)
        assert [u for u in page.blocked if "kakaocdn.net" in u]
        sdk = page.locator('script[src*="kakaocdn.net"]')
        assert sdk.get_attribute("integrity").startswith("sha384-")
        # Keyboard: the first Tab reaches the first share link.
        page.evaluate("document.activeElement.blur()")
        page.locator("h1").click()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.dataset.network") == "facebook"
    finally:
        page.context.close()


def test_block_without_javascript(browser, pages, tmp_path):
    site = load_site(SITE)
    record = load_article(EXAMPLES / "article.json", site)
    block = render_share_block(record, site)
    html = PAGE.format(lang="en", dir="ltr", title="Share block", block=block)
    page = _open(browser, pages, html, js=False, width=1024)
    try:
        _shot(page, tmp_path, "share-block-nojs.png")
        assert page.locator("button").count() == 0
        assert page.get_by_role("button").count() == 0
        assert page.get_by_role("status").count() == 0
        assert page.locator("a.sharekit-share__link").count() == 20
        _check_clickable(page, "a.sharekit-share__link", 1024)
        first = page.locator("a.sharekit-share__link").first
        assert first.get_attribute("href").startswith("https://www.facebook.com/sharer/")
    finally:
        page.context.close()


@pytest.mark.parametrize(
    ("name", "direction"), [("korean", "ltr"), ("arabic", "rtl"), ("long-headline", "ltr")]
)
def test_block_in_other_languages(browser, pages, tmp_path, name, direction):
    site = load_site(SITE)
    record = load_article(EXAMPLES / "articles" / f"{name}.json", site)
    block = render_share_block(record, site)
    html = PAGE.format(lang=record.lang, dir=direction, title=name, block=block)
    page = _open(browser, pages, html, js=True, width=390)
    try:
        _shot(page, tmp_path, f"share-block-{name}.png")
        _check_clickable(page, ".sharekit-share__link", 390)
    finally:
        page.context.close()

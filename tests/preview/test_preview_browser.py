"""The preview page in a real browser: Debian's chromium driven by Playwright.

Each example record's page is served from 127.0.0.1; every other request is
recorded and aborted, and the test asserts there was none (and that the
page's Content-Security-Policy refused nothing either). A full-page
screenshot goes to $SHAREKIT_SCREENSHOTS (else pytest's tmp_path); then
every mock must be visible, every image loaded, and no text line wider than
its box. docs/preview.md, "The screenshot check", says the same.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from sharekit import card_ref, load_article, load_site, render_preview
from sharekit.preview._page import PLATFORMS, text_direction
from tests.helpers_browser import browser
from tests.helpers_preview import EXAMPLES
from tests.helpers_servers import pages

__all__ = ["browser", "pages"]  # fixtures

pytestmark = pytest.mark.slow

SITE = load_site({})
# Records every Content-Security-Policy refusal, before any script of the page runs.
CSP_PROBE = (
    "window.__refused = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__refused.push(e.violatedDirective + ' ' + e.blockedURI));"
)
# Per element: does its content fit its box sideways? (1 px for subpixel rounding)
MEASURE = """() => {
  const wide = el => el.scrollWidth > el.clientWidth + 1;
  const name = el => (el.closest('[data-platform]') || {}).dataset?.platform + ' '
                     + el.className + ' ' + (el.dataset.field || '');
  const out = {overflow: [], outside: [], mocks: [], images: []};
  for (const mock of document.querySelectorAll('.pv-mock')) {
    const box = mock.getBoundingClientRect();
    const style = getComputedStyle(mock);
    out.mocks.push({platform: mock.dataset.platform, width: box.width, height: box.height,
                    left: box.left, right: box.right, visible: style.visibility === 'visible'
                    && style.display !== 'none' && box.width > 0 && box.height > 0});
    const boxes = [mock, ...mock.querySelectorAll('.pv-stage, .pv-surface, [data-link], .pv-text')];
    for (const el of boxes) {
      if (wide(el)) out.overflow.push(name(el) + ` ${el.scrollWidth}>${el.clientWidth}`);
    }
    for (const el of mock.querySelectorAll('.pv-text, img')) {
      const r = el.getBoundingClientRect();
      if (r.left < box.left - 1 || r.right > box.right + 1)
        out.outside.push(name(el) + ` ${r.left}-${r.right} not in ${box.left}-${box.right}`);
    }
  }
  for (const el of document.querySelectorAll('.pv-text')) {
    if (!el.closest('.pv-mock') && wide(el)) out.overflow.push(name(el));
  }
  for (const img of document.images) {
    out.images.push({complete: img.complete, width: img.naturalWidth, height: img.naturalHeight,
                     platform: (img.closest('[data-platform]') || {}).dataset?.platform || ''});
  }
  out.pageWidth = document.documentElement.scrollWidth;
  out.viewport = innerWidth;
  out.directions = [...document.querySelectorAll('[data-link] [data-field=title]')]
    .map(el => getComputedStyle(el.closest('[data-link]')).direction);
  out.shareLinks = [...document.querySelectorAll('a.sharekit-share__link')]
    .map(a => a.getBoundingClientRect().width > 0);
  out.refused = window.__refused;
  return out;
}"""


def screenshot_folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SHAREKIT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_page_in_chromium(
    browser: Any, pages: dict[str, str], tmp_path: Path, path: Path, width: int
) -> None:
    article = load_article(path, SITE)
    ref = card_ref(article, SITE)
    name = f"/{path.stem}-{width}.html"
    pages[name] = render_preview(article, SITE)
    url = pages["__base__"] + name
    context = browser.new_context(viewport={"width": width, "height": 900})
    attempted: list[str] = []

    def only_the_page(route: Any) -> None:
        if route.request.url == url:
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_page)
    context.add_init_script(CSP_PROBE)
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        page.evaluate("document.fonts.ready")
        shot = screenshot_folder(tmp_path) / f"preview-{path.stem}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
        got = page.evaluate(MEASURE)
    finally:
        context.close()

    assert attempted == [], attempted
    assert got["refused"] == [], got["refused"]
    assert [m["platform"] for m in got["mocks"]] == [p.key for p in PLATFORMS]
    for mock in got["mocks"]:
        assert mock["visible"], mock
        assert mock["left"] >= 0 and mock["right"] <= width, mock
        assert mock["height"] > 150, mock
    assert got["pageWidth"] <= got["viewport"], "the page scrolls sideways"
    assert got["overflow"] == [], got["overflow"]
    assert got["outside"] == [], got["outside"]
    assert len(got["images"]) == 1 + len(PLATFORMS)  # the card, then one per mock
    # a mock shows the card, or its network's own image where the record overrides it
    own = {key: o.image for key, o in article.social.items() if o.image}
    for image in got["images"]:
        assert image["complete"] and image["width"] > 0, image
        override = own.get(image.get("platform") or "")
        expected = (override.width, override.height) if override else (ref.width, ref.height)
        assert (image["width"], image["height"]) == expected, image
    direction = text_direction(article.title, article.lang)
    assert got["directions"] == [direction] * len(PLATFORMS)
    assert got["shareLinks"] and all(got["shareLinks"])

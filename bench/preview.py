"""Preview page: time and size per example record, and what the card costs of it.

Prints medians and ratios; nothing is asserted. Run: python bench/preview.py
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from sharekit import load_article, load_articles, load_site, render_preview
from sharekit.card import render_card

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5


def median_ms(func) -> float:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1e3)
    return statistics.median(samples)


def main() -> None:
    site = load_site({})
    no_card = load_site({"card": {"enabled": False}})
    print(
        f"{'record':<16}{'page ms':>9}{'card ms':>9}{'no-card ms':>12}{'page KB':>9}{'card KB':>9}"
    )
    pages, cards, bare = [], [], []
    for article in load_articles(ROOT / "examples", site):
        page = median_ms(lambda a=article: render_preview(a, site))
        card = median_ms(lambda a=article: render_card(a, site))
        without = median_ms(lambda a=article: render_preview(a, no_card))
        size = len(render_preview(article, site).encode("utf-8")) / 1024
        card_size = len(render_card(article, site).data) / 1024
        pages.append(page), cards.append(card), bare.append(without)
        name = Path(article.source).stem
        print(f"{name:<16}{page:>9.1f}{card:>9.1f}{without:>12.1f}{size:>9.0f}{card_size:>9.0f}")
    print(
        f"median: page {statistics.median(pages):.1f} ms, card {statistics.median(cards):.1f} ms "
        f"({statistics.median(cards) / statistics.median(pages):.0%} of the page), "
        f"page without a card {statistics.median(bare):.1f} ms"
    )
    with tempfile.TemporaryDirectory() as folder:  # a photo card: JPEG, the heaviest to embed
        shutil.copy(ROOT / "tests" / "data" / "hero.jpg", Path(folder) / "hero.jpg")
        record = Path(folder) / "a.json"
        record.write_text('{"title": "A photo story", "url": "https://example.com/p", '
                          '"image": "hero.jpg"}', "utf-8")  # fmt: skip
        article = load_article(record, site)
        html = render_preview(article, site, template="photo")
        card = render_card(article, site, template="photo")
        page_kb, card_kb = len(html.encode()) / 1024, len(card.data) / 1024
        copies = html.count("data:image/jpeg")
        print(f"photo card: page {page_kb:.0f} KB, card {card_kb:.0f} KB (embedded {copies} times)")


if __name__ == "__main__":
    main()

"""Share links and block: time per article, against building the 20 URLs by hand.

Prints medians and ratios; nothing is asserted. Run: python bench/share.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from urllib.parse import quote

from sharekit import load_article, load_site
from sharekit.share._links import render_share_block, share_links

ROOT = Path(__file__).resolve().parent.parent
ROUNDS, REPEAT = 7, 200


def median_us(func) -> float:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(REPEAT):
            func()
        samples.append((time.perf_counter() - start) / REPEAT * 1e6)
    return statistics.median(samples)


def main() -> None:
    site = load_site({"share": {"utm": {"medium": "social"}, "kakao_app_key": "k"}})
    article = load_article(ROOT / "examples" / "article.json", site)

    def bare() -> list[str]:  # the floor: 20 f-strings with quote(), no tagging or model
        u, t = quote(article.url, safe=""), quote(article.title, safe="")
        return [f"https://example.com/{i}?url={u}&text={t}" for i in range(20)]

    base = median_us(bare)
    links = median_us(lambda: share_links(article, site))
    block = median_us(lambda: render_share_block(article, site))
    size = len(render_share_block(article, site).encode("utf-8"))
    print(f"bare 20 quoted URLs      {base:8.1f} us")
    print(f"share_links (23, UTM on) {links:8.1f} us  ratio {links / base:5.1f}")
    print(f"render_share_block       {block:8.1f} us  ratio {block / base:5.1f}")
    print(f"block size               {size:8d} bytes")


if __name__ == "__main__":
    main()

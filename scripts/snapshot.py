"""Write every output sharekit makes for the bundled examples into one folder.

For refactors that must not change behaviour: snapshot before, snapshot
after, compare byte for byte (the store is left out: its file format is
SQLite's, not ours)::

    git worktree add /tmp/before HEAD
    PYTHONPATH=/tmp/before/src python scripts/snapshot.py /tmp/snap-before
    python scripts/snapshot.py /tmp/snap-after
    diff -r /tmp/snap-before /tmp/snap-after && echo SAME

It uses the public API only, so it runs against older versions too. Every
template at two sizes, head tags, meta JSON, share links and block, lint,
card_ref, the preview page, six feeds, and a publish (one worker, then two)
of every example plus a hero-photo record with its own site object.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import sharekit as sk

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to (re)create")
    out = parser.parse_args().out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    hero = ROOT / "tests" / "data" / "hero.jpg"
    site = sk.load_site(
        {
            "site": {
                "name": "View Us Global",
                "url": "https://www.viewusglobal.com",
                "logo": str(hero),
            },
            # the hero-photo record is a mapping whose image lies outside the current folder
            "publish": {"assets_root": str(hero.parent)},
        }
    )
    files = [
        ROOT / "examples" / "article.json",
        *sorted(p for p in (ROOT / "examples" / "articles").iterdir() if p.is_file()),
    ]
    photo = {
        "title": "Photo héro test with a longer headline",
        "image": {"path": str(hero), "alt": "Hills"},
        "section": "World",
        "published": "2024-01-01T00:00:00Z",
        "url": "https://www.viewusglobal.com/p/",
        "site": {"name": "Other Name"},
    }
    articles = [a for f in files for a in sk.load_articles(f, site)]
    articles.append(sk.load_article(photo, site))
    for index, article in enumerate(articles):
        folder = out / f"{index:02d}-{article.slug[:30]}"
        folder.mkdir()
        tags = [
            tag.__dict__ if hasattr(tag, "__dict__") else repr(tag)
            for tag in sk.meta_tags(article, site)
        ]
        (folder / "head.html").write_text(sk.render_head(article, site))
        (folder / "meta.json").write_text(json.dumps(tags, default=str, ensure_ascii=False))
        (folder / "share.html").write_text(sk.render_share_block(article, site))
        (folder / "links.txt").write_text(repr(sk.share_links(article, site)))
        (folder / "lint.txt").write_text(repr(list(sk.lint_article(article, site))))
        (folder / "cardref.txt").write_text(repr(sk.card_ref(article, site)))
        for template in ("branded", "photo", "split"):
            for size in ("og", "square"):
                card = sk.render_card(article, site, template=template, size=size)
                name = f"card-{template}-{size}.{card.media_type.split('/')[1]}"
                (folder / name).write_bytes(card.data)
        (folder / "preview.html").write_text(sk.render_preview(article, site))
    for format in ("rss", "atom", "json"):
        (out / f"feed.{format}").write_bytes(sk.build_feed(articles, site, format=format))
        world = sk.build_feed(articles, site, format=format, section="World")
        (out / f"feed-world.{format}").write_bytes(world)
    published = out / "published"
    for workers in (1, 2):
        report = sk.publish([*files, photo], site, published, workers=workers)
        text = repr(report).replace(str(out), "OUT").replace(str(ROOT), "ROOT")
        (out / f"report-{workers}.txt").write_text(text)
    shutil.rmtree(published / ".sharekit")


if __name__ == "__main__":
    main()

"""A static-site build step: publish every post of a folder, as the generator keeps them.

    python examples/integrations/static_site.py content/posts public

Run it after your generator (Jekyll, Hugo, Eleventy, Astro...) builds
``public``: the posts are read as they are (front matter with the
generator's own keys, docs/sources.md), and each gets its card, head
fragment and share block under ``public/articles/SLUG/``, plus the site's
feeds; a re-run redoes only the posts that changed. Drafts and list pages
are reported and skipped. Exit status 2 when a post is invalid (named on
stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import sharekit


def build(posts: Path, public: Path, site: sharekit.Site | None = None) -> sharekit.PublishReport:
    site = site or sharekit.load_site()
    # The folder itself, not its files one by one: in a folder, undated pages and
    # section list pages are recognised as not articles (docs/sources.md).
    return sharekit.publish(posts, site, public)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("posts", type=Path)
    parser.add_argument("public", type=Path)
    args = parser.parse_args()
    report = build(args.posts, args.public)
    for skipped in report.skipped:
        print(f"static_site: {skipped}", file=sys.stderr)
    for error in report.errors:
        print(f"static_site: {error}", file=sys.stderr)
    print(report.summary())
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())

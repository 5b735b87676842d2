"""A static-site build step: publish every Markdown post of a folder.

    python examples/integrations/static_site.py content/posts public

Run it after your generator (Hugo, Eleventy, MkDocs...) builds ``public``:
it adds each post's card, head fragment and share block under
``public/articles/SLUG/`` and the site's feeds, and on a re-run redoes only
the posts that changed. Exit status 2 when a post is invalid (named on stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import sharekit


def build(posts: Path, public: Path, site: sharekit.Site | None = None) -> sharekit.PublishReport:
    site = site or sharekit.load_site()
    return sharekit.publish(sorted(posts.rglob("*.md")), site, public)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("posts", type=Path)
    parser.add_argument("public", type=Path)
    args = parser.parse_args()
    report = build(args.posts, args.public)
    for error in report.errors:
        print(f"static_site: {error}", file=sys.stderr)
    print(report.summary())
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())

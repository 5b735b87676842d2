"""Run the W3C Feed Validation Service's own code, offline, over sharekit's feeds.

    python bench/w3c_validate.py SNAPSHOT [--show N]

SNAPSHOT is a copy of https://github.com/w3c/feedvalidator: a checked-out
tree (with src/feedvalidator/) or a bare git directory such as the one the
`fetch` tool gives (it is exported to a temporary folder). Its code is run
in place, never copied into this repository. It needs lxml, html5lib and
rdflib importable (pip install html5lib rdflib).

Feeds checked, RSS 2.0 and Atom 1.0 each: the examples/ records; every
string of the Big List of Naughty Strings in every text field; records built
by hand with characters XML cannot carry; a per-section feed with WebSub hubs
and enclosures of known length. Prints errors and warnings by type; exit
status 1 when there is any error.
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # tests.helpers_feed: the same records the feed tests use


def validator_source(snapshot: Path, scratch: Path) -> Path:
    if (snapshot / "src" / "feedvalidator").is_dir():
        return snapshot / "src"
    if (snapshot / "feedvalidator").is_dir():
        return snapshot
    archive = subprocess.run(
        ["git", f"--git-dir={snapshot}", "archive", "HEAD", "src"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(scratch)], input=archive, check=True)
    return scratch / "src"


def feeds() -> dict[str, bytes]:
    from tests.helpers_feed import naughty_articles, record, site

    from sharekit import load_article, load_articles
    from sharekit.feed import build_feed
    from sharekit.model import Article, Author

    # Hub links are only written (build_feed pings nothing); loopback, so no real host is named.
    config = site(hubs=["http://127.0.0.1:9/hub", "http://127.0.0.1:9/hub2"])
    examples = list(load_articles(ROOT / "examples", config))
    naughty = naughty_articles(config)
    nasty = "a\x00b\x01\x0b\x0c\x1f\ufffe\uffff\ud800c]]><&\x85"
    by_hand = [
        Article(
            title="T" + nasty,
            url=f"https://example.com/{n}",
            slug=f"s{n}",
            id=f"{n}{nasty}",
            description=nasty,
            content_html=nasty,
            authors=(Author(name="A" + nasty),),
            published=datetime(2024, 1, 1, 12, n),
            section=nasty,
            tags=(nasty,),
        )
        for n in range(3)
    ]
    world = [load_article(record(n, tags=["Korea", "Ukraine"]), config) for n in range(5)]
    card = "https://www.viewusglobal.com/articles/article-{}/card.png"
    lengths = {card.format(n): 48213 + n for n in range(5)}
    out = {}
    for format in ("rss", "atom"):
        out[f"examples.{format}"] = build_feed(examples, config, format=format)
        out[f"naughty.{format}"] = build_feed(naughty, config, format=format)
        out[f"by-hand.{format}"] = build_feed(by_hand, config, format=format)
        out[f"section-enclosures.{format}"] = build_feed(
            world, config, format=format, section="World", lengths=lengths,
            url=f"https://www.viewusglobal.com/sections/world/{format}.xml",
        )  # fmt: skip
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("snapshot", type=Path)
    parser.add_argument("--show", type=int, default=3, help="examples shown per message type")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        sys.path.insert(0, str(validator_source(args.snapshot.resolve(), Path(scratch))))
        import html5lib.html5parser

        class _Messages(dict):  # type: ignore[type-arg]
            # The validator asks html5lib for messages html5lib 1.1 lacks
            # ("unexpected-EOF-after-attribute-value"): a KeyError, not a finding.
            def __missing__(self, key: str) -> str:
                return key

        html5lib.html5parser.E = _Messages(html5lib.html5parser.E)  # type: ignore[attr-defined]
        import feedvalidator
        from feedvalidator import compatibility
        from feedvalidator.formatter.text_plain import Formatter
        from feedvalidator.logging import Error, Warning

        def level(event: object) -> str:
            return (
                "error"
                if isinstance(event, Error)
                else ("warning" if isinstance(event, Warning) else "info")
            )

        errors = 0
        for name, data in feeds().items():
            try:
                events = feedvalidator.validateString(data, firstOccurrenceOnly=0)["loggedEvents"]
            except feedvalidator.logging.ValidationFailure as failure:
                events = [failure.event]
            events = compatibility.AA(events)  # what the online service shows
            kinds = collections.Counter((level(e), type(e).__name__) for e in events)
            errors += sum(count for (level, _), count in kinds.items() if level == "error")
            summary = ", ".join(f"{count} {level} {kind}" for (level, kind), count in kinds.items())
            print(f"{name:28} {len(data):>8} bytes: {summary or 'no errors or warnings'}")
            shown: dict[str, int] = collections.Counter()
            for event, line in zip(events, Formatter(events), strict=True):
                if shown[type(event).__name__] < args.show:
                    shown[type(event).__name__] += 1
                    print(f"    {line}")
        print(f"total errors: {errors}")
        return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

"""A WordPress export against the same posts as JSON records (SPEC 7.8: within 1.2 times).

Generates N posts twice, with the same fields: as a WordPress WXR export (with
an attachment per post for its featured image, authors in the channel,
categories and tags, local and GMT dates) and as JSON Lines records. Then,
--repeats times side by side (this machine's speed drifts from minute to
minute, so only runs measured together are compared), publishes each into a
fresh folder and times it; and times reading alone (load_articles) too,
which is where the two differ. Prints the medians and the ratios
WXR / JSON (goal <= 1.2 for publish), and checks that both wrote the same
feed (byte for byte), so the two runs did the same work.

    python bench/sources.py [--posts 10000] [--workers 0] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

import sharekit

HEADLINES = [
    "Russia Calls Out ‘Fake News’ on North Korean Troops, But U.S. Sees Signs",
    "Pfizer Ends Obesity Drug Trial After Liver Risk Emerges",
    "북한, 러시아에 병력 파견 의혹… 美 국방장관 “증거 있다”",
    "北朝鮮兵のロシア派遣、米国防長官「証拠がある」と言及",
    "روسيا تنفي إرسال قوات كورية شمالية، وواشنطن ترى مؤشرات على ذلك",
    "🚀 K-pop stars 🎤 take Seoul by storm — fans line up for hours ❤️",
]
SECTIONS = ["World", "Business", "LIFESTYLE", "Culture", "Tech"]
AUTHORS = {"dkim": "Daniel Kim", "kimd": "김다니엘", "slee": "Sam Lee"}
SITE = {"site": {"name": "View Us Global", "url": "https://www.viewusglobal.com"}}
BODY = (
    "<p>The first paragraph says what happened, to whom, and why it matters now.</p>\n"
    '<p>A second paragraph with <a href="https://www.viewusglobal.com/">a link</a> and '
    "<strong>some emphasis</strong>, as a real story has.</p>"
)


def make_posts(count: int) -> list[dict[str, str | list[str]]]:
    rng = random.Random(7)
    posts: list[dict[str, str | list[str]]] = []
    for index in range(count):
        day = f"2025-0{1 + index % 9}-{1 + index % 28:02d}"
        posts.append(
            {
                "id": str(1000 + 2 * index),
                "title": f"{rng.choice(HEADLINES)} ({index})",
                "slug": f"story-{index}",
                "login": rng.choice(list(AUTHORS)),
                "section": rng.choice(SECTIONS),
                "tags": rng.sample(["politics", "economy", "asia", "health", "tech"], 2),
                "local": f"{day} 09:00:00",
                "gmt": f"{day} 00:00:00",
                "excerpt": "A realistic dek that says what the story is about in one sentence.",
                "image": f"https://www.viewusglobal.com/wp-content/uploads/{index}.jpg",
            }
        )
    return posts


def write_wxr(path: Path, posts: list[dict[str, str | list[str]]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"'
            ' xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
            ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>View Us Global</title><link>https://www.viewusglobal.com</link>\n"
            "<language>en-US</language><wp:wxr_version>1.2</wp:wxr_version>\n"
        )
        for login, name in AUTHORS.items():
            out.write(
                f"<wp:author><wp:author_login>{login}</wp:author_login>"
                f"<wp:author_display_name><![CDATA[{name}]]></wp:author_display_name></wp:author>\n"
            )
        for post in posts:
            post_id = int(str(post["id"]))
            categories = (
                f'<category domain="category" nicename="s"><![CDATA[{post["section"]}]]></category>'
            )
            categories += "".join(
                f'<category domain="post_tag" nicename="{tag}"><![CDATA[{tag}]]></category>'
                for tag in post["tags"]
            )
            out.write(
                f"<item><title>{escape(str(post['title']))}</title>"
                f"<link>https://www.viewusglobal.com/news/{post['slug']}/</link>"
                f"<dc:creator><![CDATA[{post['login']}]]></dc:creator>"
                f'<guid isPermaLink="false">https://www.viewusglobal.com/?p={post_id}</guid>'
                f"<content:encoded><![CDATA[{BODY}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[{post['excerpt']}]]></excerpt:encoded>"
                f"<wp:post_id>{post_id}</wp:post_id><wp:post_date>{post['local']}</wp:post_date>"
                f"<wp:post_date_gmt>{post['gmt']}</wp:post_date_gmt>"
                f"<wp:post_name>{post['slug']}</wp:post_name><wp:status>publish</wp:status>"
                f"<wp:post_type>post</wp:post_type>{categories}"
                "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                f"<wp:meta_value>{post_id + 1}</wp:meta_value></wp:postmeta></item>\n"
                f"<item><title>{post['slug']}</title><wp:post_id>{post_id + 1}</wp:post_id>"
                "<wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>"
                f"<wp:attachment_url>{post['image']}</wp:attachment_url>"
                "<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
                "<wp:meta_value>A photo</wp:meta_value></wp:postmeta></item>\n"
            )
        out.write("</channel>\n</rss>\n")


def write_jsonl(path: Path, posts: list[dict[str, str | list[str]]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for post in posts:
            record = {
                "title": post["title"],
                "url": f"https://www.viewusglobal.com/news/{post['slug']}/",
                "id": f"https://www.viewusglobal.com/?p={post['id']}",
                "slug": post["slug"],
                "published": str(post["local"]).replace(" ", "T") + "+09:00",
                "authors": [AUTHORS[str(post["login"])]],
                "content_html": BODY,
                "description": post["excerpt"],
                "section": post["section"],
                "tags": [post["section"], *post["tags"]],
                "image": {"url": post["image"], "alt": "A photo"},
                "lang": "en-US",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def timed_publish(source: Path, out: Path, workers: int) -> tuple[float, sharekit.PublishReport]:
    site = sharekit.load_site(SITE)
    start = time.perf_counter()
    report = sharekit.publish(source, site, out, workers=workers)
    return time.perf_counter() - start, report


def timed_load(source: Path) -> float:
    site = sharekit.load_site(SITE)
    start = time.perf_counter()
    count = sum(1 for _ in sharekit.load_articles(source, site))
    elapsed = time.perf_counter() - start
    assert count > 0
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=0, help="0: every core")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sharekit-bench-sources-") as scratch:
        root = Path(scratch)
        posts = make_posts(args.posts)
        wxr, jsonl = root / "export.xml", root / "records.jsonl"
        write_wxr(wxr, posts)
        write_jsonl(jsonl, posts)
        print(
            f"{args.posts} posts: WXR {wxr.stat().st_size / 1e6:.1f} MB,"
            f" JSON Lines {jsonl.stat().st_size / 1e6:.1f} MB"
        )
        times: dict[str, list[float]] = {"wxr": [], "json": [], "load wxr": [], "load json": []}
        for repeat in range(args.repeats):
            for kind, source in (("json", jsonl), ("wxr", wxr)):
                out = root / f"out-{kind}-{repeat}"
                elapsed, report = timed_publish(source, out, args.workers)
                if report.errors or len(report.written) != args.posts:
                    print(f"{kind}: {report.summary()}; first error: {report.errors[:1]}")
                    return 1
                times[kind].append(elapsed)
                times[f"load {kind}"].append(timed_load(source))
            same = (root / f"out-json-{repeat}" / "feed.xml").read_bytes() == (
                root / f"out-wxr-{repeat}" / "feed.xml"
            ).read_bytes()
            if not same:
                print("the two runs wrote different feeds: they did not do the same work")
                return 1
            last = {kind: values[-1] for kind, values in times.items()}
            print(
                f"run {repeat + 1}: publish JSON {last['json']:.1f} s, WXR {last['wxr']:.1f} s;"
                f" read JSON {last['load json']:.2f} s, WXR {last['load wxr']:.2f} s"
            )
        median = {kind: statistics.median(values) for kind, values in times.items()}
        ratio = median["wxr"] / median["json"]
        print(
            f"publish: JSON {median['json']:.1f} s ({args.posts / median['json']:.0f} posts/s),"
            f" WXR {median['wxr']:.1f} s ({args.posts / median['wxr']:.0f} posts/s)"
        )
        print(
            f"read only: JSON {median['load json']:.2f} s, WXR {median['load wxr']:.2f} s"
            f" (ratio {median['load wxr'] / median['load json']:.2f})"
        )
        print(f"WXR / JSON publish ratio (median of {args.repeats}): {ratio:.2f} (goal <= 1.2)")
        return 0 if ratio <= 1.2 else 1


if __name__ == "__main__":
    sys.exit(main())

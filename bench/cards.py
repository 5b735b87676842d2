"""Card speed, size and memory: sharekit vs a bare Pillow script vs satori + resvg.

    python bench/cards.py [--runs 15] [--memory 1000] [--no-satori] [--encoders]
    python bench/cards.py --scripts [--runs 15]

For every example record, in one process, after a warm-up:

* sharekit: ``render_card(article, site, template="branded", format="png")``;
* bare Pillow: the same headline, the same font file and size sharekit chose,
  greedy word wrap, ``Image.save(..., "PNG")`` with Pillow's defaults;
* satori + resvg (the engine of @vercel/og) through node, on the same
  headline, font and size, when ``bench/node_modules`` exists
  (``cd bench && npm install``).

It prints the per-card median milliseconds and the ratio sharekit / Pillow
(goal: <= 1.25, and below satori), the PNG encoder options measured on a
branded card (--encoders), RSS growth over --memory cards with distinct
headlines (goal: < 50 MB), and the cold ``sharekit card`` process time.

``--scripts`` instead times one branded card per language of SPEC 7.3's other
scripts (tests/data/scripts/headlines.json, Armenian to Ethiopic) against the
Latin example card in the same process, and prints each ratio (goal: <= 2),
plus the Latin card against bare Pillow (goal: <= 1.0 with every font bundled).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import sharekit  # noqa: E402
from sharekit.card import _content, _encode, _fonts, _render  # noqa: E402

RECORDS = [
    ROOT / "examples" / "article.json",
    *sorted(p for p in (ROOT / "examples" / "articles").glob("*") if p.is_file()),
]
WIDTH, HEIGHT, MARGIN = 1200, 630, 80


def median_ms(func, runs: int) -> float:
    func()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def headline_of(card: sharekit.Card) -> tuple[int, _fonts.Face]:
    layer = next(layer for layer in card.layers if layer.name == "headline")
    assert layer.block is not None
    faces = Counter(face for _, face in layer.block.faces() if not face.color)
    return layer.block.size, faces.most_common(1)[0][0]


def bare_pillow(text: str, face: _fonts.Face, size: int):
    font = ImageFont.truetype(face.path, size, index=face.index)
    if face.variable:
        font.set_variation_by_axes([700])

    def card() -> bytes:
        image = Image.new("RGB", (WIDTH, HEIGHT), "#0b1f3a")
        draw = ImageDraw.Draw(image)
        lines, line = [], ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if line and draw.textlength(trial, font=font) > WIDTH - 2 * MARGIN:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
        y = (HEIGHT - len(lines) * size * 1.16) / 2
        for n, line in enumerate(lines):
            draw.text((MARGIN, y + n * size * 1.16), line, font=font, fill="#ffffff")
        out = io.BytesIO()
        image.save(out, "PNG")
        return out.getvalue()

    return card


def satori(jobs: list[dict[str, object]], runs: int) -> dict[str, list[float]] | None:
    bench = ROOT / "bench"
    if shutil.which("node") is None or not (bench / "node_modules" / "satori").is_dir():
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(
            {
                "runs": runs,
                "width": WIDTH,
                "height": HEIGHT,
                "background": "#0b1f3a",
                "cards": jobs,
            },
            handle,
        )
    try:
        result = subprocess.run(
            ["node", str(bench / "satori.mjs"), handle.name],
            cwd=bench,
            capture_output=True,
            text=True,
            check=True,
        )
    except subprocess.CalledProcessError as error:
        print("satori failed:", error.stderr.strip().splitlines()[-1:], file=sys.stderr)
        return None
    finally:
        os.unlink(handle.name)
    return json.loads(result.stdout)


def encoders(site: sharekit.Site, runs: int) -> None:
    article = sharekit.load_article(RECORDS[0], site)
    layout = _render.load_layout("branded")
    content = _content.from_article(article, site)
    ctx = _render._Context(
        content, WIDTH, HEIGHT, 1.0, (255, 255, 255), (228, 0, 43), ((11, 31, 58),), ()
    )
    canvas, _, _ = _render._compose(layout, ctx, None)
    options = {
        "PNG RGB level 6 (Pillow default)": lambda b: canvas.save(b, "PNG"),
        "PNG RGB level 1": lambda b: canvas.save(b, "PNG", compress_level=1),
        "PNG RGB level 9": lambda b: canvas.save(b, "PNG", compress_level=9),
        "PNG RGB optimize": lambda b: canvas.save(b, "PNG", optimize=True),
        "PNG 256 FASTOCTREE level 6": lambda b: _q(canvas, 256).save(b, "PNG"),
        "PNG 256 palette of 4x reduced, level 6 (sharekit)": lambda b: _encode._palette(
            canvas
        ).save(b, "PNG"),
        "PNG 256 FASTOCTREE level 3": lambda b: _q(canvas, 256).save(b, "PNG", compress_level=3),
        "PNG 256 FASTOCTREE level 1": lambda b: _q(canvas, 256).save(b, "PNG", compress_level=1),
        "PNG 64 FASTOCTREE level 6": lambda b: _q(canvas, 64).save(b, "PNG"),
        "PNG 256 MEDIANCUT level 6": lambda b: canvas.quantize(256, dither=Image.Dither.NONE).save(
            b, "PNG"
        ),
        "JPEG q88 optimize (sharekit photo)": lambda b: canvas.save(
            b, "JPEG", quality=88, optimize=True
        ),
        "WebP q88 method 4 (sharekit)": lambda b: canvas.save(b, "WEBP", quality=88, method=4),
    }
    print("\nencoders on the branded example card (1200x630):")
    for name, save in options.items():
        out = io.BytesIO()
        save(out)
        ms = median_ms(lambda save=save: save(io.BytesIO()), runs)
        print(f"  {name:50} {ms:7.1f} ms {len(out.getvalue()) / 1024:7.1f} KB")


def _q(canvas: Image.Image, colours: int) -> Image.Image:
    return canvas.quantize(colours, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def memory(site: sharekit.Site, count: int) -> None:
    import dataclasses

    articles = [sharekit.load_article(path, site) for path in RECORDS]
    for article in articles:  # warm-up: every font opened once
        sharekit.render_card(article, site)
    before = rss_mb()
    for i in range(count):
        base = articles[i % len(articles)]
        article = dataclasses.replace(base, title=f"{base.title} {i}")
        sharekit.render_card(article, site)
        if i == count // 2:
            middle = rss_mb()
    after = rss_mb()
    print(
        f"\nmemory: {count} cards with distinct headlines: RSS {before:.0f} MB -> "
        f"{middle:.0f} MB (half way) -> {after:.0f} MB; growth {after - before:+.1f} MB"
    )


def cold(runs: int) -> None:
    exe = shutil.which("sharekit") or str(Path(sys.executable).parent / "sharekit")
    with tempfile.TemporaryDirectory() as tmp:
        command = [exe, "card", str(RECORDS[0]), "-o", str(Path(tmp) / "card.png")]
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    print(
        f"\ncold `sharekit card examples/article.json`: median {statistics.median(times):.3f} s "
        f"over {runs} runs (min {min(times):.3f} s)"
    )


def interleaved_ms(funcs: dict[str, object], runs: int) -> dict[str, float]:
    """Median ms of each function, timed in rounds (one call of each per round) so
    that the load of a shared machine weighs on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for func in funcs.values():
        func()  # warm-up
    for _ in range(runs):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def scripts(runs: int) -> None:
    site = sharekit.load_site({})
    data = json.loads((ROOT / "tests" / "data" / "scripts" / "headlines.json").read_text("utf-8"))
    articles = {"latin": sharekit.load_article(RECORDS[0], site)}
    for lang, entry in data.items():
        if not lang.startswith("_"):
            record = {
                "title": entry["title"],
                "section": entry["section"],
                "author": entry["author"],
                "lang": lang,
                "published": "2024-10-24T10:30:00+00:00",
                "url": "https://example.com/a",
            }
            articles[lang] = sharekit.load_article(record, site)
    funcs: dict[str, object] = {
        lang: (lambda a=article: sharekit.render_card(a, site, template="branded", format="png"))
        for lang, article in articles.items()
    }
    latin_card = sharekit.render_card(articles["latin"], site, template="branded")
    size, face = headline_of(latin_card)
    funcs["pillow"] = bare_pillow(articles["latin"].title, face, size)
    ms = interleaved_ms(funcs, runs)
    latin = ms["latin"]
    print(
        f"latin card {latin:.1f} ms, bare Pillow {ms['pillow']:.1f} ms, "
        f"ratio {latin / ms['pillow']:.2f} (goal <= 1.0)"
    )
    print(f"{'lang':5} {'script':6} {'ms':>6} {'x latin':>8}")
    for lang in articles:
        if lang != "latin":
            print(f"{lang:5} {data[lang]['script']:6} {ms[lang]:6.1f} {ms[lang] / latin:8.2f}")
    worst = max(ms[lang] / latin for lang in articles if lang != "latin")
    print(f"slowest script card: {worst:.2f} x the Latin card (goal <= 2)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--memory", type=int, default=1000, help="cards for the memory check")
    parser.add_argument("--no-satori", action="store_true")
    parser.add_argument("--encoders", action="store_true", help="also measure PNG encoders")
    parser.add_argument("--scripts", action="store_true", help="time a card per script instead")
    args = parser.parse_args()
    if args.scripts:
        scripts(args.runs)
        return
    site = sharekit.load_site({})
    rows, jobs = [], []
    for path in RECORDS:
        article = sharekit.load_article(path, site)
        card = sharekit.render_card(article, site, template="branded", format="png")
        size, face = headline_of(card)
        ours = median_ms(
            lambda a=article: sharekit.render_card(a, site, template="branded", format="png"),
            args.runs,
        )
        bare = bare_pillow(article.title, face, size)
        theirs = median_ms(bare, args.runs)
        rows.append((path.stem, ours, theirs, len(card.data), len(bare())))
        jobs.append({"text": article.title, "size": size, "font": face.path})
    sat = None if args.no_satori else satori(jobs, args.runs)
    print(f"{'record':16} {'sharekit':>9} {'Pillow':>9} {'ratio':>6} {'satori':>9}   sizes (KB)")
    for i, (name, ours, theirs, our_bytes, their_bytes) in enumerate(rows):
        sat_ms = f"{sat['ms'][i]:9.1f}" if sat else "      n/a"
        sat_kb = f" / {sat['bytes'][i] / 1024:.0f}" if sat else ""
        print(
            f"{name:16} {ours:9.1f} {theirs:9.1f} {ours / theirs:6.2f} {sat_ms}   "
            f"{our_bytes / 1024:.0f} / {their_bytes / 1024:.0f}{sat_kb}"
        )
    total_ours = statistics.median(r[1] for r in rows)
    total_theirs = statistics.median(r[2] for r in rows)
    line = (
        f"median per card: sharekit {total_ours:.1f} ms, bare Pillow {total_theirs:.1f} ms, "
        f"ratio {total_ours / total_theirs:.2f} (goal <= 1.25)"
    )
    if sat:
        line += f", satori+resvg {statistics.median(sat['ms']):.1f} ms"
    print(line)
    if args.encoders:
        encoders(site, args.runs)
    if args.memory:
        memory(site, args.memory)
    cold(5)


if __name__ == "__main__":
    main()

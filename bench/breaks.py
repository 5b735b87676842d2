"""Thai, Lao, Khmer and Myanmar line breaks: sharekit vs ICU in node (Intl.Segmenter).

    python bench/breaks.py [FILE ...]

Each FILE holds one headline per line (default: the sample headlines of
tests/data/scripts/headlines.json). For every headline, the break positions
sharekit allows inside Thai/Lao/Khmer/Myanmar text (``dictionary_breaks``)
are compared with the word boundaries of node's ``Intl.Segmenter`` (ICU's
dictionaries, what browsers use). Prints per language: headlines, boundaries,
agreement (boundaries both put / boundaries either puts), and breaks sharekit
puts where ICU sees no word boundary (a break inside a word: must be 0).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sharekit.card._text import _is_sa, dictionary_breaks  # noqa: E402

NODE = r"""
const lines = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const seg = new Intl.Segmenter('und', {granularity: 'word'});
const out = lines.map(t => {
  const ends = []; let u = 0;
  const cp = [];  // UTF-16 offset -> code point offset
  let i = 0; for (const ch of t) { cp[u] = i; u += ch.length; i += 1; } cp[u] = i;
  for (const s of seg.segment(t)) ends.push(cp[s.index + s.segment.length]);
  return ends;
});
process.stdout.write(JSON.stringify(out));
"""

SCRIPTS = {
    "th": (0x0E00, 0x0E7F),
    "lo": (0x0E80, 0x0EFF),
    "km": (0x1780, 0x17FF),
    "my": (0x1000, 0x109F),
}


def language(text: str) -> str:
    for lang, (a, b) in SCRIPTS.items():
        if any(a <= ord(c) <= b for c in text):
            return lang
    return "other"


def reference(lines: list[str]) -> list[set[int]]:
    node = shutil.which("node")
    if node is None:
        sys.exit("node is needed for the reference segmenter")
    done = subprocess.run(
        [node, "-e", NODE], input=json.dumps(lines), capture_output=True, text=True, check=True
    )
    return [set(ends) for ends in json.loads(done.stdout)]


def main() -> None:
    if len(sys.argv) > 1:
        lines = [
            ln.strip()
            for f in sys.argv[1:]
            for ln in Path(f).read_text(encoding="utf-8").splitlines()
            if ln.strip()
        ]
    else:
        data = json.loads(
            (ROOT / "tests" / "data" / "scripts" / "headlines.json").read_text(encoding="utf-8")
        )
        lines = [d["title"] for k, d in data.items() if not k.startswith("_")]
    lines = [ln for ln in lines if any(_is_sa(c) for c in ln)]
    refs = reference(lines)
    stats: dict[str, list[int]] = defaultdict(
        lambda: [0, 0, 0, 0]
    )  # headlines, both, either, inside
    for text, ref in zip(lines, refs, strict=True):
        ours = dictionary_breaks(text)
        # Compare only positions next to SA letters, where the dictionary decides.
        ref = {p for p in ref if 0 < p < len(text) and (_is_sa(text[p - 1]) or _is_sa(text[p]))}
        # A space ends a word for ICU before the space and after it; line breaking puts
        # the break after the space: count a boundary before a space as the one after it.
        ref = {p + 1 if text[p] == " " else p for p in ref}
        ours = {p + 1 if text[p] == " " else p for p in ours}
        row = stats[language(text)]
        row[0] += 1
        row[1] += len(ours & ref)
        row[2] += len(ours | ref)
        row[3] += len(ours - ref)
    print(f"{'lang':6} {'headlines':>9} {'boundaries':>10} {'agreement':>9} {'inside a word':>13}")
    for lang, (count, both, either, inside) in sorted(stats.items()):
        share = 100.0 * both / either if either else 100.0
        print(f"{lang:6} {count:9} {either:10} {share:8.1f}% {inside:13}")


if __name__ == "__main__":
    main()

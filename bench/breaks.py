"""Thai, Lao, Khmer and Myanmar line breaks: sharekit vs ICU in node (Intl.Segmenter).

    python bench/breaks.py [FILE ...]

Each FILE holds one headline per line (default: the sample headlines of
tests/data/scripts/headlines.json). For every headline, the break positions
sharekit allows inside Thai/Lao/Khmer/Myanmar text (``dictionary_breaks``)
are compared with the word boundaries of node's ``Intl.Segmenter`` (ICU's
dictionaries, what browsers use). Prints per language: headlines, boundaries,
the word boundaries between two letters of these scripts (where the
dictionary decides), the share of them where sharekit allows a line break
(and where spaces alone would), and the breaks sharekit allows where ICU sees
no word boundary (a break inside a word: must be 0).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sharekit.card._breaks import dictionary_breaks, is_sa  # noqa: E402

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


def _letter(ch: str) -> bool:
    """A letter or mark of Thai, Lao, Khmer or Myanmar (not a digit, sign or space)."""
    return is_sa(ch) and unicodedata.category(ch)[0] in "LM"


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
    lines = [ln for ln in lines if any(is_sa(c) for c in ln)]
    refs = reference(lines)
    # headlines, word boundaries between letters, of them allowed by sharekit,
    # allowed by spaces alone (no dictionary), sharekit breaks inside a word
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for text, ref in zip(lines, refs, strict=True):
        ours = dictionary_breaks(text) | {i + 1 for i, c in enumerate(text[:-1]) if c == " "}
        # A space ends a word for ICU before and after it; a line breaks after it.
        ref_breaks = {p + 1 if p < len(text) and text[p] == " " else p for p in ref}
        # Word boundaries the dictionary decides: between two letters (or marks) of
        # the script; those next to punctuation or digits follow UAX #14's rules.
        inner = {p for p in ref if 0 < p < len(text) and _letter(text[p - 1]) and _letter(text[p])}
        row = stats[language(text)]
        row[0] += 1
        row[1] += len(inner)
        row[2] += len(inner & ours)
        row[3] += sum(1 for p in inner if text[p - 1] == " ")
        row[4] += len({p for p in ours if 0 < p < len(text)} - ref_breaks)
    print(
        f"{'lang':5} {'headlines':>9} {'word boundaries':>15} {'sharekit breaks':>15}"
        f" {'spaces only':>11} {'inside a word':>13}"
    )
    for lang, (count, inner, allowed, spaces, inside) in sorted(stats.items()):
        share = 100.0 * allowed / inner if inner else 100.0
        space_share = 100.0 * spaces / inner if inner else 100.0
        print(f"{lang:5} {count:9} {inner:15} {share:14.1f}% {space_share:10.1f}% {inside:13}")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Behaviour-preserving refactors (SPEC 8.1): the card, feed, publish and serve benches of an
# older tree and of this one, in one sitting, interleaved (before, after, before, after), so
# the machine's drift hits both alike. Each tree runs its own bench scripts on its own src.
#
#   git worktree add /tmp/before <commit>
#   bash scripts/bench_before_after.sh /tmp/before [results-folder]
set -euo pipefail
before=$(cd "$1" && pwd)
after=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-bench-results}
mkdir -p "$out"
out=$(cd "$out" && pwd)
python=${PYTHON:-$after/.venv/bin/python}
for round in 1 2; do
  for tree in "$before" "$after"; do
    tag=$([ "$tree" = "$before" ] && echo before || echo after)-$round
    echo "round $round: $tag ($tree)" >&2
    (
      cd "$tree"
      export PYTHONPATH="$tree/src"
      "$python" bench/cards.py --runs 9 --memory 100 --no-satori >"$out/cards-$tag.txt" 2>&1
      "$python" bench/feeds.py --repeat 3 >"$out/feeds-$tag.txt" 2>&1
      "$python" bench/publish.py --records 400 >"$out/publish-$tag.txt" 2>&1
      "$python" bench/serve.py --runs 2 --seconds 4 --renders 40 --no-satori >"$out/serve-$tag.txt" 2>&1
    )
  done
done
grep -H "median per card\|ratio .* wall\|speed-up\|unchanged rerun\|requests/s\|renders/s\|p99/p50" "$out"/*.txt

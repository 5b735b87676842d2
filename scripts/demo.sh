#!/usr/bin/env bash
# Runs every sharekit command that exists on the bundled example, printing each
# command before its output. Called by `make demo` after the venv is ready.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
article=examples/article.json
out=demo-out
rm -rf "$out" && mkdir -p "$out"
run() { printf '\n$ %s\n' "$*"; "$@"; }
title=$(python -c 'import json,sys; print(json.load(open(sys.argv[1]))["title"])' "$article")
run sharekit slug "$title"
run sharekit slug --unicode "북한, 러시아에 병력 파견"
printf '\n$ sharekit schema > %s/article.schema.json\n' "$out"
sharekit schema > "$out/article.schema.json"
printf '\nEverything the demo wrote is in %s/:\n' "$out"
ls -l "$out"

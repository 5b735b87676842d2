#!/usr/bin/env bash
# Runs every sharekit command on the bundled example, printing each command
# before its output. Called by `make demo` after the venv is ready; offline.
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
run sharekit card "$article" -o "$out/card.png"
run sharekit card examples/articles/korean.json -o "$out/card-korean.png"
printf '\n$ sharekit meta %s > %s/head.html\n' "$article" "$out"
sharekit meta "$article" > "$out/head.html"
head -n 5 "$out/head.html"
run sharekit lint "$article"
printf '\n$ sharekit links %s --networks x,facebook,kakaotalk\n' "$article"
sharekit links "$article" --networks x,facebook,kakaotalk | head -c 600; echo ' ...'
printf '\n$ sharekit links %s --format html > %s/share.html\n' "$article" "$out"
sharekit links "$article" --format html > "$out/share.html"
run sharekit feed "$article" examples/articles --format atom -o "$out/atom.xml"
run sharekit preview "$article" -o "$out/preview.html"
run sharekit publish "$article" examples/articles --out "$out/site" --quiet
# SPEC 8.5: a video report, a podcast episode (podcasts/harbour-weekly.xml), an opinion
# piece and a live blog, with [podcast.harbour-weekly] in their configuration
run sharekit --config examples/media/sharekit.toml publish examples/media --out "$out/media"
ls "$out/media/podcasts" "$out/media/articles/inside-the-flood-barrier-a-video-tour-of-the-gates"
printf '\n$ sharekit publish ... (again: nothing changed)\n'
sharekit publish "$article" examples/articles --out "$out/site"
# SPEC 8.4: a paywalled record (examples/articles/paywalled.json: access paywalled, its own
# [site] paywall_selector) was published above; its description comes from the lead
# paragraph (the aside skipped, the <br> after the dateline read as a space), never the paid part
printf '\n$ sharekit meta examples/articles/paywalled.json | grep description\n'
sharekit meta examples/articles/paywalled.json | grep -E 'name="description"|isAccessibleForFree' | cut -c1-160
# SPEC 8.4: a headline edit moves the URL; the old one redirects. examples/redirect/story.json
# is the story as it is now; publish it first as it was before the editor's change (the
# same id under its first headline), then as it is
python -c 'import json,sys; r=json.load(open(sys.argv[1])); r["title"]="Port workers vote to strike"
json.dump(r, open(sys.argv[2], "w"), ensure_ascii=False)' examples/redirect/story.json "$out/story-before.json"
run sharekit publish "$out/story-before.json" --out "$out/site" --quiet
run sharekit publish examples/redirect/story.json --out "$out/site"
printf '\n$ cat %s/site/_redirects\n' "$out"
cat "$out/site/_redirects"
# inspect: serve the published example on 127.0.0.1 and read it back like a sharing debugger
port=$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf '[publish]\nbase_url = "http://127.0.0.1:%s"\n' "$port" > "$out/local.toml"
sharekit --config "$out/local.toml" publish "$article" --out "$out/local" --quiet
slug=$(sharekit slug "$title")
page="$out/local/articles/$slug/index.html"
{ printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
  cat "$out/local/articles/$slug/head.html"
  printf '</head><body><h1>%s</h1>\n' "$title"
  cat "$out/local/articles/$slug/share.html"
  printf '</body></html>\n'; } > "$page"
python -m http.server --bind 127.0.0.1 "$port" --directory "$out/local" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
python -c 'import socket,sys,time
for _ in range(100):
    try: socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close(); break
    except OSError: time.sleep(0.05)' "$port"
run sharekit inspect "http://127.0.0.1:$port/articles/$slug/" --allow-private || true

printf '\nEverything the demo wrote is in %s/:\n' "$out"
find "$out" -maxdepth 1 -type f -printf '%10s  %p\n' | sort -k2
printf '%s/site/: %s files\n' "$out" "$(find "$out/site" -type f | wc -l)"

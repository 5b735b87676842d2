// Unfurl local HTML files the way a link-preview service does, with
// open-graph-scraper (no network: it is given the HTML). Prints a JSON array
// of its results, one per file, for tests/test_meta.py.
import { readFile } from "node:fs/promises";
import ogs from "open-graph-scraper";

const results = [];
for (const file of process.argv.slice(2)) {
  const html = await readFile(file, "utf8");
  const { error, result } = await ogs({ html });
  if (error) {
    console.error(`${file}: ${JSON.stringify(result)}`);
    process.exit(1);
  }
  results.push(result);
}
process.stdout.write(JSON.stringify(results));

// @vercel/og's renderer (satori + resvg) behind a minimal node HTTP server, for
// bench/serve.py's side-by-side. GET /card/ANYTHING.png?t=HEADLINE draws the headline
// the way bench/satori.mjs does (same font file and size as sharekit's card) and keeps
// the PNG in an in-memory Map keyed by the URL, as sharekit serve keeps its LRU.
// Usage: node bench/satori_server.mjs PORT WORKERS FONT SIZE   (127.0.0.1 only)
import cluster from "node:cluster";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import satori from "satori";
import { Resvg } from "@resvg/resvg-js";

const [port, workers, fontPath, size] = process.argv.slice(2);

if (cluster.isPrimary && Number(workers) > 1) {
  for (let i = 0; i < Number(workers); i++) cluster.fork();
  process.on("SIGTERM", () => {
    for (const worker of Object.values(cluster.workers)) worker.kill();
    process.exit(0);
  });
} else {
  const font = readFileSync(fontPath);
  const cache = new Map();
  const render = async (text) => {
    const element = {
      type: "div",
      props: {
        style: {
          width: "100%", height: "100%", display: "flex", alignItems: "center",
          padding: "80px", background: "#0b1f3a", color: "#ffffff",
          fontFamily: "Headline", fontSize: Number(size), fontWeight: 700, lineHeight: 1.16,
        },
        children: text,
      },
    };
    const svg = await satori(element, {
      width: 1200, height: 630,
      fonts: [{ name: "Headline", data: font, weight: 700, style: "normal" }],
    });
    return new Resvg(svg, { fitTo: { mode: "original" } }).render().asPng();
  };
  createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    if (url.pathname === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    let png = cache.get(req.url);
    if (png === undefined) {
      png = await render(url.searchParams.get("t") || "");
      cache.set(req.url, png);
    }
    res.writeHead(200, {
      "content-type": "image/png",
      "content-length": png.length,
      "cache-control": "public, max-age=31536000, immutable",
    }).end(png);
  }).listen(Number(port), "127.0.0.1");
}

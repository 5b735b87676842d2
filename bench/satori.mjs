// satori + resvg (the engine of @vercel/og) on the same headlines and fonts as
// bench/cards.py. Input: a JSON file {runs, width, height, background, cards: [{text,
// size, font}]}. Output: JSON {ms: [median per card], bytes: [png size per card]}.
import { readFileSync } from "node:fs";
import satori from "satori";
import { Resvg } from "@resvg/resvg-js";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const fonts = new Map();
const out = { ms: [], bytes: [] };
for (const card of job.cards) {
  if (!fonts.has(card.font)) fonts.set(card.font, readFileSync(card.font));
  const element = {
    type: "div",
    props: {
      style: {
        width: "100%", height: "100%", display: "flex", alignItems: "center",
        padding: "80px", background: job.background, color: "#ffffff",
        fontFamily: "Headline", fontSize: card.size, fontWeight: 700, lineHeight: 1.16,
      },
      children: card.text,
    },
  };
  const options = {
    width: job.width, height: job.height,
    fonts: [{ name: "Headline", data: fonts.get(card.font), weight: 700, style: "normal" }],
  };
  const times = [];
  let png = null;
  for (let i = 0; i < job.runs; i++) {
    const start = process.hrtime.bigint();
    const svg = await satori(element, options);
    png = new Resvg(svg, { fitTo: { mode: "original" } }).render().asPng();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  out.ms.push(times[Math.floor(times.length / 2)]);
  out.bytes.push(png.length);
}
console.log(JSON.stringify(out));

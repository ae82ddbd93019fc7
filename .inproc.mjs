import { readFileSync } from "node:fs";
const { entityCheckerFor, parseDeck, findInstances } = await import("./dist/plugin-config/index.js");
const text = readFileSync("/tmp/deckwork/bench/kong.yaml", "utf8");
const toJson = (v) => v.kind === "table" ? (v.fields.size ? Object.fromEntries([...v.fields].map(([k, x]) => [k, toJson(x)])) : v.items.map(toJson)) : v.kind === "null" ? null : v.value;
const checkers = {};
for (const n of ["api-quota", "ip-tag", "request-tag"]) checkers[n] = await entityCheckerFor(n, readFileSync(`fixtures/examples/kong/plugins/${n}/schema.lua`, "utf8"));
const R = Number(process.env.R ?? 6);
for (let r = 0; r < R; r++) {
  let u = process.cpuUsage();
  const docs = parseDeck(text, "k");
  const inst = findInstances({ path: "k", displayPath: "k", text, documents: docs });
  const parseCpu = process.cpuUsage(u).user / 1000;
  const entities = inst.map((i) => [i.name, toJson(i.entity)]);
  u = process.cpuUsage();
  let errs = 0;
  for (const [n, e] of entities) errs += checkers[n].check(e).ok ? 0 : 1;
  console.log("parse cpu", parseCpu.toFixed(0), "check cpu", (process.cpuUsage(u).user / 1000).toFixed(0), "errors", errs);
}

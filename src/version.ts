import { readFileSync } from "node:fs";

/** kplug's version, read once from package.json so the User-Agent and --version never drift. */
export const version: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

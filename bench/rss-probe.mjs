// Preloaded into a spawned process (node --import) by the benchmarks: writes the process's peak RSS
// (KiB) to the file named by KPLUG_BENCH_RSS_FILE when it exits, since a parent cannot read a child's rusage.
import { writeFileSync } from "node:fs";

const file = process.env.KPLUG_BENCH_RSS_FILE;
if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS)));

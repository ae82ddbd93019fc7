import type { ChalkInstance } from "chalk";

/** Colors a unified diff the way git does: headers bold, hunks cyan, removals red, additions green. */
export function colorDiff(diff: string, chalk: ChalkInstance): string {
  return diff
    .split("\n")
    .map((line) => {
      if (line.startsWith("---") || line.startsWith("+++")) return chalk.bold(line);
      if (line.startsWith("@@")) return chalk.cyan(line);
      if (line.startsWith("-")) return chalk.red(line);
      if (line.startsWith("+")) return chalk.green(line);
      return line;
    })
    .join("\n");
}

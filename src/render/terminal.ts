/**
 * One place decides whether output is colored. chalk 5 ignores NO_COLOR, so we apply it ourselves:
 * NO_COLOR (non-empty) or --no-color → off; FORCE_COLOR=0 → off; FORCE_COLOR set → on; else TTY only.
 */
export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean, flag?: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  if (env.TERM === "dumb") return false;
  return isTTY;
}

/**
 * How wide summaries may be: the terminal's width, or COLUMNS when set (as shells export it);
 * undefined off a terminal, so logs keep every character.
 */
export function outputWidth(io: { stdoutColumns?: number; env: NodeJS.ProcessEnv }): number | undefined {
  const fromEnv = Number(io.env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv >= 20) return fromEnv;
  return io.stdoutColumns;
}

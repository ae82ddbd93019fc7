import { InvalidArgumentError } from "commander";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const MAX_MS = 24 * 3_600_000;

/** `--timeout` values: `90s`, `5m`, `1h`, `1500ms`, or a bare number of seconds; above 0, at most 24h */
export function parseDuration(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(value);
  const ms = match ? Math.round(Number(match[1]) * (UNITS[(match[2] ?? "s").toLowerCase()] ?? 1000)) : Number.NaN;
  if (!(ms >= 1 && ms <= MAX_MS)) throw new InvalidArgumentError("expected a duration such as 90s, 5m or 1h (above 0, at most 24h)");
  return ms;
}

import { z } from "zod";

/**
 * The config file, as users write it. Every object is strict (a typo is an error, not a silent
 * no-op) and every check carries its own one-line message, phrased as what is expected.
 */

const REGIONS = ["us", "eu", "au", "me", "in", "sg"] as const;
const TARGETS = ["schema", "streamed"] as const;
const SEVERITIES = ["error", "warning", "info", "off"] as const;
const MODES = ["auto", "schema", "streamed"] as const;

const say = (error: string) => ({ error });

/** `"a", "b" or "c"` */
export function choices(values: readonly string[]): string {
  const quoted = values.map((v) => `"${v}"`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}` : (quoted[0] ?? "");
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, say(`expected ${choices(values)}`));
}

function wholeNumber(min: number, max?: number, unit = "") {
  const text = max === undefined ? `expected a whole number${unit} of ${min} or more` : `expected a whole number${unit} from ${min} to ${max}`;
  const base = z.number(say(text)).int(say(text)).min(min, say(text));
  return max === undefined ? base : base.max(max, say(text));
}

const bool = z.boolean(say("expected true or false"));
const text = z.string(say("expected a string")).min(1, say("expected a non-empty string"));

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}

export const pluginEntryShape = {
  path: text,
  name: text.optional(),
  target: oneOf(TARGETS).optional(),
};

// credentials in the URL would be a token in the file by another name
const address = z.string(say("expected a URL")).refine(isHttpUrl, say("expected an http(s) URL without credentials, e.g. https://eu.api.konghq.com"));

/** konnect.addresses: an origin per region (tests, proxies); regions without one use https://<region>.api.konghq.com */
export const addressesShape = Object.fromEntries(REGIONS.map((region) => [region, address.optional()])) as Record<(typeof REGIONS)[number], z.ZodOptional<typeof address>>;

export const konnectShape = {
  region: oneOf(REGIONS).optional(),
  /** several regions in one run: a list, or "all" */
  regions: z
    .union([z.literal("all"), z.array(oneOf(REGIONS), say(`expected "all" or a list of regions (${choices(REGIONS)})`)).min(1, say("expected at least one region"))], say(`expected "all" or a list of regions (${choices(REGIONS)})`))
    .optional(),
  addr: address.optional(),
  addresses: z.strictObject(addressesShape, say(`expected region: URL pairs, e.g. { us: "https://...", eu: "https://..." }`)).optional(),
  tokenFile: text.optional(),
  controlPlanes: z.array(text, say("expected a list of control plane names, ids or globs")).optional(),
  exclude: z.array(text, say("expected a list of control plane names, ids or globs")).optional(),
  labels: z.record(z.string(), z.string(say("expected a string value")), say("expected key: value pairs")).optional(),
  all: bool.optional(),
  concurrency: wholeNumber(1, 128).optional(),
  rateLimit: z.number(say("expected a number of requests per second above 0")).positive(say("expected a number of requests per second above 0")).optional(),
  timeoutMs: wholeNumber(1, undefined, " of milliseconds").optional(),
  maxResponseBytes: wholeNumber(1024, undefined, " of bytes").optional(),
  retries: wholeNumber(0, 10).optional(),
  mode: oneOf(MODES).optional(),
  allowInsecureHttp: bool.optional(),
};

const OBJECT = "expected key: value pairs";

export const configShape = {
  plugins: z
    .array(z.union([text, z.strictObject(pluginEntryShape, say(OBJECT))], say("expected a path, or { path, name, target }")), say("expected a list of plugin paths"))
    .optional(),
  target: oneOf(TARGETS).optional(),
  strict: bool.optional(),
  /** decK state files whose plugin configurations `validate` checks (paths or globs, relative to the config file) */
  deck: z.union([text, z.array(text, say("expected a list of decK file paths"))], say("expected a decK file path, or a list of them")).optional(),
  rules: z.record(z.string(), oneOf(SEVERITIES), say("expected rule-id: severity pairs")).optional(),
  maxWarnings: wholeNumber(0).optional(),
  konnect: z.strictObject(konnectShape, say(OBJECT)).optional(),
};

export const configSchema = z.strictObject(configShape, say("expected key: value pairs at the top level"));

/**
 * The loaded config. Paths (`plugins`, `konnect.tokenFile`) are absolute, resolved against the config
 * file's directory; defaults are not filled in, so callers can tell "set in the file" from "not set".
 */
export type KplugConfig = z.output<typeof configSchema>;
export type PluginEntry = Exclude<NonNullable<KplugConfig["plugins"]>[number], string>;

/** The keys a strict object accepts, by path pattern ("" = top level, "[]" = any array item). */
export const knownKeys: Record<string, readonly string[]> = {
  "": Object.keys(configShape),
  konnect: Object.keys(konnectShape),
  "konnect.addresses": REGIONS,
  "plugins[]": Object.keys(pluginEntryShape),
};

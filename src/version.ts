import packageJson from "../package.json" with { type: "json" };

/** kplug's version from package.json (inlined by the bundler), so the User-Agent and --version never drift. */
export const version: string = packageJson.version;

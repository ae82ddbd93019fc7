import { describe, expect, it } from "vitest";
import { findInstances } from "../../src/deck/instances.js";
import type { DeckFile } from "../../src/deck/read.js";
import { MAX_DECK_BYTES, parseDeck, readDeckFile } from "../../src/deck/read.js";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../../src/errors.js";
import type { ConfigValue } from "../../src/plugin-config/value.js";

function deck(text: string): DeckFile {
  return { path: "/virtual/kong.yaml", displayPath: "kong.yaml", text, documents: parseDeck(text, "kong.yaml") };
}

function field(value: ConfigValue | undefined, ...keys: (string | number)[]): ConfigValue | undefined {
  let v = value;
  for (const key of keys) v = v?.kind === "table" ? (typeof key === "number" ? v.items[key] : v.fields.get(key)) : undefined;
  return v;
}

describe("parseDeck: decK files as decK reads them (YAML 1.1, JSON, several documents)", () => {
  it("reads YAML 1.1 scalars as decK's Go reader does: yes/no are booleans, numbers stay numbers, ~ is null", () => {
    const [doc] = parseDeck("a: yes\nb: no\nc: 12\nd: 1.5\ne: ~\nf: '12'\n", "k.yaml");
    expect(field(doc, "a")).toMatchObject({ kind: "boolean", value: true });
    expect(field(doc, "b")).toMatchObject({ kind: "boolean", value: false });
    expect(field(doc, "c")).toMatchObject({ kind: "number", value: 12 });
    expect(field(doc, "d")).toMatchObject({ kind: "number", value: 1.5 });
    expect(field(doc, "e")).toMatchObject({ kind: "null" });
    expect(field(doc, "f")).toMatchObject({ kind: "string", value: "12" });
  });

  it("keeps each value's line:column (1-based) and each key's", () => {
    const [doc] = parseDeck("plugins:\n  - name: x\n    config:\n      limit: 5\n", "k.yaml");
    const config = field(doc, "plugins", 0, "config");
    expect(field(config, "limit")?.at).toMatchObject({ line: 4, column: 14 });
    expect(config?.kind === "table" ? config.keyAt?.get("limit") : undefined).toMatchObject({ line: 4, column: 7 });
  });

  it("applies << merge keys (the mapping's own keys win)", () => {
    const [doc] = parseDeck("base: &b { limit: 1, window: hour }\nconf:\n  <<: *b\n  limit: 2\n", "k.yaml");
    expect(field(doc, "conf", "limit")).toMatchObject({ value: 2 });
    expect(field(doc, "conf", "window")).toMatchObject({ value: "hour" });
  });

  it("reads JSON (it is YAML) and every YAML document", () => {
    expect(parseDeck('{"_format_version": "1.1", "plugins": []}', "k.json")).toHaveLength(1);
    expect(parseDeck("a: 1\n---\nb: 2\n", "k.yaml")).toHaveLength(2);
  });

  it("marks decK's env placeholders so that the check can say it cannot know their value", () => {
    const [doc] = parseDeck('k: ${{ env "DECK_KEY" }}\n', "k.yaml");
    expect(field(doc, "k")).toMatchObject({ kind: "string", placeholder: '${{ env "DECK_KEY" }}' });
  });

  it("refuses bad YAML with file:line:column, and a document that is not a mapping", () => {
    expect(() => parseDeck("a: [1, 2\nb: 3\n", "k.yaml")).toThrow(InputError);
    try {
      parseDeck("a: 1\n  b: 2\n", "k.yaml");
      expect.unreachable();
    } catch (error) {
      expect((error as InputError).message).toMatch(/^k\.yaml:\d+:\d+/);
    }
    expect(() => parseDeck("- 1\n- 2\n", "k.yaml")).toThrow(/not a decK state file/);
  });
});

describe("findInstances: every plugin entry, scoped by where it is nested", () => {
  const text = [
    '_format_version: "3.0"',
    "_plugin_configs:",
    "  shared: { limit: 10, window: hour }",
    "plugins:",
    "  - name: top",
    "services:",
    "  - name: api",
    "    plugins:",
    "      - name: on-service",
    "        instance_name: svc-one",
    "    routes:",
    "      - name: r1",
    "        plugins:",
    "          - name: on-route",
    "            _config: shared",
    "            config: { limit: 20 }",
    "routes:",
    "  - name: r2",
    "    plugins: [{ name: on-top-route }]",
    "consumers:",
    "  - username: alice",
    "    plugins: [{ name: on-consumer }]",
    "consumer_groups:",
    "  - name: gold",
    "    plugins: [{ name: on-group, _config: missing }]",
    "",
  ].join("\n");
  const instances = findInstances(deck(text));
  const byName = new Map(instances.map((i) => [i.name, i]));

  it("finds plugins at the top level and under services, their routes, routes, consumers and consumer groups", () => {
    expect(instances.map((i) => i.name)).toEqual(["top", "on-service", "on-route", "on-top-route", "on-consumer", "on-group"]);
  });

  it("labels an instance by instance_name, else by its path", () => {
    expect(byName.get("on-service")?.label).toBe("svc-one");
    expect(byName.get("on-route")?.label).toBe("services[api].routes[r1].plugins[0]");
    expect(byName.get("on-consumer")?.label).toBe("consumers[alice].plugins[0]");
  });

  it("scopes a nested instance to its parents with a foreign key, as decK does when it syncs", () => {
    const route = byName.get("on-route")?.entity;
    expect(field(route, "service", "id")).toMatchObject({ kind: "string" });
    expect(field(route, "route", "id")).toMatchObject({ kind: "string" });
    expect(field(route, "consumer")).toBeUndefined();
    expect(field(byName.get("on-group")?.entity, "consumer_group", "id")).toMatchObject({ kind: "string" });
    expect(field(byName.get("top")?.entity, "service")).toBeUndefined();
  });

  it("merges _plugin_configs into config (the instance's own keys win) and drops decK's _config key", () => {
    const entity = byName.get("on-route")?.entity;
    expect(field(entity, "config", "limit")).toMatchObject({ value: 20 });
    expect(field(entity, "config", "window")).toMatchObject({ value: "hour" });
    expect(field(entity, "_config")).toBeUndefined();
  });

  it("reports a _config naming no _plugin_configs entry, and an entry that is not a mapping", () => {
    expect(byName.get("on-group")?.problems[0]?.message).toMatch(/missing is not an entry of _plugin_configs/);
    const [odd] = findInstances(deck("plugins:\n  - just-a-string\n"));
    expect(odd?.name).toBeUndefined();
    expect(odd?.problems[0]?.message).toMatch(/must be a mapping/);
  });
});

describe("readDeckFile: size", () => {
  it("refuses a decK file over the size limit before reading it, naming the file and the way out", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kplug-deck-size-"));
    try {
      const path = join(dir, "kong.yaml");
      await writeFile(path, `_format_version: "3.0"\n${"#".repeat(MAX_DECK_BYTES)}\n`);
      const refused = await readDeckFile(path, dir).then(() => undefined, (error: unknown) => error);
      expect(refused).toBeInstanceOf(InputError);
      expect(String((refused as InputError).message)).toMatch(/over the 8 MiB limit for a decK file/);
      expect((refused as InputError).hint).toMatch(/several files/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

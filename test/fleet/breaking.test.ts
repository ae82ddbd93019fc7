import { describe, expect, it } from "vitest";
import { classifySchemaChange } from "../../src/fleet/breaking.js";

/** A schema.lua with the given config fields (Lua source of each `{ name = {...} }` entry). */
function schema(configFields: string[], name = "demo"): string {
  return `local typedefs = require "kong.db.schema.typedefs"
return {
  name = "${name}",
  fields = {
    { protocols = typedefs.protocols_http },
    { config = {
        type = "record",
        fields = {
${configFields.map((f) => `          ${f},`).join("\n")}
        },
    } },
  },
}
`;
}

const base = [`{ ttl = { type = "integer", required = true, default = 30 } }`, `{ header = { type = "string" } }`];

function kinds(remote: string, local: string) {
  const report = classifySchemaChange(remote, local);
  return { report, kinds: report.changes.map((c) => `${c.kind} ${c.path} ${c.upgradePath} ${c.breaking ? "breaking" : "safe"}`) };
}

describe("breaking-change classifier: Konnect's table, parameter added", () => {
  it("required with default → Short, safe", () => {
    const { kinds: k, report } = kinds(schema(base), schema([...base, `{ mode = { type = "string", required = true, default = "a" } }`]));
    expect(k).toEqual(["field-added config.mode Short safe"]);
    expect(report.breaking).toBe(false);
  });
  it("required without default → Long, breaking", () => {
    const { kinds: k, report } = kinds(schema(base), schema([...base, `{ mode = { type = "string", required = true } }`]));
    expect(k).toEqual(["field-added config.mode Long breaking"]);
    expect(report.breaking).toBe(true);
    expect(report.upgradePath).toBe("Long");
    expect(report.steps.join(" ")).toMatch(/existing plugin instances \(config\.mode\)/);
  });
  it("optional with default → Short, safe", () => {
    expect(kinds(schema(base), schema([...base, `{ mode = { type = "string", default = "a" } }`])).kinds).toEqual(["field-added config.mode Short safe"]);
  });
  it("optional without default → Short, safe", () => {
    expect(kinds(schema(base), schema([...base, `{ mode = { type = "string" } }`])).kinds).toEqual(["field-added config.mode Short safe"]);
  });
});

describe("breaking-change classifier: Konnect's table, parameter removed", () => {
  it("required with default → Long", () => {
    expect(kinds(schema(base), schema([base[1] as string])).kinds).toEqual(["field-removed config.ttl Long breaking"]);
  });
  it("required without default → CP/DP sync required", () => {
    const remote = schema([`{ ttl = { type = "integer", required = true } }`, base[1] as string]);
    const { kinds: k, report } = kinds(remote, schema([base[1] as string]));
    expect(k).toEqual(["field-removed config.ttl CP/DP sync required breaking"]);
    expect(report.steps.join(" ")).toMatch(/bad config received from Control Plane/);
  });
  it("optional with default → Long", () => {
    const remote = schema([...base, `{ mode = { type = "string", default = "a" } }`]);
    expect(kinds(remote, schema(base)).kinds).toEqual(["field-removed config.mode Long breaking"]);
  });
  it("optional without default → Long", () => {
    expect(kinds(schema(base), schema([base[0] as string])).kinds).toEqual(["field-removed config.header Long breaking"]);
  });
});

describe("breaking-change classifier: Konnect's table, datatype changed", () => {
  const cases: [string, string][] = [
    ["required with default", `{ ttl = { type = "integer", required = true, default = 30 } }`],
    ["required without default", `{ ttl = { type = "integer", required = true } }`],
    ["optional with default", `{ ttl = { type = "integer", default = 30 } }`],
    ["optional without default", `{ ttl = { type = "integer" } }`],
  ];
  for (const [label, field] of cases) {
    it(`${label} → CP/DP sync required`, () => {
      const changed = field.replace('"integer"', '"string"').replace("30", '"30"');
      expect(kinds(schema([field]), schema([changed])).kinds).toEqual(["type-changed config.ttl CP/DP sync required breaking"]);
    });
  }
});

describe("breaking-change classifier: other changes", () => {
  it("a renamed field is breaking", () => {
    const remote = schema([`{ header = { type = "string", len_min = 1 } }`]);
    const local = schema([`{ header_name = { type = "string", len_min = 1 } }`]);
    expect(kinds(remote, local).kinds).toEqual(["field-renamed config.header Long breaking"]);
  });
  it("a changed default is breaking", () => {
    const local = schema([`{ ttl = { type = "integer", required = true, default = 60 } }`, base[1] as string]);
    const { kinds: k, report } = kinds(schema(base), local);
    expect(k).toEqual(["default-changed config.ttl Long breaking"]);
    expect(report.changes[0]?.message).toContain("30 → 60");
  });
  it("a narrowed one_of is breaking, a widened one is safe", () => {
    const wide = schema([`{ mode = { type = "string", one_of = { "a", "b", "c" } } }`]);
    const narrow = schema([`{ mode = { type = "string", one_of = { "a", "b" } } }`]);
    expect(kinds(wide, narrow).kinds).toEqual(["one-of-narrowed config.mode Long breaking"]);
    expect(kinds(narrow, wide).kinds).toEqual(["one-of-widened config.mode Short safe"]);
  });
  it("a renamed plugin is breaking", () => {
    expect(kinds(schema(base, "demo"), schema(base, "demo-v2")).kinds).toEqual(["plugin-renamed name Long breaking"]);
  });
  it("a description change is safe and needs no upgrade step", () => {
    const remote = schema([`{ header = { type = "string", description = "The header to set on requests." } }`]);
    const local = schema([`{ header = { type = "string", description = "The header added to each request." } }`]);
    const { kinds: k, report } = kinds(remote, local);
    expect(k).toEqual(["description-changed config.header none safe"]);
    expect(report.upgradePath).toBe("none");
  });
  it("optional → required without default is breaking; required → optional is safe", () => {
    const optional = schema([`{ header = { type = "string" } }`]);
    const required = schema([`{ header = { type = "string", required = true } }`]);
    expect(kinds(optional, required).kinds).toEqual(["required-changed config.header Long breaking"]);
    expect(kinds(required, optional).kinds).toEqual(["required-changed config.header Short safe"]);
  });
  it("walks nested records", () => {
    const remote = schema([`{ redis = { type = "record", fields = { { host = { type = "string" } }, { port = { type = "integer" } } } } }`]);
    const local = schema([`{ redis = { type = "record", fields = { { host = { type = "string" } } } } }`]);
    expect(kinds(remote, local).kinds).toEqual(["field-removed config.redis.port Long breaking"]);
  });
  it("a tightened validator counts as breaking (conservative)", () => {
    const remote = schema([`{ n = { type = "integer", between = { 1, 100 } } }`]);
    const local = schema([`{ n = { type = "integer", between = { 1, 10 } } }`]);
    expect(kinds(remote, local).kinds).toEqual(["constraint-changed config.n Long breaking"]);
  });
  it("identical schemas with different formatting have no change", () => {
    const { report } = kinds(schema(base), schema(base).replace(/\n/g, "\r\n").replace("ttl = {", "ttl  =  {"));
    expect(report.changes).toEqual([]);
    expect(report.breaking).toBe(false);
  });
});

describe("breaking-change classifier: what cannot be evaluated", () => {
  it("a field list built at run time is an unknown change, treated as breaking", () => {
    const remote = schema(base);
    const local = `local fields = {}\nfor _, name in pairs(load_names()) do fields[#fields + 1] = { [name] = { type = "string" } } end\nreturn { name = "demo", fields = { { config = { type = "record", fields = fields } } } }\n`;
    const report = classifySchemaChange(remote, local);
    expect(report.hasUnknown).toBe(true);
    expect(report.breaking).toBe(true);
    const unknown = report.changes.find((c) => c.kind === "unknown");
    expect(unknown?.path).toBe("config");
    expect(unknown?.message).toMatch(/treats the change as breaking/);
  });
  it("an unparsable remote schema is an unknown change", () => {
    const report = classifySchemaChange("return {", schema(base));
    expect(report.changes.map((c) => c.kind)).toEqual(["unknown"]);
    expect(report.upgradePath).toBe("CP/DP sync required");
  });
  it("streamed plugins have no data-plane file step", () => {
    const report = classifySchemaChange(schema(base), schema([base[1] as string]), "streamed");
    expect(report.steps.join(" ")).toMatch(/no data-plane file step/);
    expect(report.steps.join(" ")).not.toMatch(/Deploy the new schema.lua/);
  });
});

import { describe, expect, it } from "vitest";
import { ENTERPRISE_TYPEDEFS, isKnownTypedef, typedefValue } from "../../src/lua/typedefs.js";
import { tableGet } from "../../src/lua/values.js";

const where = { line: 3, column: 5, endLine: 3, endColumn: 20 };

describe("typedef catalog", () => {
  it("knows every typedef of Kong 3.10 listed in kong-schema-rules.md §5, and the Enterprise ones", () => {
    const names = `http_method protocol host redis_host host_with_optional_port wildcard_host ip ip_or_cidr cidr_v4 cidr port
      path url cookie_name header_name timeout uuid auto_timestamp_s auto_timestamp_ms no_route no_service no_consumer name
      utf8_name sni redis_server_name certificate key tag tags capability protocols protocols_http sources no_sources
      destinations no_destinations methods no_methods hosts no_hosts router_path router_paths no_paths headers no_headers
      semantic_version pem jwk queue propagation lua_code ttl no_consumer_group protocols_http_and_ws protocols_ws
      rbac_user_token run_on_first plugin_ordering`.split(/\s+/);
    expect(names.filter((name) => !isKnownTypedef(name))).toEqual([]);
    expect([...ENTERPRISE_TYPEDEFS].sort()).toEqual(["no_consumer_group", "plugin_ordering", "protocols_http_and_ws", "protocols_ws", "rbac_user_token", "run_on_first"]);
  });

  it("returns undefined for a name Kong does not define", () => {
    expect(isKnownTypedef("no_consumers")).toBe(false);
    expect(typedefValue("header", where)).toBeUndefined();
    expect(isKnownTypedef("toString")).toBe(false);
    expect(typedefValue("constructor", where)).toBeUndefined();
  });

  it("describes types and the attributes metaschema rules check, located where the schema uses them", () => {
    const port = typedefValue("port", where);
    expect(port?.typedef).toBe("port");
    expect(port?.location).toEqual(where);
    expect(tableGet(port!, "type")).toMatchObject({ kind: "string", value: "integer" });
    const between = tableGet(port!, "between");
    expect(between?.kind === "table" && between.items.map((i) => (i.kind === "number" ? i.value : undefined))).toEqual([0, 65535]);
    const protocols = typedefValue("protocols_http", where);
    const elements = protocols && tableGet(protocols, "elements");
    const oneOf = elements?.kind === "table" ? tableGet(elements, "one_of") : undefined;
    expect(oneOf?.kind === "table" && oneOf.items.map((i) => (i.kind === "string" ? i.value : ""))).toEqual(["grpc", "grpcs", "http", "https"]);
    expect(tableGet(protocols!, "required")).toMatchObject({ kind: "boolean", value: true });
    // Kong implements the validator in Lua: a function value without a node in this file, named when kplug models it
    const header = typedefValue("header_name", where);
    expect(tableGet(header!, "custom_validator")).toEqual({ kind: "function", location: where, kong: "header_name" });
    expect(tableGet(typedefValue("sni", where)!, "custom_validator")).toEqual({ kind: "function", location: where, kong: "sni" });
    expect(tableGet(typedefValue("redis_server_name", where)!, "custom_validator")).toEqual({ kind: "function", location: where, kong: "sni" });
    expect(tableGet(typedefValue("cidr", where)!, "custom_validator")).toEqual({ kind: "function", location: where, kong: "cidr_v4" });
    expect(tableGet(typedefValue("certificate", where)!, "custom_validator")).toEqual({ kind: "function", location: where });
    expect(tableGet(typedefValue("no_consumer", where)!, "type")).toMatchObject({ value: "foreign" });
  });

  it("gives a fresh table each time, so overrides never leak between uses", () => {
    const first = typedefValue("port", where);
    first?.fields.push({ key: "default", keyLocation: where, value: { kind: "number", value: 1, location: where } });
    expect(tableGet(typedefValue("port", where)!, "default")).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { KONG_VALIDATORS } from "../../src/schema/kong-validators.js";

// Expected messages are Kong's (kong/db/schema/typedefs.lua, kong/tools/ip.lua, kong/tools/http.lua),
// checked against the kong-oracle on typedef defaults.
const run = (name: string, value: string) => KONG_VALIDATORS[name]?.(value);

describe("Kong's typedef validators", () => {
  it("url: needs a host (after //) and a scheme", () => {
    expect(run("url", "https://example.com/a?b#c")).toBeNull();
    expect(run("url", "http://user:pw@[::1]:8080/x")).toBeNull();
    expect(run("url", "example.com/hook")).toBe("missing host in url");
    expect(run("url", "http:///path")).toBe("missing host in url");
    expect(run("url", "//example.com")).toBe("missing scheme in url");
  });

  it("host: names, IPv4 and IPv6 without a port", () => {
    expect(run("host", "api.example.com")).toBeNull();
    expect(run("host", "example.com.")).toBeNull();
    expect(run("host", "10.0.0.1")).toBeNull();
    expect(run("host", "exa mple")).toBe("invalid value: exa mple");
    expect(run("host", "a-.example.com")).toBe("invalid value: a-.example.com");
    expect(run("host", "300.1.1.1")).toBe("invalid value: 300.1.1.1");
    expect(run("host", "example.com:80")).toBe("must not have a port");
    expect(run("host", "example.com:70000")).toBe("must not have a port");
    expect(run("host", "::1")).toBeNull();
    expect(run("host", "[::1]:8000")).toBe("must not have a port");
  });

  it("ip, header_name and name", () => {
    expect(run("ip", "1.2.3.4")).toBeNull();
    expect(run("ip", "fe80::1")).toBeNull();
    expect(run("ip", "1.2.3")).toBe("not an ip address: 1.2.3");
    expect(run("header_name", "X-Request_Id")).toBeNull();
    expect(run("header_name", "")).toBe("no header name provided");
    expect(run("header_name", "bad header")).toBe("bad header name 'bad header', allowed characters are A-Z, a-z, 0-9, '_', and '-'");
    expect(run("name", "a.b-c_d~e")).toBeNull();
    expect(run("name", "a b")).toBe("invalid value 'a b': it must only contain alphanumeric and '., -, _, ~' characters");
  });
});

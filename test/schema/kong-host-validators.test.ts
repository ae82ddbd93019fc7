import { describe, expect, it } from "vitest";
import { validateHost, validateIp, validateIpOrCidr, validateIpOrCidrV4, validateSni, validateUrl, validateWildcardHost } from "../../src/schema/kong-host-validators.js";

// Expected answers are real Kong's (kong/db/schema/typedefs.lua through the config oracle in
// ../shared/tools/kong-oracle; the config differential's string-form kind agrees on these).
const ok = { ok: true };

describe("Kong's typedef validators for hosts, IPs and URLs", () => {
  it("validate_url: socket.url.parse must find a host, then a scheme", () => {
    expect(validateUrl("http://example.com")).toEqual(ok);
    expect(validateUrl("https://user@example.com:8443/p?q#f")).toEqual(ok);
    expect(validateUrl("example.com/path")).toEqual({ ok: false, message: "missing host in url" });
    expect(validateUrl("//example.com")).toEqual({ ok: false, message: "missing scheme in url" });
    expect(validateUrl("http://")).toEqual({ ok: false, message: "missing host in url" });
  });

  it("validate_host: a name or an IP without a port (kong.tools.ip normalize_ip)", () => {
    expect(validateHost("example.com")).toEqual(ok);
    expect(validateHost("1.2.3.4")).toEqual(ok);
    expect(validateHost("example.com:80")).toEqual({ ok: false, message: "must not have a port" });
    expect(validateHost("example.com:99999")).toEqual({ ok: false, message: "must not have a port" });
    expect(validateHost("-bad-.example")).toEqual({ ok: false, message: "invalid value: -bad-.example" });
    expect(validateHost("a..b")).toEqual({ ok: false, message: "invalid value: a..b" });
    expect(validateHost("256.1.1.1")).toEqual({ ok: false, message: "invalid value: 256.1.1.1" });
    expect(validateHost("[::1]:8000")).toEqual({ ok: false, message: "must not have a port" });
  });

  it("validate_sni and validate_wildcard_host: names only, one wildcard at either end", () => {
    expect(validateSni("1.2.3.4")).toEqual({ ok: false, message: "must not be an IP" });
    expect(validateWildcardHost("*.example.com")).toEqual(ok);
    expect(validateWildcardHost("example.*")).toEqual(ok);
    expect(validateWildcardHost("a.*.b")).toEqual({ ok: false, message: "wildcard must be leftmost or rightmost character" });
  });

  it("validate_ip / ip_or_cidr / cidr_v4: inet_pton's forms, prefixes written as Kong's tables key them", () => {
    expect(validateIp("::1")).toEqual(ok);
    expect(validateIp("01.2.3.4")).toEqual({ ok: false, message: "not an ip address: 01.2.3.4" });
    expect(validateIp("fe80::1%eth0")).toEqual({ ok: false, message: "not an ip address: fe80::1%eth0" });
    expect(validateIpOrCidr("2001:db8::/32")).toEqual(ok);
    expect(validateIpOrCidr("10.0.0.0/33")).toEqual({ ok: false, message: "invalid ip or cidr range: '10.0.0.0/33'" });
    expect(validateIpOrCidr("10.0.0.0/08")).toEqual({ ok: false, message: "invalid ip or cidr range: '10.0.0.0/08'" });
    expect(validateIpOrCidrV4("10.0.0.0/8")).toEqual(ok);
    expect(validateIpOrCidrV4("2001:db8::/32")).toEqual({ ok: false, message: "invalid ipv4 cidr range: '2001:db8::/32'" });
  });
});

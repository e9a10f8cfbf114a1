import { describe, expect, it } from "vitest";
import { hostWithoutPort, isUnder, normalizeHostname, verificationRecord } from "./hostname";

describe("normalizeHostname", () => {
  it.each([
    ["Shop.Example.COM", "shop.example.com"],
    ["  shop.example.com.  ", "shop.example.com"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["XN--BCHER-KVA.example", "xn--bcher-kva.example"],
    ["shop.xn--p1ai", "shop.xn--p1ai"],
    ["a-b.c-d.example.org", "a-b.c-d.example.org"],
  ])("%s → %s", (raw, expected) => {
    expect(normalizeHostname(raw)).toEqual({ ok: true, hostname: expected });
  });

  it.each([
    ["", "malformed"],
    ["example", "malformed"],
    ["-shop.example.com", "malformed"],
    ["shop-.example.com", "malformed"],
    ["shop..example.com", "malformed"],
    ["shop.example.123", "malformed"],
    ["shop_1.example.com", "malformed"],
    ["https://shop.example.com", "malformed"],
    ["shop.example.com/path", "malformed"],
    [`${"a".repeat(64)}.example.com`, "malformed"],
    [`${"abc.".repeat(64)}com`, "malformed"],
    ["127.0.0.1", "ip-address"],
    ["[::1]", "ip-address"],
    ["shop.localhost", "reserved"],
    ["printer.local", "reserved"],
    ["db.internal", "reserved"],
  ])("refuses %j (%s)", (raw, problem) => {
    expect(normalizeHostname(raw)).toEqual({ ok: false, problem });
  });
});

describe("helpers", () => {
  it("tells a name under a parent from one that only ends in the same letters", () => {
    expect(isUnder("bazaar.local", "bazaar.local")).toBe(true);
    expect(isUnder("shop.bazaar.local", "bazaar.local")).toBe(true);
    expect(isUnder("notbazaar.local", "bazaar.local")).toBe(false);
  });

  it("strips the port of a Host header, IPv6 included", () => {
    expect(hostWithoutPort("shop.example.com:8443")).toBe("shop.example.com");
    expect(hostWithoutPort("shop.example.com")).toBe("shop.example.com");
    expect(hostWithoutPort("[::1]:3000")).toBe("[::1]");
  });

  it("names the TXT record to create", () => {
    expect(verificationRecord("shop.example.com", "t0ken-t0ken-t0ken")).toEqual({
      type: "TXT",
      name: "_bazaar-verify.shop.example.com",
      value: "bazaar-verify=t0ken-t0ken-t0ken",
    });
  });
});

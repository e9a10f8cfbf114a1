import { describe, expect, it } from "vitest";
import { normalizeAddress, resolveClientAddress, trustedProxies } from "./client-address";

const none = trustedProxies([]);
const ingress = trustedProxies(["10.0.0.0/8", "::1"]);
const xff = (value: string) => new Headers({ "x-forwarded-for": value });

describe("resolveClientAddress", () => {
  it("uses the socket peer and ignores X-Forwarded-For when no proxy is trusted", () => {
    expect(resolveClientAddress("203.0.113.9", xff("198.51.100.1"), none)).toBe("203.0.113.9");
    expect(resolveClientAddress("::ffff:127.0.0.1", new Headers(), none)).toBe("127.0.0.1");
  });

  it("walks X-Forwarded-For from the right past trusted proxies only", () => {
    // The client forged the first entry; the ingress (10.0.0.5) appended the real peer.
    expect(resolveClientAddress("10.0.0.5", xff("1.2.3.4, 198.51.100.7"), ingress)).toBe("198.51.100.7");
    expect(resolveClientAddress("10.0.0.5", xff("198.51.100.7, 10.1.2.3"), ingress)).toBe("198.51.100.7");
    expect(resolveClientAddress("::1", xff("2001:db8::42"), ingress)).toBe("2001:db8::42");
  });

  it("stops at a trusted proxy when the next hop is garbage or missing", () => {
    expect(resolveClientAddress("10.0.0.5", xff("not-an-ip"), ingress)).toBe("10.0.0.5");
    expect(resolveClientAddress("10.0.0.5", new Headers(), ingress)).toBe("10.0.0.5");
  });

  it("takes the right-most X-Forwarded-For entry as the peer when the adapter has no socket", () => {
    expect(resolveClientAddress(undefined, xff("1.2.3.4, 127.0.0.1"), none)).toBe("127.0.0.1");
    expect(resolveClientAddress(undefined, new Headers(), none)).toBeNull();
  });
});

describe("normalizeAddress", () => {
  it("strips ports, brackets and the IPv4-mapped prefix and refuses non-addresses", () => {
    expect(normalizeAddress("198.51.100.7:5123")).toBe("198.51.100.7");
    expect(normalizeAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("::ffff:10.0.0.1")).toBe("10.0.0.1");
    expect(normalizeAddress("evil.example")).toBeNull();
    expect(normalizeAddress("")).toBeNull();
  });
});

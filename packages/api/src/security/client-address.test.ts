import { describe, expect, it } from "vitest";
import { normalizeAddress, PROXY_SECRET_HEADER, resolveClientAddress, trustedProxies, VOUCHED_ADDRESS_HEADER, vouchedAddress } from "./client-address";

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

  it("believes no X-Forwarded-For entry when the adapter has no socket: the browser may have written it", () => {
    expect(resolveClientAddress(undefined, xff("1.2.3.4, 127.0.0.1"), none)).toBeNull();
    expect(resolveClientAddress(undefined, xff("203.0.113.50"), ingress)).toBeNull();
    expect(resolveClientAddress(undefined, new Headers(), none)).toBeNull();
  });
});

describe("vouchedAddress", () => {
  const secret = "s".repeat(48);
  const vouched = (address: string, presented?: string) =>
    new Headers({ [VOUCHED_ADDRESS_HEADER]: address, ...(presented === undefined ? {} : { [PROXY_SECRET_HEADER]: presented }) });

  it("takes the address a hop vouched for only with the shared secret", () => {
    expect(vouchedAddress(vouched("198.51.100.23", secret), secret)).toBe("198.51.100.23");
    expect(vouchedAddress(vouched("198.51.100.23"), secret)).toBeNull();
    expect(vouchedAddress(vouched("198.51.100.23", "s".repeat(47)), secret)).toBeNull();
    expect(vouchedAddress(vouched("198.51.100.23", "t".repeat(48)), secret)).toBeNull();
    // No secret configured: nothing is vouched, whatever the headers say.
    expect(vouchedAddress(vouched("198.51.100.23", ""), undefined)).toBeNull();
    expect(vouchedAddress(vouched("not-an-address", secret), secret)).toBeNull();
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

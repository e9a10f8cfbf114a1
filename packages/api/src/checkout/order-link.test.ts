import { describe, expect, it } from "vitest";
import { OrderLinkUnavailableError, orderStatusUrl, signOrderLink, verifyOrderLink } from "./order-link";

const secret = "s".repeat(40);
const group = "0b7c4a52-3a5e-4d0e-9a55-6f1f8a1e2d3c";

describe("order links", () => {
  it("verifies its own token for the same group and secret only", () => {
    const token = signOrderLink(group, secret);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifyOrderLink(group, token, secret)).toBe(true);
    expect(verifyOrderLink(group.toUpperCase(), token, secret)).toBe(true);
    expect(verifyOrderLink("1b7c4a52-3a5e-4d0e-9a55-6f1f8a1e2d3c", token, secret)).toBe(false);
    expect(verifyOrderLink(group, token, "t".repeat(40))).toBe(false);
  });

  it("refuses a changed, truncated or empty token", () => {
    const token = signOrderLink(group, secret);
    const flipped = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect(verifyOrderLink(group, flipped, secret)).toBe(false);
    expect(verifyOrderLink(group, token.slice(0, 20), secret)).toBe(false);
    expect(verifyOrderLink(group, "", secret)).toBe(false);
  });

  it("fails closed without a secret: no token is issued and none verifies", () => {
    expect(() => signOrderLink(group, "")).toThrow(OrderLinkUnavailableError);
    expect(verifyOrderLink(group, signOrderLink(group, secret), "")).toBe(false);
  });

  it("builds the status page's address on the storefront origin", () => {
    const url = new URL(orderStatusUrl("http://127.0.0.1:3100", group, secret));
    expect(url.origin).toBe("http://127.0.0.1:3100");
    expect(url.pathname).toBe(`/orders/${group}`);
    expect(url.searchParams.get("token")).toBe(signOrderLink(group, secret));
  });
});

import { describe, expect, it } from "vitest";

import { applySetCookies, authCookies, parseCookieHeader, sessionTokenFrom } from "./auth-cookies";

describe("authCookies", () => {
  it("names the cookies after the app, so two apps on one host keep their own sessions", () => {
    expect(authCookies("web", false).sessionTokenName).toBe("bazaar-web.session-token");
    expect(authCookies("admin", false).sessionTokenName).toBe("bazaar-admin.session-token");
  });

  it("uses the __Secure-/__Host- prefixes and the Secure flag with https", () => {
    const secure = authCookies("web", true);
    expect(secure.sessionTokenName).toBe("__Secure-bazaar-web.session-token");
    expect(secure.nextAuth.csrfToken?.name).toBe("__Host-bazaar-web.csrf-token");
    expect(secure.nextAuth.sessionToken?.options.secure).toBe(true);
    expect(secure.nextAuth.sessionToken?.options.httpOnly).toBe(true);
  });
});

describe("sessionTokenFrom", () => {
  const name = "bazaar-web.session-token";

  it("reads a whole cookie", () => {
    expect(sessionTokenFrom([{ name, value: "abc" }], name)).toBe("abc");
  });

  it("joins next-auth's chunks in numeric order", () => {
    const chunks = [
      { name: `${name}.10`, value: "K" },
      { name: `${name}.2`, value: "C" },
      { name: `${name}.0`, value: "A" },
      { name: `${name}.1`, value: "B" },
      { name: "bazaar-admin.session-token", value: "other app" },
    ];
    expect(sessionTokenFrom(chunks, name)).toBe("ABCK");
  });

  it("is null without the cookie", () => {
    expect(sessionTokenFrom([{ name: "bazaar-device", value: "d" }], name)).toBeNull();
  });
});

describe("parseCookieHeader", () => {
  it("splits pairs and decodes values", () => {
    expect(parseCookieHeader("a=1; b=x%20y; =skip; c")).toEqual([
      { name: "a", value: "1" },
      { name: "b", value: "x y" },
    ]);
  });

  it("keeps a value that is not valid percent-encoding as it is", () => {
    expect(parseCookieHeader("a=%E0%A4%A")).toEqual([{ name: "a", value: "%E0%A4%A" }]);
  });
});

describe("applySetCookies", () => {
  const name = "bazaar-web.session-token";
  const now = Date.parse("2026-11-23T10:00:00Z");

  it("replaces the session cookie and keeps the others", () => {
    const header = `bazaar-device=d1; ${name}=old; theme=dark`;
    expect(applySetCookies(header, name, [`${name}=new; Path=/; HttpOnly; SameSite=Lax`], now)).toBe(`bazaar-device=d1; theme=dark; ${name}=new`);
  });

  it("replaces every old chunk with the new chunks", () => {
    const header = `${name}.0=a; ${name}.1=b; x=1`;
    const next = applySetCookies(header, name, [`${name}.0=c; Path=/`, `${name}.1=; Path=/; Max-Age=0`], now);
    expect(next).toBe(`x=1; ${name}.0=c`);
  });

  it("drops a cookie the response clears", () => {
    const header = `${name}=old; x=1`;
    expect(applySetCookies(header, name, [`${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT`], now)).toBe("x=1");
  });

  it("ignores Set-Cookie lines for other cookies", () => {
    expect(applySetCookies(`${name}=old`, name, ["other=1; Path=/"], now)).toBe(`${name}=old`);
  });
});

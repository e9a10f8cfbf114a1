import { z } from "zod";
import { describe, expect, it } from "vitest";

import { nextAuthEnvShape, resolveNextAuthEnv } from "./auth-env";

const schema = z
  .object({ NODE_ENV: z.enum(["development", "test", "production"]), PORT: z.coerce.number(), ...nextAuthEnvShape })
  .transform(resolveNextAuthEnv("web"));

describe("resolveNextAuthEnv", () => {
  it("gives tests a random secret and the local URL, without Secure cookies", () => {
    const env = schema.parse({ NODE_ENV: "test", PORT: "3000" });
    expect(env.NEXTAUTH_SECRET).not.toMatch(/development-only/);
    expect(env.NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(env.NEXTAUTH_URL).toBe("http://127.0.0.1:3000");
    expect(env.AUTH_SECURE_COOKIES).toBe(false);
  });

  it("requires the secret and the URL in production", () => {
    const result = schema.safeParse({ NODE_ENV: "production", PORT: "3000" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["NEXTAUTH_SECRET", "NEXTAUTH_URL"]);
  });

  it("refuses plain http for a public production URL", () => {
    const result = schema.safeParse({ NODE_ENV: "production", PORT: "3000", NEXTAUTH_SECRET: "s".repeat(40), NEXTAUTH_URL: "http://shop.example.com" });
    expect(result.error?.issues[0]?.message).toMatch(/https/);
  });

  it("makes cookies Secure with an https URL", () => {
    const env = schema.parse({ NODE_ENV: "production", PORT: "3000", NEXTAUTH_SECRET: "s".repeat(40), NEXTAUTH_URL: "https://shop.example.com/" });
    expect(env).toMatchObject({ NEXTAUTH_URL: "https://shop.example.com", AUTH_SECURE_COOKIES: true });
  });

  it("lets `next build` evaluate the app without the production secrets", () => {
    expect(schema.safeParse({ NODE_ENV: "production", PORT: "3000", NEXT_PHASE: "phase-production-build" }).success).toBe(true);
  });

  it("refuses a published development secret outside tests", () => {
    for (const NODE_ENV of ["development", "production"]) {
      const result = schema.safeParse({ NODE_ENV, PORT: "3000", NEXTAUTH_SECRET: "bazaar-web-development-only-nextauth-secret", NEXTAUTH_URL: "https://shop.example.com" });
      expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["NEXTAUTH_SECRET"]);
    }
  });

  it("refuses a short secret", () => {
    expect(schema.safeParse({ NODE_ENV: "development", PORT: "3000", NEXTAUTH_SECRET: "short" }).success).toBe(false);
  });
});

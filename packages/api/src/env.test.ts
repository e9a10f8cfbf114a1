import { describe, expect, it } from "vitest";
import { apiEnvSchema, apiEnvWithSecretsSchema } from "./env";

const parse = (env: Record<string, string>) => apiEnvSchema.safeParse(env);

describe("API environment: custom-domain verification", () => {
  it("defaults to the system's resolvers and the platform's own hosts", () => {
    const env = apiEnvSchema.parse({});
    expect(env.DNS_RESOLVERS).toEqual([]);
    expect(env.DNS_TIMEOUT_MS).toBe(2_000);
    expect(env.PLATFORM_HOSTS).toEqual(["bazaar.local", "localhost"]);
  });

  it("takes resolvers as ip or ip:port, IPv6 bracketed with a port", () => {
    const env = apiEnvSchema.parse({ DNS_RESOLVERS: "127.0.0.1:5353, 1.1.1.1,::1,[::1]:53", PLATFORM_HOSTS: "Shop.Bazaar.Example., bazaar.local" });
    expect(env.DNS_RESOLVERS).toEqual(["127.0.0.1:5353", "1.1.1.1", "::1", "[::1]:53"]);
    expect(env.PLATFORM_HOSTS).toEqual(["shop.bazaar.example", "bazaar.local"]);
  });

  it.each(["dns.example.com", "127.0.0.1:99999", "1.2.3", "[::1]:x", "127.0.0.1:53:53"])("refuses the resolver %j", (entry) => {
    const result = parse({ DNS_RESOLVERS: entry });
    expect(result.success).toBe(false);
  });
});

describe("API environment: checkout admission", () => {
  const secrets = { JWT_SECRET: "j".repeat(40), TWO_FACTOR_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"), API_PROXY_SECRET: "p".repeat(40), ORDER_LINK_SECRET: "o".repeat(40) };
  const backlog = (env: Record<string, string>) => apiEnvWithSecretsSchema.parse({ ...secrets, ...env }).CHECKOUT_ADMISSION_BACKLOG;

  it("admits up to 16 waiting checkouts by default, every one in tests, and what it is told", () => {
    expect(backlog({ NODE_ENV: "production" })).toBe(16);
    expect(backlog({ NODE_ENV: "development" })).toBe(16);
    expect(backlog({ NODE_ENV: "test" })).toBe(0);
    expect(backlog({ NODE_ENV: "production", CHECKOUT_ADMISSION_BACKLOG: "40" })).toBe(40);
  });

  it.each(["-1", "1.5", "many"])("refuses the backlog %j", (value) => {
    expect(apiEnvSchema.safeParse({ CHECKOUT_ADMISSION_BACKLOG: value }).success).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { apiEnvSchema } from "./env";

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

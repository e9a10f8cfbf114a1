import { Resolver } from "node:dns/promises";
import { apiEnv } from "../env";

// The one place custom-domain verification talks to DNS: a real lookup through node:dns, against the
// servers DNS_RESOLVERS names (the system's when empty).

export type TxtLookup =
  | { outcome: "found"; records: string[] }
  /** NXDOMAIN or no TXT record at the name: the seller has not published it (yet). */
  | { outcome: "missing" }
  /** The resolvers failed or timed out: nothing is known about the record. */
  | { outcome: "unavailable"; code: string };

const MISSING_CODES = new Set(["ENOTFOUND", "ENODATA"]);

let cached: Resolver | undefined;

function resolver(): Resolver {
  if (!cached) {
    const env = apiEnv();
    const r = new Resolver({ timeout: env.DNS_TIMEOUT_MS, tries: 2 });
    if (env.DNS_RESOLVERS.length > 0) r.setServers(env.DNS_RESOLVERS);
    cached = r;
  }
  return cached;
}

/** Every TXT record at `name`, each record's character-strings joined as RFC 7208 §3.3 reads them. */
export async function lookupTxt(name: string): Promise<TxtLookup> {
  try {
    const records = await resolver().resolveTxt(name);
    return records.length === 0 ? { outcome: "missing" } : { outcome: "found", records: records.map((chunks) => chunks.join("")) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && MISSING_CODES.has(code)) return { outcome: "missing" };
    return { outcome: "unavailable", code: typeof code === "string" ? code : "EUNKNOWN" };
  }
}

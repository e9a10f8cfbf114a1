import { z } from "zod";
import { slugSchema } from "../tenants/slug";
import { text } from "../validation/text.schema";
import { normalizeHostname, type HostnameProblem } from "./hostname";

const problemMessages: Record<HostnameProblem, string> = {
  malformed: "a host name such as shop.example.com",
  "ip-address": "a host name, not an IP address",
  reserved: "a public host name (localhost, .local, .internal and the like never resolve publicly)",
};

/** A custom domain as the seller typed it, normalised (lower-case, punycode, no trailing dot). */
export const hostnameSchema = text({ max: 300 }).transform((raw, ctx) => {
  const result = normalizeHostname(raw);
  if (result.ok) return result.hostname;
  ctx.addIssue({ code: "custom", message: problemMessages[result.problem] });
  return z.NEVER;
});

export const listDomainsSchema = z.object({ storeId: z.uuid().optional() }).default({});
export const claimDomainSchema = z.object({ storeId: z.uuid(), hostname: hostnameSchema });
export const domainIdSchema = z.object({ domainId: z.uuid() });

/** What a storefront request names: its Host header, or a `/s/<slug>` path on a platform host. */
export const resolveHostSchema = z.union([
  z.object({ host: text({ max: 300 }) }).strict(),
  z.object({ slug: slugSchema }).strict(),
]);

export type ListDomainsInput = z.infer<typeof listDomainsSchema>;
export type ClaimDomainInput = z.infer<typeof claimDomainSchema>;
export type DomainIdInput = z.infer<typeof domainIdSchema>;
export type ResolveHostInput = z.infer<typeof resolveHostSchema>;

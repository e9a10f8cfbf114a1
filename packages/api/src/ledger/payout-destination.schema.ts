import { z } from "zod";
import { text } from "../validation/text.schema";

// Where a seller's payouts go at a provider (decision 0028). Each provider's account reference has its
// own shape: a Stripe (or sandbox) connected account `acct_…`, a Paystack transfer recipient `RCP_…`.
// Checked on top of the shared free-text schema, so control characters and blanks are refused first.

export const payoutProviders = ["sandbox", "stripe", "paystack"] as const;

const SHAPES: Record<(typeof payoutProviders)[number], { pattern: RegExp; example: string }> = {
  sandbox: { pattern: /^acct_[A-Za-z0-9_]{1,64}$/, example: "acct_sandbox_mystore" },
  stripe: { pattern: /^acct_[A-Za-z0-9]{8,64}$/, example: "acct_1Nv0FGQ9RKHgCVdK" },
  paystack: { pattern: /^RCP_[a-z0-9]{6,64}$/, example: "RCP_1a2b3c4d5e6f" },
};

export const setPayoutDestinationSchema = z
  .strictObject({ provider: z.enum(payoutProviders), destination: text({ max: 255 }) })
  .superRefine((v, ctx) => {
    const shape = SHAPES[v.provider];
    if (!shape.pattern.test(v.destination)) ctx.addIssue({ code: "custom", path: ["destination"], message: `a ${v.provider} account reference such as ${shape.example}` });
  });
export type SetPayoutDestinationInput = z.infer<typeof setPayoutDestinationSchema>;

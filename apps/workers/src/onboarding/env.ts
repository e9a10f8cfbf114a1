import { parseEnv } from "@bazaar/config";
import { z } from "zod";

export const onboardingEnvSchema = z.object({
  /** The seller dashboard (apps/admin); the welcome mail links to it. */
  ADMIN_URL: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:3001"),
});

export type OnboardingEnv = z.infer<typeof onboardingEnvSchema>;

let cached: OnboardingEnv | undefined;
export function onboardingEnv(): OnboardingEnv {
  cached ??= parseEnv(onboardingEnvSchema, process.env);
  return cached;
}

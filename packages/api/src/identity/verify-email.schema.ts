import { z } from "zod";
import { emailField, sixDigitCodeField } from "./identity.fields";

/** The code typed from the email, or the token carried by its link. */
export const verifyEmailSchema = z.union([
  z.object({ email: emailField, code: sixDigitCodeField }),
  z.object({ email: emailField, token: z.string().min(32).max(64).regex(/^[A-Za-z0-9_-]+$/) }),
]);

export type VerifyEmailInput = z.infer<typeof verifyEmailSchema>;

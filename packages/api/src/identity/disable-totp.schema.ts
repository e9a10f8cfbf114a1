import { z } from "zod";
import { recoveryCodeField, sixDigitCodeField } from "./identity.fields";

/** A current authenticator code, or a recovery code when the device is lost. */
export const disableTotpSchema = z.object({ code: z.union([sixDigitCodeField, recoveryCodeField]) });

export type DisableTotpInput = z.infer<typeof disableTotpSchema>;

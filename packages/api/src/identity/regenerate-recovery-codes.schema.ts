import { z } from "zod";
import { sixDigitCodeField } from "./identity.fields";

/** A current authenticator code only: a recovery code must not be able to mint its own replacements. */
export const regenerateRecoveryCodesSchema = z.object({ code: sixDigitCodeField });

export type RegenerateRecoveryCodesInput = z.infer<typeof regenerateRecoveryCodesSchema>;

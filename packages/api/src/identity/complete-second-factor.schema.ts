import { z } from "zod";
import { recoveryCodeField, sixDigitCodeField } from "./identity.fields";

export const completeSecondFactorSchema = z.discriminatedUnion("method", [
  z.object({ challengeId: z.uuid(), method: z.enum(["totp", "email", "sms"]), code: sixDigitCodeField }),
  z.object({ challengeId: z.uuid(), method: z.literal("recovery"), code: recoveryCodeField }),
]);

export type CompleteSecondFactorInput = z.infer<typeof completeSecondFactorSchema>;

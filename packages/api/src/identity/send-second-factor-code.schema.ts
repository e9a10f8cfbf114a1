import { z } from "zod";

export const sendSecondFactorCodeSchema = z.object({
  challengeId: z.uuid(),
  method: z.enum(["email", "sms"]),
});

export type SendSecondFactorCodeInput = z.infer<typeof sendSecondFactorCodeSchema>;

import { z } from "zod";
import { sixDigitCodeField } from "./identity.fields";

export const confirmSmsSecondFactorSchema = z.object({ code: sixDigitCodeField });

export type ConfirmSmsSecondFactorInput = z.infer<typeof confirmSmsSecondFactorSchema>;

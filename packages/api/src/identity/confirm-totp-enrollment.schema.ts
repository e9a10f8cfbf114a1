import { z } from "zod";
import { sixDigitCodeField } from "./identity.fields";

export const confirmTotpEnrollmentSchema = z.object({ code: sixDigitCodeField });

export type ConfirmTotpEnrollmentInput = z.infer<typeof confirmTotpEnrollmentSchema>;

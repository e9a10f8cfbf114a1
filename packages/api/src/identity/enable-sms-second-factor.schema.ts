import { z } from "zod";
import { e164PhoneField } from "./identity.fields";

export const enableSmsSecondFactorSchema = z.object({ phone: e164PhoneField });

export type EnableSmsSecondFactorInput = z.infer<typeof enableSmsSecondFactorSchema>;

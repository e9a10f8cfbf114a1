import { z } from "zod";
import { emailField } from "./identity.fields";

export const requestPasswordResetSchema = z.object({ email: emailField });

export type RequestPasswordResetInput = z.infer<typeof requestPasswordResetSchema>;

import { z } from "zod";
import { linkTokenField, newPasswordField } from "./identity.fields";

export const resetPasswordSchema = z.object({ token: linkTokenField, password: newPasswordField });

export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;

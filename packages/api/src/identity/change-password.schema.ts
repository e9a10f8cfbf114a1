import { z } from "zod";
import { newPasswordField, passwordField } from "./identity.fields";

export const changePasswordSchema = z.object({ currentPassword: passwordField, newPassword: newPasswordField });

export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

import { z } from "zod";
import { deviceIdField, emailField, newPasswordField } from "./identity.fields";

export const registerSchema = z.object({
  email: emailField,
  password: newPasswordField,
  name: z.string().trim().min(1).max(200),
  deviceId: deviceIdField.optional(),
});

export type RegisterInput = z.infer<typeof registerSchema>;

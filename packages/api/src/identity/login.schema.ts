import { z } from "zod";
import { deviceIdField, emailField, passwordField } from "./identity.fields";

export const loginSchema = z.object({
  email: emailField,
  password: passwordField,
  deviceId: deviceIdField.optional(),
});

export type LoginInput = z.infer<typeof loginSchema>;

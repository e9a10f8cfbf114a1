import { z } from "zod";
import { deviceIdField, emailField, newPasswordField, personNameField } from "./identity.fields";

export const registerSchema = z.object({
  email: emailField,
  password: newPasswordField,
  name: personNameField,
  deviceId: deviceIdField.optional(),
});

export type RegisterInput = z.infer<typeof registerSchema>;

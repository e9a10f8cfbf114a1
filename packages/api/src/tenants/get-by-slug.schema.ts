import { z } from "zod";

export const getBySlugSchema = z.object({
  slug: z
    .string()
    .min(2)
    .max(63)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lowercase letters, digits and single dashes"),
});

export type GetBySlugInput = z.infer<typeof getBySlugSchema>;

import { z } from "zod";

export const refreshSchema = z.object({
  refreshToken: z.string().min(32).max(128).regex(/^[A-Za-z0-9_-]+$/, "a refresh token"),
});

export type RefreshInput = z.infer<typeof refreshSchema>;

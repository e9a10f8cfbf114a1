import { z } from "zod";

export const listFlaggedIdentitiesSchema = z
  .object({
    status: z.enum(["OPEN", "CLEARED", "LOCKED"]).optional(),
    limit: z.number().int().min(1).max(100).default(50),
    cursor: z.uuid().optional(),
  })
  .prefault({});

export type ListFlaggedIdentitiesInput = z.infer<typeof listFlaggedIdentitiesSchema>;

import { z } from "zod";
import { uuidCursor } from "../validation/text.schema";

export const listFlaggedIdentitiesSchema = z
  .object({
    status: z.enum(["OPEN", "CLEARED", "LOCKED"]).optional(),
    limit: z.number().int().min(1).max(100).default(50),
    cursor: uuidCursor().optional(),
  })
  .prefault({});

export type ListFlaggedIdentitiesInput = z.infer<typeof listFlaggedIdentitiesSchema>;

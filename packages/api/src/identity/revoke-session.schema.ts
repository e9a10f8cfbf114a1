import { z } from "zod";

export const revokeSessionSchema = z.object({ sessionId: z.uuid() });

export type RevokeSessionInput = z.infer<typeof revokeSessionSchema>;

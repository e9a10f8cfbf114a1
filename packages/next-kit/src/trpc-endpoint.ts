/** Where both apps mount the tRPC fetch handler (app/api/trpc/[trpc]/route.ts). */
export const TRPC_ENDPOINT = "/api/trpc";

import { createTRPCRouter, publicProcedure } from "../trpc";
import { pingHandler } from "./ping.handler";
import { readyHandler } from "./ready.handler";

export const healthRouter = createTRPCRouter({
  ping: publicProcedure.query(pingHandler),
  ready: publicProcedure.query(readyHandler),
});

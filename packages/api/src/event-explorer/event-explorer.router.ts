import { createTRPCRouter, platformProcedure } from "../trpc";
import { deadLettersHandler, recentEventsHandler, replayHandler, topicsHandler } from "./event-explorer.handlers";
import { deadLettersSchema, recentEventsSchema, replaySchema } from "./event-explorer.schema";

/** The ops console's event explorer: SUPPORT may look, only OPERATORs replay dead letters. */
export const eventExplorerRouter = createTRPCRouter({
  topics: platformProcedure("SUPPORT").query(topicsHandler),
  recentEvents: platformProcedure("SUPPORT").input(recentEventsSchema).query(recentEventsHandler),
  deadLetters: platformProcedure("SUPPORT").input(deadLettersSchema).query(deadLettersHandler),
  replay: platformProcedure("OPERATOR").input(replaySchema).mutation(replayHandler),
});

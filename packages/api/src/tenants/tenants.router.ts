import { authedProcedure, createTRPCRouter, publicProcedure } from "../trpc";
import { getBySlugHandler } from "./get-by-slug.handler";
import { getBySlugSchema } from "./get-by-slug.schema";
import { listMineHandler } from "./list-mine.handler";

export const tenantsRouter = createTRPCRouter({
  getBySlug: publicProcedure.input(getBySlugSchema).query(getBySlugHandler),
  listMine: authedProcedure.query(listMineHandler),
});

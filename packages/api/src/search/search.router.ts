import { createTRPCRouter, platformProcedure, publicProcedure } from "../trpc";
import {
  autocompleteHandler,
  getProductHandler,
  getSynonymsHandler,
  listByCategoryHandler,
  listByStoreHandler,
  searchProductsHandler,
  setSynonymsHandler,
} from "./search.handlers";
import { autocompleteSchema, getProductSchema, listByCategorySchema, listByStoreSchema, searchProductsSchema, synonymsSchema } from "./search.schema";

export const searchRouter = createTRPCRouter({
  searchProducts: publicProcedure.input(searchProductsSchema).query(searchProductsHandler),
  listByCategory: publicProcedure.input(listByCategorySchema).query(listByCategoryHandler),
  listByStore: publicProcedure.input(listByStoreSchema).query(listByStoreHandler),
  autocomplete: publicProcedure.input(autocompleteSchema).query(autocompleteHandler),
  getProduct: publicProcedure.input(getProductSchema).query(getProductHandler),
  getSynonyms: platformProcedure("SUPPORT").query(getSynonymsHandler),
  setSynonyms: platformProcedure("OPERATOR").input(synonymsSchema).mutation(setSynonymsHandler),
});

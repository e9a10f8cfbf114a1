import { asPlatform } from "@bazaar/db";
import type { AuthedContext } from "../tenants/procedure-context";
import type { TRPCContext } from "../trpc";
import type { CreateCategoryInput, MoveCategoryInput, UpdateCategoryInput } from "./categories.schema";
import { createCategory, deleteCategory, listCategoryTree, moveCategory, updateCategory } from "./categories.service";
import type { GetPublishedProductInput, ListPublishedProductsInput } from "./storefront.schema";
import { getPublishedProduct, listPublishedProducts } from "./storefront.service";

// The platform tree (operators write it in platform context, everyone reads it) and the public reads.

type Args<I> = { ctx: AuthedContext; input: I };

export const listCategoriesHandler = ({ ctx }: { ctx: TRPCContext }) => listCategoryTree(ctx.db);
export const createCategoryHandler = ({ ctx, input }: Args<CreateCategoryInput>) => asPlatform(ctx.db, (tx) => createCategory(tx, ctx.session.userId, input));
export const updateCategoryHandler = ({ ctx, input }: Args<UpdateCategoryInput>) => asPlatform(ctx.db, (tx) => updateCategory(tx, ctx.session.userId, input));
export const moveCategoryHandler = ({ ctx, input }: Args<MoveCategoryInput>) => asPlatform(ctx.db, (tx) => moveCategory(tx, ctx.session.userId, input));
export const deleteCategoryHandler = ({ ctx, input }: Args<{ categoryId: string }>) => asPlatform(ctx.db, (tx) => deleteCategory(tx, ctx.session.userId, input.categoryId));

export const getPublishedProductHandler = ({ ctx, input }: { ctx: TRPCContext; input: GetPublishedProductInput }) => getPublishedProduct(ctx.db, input);
export const listPublishedProductsHandler = ({ ctx, input }: { ctx: TRPCContext; input: ListPublishedProductsInput }) => listPublishedProducts(ctx.db, input);

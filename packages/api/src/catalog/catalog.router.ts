import { createTRPCRouter, platformProcedure, publicProcedure, tenantProcedure } from "../trpc";
import { createCategorySchema, deleteCategorySchema, moveCategorySchema, updateCategorySchema } from "./categories.schema";
import {
  createCategoryHandler,
  deleteCategoryHandler,
  getPublishedProductHandler,
  listCategoriesHandler,
  listPublishedProductsHandler,
  moveCategoryHandler,
  updateCategoryHandler,
} from "./categories.handlers";
import {
  addToCollectionHandler,
  createCollectionHandler,
  deleteCollectionHandler,
  listCollectionsHandler,
  removeFromCollectionHandler,
  updateCollectionHandler,
} from "./collections.handlers";
import { collectionMembershipSchema, createCollectionSchema, deleteCollectionSchema, listCollectionsSchema, updateCollectionSchema } from "./collections.schema";
import { exportProductsCsvSchema, importProductsCsvSchema } from "./csv.schema";
import {
  addVariantHandler,
  bulkStatusHandler,
  createProductHandler,
  exportProductsCsvHandler,
  getProductHandler,
  importProductsCsvHandler,
  listProductsHandler,
  listTagsHandler,
  removeVariantHandler,
  setImagesHandler,
  setOptionsHandler,
  statusHandler,
  updateProductHandler,
  updateVariantHandler,
} from "./products.handlers";
import {
  addVariantSchema,
  bulkStatusSchema,
  createProductSchema,
  getProductSchema,
  listProductsSchema,
  listTagsSchema,
  productStatusActionSchema,
  removeVariantSchema,
  setImagesSchema,
  setOptionsSchema,
  updateProductSchema,
  updateVariantSchema,
} from "./products.schema";
import { getPublishedProductSchema, listPublishedProductsSchema } from "./storefront.schema";

// Roles (README.md): VIEWER reads, STAFF edits drafts and collections, MANAGER changes what shoppers
// see (publish, unpublish, archive, and CSV import, which may publish); platform OPERATORs keep the
// category tree. The storefront reads are public.
const read = tenantProcedure("VIEWER");
const edit = tenantProcedure("STAFF");
const release = tenantProcedure("MANAGER");
const operator = platformProcedure("OPERATOR");

export const catalogRouter = createTRPCRouter({
  listCategories: publicProcedure.query(listCategoriesHandler),
  createCategory: operator.input(createCategorySchema).mutation(createCategoryHandler),
  updateCategory: operator.input(updateCategorySchema).mutation(updateCategoryHandler),
  moveCategory: operator.input(moveCategorySchema).mutation(moveCategoryHandler),
  deleteCategory: operator.input(deleteCategorySchema).mutation(deleteCategoryHandler),

  listProducts: read.input(listProductsSchema).query(listProductsHandler),
  getProduct: read.input(getProductSchema).query(getProductHandler),
  listTags: read.input(listTagsSchema).query(listTagsHandler),
  createProduct: edit.input(createProductSchema).mutation(createProductHandler),
  updateProduct: edit.input(updateProductSchema).mutation(updateProductHandler),
  addVariant: edit.input(addVariantSchema).mutation(addVariantHandler),
  updateVariant: edit.input(updateVariantSchema).mutation(updateVariantHandler),
  removeVariant: edit.input(removeVariantSchema).mutation(removeVariantHandler),
  setOptions: edit.input(setOptionsSchema).mutation(setOptionsHandler),
  setImages: edit.input(setImagesSchema).mutation(setImagesHandler),

  publishProduct: release.input(productStatusActionSchema).mutation(statusHandler("publish")),
  unpublishProduct: release.input(productStatusActionSchema).mutation(statusHandler("unpublish")),
  archiveProduct: release.input(productStatusActionSchema).mutation(statusHandler("archive")),
  bulkPublishProducts: release.input(bulkStatusSchema).mutation(bulkStatusHandler("publish")),
  bulkArchiveProducts: release.input(bulkStatusSchema).mutation(bulkStatusHandler("archive")),

  listCollections: read.input(listCollectionsSchema).query(listCollectionsHandler),
  createCollection: edit.input(createCollectionSchema).mutation(createCollectionHandler),
  updateCollection: edit.input(updateCollectionSchema).mutation(updateCollectionHandler),
  deleteCollection: edit.input(deleteCollectionSchema).mutation(deleteCollectionHandler),
  addProductsToCollection: edit.input(collectionMembershipSchema).mutation(addToCollectionHandler),
  removeProductsFromCollection: edit.input(collectionMembershipSchema).mutation(removeFromCollectionHandler),

  importProductsCsv: release.input(importProductsCsvSchema).mutation(importProductsCsvHandler),
  exportProductsCsv: read.input(exportProductsCsvSchema).query(exportProductsCsvHandler),

  getPublishedProduct: publicProcedure.input(getPublishedProductSchema).query(getPublishedProductHandler),
  listPublishedProducts: publicProcedure.input(listPublishedProductsSchema).query(listPublishedProductsHandler),
});

import type { TenantContext } from "../tenants/procedure-context";
import type { ExportProductsCsvInput, ImportProductsCsvInput } from "./csv.schema";
import { exportProductsCsv } from "./csv-export.service";
import { importProductsCsv } from "./csv-import.service";
import { listProducts, listTags } from "./product-list.service";
import type {
  AddVariantInput,
  ListProductsInput,
  ListTagsInput,
  RemoveVariantInput,
  SetImagesInput,
  SetOptionsInput,
  UpdateProductInput,
  UpdateVariantInput,
  CreateProductInput,
} from "./products.schema";
import { changeStatus, createProduct, getProduct, updateProduct } from "./products.service";
import type { StatusAction } from "./product-rules";
import { addVariant, removeVariant, setImages, setOptions, updateVariant } from "./variants.service";

// Thin on purpose: every rule lives in the services, which take the tenant's transaction (ctx.db) so
// tests call them directly; a handler only hands over the tenant and the acting user.

type Args<I> = { ctx: TenantContext; input: I };

export const createProductHandler = ({ ctx, input }: Args<CreateProductInput>) => createProduct(ctx.db, ctx.tenant.id, ctx.session.userId, input);
export const getProductHandler = ({ ctx, input }: Args<{ productId: string }>) => getProduct(ctx.db, ctx.tenant.id, input.productId);
export const updateProductHandler = ({ ctx, input }: Args<UpdateProductInput>) => updateProduct(ctx.db, ctx.tenant.id, ctx.session.userId, input);
export const listProductsHandler = ({ ctx, input }: Args<ListProductsInput>) => listProducts(ctx.db, ctx.tenant.id, input);
export const listTagsHandler = ({ ctx, input }: Args<ListTagsInput>) => listTags(ctx.db, ctx.tenant.id, input);

export const addVariantHandler = ({ ctx, input }: Args<AddVariantInput>) => addVariant(ctx.db, ctx.tenant.id, ctx.session.userId, input);
export const updateVariantHandler = ({ ctx, input }: Args<UpdateVariantInput>) => updateVariant(ctx.db, ctx.tenant.id, ctx.session.userId, input);
export const removeVariantHandler = ({ ctx, input }: Args<RemoveVariantInput>) => removeVariant(ctx.db, ctx.tenant.id, ctx.session.userId, input);
export const setOptionsHandler = ({ ctx, input }: Args<SetOptionsInput>) => setOptions(ctx.db, ctx.tenant.id, ctx.session.userId, input);
export const setImagesHandler = ({ ctx, input }: Args<SetImagesInput>) => setImages(ctx.db, ctx.tenant.id, ctx.session.userId, input);

/** One product through a status action; returns it as it now is. */
export function statusHandler(action: StatusAction) {
  return async ({ ctx, input }: Args<{ productId: string; version?: number | undefined }>) =>
    (await changeStatus(ctx.db, ctx.tenant.id, ctx.session.userId, action, [input.productId], input.version))[0]!;
}

export function bulkStatusHandler(action: StatusAction) {
  return async ({ ctx, input }: Args<{ productIds: string[] }>) => ({
    products: await changeStatus(ctx.db, ctx.tenant.id, ctx.session.userId, action, input.productIds),
  });
}

export const importProductsCsvHandler = ({ ctx, input }: Args<ImportProductsCsvInput>) => importProductsCsv(ctx.db, ctx.tenant.id, ctx.session.userId, input);
export const exportProductsCsvHandler = ({ ctx, input }: Args<ExportProductsCsvInput>) => exportProductsCsv(ctx.db, ctx.tenant.id, input);

import { randomUUID } from "node:crypto";
import type { Tx } from "@bazaar/db";
import { enqueueMany } from "@bazaar/events";
import { DomainError, NotFoundError } from "../errors";
import { lockActiveTenant } from "../tenants/tenant-guard";
import { readProductsCsv, type CsvRowError } from "./csv-rows";
import type { ImportProductsCsvInput } from "./csv.schema";
import { productInclude, productView, toEventProduct } from "./product-snapshot.service";
import { assertProductRoom, unlessTaken, variantRows } from "./products.service";

// All or nothing: the whole file is checked (csv-rows.ts, then against the tenant's handles, SKUs and the
// category tree) and every problem reported with its line and column; only a clean file is written, in
// the caller's one transaction, in a handful of bulk statements so a large file fits the transaction's
// time budget. Import creates products: a handle the tenant already has is a row error.

const MAX_REPORTED = 500;

export interface ImportReport {
  applied: boolean;
  products: number;
  variants: number;
  productIds: string[];
}

export async function importProductsCsv(tx: Tx, tenantId: string, actorId: string, input: ImportProductsCsvInput): Promise<ImportReport> {
  const tenant = await lockActiveTenant(tx, tenantId);
  if (!(await tx.store.findFirst({ where: { id: input.storeId, tenantId }, select: { id: true } }))) {
    throw new NotFoundError("store", { storeId: input.storeId });
  }
  const { drafts, errors } = readProductsCsv(input.csv);
  const variants = drafts.flatMap((d) => d.variants);

  const takenHandles = await tx.product.findMany({ where: { tenantId, handle: { in: drafts.map((d) => d.handle) } }, select: { handle: true } });
  const handleTaken = new Set(takenHandles.map((t) => t.handle));
  for (const d of drafts) if (handleTaken.has(d.handle)) errors.push({ line: d.line, column: "handle", message: `the store already has a product ${d.handle}` });
  const takenSkus = await tx.productVariant.findMany({ where: { tenantId, sku: { in: variants.map((v) => v.sku) } }, select: { sku: true } });
  const skuTaken = new Set(takenSkus.map((t) => t.sku));
  for (const v of variants) if (skuTaken.has(v.sku)) errors.push({ line: v.line, column: "sku", message: `SKU ${v.sku} is already in use` });
  const paths = [...new Set(drafts.map((d) => d.categoryPath).filter((p): p is string => p !== null))];
  const categories = await tx.category.findMany({ where: { path: { in: paths } }, select: { id: true, path: true } });
  const categoryByPath = new Map(categories.map((c) => [c.path, c.id]));
  for (const d of drafts) {
    if (d.categoryPath !== null && !categoryByPath.has(d.categoryPath)) {
      errors.push({ line: d.line, column: "category_path", message: `no category ${d.categoryPath}` });
    }
  }
  if (errors.length > 0) throw csvRefusal(errors);

  await assertProductRoom(tx, tenant, drafts.length);
  const report = { products: drafts.length, variants: variants.length };
  if (input.dryRun) return { applied: false, ...report, productIds: [] };

  const now = new Date();
  const rows = drafts.map((d) => ({ ...d, id: randomUUID(), categoryId: d.categoryPath === null ? null : (categoryByPath.get(d.categoryPath) ?? null) }));
  await unlessTaken(
    tx.product.createMany({
      data: rows.map((p) => ({
        id: p.id,
        tenantId,
        storeId: input.storeId,
        handle: p.handle,
        title: p.title,
        description: p.description,
        status: p.status,
        categoryId: p.categoryId,
        tags: p.tags,
        publishedAt: p.status === "PUBLISHED" ? now : null,
      })),
    }),
    { handles: rows.map((p) => p.handle) },
  );
  await tx.productOption.createMany({
    data: rows.flatMap((p) => p.options.map((o, position) => ({ tenantId, productId: p.id, name: o.name, values: o.values, position }))),
  });
  await unlessTaken(tx.productVariant.createMany({ data: rows.flatMap((p) => variantRows(tenantId, p.id, p.options, p.variants)) }), {
    skus: variants.map((v) => v.sku),
  });
  const created = await tx.product.findMany({ where: { tenantId, id: { in: rows.map((p) => p.id) } }, include: productInclude });
  const byId = new Map(created.map((c) => [c.id, productView(c)]));
  await enqueueMany(
    tx,
    rows.map((p) => ({
      type: "catalog.product.created" as const,
      version: 1 as const,
      tenantId,
      aggregateId: p.id,
      payload: { product: toEventProduct(byId.get(p.id)!), changes: ["created"], source: "csv-import" as const, actorId },
    })),
  );
  return { applied: true, ...report, productIds: rows.map((p) => p.id) };
}

/** UNPROCESSABLE_CONTENT carrying the rows at fault, in file order. */
function csvRefusal(errors: CsvRowError[]): DomainError {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  return new DomainError("UNPROCESSABLE_CONTENT", `the CSV has ${errors.length} error${errors.length === 1 ? "" : "s"}; nothing was imported`, {
    errors: sorted.slice(0, MAX_REPORTED),
    errorCount: errors.length,
  });
}

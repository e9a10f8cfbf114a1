import type { Prisma, Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { ConflictError, DomainError, NotFoundError } from "../errors";
import { slugify } from "../tenants/slug";
import { lockActiveTenant } from "../tenants/tenant-guard";
import { decodeCursor, pageOf, type Page } from "./cursor";
import { bumpProduct, emitProductEvent, isPrismaError, loadProduct } from "./product-snapshot.service";
import type { CollectionMembershipInput, CreateCollectionInput, ListCollectionsInput, UpdateCollectionInput } from "./collections.schema";

// A seller's collections and which products are in them. Membership changes bump each product's version
// and emit it, since the search document of a product lists its collections.

const fields = { id: true, tenantId: true, handle: true, title: true, description: true, createdAt: true, updatedAt: true } as const;
type CollectionRow = Prisma.CollectionGetPayload<{ select: typeof fields }>;
export type CollectionView = CollectionRow & { productCount: number };

const eventCollection = (c: CollectionRow) => ({ id: c.id, tenantId: c.tenantId, handle: c.handle, title: c.title, description: c.description });

async function unlessHandleTaken<T>(write: Promise<T>, handle: string | undefined): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isPrismaError(error, "P2002")) throw new ConflictError(`collection handle already in use: ${handle}`, { handle });
    throw error;
  }
}

async function assertHandleFree(tx: Tx, tenantId: string, handle: string, except?: string) {
  const other = await tx.collection.findFirst({ where: { tenantId, handle, ...(except ? { id: { not: except } } : {}) }, select: { id: true } });
  if (other) throw new ConflictError(`collection handle already in use: ${handle}`, { handle });
}

async function find(tx: Tx, tenantId: string, collectionId: string): Promise<CollectionRow> {
  const row = await tx.collection.findFirst({ where: { id: collectionId, tenantId }, select: fields });
  if (!row) throw new NotFoundError("collection", { collectionId });
  return row;
}

const withCount = async (tx: Tx, row: CollectionRow): Promise<CollectionView> => ({
  ...row,
  productCount: await tx.productCollection.count({ where: { collectionId: row.id } }),
});

export async function createCollection(tx: Tx, tenantId: string, actorId: string, input: CreateCollectionInput): Promise<CollectionView> {
  await lockActiveTenant(tx, tenantId);
  const handle = input.handle ?? slugify(input.title)?.slice(0, 120).replace(/-+$/, "");
  if (!handle) throw new DomainError("BAD_REQUEST", "the title gives no usable handle: pass one", { title: input.title });
  await assertHandleFree(tx, tenantId, handle);
  const row = await unlessHandleTaken(tx.collection.create({ data: { tenantId, handle, title: input.title, description: input.description }, select: fields }), handle);
  await enqueue(tx, { type: "catalog.collection.created", version: 1, tenantId, aggregateId: row.id, payload: { collection: eventCollection(row), actorId } });
  return { ...row, productCount: 0 };
}

export async function updateCollection(tx: Tx, tenantId: string, actorId: string, input: UpdateCollectionInput): Promise<CollectionView> {
  await lockActiveTenant(tx, tenantId);
  const current = await find(tx, tenantId, input.collectionId);
  if (input.handle !== undefined && input.handle !== current.handle) await assertHandleFree(tx, tenantId, input.handle, current.id);
  const { collectionId: _id, ...data } = input;
  const row = await unlessHandleTaken(tx.collection.update({ where: { id: current.id }, data, select: fields }), input.handle);
  await enqueue(tx, { type: "catalog.collection.updated", version: 1, tenantId, aggregateId: row.id, payload: { collection: eventCollection(row), actorId } });
  return withCount(tx, row);
}

export async function deleteCollection(tx: Tx, tenantId: string, actorId: string, collectionId: string): Promise<{ deleted: true }> {
  await lockActiveTenant(tx, tenantId);
  const current = await find(tx, tenantId, collectionId);
  const members = await tx.productCollection.findMany({ where: { collectionId }, select: { productId: true }, orderBy: { productId: "asc" } });
  await tx.collection.delete({ where: { id: current.id } });
  for (const { productId } of members) {
    await bumpProduct(tx, tenantId, productId, undefined);
    await emitProductEvent(tx, "catalog.product.updated", await loadProduct(tx, tenantId, productId), actorId, ["collections"]);
  }
  await enqueue(tx, {
    type: "catalog.collection.deleted",
    version: 1,
    tenantId,
    aggregateId: current.id,
    payload: { collectionId: current.id, tenantId, handle: current.handle, productIds: members.map((m) => m.productId), actorId },
  });
  return { deleted: true };
}

export async function listCollections(tx: Tx, tenantId: string, input: ListCollectionsInput): Promise<Page<CollectionView>> {
  const where: Prisma.CollectionWhereInput[] = [{ tenantId }];
  if (input.q) where.push({ title: { contains: input.q, mode: "insensitive" } });
  if (input.updatedSince) where.push({ updatedAt: { gte: input.updatedSince } });
  if (input.cursor) {
    const { k, id } = decodeCursor(input.cursor);
    const at = new Date(k);
    if (Number.isNaN(at.getTime())) throw new DomainError("BAD_REQUEST", "invalid cursor: pass the nextCursor of the previous page", { cursor: input.cursor });
    where.push({ OR: [{ updatedAt: { lt: at } }, { updatedAt: at, id: { lt: id } }] });
  }
  const rows = await tx.collection.findMany({
    where: { AND: where },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: { ...fields, _count: { select: { products: true } } },
  });
  return pageOf(rows, input.limit, (r) => r.updatedAt.toISOString(), ({ _count, ...r }) => ({ ...r, productCount: _count.products }));
}

/** Adds (or removes) products; unknown ids, or another tenant's, are NOT_FOUND and nothing changes. */
export async function changeMembership(tx: Tx, tenantId: string, actorId: string, input: CollectionMembershipInput, op: "add" | "remove"): Promise<CollectionView> {
  await lockActiveTenant(tx, tenantId);
  const collection = await find(tx, tenantId, input.collectionId);
  const ids = [...new Set(input.productIds)];
  const found = await tx.product.findMany({ where: { tenantId, id: { in: ids } }, select: { id: true } });
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length > 0) throw new NotFoundError(missing.length === 1 ? "product" : "products", { productIds: missing });
  const existing = await tx.productCollection.findMany({ where: { collectionId: collection.id, productId: { in: ids } }, select: { productId: true } });
  const isMember = (id: string) => existing.some((e) => e.productId === id);
  const changing = ids.filter((id) => (op === "add" ? !isMember(id) : isMember(id)));
  if (op === "add") {
    const max = await tx.productCollection.aggregate({ where: { collectionId: collection.id }, _max: { position: true } });
    const start = (max._max.position ?? -1) + 1;
    await tx.productCollection.createMany({ data: changing.map((productId, i) => ({ tenantId, productId, collectionId: collection.id, position: start + i })) });
  } else {
    await tx.productCollection.deleteMany({ where: { collectionId: collection.id, productId: { in: changing } } });
  }
  for (const productId of changing) {
    await bumpProduct(tx, tenantId, productId, undefined);
    await emitProductEvent(tx, "catalog.product.updated", await loadProduct(tx, tenantId, productId), actorId, ["collections"]);
  }
  return withCount(tx, collection);
}

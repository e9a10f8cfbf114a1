import { Prisma, type Db, type Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { ConflictError, DomainError, NotFoundError } from "../errors";
import { isPrismaError } from "./product-snapshot.service";
import type { CreateCategoryInput, MoveCategoryInput, UpdateCategoryInput } from "./categories.schema";

// The platform's category tree. `path` (slugs from the root joined by "/") is denormalised so that
// "this category and everything below it" is one prefix match; a move or a slug change rewrites the
// subtree's paths in one UPDATE inside the caller's transaction. Writes run in platform context.

const fields = { id: true, parentId: true, slug: true, name: true, path: true, position: true } as const;

export interface CategoryView {
  id: string;
  parentId: string | null;
  slug: string;
  name: string;
  path: string;
  position: number;
}

export interface CategoryNode extends CategoryView {
  children: CategoryNode[];
}

/** The whole tree, roots first, siblings by position then name. Readable in any context (policy read_all). */
export async function listCategoryTree(db: Db | Tx): Promise<CategoryNode[]> {
  const rows = await db.category.findMany({ select: fields, orderBy: [{ position: "asc" }, { name: "asc" }] });
  const nodes = new Map(rows.map((r) => [r.id, { ...r, children: [] as CategoryNode[] }]));
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) (node.parentId ? nodes.get(node.parentId)?.children : roots)?.push(node);
  return roots;
}

/** Ids of the category and all its descendants, or NOT_FOUND. */
export async function categoryWithDescendants(tx: Tx, categoryId: string): Promise<string[]> {
  const category = await tx.category.findUnique({ where: { id: categoryId }, select: { path: true } });
  if (!category) throw new NotFoundError("category", { categoryId });
  const rows = await tx.category.findMany({
    where: { OR: [{ path: category.path }, { path: { startsWith: `${category.path}/` } }] },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

async function parentPath(tx: Tx, parentId: string | null): Promise<string | null> {
  if (!parentId) return null;
  const parent = await tx.category.findUnique({ where: { id: parentId }, select: { path: true } });
  if (!parent) throw new NotFoundError("parent category", { parentId });
  return parent.path;
}

const join = (parent: string | null, slug: string) => (parent ? `${parent}/${slug}` : slug);

async function unlessSlugTaken<T>(write: Promise<T>, slug: string): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isPrismaError(error, "P2002")) throw new ConflictError(`category slug already in use: ${slug}`, { slug });
    throw error;
  }
}

async function assertSlugFree(tx: Tx, slug: string): Promise<void> {
  if (await tx.category.findUnique({ where: { slug }, select: { id: true } })) throw new ConflictError(`category slug already in use: ${slug}`, { slug });
}

async function find(tx: Tx, categoryId: string): Promise<CategoryView> {
  const category = await tx.category.findUnique({ where: { id: categoryId }, select: fields });
  if (!category) throw new NotFoundError("category", { categoryId });
  return category;
}

export async function createCategory(tx: Tx, actorId: string, input: CreateCategoryInput): Promise<CategoryView> {
  const path = join(await parentPath(tx, input.parentId), input.slug);
  await assertSlugFree(tx, input.slug);
  const category = await unlessSlugTaken(
    tx.category.create({ data: { name: input.name, slug: input.slug, parentId: input.parentId, position: input.position, path }, select: fields }),
    input.slug,
  );
  await enqueue(tx, { type: "catalog.category.created", version: 1, tenantId: null, aggregateId: category.id, payload: { category, actorId } });
  return category;
}

/** Rewrites the path prefix of `from`'s subtree (itself included) to `to`; returns how many rows moved. */
async function rewriteSubtree(tx: Tx, from: string, to: string): Promise<number> {
  // Slugs are unique, so a path's last segment names its row: no new path can collide with another
  // row's old path mid-statement, and the unique index on path holds throughout.
  return tx.$executeRaw(Prisma.sql`
    UPDATE categories SET path = ${to} || substr(path, ${from.length + 1}), updated_at = now()
    WHERE path = ${from} OR path LIKE ${`${from.replace(/[\\%_]/g, "\\$&")}/%`}`);
}

async function emitUpdated(tx: Tx, actorId: string, category: CategoryView, previousPath: string, movedPaths: number) {
  await enqueue(tx, {
    type: "catalog.category.updated",
    version: 1,
    tenantId: null,
    aggregateId: category.id,
    payload: { category, previousPath, movedPaths, actorId },
  });
}

export async function updateCategory(tx: Tx, actorId: string, input: UpdateCategoryInput): Promise<CategoryView> {
  const current = await find(tx, input.categoryId);
  let moved = 0;
  if (input.slug !== undefined && input.slug !== current.slug) {
    await assertSlugFree(tx, input.slug);
    await unlessSlugTaken(tx.category.update({ where: { id: current.id }, data: { slug: input.slug } }), input.slug);
    moved = await rewriteSubtree(tx, current.path, join(await parentPath(tx, current.parentId), input.slug));
  }
  const category = await tx.category.update({
    where: { id: current.id },
    data: { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.position !== undefined ? { position: input.position } : {}) },
    select: fields,
  });
  await emitUpdated(tx, actorId, category, current.path, moved);
  return category;
}

/** Moves the category and its subtree under `parentId` (or to the roots); never under itself. */
export async function moveCategory(tx: Tx, actorId: string, input: MoveCategoryInput): Promise<CategoryView> {
  const current = await find(tx, input.categoryId);
  const newParentPath = await parentPath(tx, input.parentId);
  if (newParentPath !== null && (newParentPath === current.path || newParentPath.startsWith(`${current.path}/`))) {
    throw new DomainError("BAD_REQUEST", "a category cannot move under itself or one of its descendants", { categoryId: current.id, parentId: input.parentId });
  }
  await tx.category.update({
    where: { id: current.id },
    data: { parentId: input.parentId, ...(input.position !== undefined ? { position: input.position } : {}) },
  });
  const moved = await rewriteSubtree(tx, current.path, join(newParentPath, current.slug));
  const category = await find(tx, current.id);
  await emitUpdated(tx, actorId, category, current.path, moved);
  return category;
}

/** Only a leaf that no product of any tenant uses (the caller is in platform context, so it sees them all). */
export async function deleteCategory(tx: Tx, actorId: string, categoryId: string): Promise<{ deleted: true }> {
  const category = await find(tx, categoryId);
  const children = await tx.category.count({ where: { parentId: category.id } });
  const products = await tx.product.count({ where: { categoryId: category.id } });
  if (children > 0 || products > 0) {
    throw new DomainError("PRECONDITION_FAILED", "only an empty leaf category can be deleted: move its children and products first", {
      categoryId,
      children,
      products,
    });
  }
  await tx.category.delete({ where: { id: category.id } });
  await enqueue(tx, { type: "catalog.category.deleted", version: 1, tenantId: null, aggregateId: category.id, payload: { category, actorId } });
  return { deleted: true };
}

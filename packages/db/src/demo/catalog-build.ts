import type { Prisma } from "../generated/prisma/client";
import { CATEGORY_TREE, type DemoSeller, type LeafTemplate, type OptionScheme } from "./catalog-data";
import { demoUuid, ean13, prng, shelfPrice, type Prng } from "./prng";

// Turns the demo data into rows, without I/O: ids from demoUuid(natural key), choices from a PRNG seeded
// per seller, so a seller's catalogue does not change when another seller is added.

export const LOW_STOCK_SHARE = 0.12;
export const OUT_OF_STOCK_SHARE = 0.08;
const EPOCH = Date.parse("2026-11-01T09:00:00Z");

export function categoryRows(): Prisma.CategoryCreateManyInput[][] {
  const levels: Prisma.CategoryCreateManyInput[][] = [[], [], []];
  CATEGORY_TREE.forEach((dept, i) => {
    const deptId = demoUuid(`category:${dept.slug}`);
    levels[0]!.push({ id: deptId, slug: dept.slug, name: dept.name, path: dept.slug, position: i });
    dept.children.forEach((cat, j) => {
      const catId = demoUuid(`category:${cat.slug}`);
      const catPath = `${dept.slug}/${cat.slug}`;
      levels[1]!.push({ id: catId, parentId: deptId, slug: cat.slug, name: cat.name, path: catPath, position: j });
      cat.leaves.forEach((leaf, k) => {
        levels[2]!.push({ id: demoUuid(`category:${leaf.slug}`), parentId: catId, slug: leaf.slug, name: leaf.name, path: `${catPath}/${leaf.slug}`, position: k });
      });
    });
  });
  return levels;
}

const LEAVES = new Map<string, LeafTemplate>(CATEGORY_TREE.flatMap((d) => d.children.flatMap((c) => c.leaves.map((l) => [l.slug, l] as const))));

export function leafTemplate(slug: string): LeafTemplate {
  const leaf = LEAVES.get(slug);
  if (!leaf) throw new Error(`demo data names an unknown category leaf: ${slug}`);
  return leaf;
}

const handleOf = (title: string) =>
  title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100);

/** The option axes of one product and its variants' option values (at most 8 combinations). */
function optionsFor(scheme: OptionScheme, rand: Prng): { axes: { name: string; values: string[] }[]; combos: Record<string, string>[] } {
  if (scheme.kind === "none") return { axes: [], combos: [{}] };
  if (scheme.kind === "one") {
    const values = rand.sample(scheme.values, rand.int(scheme.pick[0], scheme.pick[1]));
    return { axes: [{ name: scheme.name, values }], combos: values.map((v) => ({ [scheme.name]: v })) };
  }
  const run = rand.int(3, Math.min(4, scheme.sizes.length));
  const start = rand.int(0, scheme.sizes.length - run);
  const sizes = scheme.sizes.slice(start, start + run);
  const colours = rand.sample(scheme.colours, run === 4 ? rand.int(1, 2) : rand.int(1, 2));
  return {
    axes: [{ name: "Size", values: sizes }, { name: "Colour", values: colours }],
    combos: colours.flatMap((c) => sizes.map((s) => ({ Size: s, Colour: c }))),
  };
}

export interface SellerCatalog {
  stores: Prisma.StoreCreateManyInput[];
  locations: Prisma.StockLocationCreateManyInput[];
  collections: Prisma.CollectionCreateManyInput[];
  products: Prisma.ProductCreateManyInput[];
  options: Prisma.ProductOptionCreateManyInput[];
  variants: Prisma.ProductVariantCreateManyInput[];
  productCollections: Prisma.ProductCollectionCreateManyInput[];
  levels: Prisma.StockLevelCreateManyInput[];
  movements: Prisma.StockMovementCreateManyInput[];
}

/** One seller's stores, locations, products with options and variants, collections and opening stock. */
export function buildSellerCatalog(seller: DemoSeller, categoryIds: ReadonlyMap<string, string>, storeIds: ReadonlyMap<string, string>): SellerCatalog {
  const rand = prng(`demo-catalog/${seller.slug}`);
  const tenantId = seller.id;
  const out: SellerCatalog = { stores: [], locations: [], collections: [], products: [], options: [], variants: [], productCollections: [], levels: [], movements: [] };

  for (const store of seller.stores) {
    out.stores.push({
      id: demoUuid(`store:${store.slug}`),
      tenantId,
      name: store.name,
      slug: store.slug,
      theme: { primaryColor: store.primaryColor, accentColor: store.accentColor, backgroundColor: "#ffffff", textColor: "#111827", layout: store.layout, font: rand.pick(["system", "serif"] as const) },
    });
  }
  const storeForLeaf = (leaf: string) => {
    const named = seller.stores.find((s) => s.leaves?.includes(leaf)) ?? seller.stores.find((s) => !s.leaves) ?? seller.stores[0]!;
    return storeIds.get(named.slug) ?? demoUuid(`store:${named.slug}`);
  };

  const locationIds = seller.locations.map((l) => {
    const id = demoUuid(`location:${seller.slug}:${l.code}`);
    out.locations.push({ id, tenantId, name: l.name, code: l.code });
    return id;
  });

  const collections = ["new-arrivals", "best-sellers", "on-sale"].map((handle) => {
    const id = demoUuid(`collection:${seller.slug}:${handle}`);
    const title = { "new-arrivals": "New arrivals", "best-sellers": "Best sellers", "on-sale": "On sale" }[handle]!;
    out.collections.push({ id, tenantId, handle, title, description: `${title} at ${seller.name}.` });
    return { handle, id, position: 0 };
  });

  const perLeaf = Math.ceil(seller.products / seller.leaves.length);
  let n = 0;
  for (const leafSlug of seller.leaves) {
    const leaf = leafTemplate(leafSlug);
    const titles = leaf.nouns.flatMap((noun) => leaf.adjectives.map((adj) => (leaf.edition ? `${noun} — ${adj} Edition` : `${adj} ${noun}`)));
    for (const title of rand.sample(titles, perLeaf)) {
      if (n >= seller.products) break;
      n++;
      const productId = demoUuid(`product:${seller.slug}:${n}`);
      const roll = rand.next();
      const status = roll < 0.86 ? "PUBLISHED" : roll < 0.95 ? "DRAFT" : "ARCHIVED";
      const basePrice = shelfPrice(rand, leaf.price[0], leaf.price[1]);
      const onSale = rand.chance(0.22);
      const createdAt = new Date(EPOCH + n * 3_600_000);
      out.products.push({
        id: productId,
        tenantId,
        storeId: storeForLeaf(leafSlug),
        title,
        handle: `${handleOf(title)}-${n}`,
        description: `${leaf.blurb} Ships from ${seller.locations[0]!.name} within two working days; free returns for 30 days.`,
        status,
        categoryId: categoryIds.get(leafSlug) ?? null,
        tags: [...new Set([leafSlug, handleOf(title.split(" ")[0]!), ...(onSale ? ["sale"] : [])])],
        publishedAt: status === "DRAFT" ? null : createdAt,
        createdAt,
      });

      const { axes, combos } = optionsFor(leaf.options, rand);
      axes.forEach((axis, position) =>
        out.options.push({ id: demoUuid(`option:${productId}:${axis.name}`), tenantId, productId, name: axis.name, position, values: axis.values }),
      );
      const weight = rand.int(leaf.weight[0], leaf.weight[1]);
      const threshold = rand.pick([3, 5, 10]);
      combos.forEach((values, v) => {
        const variantId = demoUuid(`variant:${productId}:${v}`);
        // Larger sizes of one-axis products (pans, kettlebells, bottles) cost more.
        const step = axes.length === 1 && axes[0]!.name !== "Colour" ? v * Math.round(basePrice * 0.15) : 0;
        const price = basePrice + step;
        out.variants.push({
          id: variantId,
          tenantId,
          productId,
          sku: `${seller.sku}-${String(n).padStart(4, "0")}-${String(v + 1).padStart(2, "0")}`,
          title: Object.values(values).join(" / ") || "Default",
          optionValues: values,
          priceAmount: price,
          compareAtAmount: onSale ? Math.round((price * (1.2 + rand.next() * 0.25)) / 100) * 100 - 1 : null,
          currency: seller.currency,
          weightGrams: weight,
          barcode: ean13(`${rand.int(100_000, 999_999)}${rand.int(100_000, 999_999)}`),
          lowStockThreshold: threshold,
          position: v,
        });
        stockFor(rand, threshold).forEach((onHand, i) => {
          const levelId = demoUuid(`level:${variantId}:${locationIds[i]}`);
          out.levels.push({ id: levelId, tenantId, variantId, locationId: locationIds[i]!, onHand, reserved: 0 });
          if (onHand > 0) {
            out.movements.push({ id: demoUuid(`movement:${levelId}:opening`), tenantId, variantId, locationId: locationIds[i]!, kind: "RECEIPT", onHandDelta: onHand, reservedDelta: 0, reason: "demo seed: opening stock" });
          }
        });
      });

      if (status === "PUBLISHED") {
        const member = (handle: string) => collections.find((c) => c.handle === handle)!;
        const add = (c: { id: string; position: number }) => out.productCollections.push({ tenantId, productId, collectionId: c.id, position: c.position++ });
        if (n > seller.products - 8) add(member("new-arrivals"));
        if (rand.chance(0.2)) add(member("best-sellers"));
        if (onSale) add(member("on-sale"));
      }
    }
  }
  return out;

  /** On hand per location: some variants sold out everywhere, some below their threshold, most in stock. */
  function stockFor(r: Prng, threshold: number): number[] {
    const roll = r.next();
    if (roll < OUT_OF_STOCK_SHARE) return locationIds.map(() => 0);
    if (roll < OUT_OF_STOCK_SHARE + LOW_STOCK_SHARE) return locationIds.map((_, i) => (i === 0 ? r.int(1, threshold - 1) : 0));
    return locationIds.map((_, i) => (i === 0 ? r.int(threshold + 5, 140) : r.chance(0.6) ? r.int(0, 80) : 0));
  }
}

type Membership = (input: { collectionId: string; productIds: string[] }) => Promise<unknown>;

/** Collections hold products (catalog.addProductsToCollection / removeProductsFromCollection): apply the difference. */
export async function syncCollections(add: Membership, remove: Membership | null, productId: string, before: string[], after: string[]): Promise<void> {
  for (const collectionId of after.filter((id) => !before.includes(id))) await add({ collectionId, productIds: [productId] });
  if (remove) for (const collectionId of before.filter((id) => !after.includes(id))) await remove({ collectionId, productIds: [productId] });
}

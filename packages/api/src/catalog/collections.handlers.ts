import type { TenantContext } from "../tenants/procedure-context";
import type { CollectionMembershipInput, CreateCollectionInput, ListCollectionsInput, UpdateCollectionInput } from "./collections.schema";
import { changeMembership, createCollection, deleteCollection, listCollections, updateCollection } from "./collections.service";

type Args<I> = { ctx: TenantContext; input: I };

export const createCollectionHandler = ({ ctx, input }: Args<CreateCollectionInput>) => createCollection(ctx.db, ctx.tenant.id, ctx.session.userId, input);
export const updateCollectionHandler = ({ ctx, input }: Args<UpdateCollectionInput>) => updateCollection(ctx.db, ctx.tenant.id, ctx.session.userId, input);
export const deleteCollectionHandler = ({ ctx, input }: Args<{ collectionId: string }>) => deleteCollection(ctx.db, ctx.tenant.id, ctx.session.userId, input.collectionId);
export const listCollectionsHandler = ({ ctx, input }: Args<ListCollectionsInput>) => listCollections(ctx.db, ctx.tenant.id, input);
export const addToCollectionHandler = ({ ctx, input }: Args<CollectionMembershipInput>) => changeMembership(ctx.db, ctx.tenant.id, ctx.session.userId, input, "add");
export const removeFromCollectionHandler = ({ ctx, input }: Args<CollectionMembershipInput>) =>
  changeMembership(ctx.db, ctx.tenant.id, ctx.session.userId, input, "remove");

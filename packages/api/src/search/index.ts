// `@bazaar/api/search`: the products index and the product-detail read model for processes outside the
// API (the projection workers and the reindex command in apps/workers, the benchmarks). Server-only.
export { createSearchBackend, searchBackend, useSearchBackend, isClientError, type SearchBackend, type SearchBackendOptions } from "./opensearch";
export { searchEnv, type SearchEnv } from "./search.env";
export { productsAlias, productsIndexName, productIndices, createProductsIndex, ensureProductsIndex, swapProductsAlias } from "./products-index";
export { indexProducts, type IndexOutcome } from "./product-indexer";
export { loadProducts, isListed, productIdsOfVariants, productIdsUnderCategory, productIdsOfStore, type SourceProduct } from "./product-source";
export { toSearchDocument, type SearchDocument } from "./search-document";
export { refreshProductDetails, getProductDetail, productDetailKey, productHandleKey, type ProductDetail } from "./product-detail.service";
export { saveSynonyms, loadSynonyms, settingsIndex } from "./synonyms";

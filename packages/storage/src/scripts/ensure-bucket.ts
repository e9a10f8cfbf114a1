// Creates S3_BUCKET when it is missing (idempotent). `infra up` already makes the local bucket; this is
// for other S3 servers and for extra buckets: S3_BUCKET=bazaar-lake pnpm --filter @bazaar/storage ensure-bucket
import { defaultObjectStore } from "../index";

const store = defaultObjectStore();
await store.ensureBucket();
console.log(`bucket ${store.bucket} ready`);
store.destroy();

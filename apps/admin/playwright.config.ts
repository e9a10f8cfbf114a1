import { defineNextAppE2EConfig } from "@bazaar/next-kit/playwright";

export default defineNextAppE2EConfig({ packageName: "@bazaar/admin", port: 3001 });

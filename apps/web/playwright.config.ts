import { defineNextAppE2EConfig } from "@bazaar/next-kit/playwright";

export default defineNextAppE2EConfig({ packageName: "@bazaar/web", port: 3000 });

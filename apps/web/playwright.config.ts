import { defineNextAppE2EConfig } from "@bazaar/next-kit/playwright";

// Port 3100, not the development 3000: the run has a database of its own and must not land on a
// developer's `pnpm up` server. Verification links in the emails point back at this server.
const port = 3100;

export default defineNextAppE2EConfig({
  packageName: "@bazaar/web",
  port,
  database: "bazaar_e2e_web",
  redisDatabase: 7,
  env: { WEB_ORIGIN: `http://127.0.0.1:${port}` },
});

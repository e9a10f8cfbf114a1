// The admin app, served beside the storefront for the journeys that cross both (playwright.config.ts
// starts it as a companion on the run's database). Port 3101 is the admin suite's own e2e port, so a run
// holds both e2e locks (/tmp/bazaar-e2e-web.lock and /tmp/bazaar-e2e-admin.lock).
export const ADMIN_PORT = 3101;
export const ADMIN_URL = `http://127.0.0.1:${ADMIN_PORT}`;

import base from "@bazaar/eslint-config";
import nextApp from "./eslint-next-app.js";

export default [
  ...base,
  ...nextApp,
  // A library has no pages directory for this rule to look at; the apps run it against their own.
  { rules: { "@next/next/no-html-link-for-pages": "off" } },
  // Test-runner configuration reads the runner's environment (CI, service URLs) like e2e specs do.
  { files: ["src/playwright-preset.ts", "src/e2e-global-setup.ts", "src/testing/**"], rules: { "no-restricted-properties": "off" } },
];

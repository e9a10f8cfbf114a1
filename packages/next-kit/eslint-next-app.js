// Lint rules both Next apps add on top of @bazaar/eslint-config: Next's own checks (links, images,
// scripts, head) and the React hooks rules, including the React Compiler-era checks in v7.
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";

export default [
  { ignores: ["playwright-report/**", "test-results/**"] },
  nextPlugin.configs["core-web-vitals"],
  reactHooks.configs.flat["recommended-latest"],
];

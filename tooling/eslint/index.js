// Shared flat config. process.env is read only in each package's validated env module.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/.next/**", "**/generated/**", "**/node_modules/**", "**/*.config.*", "next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read environment through the package's validated env module." },
      ],
    },
  },
  {
    files: ["**/env.ts", "**/instrumentation.ts", "**/*.test.ts", "**/*.spec.ts", "**/e2e/**", "**/scripts/**", "**/bench/**"],
    rules: { "no-restricted-properties": "off" },
  },
);

// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // bin/ is CommonJS (bin/package.json): a CommonJS entry starts faster than an ES module
    files: ["bin/**/*.js"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Core code returns reports; only the CLI layer and the bin talk to the terminal or the process.
    files: ["src/rules/**", "src/lua/**", "src/konnect/**", "src/config/**", "src/validate/**", "src/fleet/**", "src/text/**"],
    rules: {
      "no-console": "error",
      "no-restricted-imports": ["error", { patterns: ["**/cli/**", "chalk", "ora"] }],
      "no-restricted-properties": ["error", { object: "process", property: "exit" }],
    },
  },
);

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { apiEnvWithSecretsSchema } from "./env";

// A development API started with no secrets configured takes this installation's generated ones from
// the git-ignored file, never a value from the repository.
describe("development secrets of the API", () => {
  it("are generated into the installation's file on first start and the same on the next", () => {
    const file = join(mkdtempSync(join(tmpdir(), "bazaar-api-env-")), "dev-secrets.env");
    const first = apiEnvWithSecretsSchema.parse({ NODE_ENV: "development", BAZAAR_DEV_SECRETS_FILE: file });
    expect(readFileSync(file, "utf8")).toContain(`JWT_SECRET=${first.JWT_SECRET}`);
    expect(Buffer.from(first.TWO_FACTOR_ENCRYPTION_KEY, "base64")).toHaveLength(32);
    const again = apiEnvWithSecretsSchema.parse({ NODE_ENV: "development", BAZAAR_DEV_SECRETS_FILE: file });
    expect(again.JWT_SECRET).toBe(first.JWT_SECRET);
    // A secret set in the environment wins over the file.
    expect(apiEnvWithSecretsSchema.parse({ NODE_ENV: "development", BAZAAR_DEV_SECRETS_FILE: file, JWT_SECRET: "e".repeat(40) }).JWT_SECRET).toBe("e".repeat(40));
  });
});

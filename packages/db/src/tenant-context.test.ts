import { describe, expect, it } from "vitest";
import { createDb } from "./client";
import { TenantContextError } from "./errors";
import { withTenant } from "./tenant-context";

describe("withTenant", () => {
  // Nothing listens on port 9: a call that reached the database would fail differently.
  const db = createDb({ url: "postgresql://nobody:nothing@127.0.0.1:9/none", poolSize: 1 });

  it.each(["", "acme", "00000000-0000-0000-0000-00000000000", "'; SET app.platform = 'on", "5e11e400-0000-4000-8000-00000000ac01 "])(
    "refuses %j before any SQL",
    async (tenantId) => {
      let ran = false;
      const error = await withTenant(db, tenantId, async () => {
        ran = true;
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TenantContextError);
      expect(error).toMatchObject({ tenantId });
      expect(ran).toBe(false);
    },
  );
});

import { describe, expect, it } from "vitest";
import { platformRoleAtLeast, tenantRoleAtLeast } from "./roles";

describe("role hierarchy", () => {
  it("lets a higher tenant role through a lower minimum and not the reverse", () => {
    expect(tenantRoleAtLeast("OWNER", "ADMIN")).toBe(true);
    expect(tenantRoleAtLeast("MANAGER", "MANAGER")).toBe(true);
    expect(tenantRoleAtLeast("STAFF", "MANAGER")).toBe(false);
    expect(tenantRoleAtLeast("VIEWER", "STAFF")).toBe(false);
  });

  it("ranks OPERATOR above SUPPORT and NONE below both", () => {
    expect(platformRoleAtLeast("OPERATOR", "SUPPORT")).toBe(true);
    expect(platformRoleAtLeast("SUPPORT", "OPERATOR")).toBe(false);
    expect(platformRoleAtLeast("NONE", "SUPPORT")).toBe(false);
  });
});

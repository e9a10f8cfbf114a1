import { describe, expect, it } from "vitest";
import { canGrant, canManage, grantableRoles } from "./staff-rules";

describe("staff role rules", () => {
  it("lets an actor grant only roles strictly below their own", () => {
    expect(grantableRoles("OWNER")).toEqual(["ADMIN", "MANAGER", "STAFF", "VIEWER"]);
    expect(grantableRoles("ADMIN")).toEqual(["MANAGER", "STAFF", "VIEWER"]);
    expect(grantableRoles("MANAGER")).toEqual(["STAFF", "VIEWER"]);
    expect(grantableRoles("VIEWER")).toEqual([]);
    expect(canGrant("OWNER", "OWNER")).toBe(false);
    expect(canGrant("ADMIN", "ADMIN")).toBe(false);
  });

  it("lets an actor manage only members strictly below their own role", () => {
    expect(canManage("OWNER", "ADMIN")).toBe(true);
    expect(canManage("ADMIN", "ADMIN")).toBe(false);
    expect(canManage("ADMIN", "OWNER")).toBe(false);
    expect(canManage("MANAGER", "STAFF")).toBe(true);
  });
});

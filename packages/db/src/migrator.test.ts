import { describe, expect, it } from "vitest";
import { checksumMatches, databaseName, migrationChecksum, withDatabase } from "./migrator";

describe("migration checksums", () => {
  it("are Prisma's: lower-case, zero-padded SHA-256 hex of the script", () => {
    // The vector from Prisma's schema engine tests (checksum.rs).
    expect(migrationChecksum("hello")).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  });

  it("match across line-ending conversions but not across edits", () => {
    const lf = "CREATE TABLE a ();\nCREATE TABLE b ();\n";
    const crlf = lf.replaceAll("\n", "\r\n");
    expect(checksumMatches(crlf, migrationChecksum(lf))).toBe(true);
    expect(checksumMatches(lf, migrationChecksum(crlf))).toBe(true);
    expect(checksumMatches(`${lf} `, migrationChecksum(lf))).toBe(false);
  });
});

describe("connection URLs", () => {
  it("swap the database and keep server and credentials", () => {
    const url = "postgresql://bazaar_owner:p%40ss@127.0.0.1:5432/bazaar?sslmode=disable";
    expect(databaseName(url)).toBe("bazaar");
    const other = withDatabase(url, "bazaar_db_dev");
    expect(other).toBe("postgresql://bazaar_owner:p%40ss@127.0.0.1:5432/bazaar_db_dev?sslmode=disable");
    expect(databaseName(other)).toBe("bazaar_db_dev");
  });

  it("refuse a URL without a database", () => {
    expect(() => databaseName("postgresql://u:p@127.0.0.1:5432")).toThrow(/names no database/);
  });
});

import { describe, expect, it } from "vitest";
import { bigintCursor, multilineText, PG_BIGINT_MAX, text, url, uuidCursor } from "./text.schema";

describe("text", () => {
  const name = text({ max: 10 });

  it("trims and accepts ordinary text, including non-Latin letters and emoji", () => {
    expect(name.parse("  Ada  ")).toBe("Ada");
    expect(name.parse("Zoë 李 👩‍💻")).toBe("Zoë 李 👩‍💻");
  });

  it.each([
    ["NUL", "a\u0000b"],
    ["line feed", "a\nb"],
    ["tab", "a\tb"],
    ["escape", "a\u001bb"],
    ["DEL", "a\u007fb"],
    ["C1 control", "a\u0085b"],
    ["lone surrogate", "a\ud800b"],
  ])("refuses %s", (_label, value) => {
    expect(name.safeParse(value).success).toBe(false);
  });

  it("bounds the trimmed length", () => {
    expect(name.safeParse("   ").success).toBe(false);
    expect(name.safeParse("x".repeat(11)).success).toBe(false);
    expect(name.parse(` ${"x".repeat(10)} `)).toBe("x".repeat(10));
    expect(text({ min: 3, max: 5 }).safeParse("ab").success).toBe(false);
    expect(text({ min: 0, max: 5 }).parse("  ")).toBe("");
  });
});

describe("multilineText", () => {
  const body = multilineText({ max: 20 });

  it("keeps line feeds and tabs, normalises CRLF and CR", () => {
    expect(body.parse("one\r\ntwo\rthree\tfour")).toBe("one\ntwo\nthree\tfour");
  });

  it.each([["NUL", "a\u0000b"], ["vertical tab", "a\vb"], ["escape", "a\u001bb"], ["lone surrogate", "a\udfffb"]])(
    "refuses %s",
    (_label, value) => {
      expect(body.safeParse(value).success).toBe(false);
    },
  );

  it("bounds the length", () => {
    expect(body.safeParse("x".repeat(21)).success).toBe(false);
    expect(body.safeParse(" \n ").success).toBe(false);
  });
});

describe("url", () => {
  it("accepts https and refuses other schemes, control characters and blanks", () => {
    const logo = url();
    expect(logo.parse("https://cdn.example.com/logo.png")).toBe("https://cdn.example.com/logo.png");
    expect(logo.safeParse("http://cdn.example.com/logo.png").success).toBe(false);
    expect(logo.safeParse("https://cdn.example.com/\u0000.png").success).toBe(false);
    expect(logo.safeParse("https://cdn.example.com/a b.png").success).toBe(false);
    expect(url({ max: 30 }).safeParse(`https://example.com/${"a".repeat(20)}`).success).toBe(false);
  });
});

describe("cursors", () => {
  it("bounds a bigint cursor to the int8 column", () => {
    const cursor = bigintCursor();
    expect(cursor.parse(PG_BIGINT_MAX.toString())).toBe("9223372036854775807");
    expect(cursor.safeParse("9223372036854775808").success).toBe(false);
    expect(cursor.safeParse("9999999999999999999").success).toBe(false);
    expect(cursor.safeParse("12345678901234567890").success).toBe(false);
    expect(cursor.safeParse("-1").success).toBe(false);
    expect(cursor.safeParse("1\u0000").success).toBe(false);
  });

  it("accepts only a UUID as a uuid cursor", () => {
    expect(uuidCursor().safeParse("2f1e0a57-3c3f-4a55-9d53-7c7f3c3e8a11").success).toBe(true);
    expect(uuidCursor().safeParse("not-a-uuid").success).toBe(false);
  });
});

import { z } from "zod";

// Builds valid inputs for a procedure from its zod input schema (through its JSON Schema, input side),
// and lists every string and number leaf, so a test can replace one leaf at a time with a hostile value
// while the rest of the input stays valid. Deliberately small: it knows the shapes our fields take; an
// input it cannot satisfy is reported so the test asks for an explicit sample instead of guessing.

type Json = Record<string, unknown>;
export type LeafPath = (string | number)[];

export interface Leaf {
  path: LeafPath;
  kind: "string" | "number";
  /** The leaf's JSON Schema (pattern, bounds), to choose which hostile values apply. */
  schema: Json;
}

export interface Sample {
  value: unknown;
  leaves: Leaf[];
}

const UUID = "2f1e0a57-3c3f-4a55-9d53-7c7f3c3e8a11";
// Values that satisfy the patterns our fields use; the first that fits a leaf's pattern and bounds wins.
const PATTERN_CANDIDATES = [
  "shop-one",
  "123456",
  "ABCDE-12345",
  "+447700900123",
  "#336699",
  "shop.example.com",
  "device-12345678",
  "A".repeat(43),
  "1",
];

const schemaOf = (node: unknown): Json => (node && typeof node === "object" ? (node as Json) : {});

class Builder {
  private instant = Date.UTC(2026, 0, 1);
  readonly leaves: Leaf[] = [];

  build(node: Json, path: LeafPath, key: string): unknown {
    if ("const" in node) return node.const;
    if (Array.isArray(node.enum)) return node.enum[0];
    const branches = (node.anyOf ?? node.oneOf) as Json[] | undefined;
    if (branches) {
      // First branch we can describe; `{}` stands for something JSON Schema cannot say (a Date).
      const typed = branches.find((b) => b.type !== "null" && Object.keys(b).length > 0) ?? branches[0]!;
      return this.build(typed, path, key);
    }
    switch (node.type) {
      case "object":
        return this.object(node, path);
      case "array":
        return [this.build(schemaOf(node.items), [...path, 0], key)];
      case "string":
        this.leaves.push({ path, kind: "string", schema: node });
        return this.string(node, key);
      case "integer":
      case "number":
        this.leaves.push({ path, kind: "number", schema: node });
        return typeof node.minimum === "number" ? node.minimum : 1;
      case "boolean":
        return true;
      default:
        return undefined;
    }
  }

  private object(node: Json, path: LeafPath): Json {
    const out: Json = {};
    for (const [k, child] of Object.entries(schemaOf(node.properties))) {
      const v = this.build(schemaOf(child), [...path, k], k);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }

  private string(node: Json, key: string): string {
    if (node.format === "uuid") return UUID;
    if (node.format === "email" || /email/i.test(key)) return "someone@example.com";
    if (node.format === "uri" || /url$/i.test(key)) return "https://cdn.example.com/logo.png";
    if (node.format === "date-time") {
      // Increasing, so `from` < `to` pairs hold.
      this.instant += 86_400_000;
      return new Date(this.instant).toISOString();
    }
    const min = typeof node.minLength === "number" ? node.minLength : 0;
    const max = typeof node.maxLength === "number" ? node.maxLength : Infinity;
    const fits = (s: string) => s.length >= min && s.length <= max;
    if (typeof node.pattern === "string") {
      const pattern = new RegExp(node.pattern, "u");
      return PATTERN_CANDIDATES.find((c) => pattern.test(c) && fits(c)) ?? "no-candidate";
    }
    const text = "Sample text";
    return fits(text) ? text : "x".repeat(Math.max(min, 1));
  }
}

/** One sample per top-level union branch (e.g. "code" or "token"), each with its leaves. */
export function samplesFor(input: z.ZodType): Sample[] {
  const root = z.toJSONSchema(input, { io: "input", unrepresentable: "any" }) as Json;
  const branches = (root.anyOf ?? root.oneOf) as Json[] | undefined;
  return (branches ?? [root]).map((branch) => {
    const builder = new Builder();
    return { value: builder.build(branch, [], ""), leaves: builder.leaves };
  });
}

/** Every leaf path of a hand-written sample that holds a string or number. */
export function leavesOf(value: unknown, path: LeafPath = []): Leaf[] {
  if (typeof value === "string") return [{ path, kind: "string", schema: {} }];
  if (typeof value === "number") return [{ path, kind: "number", schema: {} }];
  if (Array.isArray(value)) return value.flatMap((v, i) => leavesOf(v, [...path, i]));
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([k, v]) => leavesOf(v, [...path, k]));
  }
  return [];
}

/** A copy of `value` with the leaf at `path` replaced. */
export function withLeaf(value: unknown, path: LeafPath, leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Json) }) as Record<string | number, unknown>;
  copy[head!] = withLeaf(copy[head!], rest, leaf);
  return copy;
}

export function leafAt(value: unknown, path: LeafPath): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)?.[key], value);
}

import { z } from "zod";

/** Storefront and tenant slugs: URL path segments, one spelling each (the database checks the same). */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const slugSchema = z.string().min(2).max(63).regex(SLUG_PATTERN, "lowercase letters, digits and single dashes");

/** A slug from a display name ("Ana's Café & Books" → "anas-cafe-books"), or null when nothing usable is left. */
export function slugify(name: string): string | null {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/g, "");
  return slugSchema.safeParse(slug).success ? slug : null;
}

import { z } from "zod";
import { multilineText, text as sharedText } from "../validation/text.schema";

// The field schemas every catalog input is built from. Free text goes through `text()` and
// `longText()` only: the shared schemas (validation/text.schema.ts) that refuse control characters.

/** Single-line free text of at most `max` characters; `min` 1 makes it required. */
export function text(max: number, min = 0) {
  return sharedText({ min, max });
}

/** Multi-line free text (descriptions, a CSV file). */
export function longText(max: number, min = 0) {
  return multilineText({ min, max });
}

/** URL segment: the same rule the database CHECKs on products, collections and categories. */
export const HANDLE_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const handleSchema = z.string().min(1).max(120).regex(HANDLE_PATTERN, "lowercase letters, digits and single dashes");
export const categorySlugSchema = z.string().min(1).max(63).regex(HANDLE_PATTERN, "lowercase letters, digits and single dashes");

/** An upper-case ISO 4217 code the runtime knows (so its minor-unit exponent is known too). */
export const currencySchema = z.enum(Intl.supportedValuesOf("currency") as [string, ...string[]], { error: "an upper-case ISO 4217 currency code" });

/** Integer minor units; a float (12.5) is a validation error, never rounded. */
export const minorAmountSchema = z.number().int("an integer amount in minor units").min(0).max(2_147_483_647);

export const skuSchema = text(64, 1).regex(/^[^\s,]+$/, "no spaces or commas");
export const barcodeSchema = text(64, 1).regex(/^[0-9A-Za-z-]+$/, "digits, letters and dashes");
export const gramsSchema = z.number().int().min(0).max(10_000_000);

/** Variants per product: bounds the product document every catalog event carries (decision 0012). */
export const MAX_VARIANTS = 100;

/** Lower-case tags without commas (the CSV lists them comma-separated), deduplicated, order kept. */
export const tagsSchema = z
  .array(text(40, 1).regex(/^[^,]+$/, "no commas").toLowerCase())
  .max(50)
  .transform((tags) => [...new Set(tags)]);

export const optionNameSchema = text(40, 1);
export const optionValueSchema = text(60, 1);

export const productTitleSchema = text(200, 1);
export const descriptionSchema = longText(20_000);

/** Page size of every list: bounded so one call cannot ask for the whole catalog. */
export const pageLimitSchema = z.number().int().min(1).max(100).default(25);
/** The opaque `nextCursor` of a previous page (base64url). */
export const cursorSchema = z.string().regex(/^[A-Za-z0-9_-]{1,400}$/, "a cursor returned by the previous page");

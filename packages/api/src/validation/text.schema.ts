import { z } from "zod";

/*
 * The one place free text from a client is shaped before it can reach PostgreSQL. PostgreSQL refuses
 * U+0000 in text (22021) and in jsonb (22P05), and answers with an error the client caused but the
 * server would report as a 500; other C0/C1 control characters are accepted by PostgreSQL but have no
 * business in a name or a search and can forge log lines or terminal output. Every string a procedure
 * takes is built here (or is an enum, UUID or a field with a stricter pattern of its own).
 *
 * Lengths are counted in UTF-16 code units (JavaScript's `length`) after trimming. That is never fewer
 * than the code points a `varchar(n)` counts, so a value within `max` always fits its column.
 */

/** Any C0 or C1 control character (includes NUL, DEL, ESC, CR, LF, TAB). */
const CONTROL = /\p{Cc}/u;
/** Control characters except LF and TAB, which multi-line text keeps. */
const CONTROL_EXCEPT_LF_TAB = /[^\P{Cc}\n\t]/u;
/** Half of a surrogate pair without its other half: not valid UTF-8, would be stored as U+FFFD. */
const LONE_SURROGATE = /\p{Cs}/u;

export interface TextOptions {
  /** Minimum length after trimming; default 1 (an empty or all-blank value is refused). */
  min?: number;
  /** Maximum length after trimming, in UTF-16 code units; required so every field states its bound. */
  max: number;
}

function bounded(schema: z.ZodString, { min = 1, max }: TextOptions): z.ZodString {
  return schema.min(min, min === 1 ? "must not be empty" : `at least ${min} characters`).max(max, `at most ${max} characters`);
}

/**
 * Single-line free text (names, titles, search terms): trimmed, `min`..`max` long, no control
 * characters at all (so no line breaks, tabs or NUL) and no unpaired surrogates.
 */
export function text(options: TextOptions): z.ZodString {
  return bounded(z.string().trim(), options)
    .refine((v) => !CONTROL.test(v), "must not contain control characters")
    .refine((v) => !LONE_SURROGATE.test(v), "must be valid Unicode text");
}

/**
 * Multi-line free text (descriptions, notes, review bodies): CRLF and lone CR become LF, trimmed,
 * `min`..`max` long (default min 1), LF and TAB allowed, every other control character refused.
 */
export function multilineText(options: TextOptions) {
  const normalised = z.string().transform((v) => v.replace(/\r\n?/g, "\n"));
  return normalised.pipe(
    bounded(z.string().trim(), options)
      .refine((v) => !CONTROL_EXCEPT_LF_TAB.test(v), "must not contain control characters other than line breaks and tabs")
      .refine((v) => !LONE_SURROGATE.test(v), "must be valid Unicode text"),
  );
}

export interface UrlOptions {
  /** Maximum length; default 2048. */
  max?: number;
  /** Allowed schemes; default https only. */
  protocol?: RegExp;
}

/**
 * An absolute URL as the client wrote it (not trimmed: a URL with blanks is a mistake, not a
 * formatting choice), refused when it contains whitespace or control characters, which the WHATWG
 * parser would silently strip or encode while the raw string is what gets stored.
 */
export function url({ max = 2_048, protocol = /^https$/ }: UrlOptions = {}) {
  return z
    .string()
    .max(max, `at most ${max} characters`)
    .refine((v) => !CONTROL.test(v) && !/\s/.test(v), "must not contain whitespace or control characters")
    .pipe(z.url({ protocol }));
}

/** Largest value of a PostgreSQL `bigint` (int8) column. */
export const PG_BIGINT_MAX = 9_223_372_036_854_775_807n;

/**
 * An opaque page cursor that is a `bigint` column's value, as a decimal string (JSON has no 64-bit
 * integers). 19 digits can still overflow int8 (22003), so the value is checked against the column.
 */
export function bigintCursor(message = "a cursor returned by the previous page") {
  return z
    .string()
    .regex(/^\d{1,19}$/, message)
    .refine((v) => /^\d{1,19}$/.test(v) && BigInt(v) <= PG_BIGINT_MAX, message);
}

/** An opaque page cursor that is a `uuid` column's value. */
export function uuidCursor(message = "a cursor returned by the previous page") {
  return z.uuid(message);
}

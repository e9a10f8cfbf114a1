import { z } from "zod";
import { text } from "../validation/text.schema";

// Field schemas shared by the identity procedures' inputs.

/** Lower-cased and trimmed before validation: the users table stores one spelling per address. */
export const emailField = z.string().trim().toLowerCase().max(254).pipe(z.email("a valid email address"));

/** Length is the policy (NIST SP 800-63B): at least 10 characters, no composition rules; capped for hashing. */
// Not trimmed (blanks are part of a passphrase); control characters are refused because no keyboard
// types them and some clients and hashers cut a secret at NUL.
export const newPasswordField = z
  .string()
  .min(10, "at least 10 characters")
  .max(256, "at most 256 characters")
  .refine((v) => !/[\p{Cc}\p{Cs}]/u.test(v), "must not contain control characters or broken Unicode");

/** A person's display name. */
export const personNameField = text({ max: 200 });

/** A password being checked: any length the hasher accepts, so an old password is never refused for its shape. */
export const passwordField = z.string().min(1).max(256);

/** A stable id the client keeps per device (e.g. a random UUID in local storage); used for flagging. */
export const deviceIdField = z.string().trim().min(8).max(128).regex(/^[A-Za-z0-9._:-]+$/, "letters, digits and . _ : -");

export const sixDigitCodeField = z.string().trim().regex(/^\d{6}$/, "six digits");

/** `XXXXX-XXXXX`; case, spaces and dashes are forgiven. */
export const recoveryCodeField = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{5}[\s-]?[A-Za-z0-9]{5}$/, "a recovery code such as ABCDE-12345");

export const e164PhoneField = z.string().trim().regex(/^\+[1-9]\d{6,14}$/, "an international number such as +447700900123");

/** A 256-bit random token carried by an emailed link (43 base64url characters; a little slack either way). */
export const linkTokenField = z.string().min(32).max(64).regex(/^[A-Za-z0-9_-]+$/, "a link token");

import { hash, verify } from "@node-rs/argon2";

/**
 * argon2id cost, as reported by bench/auth. m = 64 MiB, t = 3, p = 1: RFC 9106's memory-constrained
 * recommendation (64 MiB, 3 passes), well above OWASP's minimum (19 MiB, t = 2). About 110 ms per hash
 * on one core of the 2-core reference machine. Tests use these same parameters: the cost is part of
 * what is tested and measured.
 */
export const ARGON2ID_PARAMS = { memoryCost: 65_536, timeCost: 3, parallelism: 1 } as const;

/** argon2id is @node-rs/argon2's default algorithm; the PHC string it returns starts `$argon2id$`. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID_PARAMS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  // A malformed stored hash is a failed check, never a 500 that tells the caller the account exists.
  return verify(passwordHash, password).catch(() => false);
}

/** True when the stored hash is weaker than the current parameters (e.g. seeded demo users). */
export function needsRehash(passwordHash: string): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(passwordHash);
  if (!match) return true;
  const [, m, t, p] = match.map(Number);
  return m! < ARGON2ID_PARAMS.memoryCost || t! < ARGON2ID_PARAMS.timeCost || p! !== ARGON2ID_PARAMS.parallelism;
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one verification when the email is unknown, so response time does not reveal
 * which addresses have accounts.
 */
export async function burnVerification(password: string): Promise<void> {
  dummyHash ??= hashPassword("bazaar-timing-equaliser");
  await verifyPassword(await dummyHash, password);
}

import "server-only";

import type { Session } from "next-auth";
import Link from "next/link";

import { hasPlatformRole, requireSession } from "../../server/session";
import type { PlatformRoleName } from "../roles";

/** The session of a platform operator (or support, when `min` allows), or the page to show instead. */
export async function opsAccess(path: string, min: PlatformRoleName): Promise<{ session: Session; denied: null } | { session: Session; denied: React.ReactNode }> {
  const session = await requireSession(path);
  if (hasPlatformRole(session, min)) return { session, denied: null };
  return {
    session,
    denied: (
      <>
        <h1>Operators only</h1>
        <p className="lead">This part of the console is for Bazaar&apos;s platform {min === "OPERATOR" ? "operators" : "operators and support staff"}.</p>
        <p>
          <Link href="/">Back to the dashboard</Link>
        </p>
      </>
    ),
  };
}

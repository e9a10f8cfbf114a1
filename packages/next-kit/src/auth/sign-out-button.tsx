"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";

/** Ends the session here and in the API (next-auth's signOut event calls identity.logout). */
export function SignOutButton({ callbackUrl = "/", className = "button-link" }: { callbackUrl?: string; className?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className={className}
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl });
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}

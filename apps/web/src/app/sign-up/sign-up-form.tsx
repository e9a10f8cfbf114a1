"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { DEVICE_COOKIE } from "@bazaar/next-kit/auth-client";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

function deviceId(): string | undefined {
  const match = document.cookie.split("; ").find((c) => c.startsWith(`${DEVICE_COOKIE}=`));
  return match?.slice(DEVICE_COOKIE.length + 1) || undefined;
}

export function SignUpForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const register = useMutation(trpc.identity.register.mutationOptions());
  const [error, setError] = useState<ApiErrorView | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    setError(null);
    try {
      await register.mutateAsync({
        name: String(form.get("name") ?? ""),
        email,
        password: String(form.get("password") ?? ""),
        ...(deviceId() ? { deviceId: deviceId() } : {}),
      });
      router.push(`/verify-email?${new URLSearchParams({ email: email.trim().toLowerCase(), sent: "1" })}`);
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <FormAlert error={error} />
      <div className="field">
        <label htmlFor="sign-up-name">Name</label>
        <input id="sign-up-name" name="name" autoComplete="name" required aria-invalid={Boolean(error?.fieldErrors.name)} />
        <FieldError message={error?.fieldErrors.name} />
      </div>
      <div className="field">
        <label htmlFor="sign-up-email">Email</label>
        <input id="sign-up-email" name="email" type="email" autoComplete="email" required aria-invalid={Boolean(error?.fieldErrors.email)} />
        <FieldError message={error?.fieldErrors.email} />
      </div>
      <div className="field">
        <label htmlFor="sign-up-password">Password</label>
        <input
          id="sign-up-password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          aria-describedby="sign-up-password-hint"
          aria-invalid={Boolean(error?.fieldErrors.password)}
        />
        <span id="sign-up-password-hint" className="field-hint">
          At least 10 characters. A phrase of a few words is easy to remember and hard to guess.
        </span>
        <FieldError message={error?.fieldErrors.password} />
      </div>
      <button type="submit" className="button" disabled={register.isPending}>
        {register.isPending ? "Creating your account…" : "Create account"}
      </button>
    </form>
  );
}

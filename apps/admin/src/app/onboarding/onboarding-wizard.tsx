"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQuery, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { PlanCards, type PlanName } from "./plan-cards";
import { suggestSlug, TENANT_TYPES, tenantTypeLabel, type TenantType } from "./tenant-types";

const STEPS = ["Seller type", "Plan", "Name", "Review"] as const;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Four steps (type, plan, name, review), then tenants.startOnboarding: the API records the request and
 * the onboarding saga takes over in the workers; the status page follows it.
 */
export function OnboardingWizard() {
  const trpc = useTRPC();
  const router = useRouter();
  const { data: allPlans } = useSuspenseQuery(trpc.tenants.listPlans.queryOptions());
  const plans = allPlans.filter((p) => p.selfServe);
  const start = useMutation(trpc.tenants.startOnboarding.mutationOptions());

  const [step, setStep] = useState(0);
  const [type, setType] = useState<TenantType | null>(null);
  const [plan, setPlan] = useState<PlanName | null>(null);
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [checkedSlug, setCheckedSlug] = useState<string | null>(null);
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [stepError, setStepError] = useState<string | null>(null);

  const effectiveSlug = slugEdited ? slug : suggestSlug(name);
  const slugValid = effectiveSlug.length >= 2 && effectiveSlug.length <= 63 && SLUG.test(effectiveSlug);
  const availability = useQuery({
    ...trpc.tenants.checkSlug.queryOptions({ slug: checkedSlug ?? "" }),
    enabled: checkedSlug !== null && SLUG.test(checkedSlug) && checkedSlug.length >= 2,
  });

  function next(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStepError(null);
    if (step === 0 && !type) return setStepError("Choose the kind of seller you are.");
    if (step === 1 && !plan) return setStepError("Choose a plan.");
    if (step === 2) {
      if (!name.trim()) return setStepError("Enter your store's name.");
      if (!slugValid) return setStepError("The web address needs 2–63 lowercase letters, digits and single dashes.");
      setCheckedSlug(effectiveSlug);
    }
    setStep((s) => Math.min(s + 1, STEPS.length - 1));
  }

  async function submit() {
    if (!type || !plan) return;
    setError(null);
    try {
      const request = await start.mutateAsync({ name: name.trim(), type, plan, ...(effectiveSlug ? { slug: effectiveSlug } : {}) });
      router.push(`/onboarding/${request.requestId}`);
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  const taken = availability.data && !availability.data.available && availability.data.slug === effectiveSlug;

  return (
    <div className="card" data-testid="onboarding-wizard">
      <ol className="steps" aria-label="Progress">
        {STEPS.map((label, i) => (
          <li key={label} data-state={i < step ? "done" : i === step ? "active" : "waiting"} aria-current={i === step ? "step" : undefined}>
            {i + 1}. {label}
          </li>
        ))}
      </ol>

      {step < 3 ? (
        <form onSubmit={next} noValidate>
          {step === 0 ? (
            <fieldset className="choice-cards">
              <legend className="sr-only">What kind of seller are you?</legend>
              <h2>What kind of seller are you?</h2>
              {TENANT_TYPES.map((t) => (
                <label key={t.value} className="choice-card">
                  <input type="radio" name="type" value={t.value} checked={type === t.value} onChange={() => setType(t.value)} />
                  <strong>{t.label}</strong>
                  <small>{t.description}</small>
                </label>
              ))}
            </fieldset>
          ) : null}

          {step === 1 ? (
            <>
              <h2>Choose a plan</h2>
              <p className="form-notice">Limits apply to stores, products and staff seats. You can change plan later.</p>
              <PlanCards plans={plans} value={plan} onChange={setPlan} />
            </>
          ) : null}

          {step === 2 ? (
            <>
              <h2>Name your store</h2>
              <div className="field">
                <label htmlFor="onboarding-name">Store name</label>
                <input id="onboarding-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoComplete="organization" />
              </div>
              <div className="field">
                <label htmlFor="onboarding-slug">Web address</label>
                <input
                  id="onboarding-slug"
                  value={effectiveSlug}
                  onChange={(e) => {
                    setSlugEdited(true);
                    setSlug(e.target.value.toLowerCase());
                  }}
                  onBlur={() => slugValid && setCheckedSlug(effectiveSlug)}
                  aria-describedby="onboarding-slug-hint"
                  aria-invalid={Boolean(taken)}
                />
                <span id="onboarding-slug-hint" className="field-hint">
                  Lowercase letters, digits and dashes; used in your store&apos;s address.
                </span>
                {taken ? <FieldError message="This address is taken; choose another." /> : null}
                {availability.data?.available && availability.data.slug === effectiveSlug ? <span className="form-success">Available</span> : null}
              </div>
            </>
          ) : null}

          {stepError ? (
            <p role="alert" className="form-alert">
              {stepError}
            </p>
          ) : null}
          <p>
            {step > 0 ? (
              <>
                <button type="button" className="button button-secondary" onClick={() => setStep((s) => s - 1)}>
                  Back
                </button>{" "}
              </>
            ) : null}
            <button type="submit" className="button">
              Continue
            </button>
          </p>
        </form>
      ) : (
        <div>
          <h2>Review</h2>
          <dl className="facts" data-testid="onboarding-review">
            <dt>Seller type</dt>
            <dd>{type ? tenantTypeLabel(type) : "—"}</dd>
            <dt>Plan</dt>
            <dd>{plans.find((p) => p.plan === plan)?.name ?? "—"}</dd>
            <dt>Store name</dt>
            <dd>{name}</dd>
            <dt>Web address</dt>
            <dd>{effectiveSlug}</dd>
          </dl>
          {taken ? <FieldError message="This address was taken meanwhile; go back and choose another." /> : null}
          <FormAlert error={error} />
          {error?.code === "CONFLICT" && typeof error.details?.requestId === "string" ? (
            <p>
              <Link href={`/onboarding/${error.details.requestId}`}>Follow the onboarding in progress</Link>
            </p>
          ) : null}
          {error?.fieldErrors.slug ? <FieldError message={`Web address: ${error.fieldErrors.slug}`} /> : null}
          {error?.fieldErrors.name ? <FieldError message={`Store name: ${error.fieldErrors.name}`} /> : null}
          <p>
            <button type="button" className="button button-secondary" onClick={() => setStep(2)}>
              Back
            </button>{" "}
            <button type="button" className="button" onClick={() => void submit()} disabled={start.isPending}>
              {start.isPending ? "Creating…" : "Create my seller account"}
            </button>
          </p>
        </div>
      )}
    </div>
  );
}

import { createBazaarClient } from "@bazaar/api/client";
import { waitForMail, uniqueEmail } from "@bazaar/next-kit/e2e-mail";
import { readSessionToken, writeSessionToken } from "@bazaar/next-kit/e2e-session";
import { collectBrowserErrors } from "@bazaar/next-kit/playwright";
import { expect, test, type Page } from "@playwright/test";
import { generate } from "otplib";

// The whole shopper identity journey through the real UI and services: sign up, verify the email with
// the code the SMTP server received, turn on an authenticator app, sign out, and sign in again with a
// code the test computes from the secret shown on the page.

const PASSWORD = "correct horse battery staple";

/**
 * The authenticator app, as the API sees it: each 30-second step's code is accepted once, and only
 * within one step of the server's clock. `nextCode` gives the earliest code not used yet; when that one
 * is still two steps ahead it waits for the clock, as a person waits for the app to show a new code.
 */
function authenticator(secret: string) {
  const currentStep = () => Math.floor(Date.now() / 30_000);
  let lastStep: number | null = null;
  return {
    async nextCode(): Promise<string> {
      if (lastStep !== null) await expect.poll(currentStep, { timeout: 35_000, intervals: [500] }).toBeGreaterThanOrEqual(lastStep);
      const step = lastStep === null ? currentStep() : Math.max(lastStep + 1, currentStep());
      lastStep = step;
      return generate({ secret, epoch: step * 30 });
    },
  };
}

async function signInWithPassword(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("sign up, verify the email, turn on TOTP, sign in with a TOTP code, then with recovery codes old and new", async ({ page }) => {
  // Up to 30 s of it waiting for the authenticator's next code (see authenticator()).
  test.setTimeout(180_000);
  const errors = collectBrowserErrors(page);
  const email = uniqueEmail("shopper");
  const header = page.getByRole("banner");

  // Sign up.
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Ada Shopper");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();

  // The verification email, as Mailpit received it over SMTP.
  const mail = await waitForMail(email, /verify your email/i);
  const code = /enter this code: (\d{6})/i.exec(mail.text)?.[1];
  expect(code, mail.text).toMatch(/^\d{6}$/);
  const link = /https?:\/\/\S+\/verify-email\?\S+/.exec(mail.text)?.[0];
  expect(link, "the email carries a verification link too").toBeDefined();
  const params = new URL(link!).searchParams;
  expect(params.get("email")).toBe(email);
  expect(params.get("token")).toMatch(/\S{16,}/);

  await page.getByLabel("Verification code").fill(code!);
  await page.getByRole("button", { name: "Verify email" }).click();
  await expect(page.getByTestId("email-verified")).toContainText("verified");

  // Sign in (no second factor yet) and land on the security page.
  await page.getByRole("link", { name: "Sign in" }).last().click();
  await expect(page.getByText("Your email address is verified")).toBeVisible();
  await signInWithPassword(page, email);
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByRole("heading", { level: 1, name: "Account security" })).toBeVisible();
  await expect(header.getByTestId("signed-in-as")).toHaveText("Ada Shopper");

  // Turn on the authenticator app: QR code and key, confirmed with a code computed from the key.
  const totp = page.getByTestId("totp-section");
  await expect(totp.getByTestId("totp-status")).toHaveText("Off");
  // On a loaded machine the first click can land before the section has hydrated and do nothing, so
  // click until the QR code shows (a click after it shows would be a second enrollment: never sent).
  const qrCode = totp.getByRole("img", { name: /QR code/ });
  await expect(async () => {
    if (!(await qrCode.isVisible())) await totp.getByRole("button", { name: "Set up authenticator app" }).click({ timeout: 2_000 });
    await expect(qrCode).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
  const secret = (await totp.getByTestId("totp-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  const app = authenticator(secret);
  await totp.getByLabel("Code from the app").fill(await app.nextCode());
  await totp.getByRole("button", { name: "Turn on" }).click();

  // Recovery codes, shown once.
  const recovery = page.getByTestId("recovery-codes");
  await expect(recovery.getByRole("listitem")).toHaveCount(10);
  await expect(recovery.getByRole("listitem").first()).toHaveText(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
  const firstCodes = await recovery.getByRole("listitem").allTextContents();
  await recovery.getByRole("button", { name: "I have saved them" }).click();
  await expect(totp.getByTestId("totp-status")).toHaveText("On");
  await expect(totp.getByTestId("recovery-codes-left")).toContainText("10");

  // This browser's session is listed as the current one.
  await expect(page.getByTestId("sessions").locator("tr[data-current]")).toContainText("This device");

  // Sign out: back to a signed-out header.
  await header.getByRole("button", { name: "Sign out" }).click();
  await expect(header.getByRole("link", { name: "Sign in" })).toBeVisible();

  // Sign in again: the password, then a TOTP code (of a later time step than the enrolment's: a code
  // is accepted once).
  await page.goto("/sign-in?callbackUrl=%2Faccount%2Fsecurity");
  await signInWithPassword(page, email);
  await expect(page.getByRole("heading", { name: "Two-step verification" })).toBeVisible();
  await page.getByLabel("Authentication code").fill(await app.nextCode());
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(header.getByTestId("signed-in-as")).toHaveText("Ada Shopper");
  await expect(page.getByTestId("totp-status")).toHaveText("On");
  await expect(page.getByTestId("sessions").locator("tr[data-current]")).toContainText("authenticator app");

  // Lost the phone: a recovery code signs in once, and one fewer is left.
  await header.getByRole("button", { name: "Sign out" }).click();
  await expect(header.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/sign-in?callbackUrl=%2Faccount%2Fsecurity");
  await signInWithPassword(page, email);
  await page.getByRole("radio", { name: "Recovery code" }).check();
  await page.getByRole("textbox", { name: "Recovery code" }).fill(firstCodes[3]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("recovery-codes-left")).toContainText("9");

  // A fresh set of recovery codes, confirmed with a code from the app, shown once like the first.
  await totp.getByRole("button", { name: "Regenerate recovery codes" }).click();
  await totp.getByLabel("Code from your authenticator app").fill(await app.nextCode());
  await totp.getByRole("button", { name: "Get new codes" }).click();
  await expect(recovery.getByRole("listitem")).toHaveCount(10);
  const newCodes = await recovery.getByRole("listitem").allTextContents();
  expect(newCodes.filter((c) => firstCodes.includes(c))).toEqual([]);
  await expect(recovery.getByRole("link", { name: "Download" })).toHaveAttribute("download", "bazaar-recovery-codes.txt");
  await recovery.getByRole("button", { name: "I have saved them" }).click();
  await expect(totp.getByTestId("recovery-codes-left")).toContainText("10");

  // Signing in again: an unused code of the first set is refused, one of the new set accepted.
  await header.getByRole("button", { name: "Sign out" }).click();
  await expect(header.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/sign-in?callbackUrl=%2Faccount%2Fsecurity");
  await signInWithPassword(page, email);
  await page.getByRole("radio", { name: "Recovery code" }).check();
  await page.getByRole("textbox", { name: "Recovery code" }).fill(firstCodes[4]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(/wrong or has expired/i);
  // The refusal is a 401 the browser logs; nothing else may have gone wrong.
  expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  errors.length = 0;
  await page.getByRole("textbox", { name: "Recovery code" }).fill(newCodes[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByTestId("recovery-codes-left")).toContainText("9");

  expect(errors).toEqual([]);
});

test("sign-in refusals are shown as the API words them, with field errors", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(uniqueEmail("nobody"));
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password.");

  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Short Password");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Please correct the highlighted fields.");
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("at least 10 characters", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
});

test("account pages ask a signed-out visitor to sign in", async ({ page }) => {
  await page.goto("/account/security");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount%2Fsecurity$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
});

test("the link in the verification email verifies the address too", async ({ page, baseURL }) => {
  const email = uniqueEmail("linker");
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Lin Linker");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();

  const mail = await waitForMail(email, /verify your email/i);
  const link = new URL(/https?:\/\/\S+\/verify-email\?\S+/.exec(mail.text)?.[0] ?? "");
  // The identity service builds links from WEB_ORIGIN, which this run points at its own server.
  expect(link.origin).toBe(baseURL);
  await page.goto(`${link.pathname}${link.search}`);
  await expect(page.getByTestId("email-verified")).toContainText("Your email address is verified.");
});

test("too many sign-in attempts for one account are refused with the time to wait", async ({ page }) => {
  const email = uniqueEmail("guessed");
  await page.goto("/sign-in");
  const alert = page.getByRole("main").getByRole("alert");
  // The login policy allows a burst of 10 attempts per account, then one a minute.
  for (let attempt = 1; attempt <= 10; attempt++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong password ${attempt}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(alert).toHaveText("Invalid email or password.");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  await page.getByLabel("Password").fill("wrong password 11");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert).toHaveText(/^Too many attempts\. Try again in \d+ seconds?\.$/);
});

test("an access token about to expire is renewed on the next request, and a stale cookie does not end the session", async ({ page, context, baseURL }) => {
  const email = uniqueEmail("renewer");
  await createBazaarClient({ url: `${baseURL}/api/trpc` }).identity.register.mutate({ name: "Ren Ewer", email, password: PASSWORD });
  await page.goto("/sign-in?callbackUrl=%2Faccount%2Fsecurity");
  await signInWithPassword(page, email);
  await expect(page.getByRole("heading", { level: 1, name: "Account security" })).toBeVisible();
  const current = page.getByTestId("sessions").locator("tr[data-current]");
  await expect(current).toBeVisible();

  // Two minutes or less left on the access token: the proxy renews it before the page is served.
  const original = await readSessionToken(context, "web", baseURL!);
  const nearlyExpired = { ...original, accessExpiresAt: Date.now() + 30_000 };
  await writeSessionToken(context, "web", baseURL!, nearlyExpired);
  await page.reload();
  await expect(current).toBeVisible();
  const renewed = await readSessionToken(context, "web", baseURL!);
  expect(renewed.refreshToken).not.toBe(original.refreshToken);
  expect(renewed.accessExpiresAt).toBeGreaterThan(Date.now() + 10 * 60_000);

  // A request that still carries the old cookie (it crossed the renewal) gets the same new tokens
  // instead of presenting a spent refresh token, which would revoke the whole session.
  await writeSessionToken(context, "web", baseURL!, nearlyExpired);
  await page.reload();
  await expect(current).toBeVisible();
  expect((await readSessionToken(context, "web", baseURL!)).refreshToken).toBe(renewed.refreshToken);
  await expect(page.getByTestId("sessions").locator("tbody tr")).toHaveCount(1);
});

test("a code sent by email completes the sign-in of an account with the email second factor", async ({ page, baseURL }) => {
  const email = uniqueEmail("emailcode");
  const api = createBazaarClient({ url: `${baseURL}/api/trpc` });
  await api.identity.register.mutate({ name: "Em Code", email, password: PASSWORD });
  const verification = await waitForMail(email, /verify your email/i);
  await api.identity.verifyEmail.mutate({ email, code: /enter this code: (\d{6})/i.exec(verification.text)![1]! });

  await page.goto("/sign-in?callbackUrl=%2Faccount%2Fsecurity");
  await signInWithPassword(page, email);
  await expect(page.getByRole("heading", { level: 1, name: "Account security" })).toBeVisible();
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("email-code-status")).toHaveText("On");
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.goto("/sign-in?callbackUrl=%2Faccount%2Fsecurity");
  await signInWithPassword(page, email);
  await expect(page.getByRole("heading", { name: "Two-step verification" })).toBeVisible();
  await page.getByRole("button", { name: "Email me a code" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("Code sent to");
  const mail = await waitForMail(email, /sign-in code/i);
  await page.getByLabel("Authentication code").fill(/sign-in code is (\d{6})/.exec(mail.text)![1]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Account security" })).toBeVisible();
  await expect(page.getByTestId("sessions").locator("tr[data-current]")).toContainText("email code");
});

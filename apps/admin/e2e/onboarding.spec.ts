import { createBazaarClient } from "@bazaar/api/client";
import { uniqueEmail, waitForMail } from "@bazaar/next-kit/e2e-mail";
import { collectBrowserErrors } from "@bazaar/next-kit/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";

// Seller onboarding end to end: a new account signs in to the admin app, walks the wizard, and the
// saga in the workers (outbox relay → provisioner → membership linker → welcome notifier) turns the
// request into a tenant with a default store that the seller then works on.

const PASSWORD = "correct horse battery staple";

type Api = ReturnType<typeof createBazaarClient>;

/** An account created and verified the way the storefront does it: the typed client and the mailed code. */
async function verifiedAccount(api: Api, name: string, email: string) {
  await api.identity.register.mutate({ name, email, password: PASSWORD });
  const verification = await waitForMail(email, /verify your email/i);
  await api.identity.verifyEmail.mutate({ email, code: /enter this code: (\d{6})/i.exec(verification.text)![1]! });
}

/** The invitee, in a browser of their own: opens the mailed link, signs in, accepts. */
async function acceptAsInvitee(browser: Browser, baseURL: string, email: string, tenantName: string) {
  const mail = await waitForMail(email, /invited you to/i);
  const link = /https?:\/\/\S+\/invitations\/accept\?token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  expect(link).toBeDefined();
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const errors = collectBrowserErrors(page);
  await page.goto(link!);
  await expect(page).toHaveURL(/\/sign-in\?/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/invitations\/accept\?token=/);
  // A click that lands before the page has hydrated does nothing: click again until the answer shows
  // (the button is gone once accepted, so the invitation is never used twice).
  await expect(async () => {
    await page.getByRole("button", { name: "Accept invitation" }).click({ timeout: 2_000 });
    await expect(page.getByTestId("invitation-accepted")).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("invitation-accepted")).toContainText(`You joined ${tenantName} as Staff.`);
  expect(errors).toEqual([]);
  await context.close();
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Signed in once the header names the user (the sign-in page then sends them on to Tenants).
  await expect(page.getByRole("banner").getByTestId("signed-in-as")).toBeVisible();
}

test("a new seller onboards to a provisioned tenant and manages it", async ({ page, baseURL, browser }) => {
  test.setTimeout(180_000);
  const errors = collectBrowserErrors(page);
  const email = uniqueEmail("seller");
  const storeName = `Atelier ${Date.now().toString(36)}`;

  // Onboarding needs a verified address (docs/decisions/0006).
  const api = createBazaarClient({ url: `${baseURL}/api/trpc` });
  await verifiedAccount(api, "Sally Seller", email);

  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/tenants$/);
  await expect(page.getByText("You do not belong to any tenant yet.")).toBeVisible();
  await page.getByRole("link", { name: "Start selling on Bazaar" }).click();

  // The wizard: type, plan (limits and commission on show), name, review.
  const wizard = page.getByTestId("onboarding-wizard");
  await wizard.getByRole("radio", { name: /Business seller/ }).check();
  await wizard.getByRole("button", { name: "Continue" }).click();
  const pro = wizard.getByTestId("plan-PRO");
  await expect(pro).toContainText("$49.00 a month");
  await expect(pro).toContainText("3 stores");
  await expect(pro).toContainText("Commission 8% per order");
  await pro.getByRole("radio").check();
  await wizard.getByRole("button", { name: "Continue" }).click();
  await wizard.getByLabel("Store name").fill(storeName);
  const slug = storeName.toLowerCase().replace(/\s+/g, "-");
  await expect(wizard.getByLabel("Web address")).toHaveValue(slug);
  await wizard.getByRole("button", { name: "Continue" }).click();
  const review = wizard.getByTestId("onboarding-review");
  await expect(review).toContainText("Business seller");
  await expect(review).toContainText("Pro");
  await expect(review).toContainText(slug);
  await wizard.getByRole("button", { name: "Create my seller account" }).click();

  // The saga, followed by polling the request's status until the workers have done every step.
  await expect(page).toHaveURL(/\/onboarding\/[0-9a-f-]{36}$/);
  const progress = page.getByTestId("onboarding-progress");
  await expect(progress.getByTestId("onboarding-status")).toHaveText("completed", { timeout: 90_000 });
  await expect(progress.locator('li[data-state="done"]')).toHaveCount(4);

  const welcome = await waitForMail(email, /welcome to bazaar/i);
  expect(welcome.subject).toContain(storeName);

  // Into the new tenant: it is the working tenant now, and the owner's navigation opens up.
  await progress.getByRole("button", { name: "Open your dashboard" }).click();
  await expect(page).toHaveURL(`${baseURL}/`);
  const overview = page.getByTestId("tenant-overview");
  await expect(overview.getByRole("heading", { name: storeName })).toBeVisible();
  await expect(overview).toContainText("Owner");
  await expect(overview.getByTestId("usage-stores")).toHaveText("1");
  await expect(page.getByRole("combobox", { name: "Tenant" })).toHaveValue(/[0-9a-f-]{36}/);

  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link")).toHaveText(["Dashboard", "Tenants", "Start selling", "Products", "Inventory", "Shipping", "Orders", "Stores", "Reviews", "Staff", "Plan & usage", "Ledger", "Payouts", "Audit log"]);

  // Plan and usage: the chosen plan, its quotas, the default store counted.
  await nav.getByRole("link", { name: "Plan & usage" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Plan and usage" })).toBeVisible();
  await expect(page.getByTestId("usage")).toContainText("Plan PRO");
  await expect(page.getByTestId("usage-staffSeats")).toHaveText("1");

  // Staff: the owner is the only member. Inviting answers alike for an address with an account and one
  // without; the one with an account accepts from their own (verified) sign-in and joins.
  await nav.getByRole("link", { name: "Staff" }).click();
  const staff = page.getByTestId("staff");
  await expect(staff.getByRole("row")).toHaveCount(2);
  await expect(staff).toContainText(email);
  const stranger = uniqueEmail("nobody");
  const colleague = uniqueEmail("colleague");
  await verifiedAccount(api, "Cole League", colleague);
  for (const address of [stranger, colleague]) {
    await page.getByLabel("Email", { exact: true }).fill(address);
    await page.getByLabel("Role", { exact: true }).selectOption("STAFF");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("main").getByRole("status")).toHaveText(`Invitation sent to ${address} as Staff. They join once they accept it.`);
  }
  const invitations = page.getByTestId("invitations");
  await expect(invitations.locator("tbody tr")).toHaveCount(2);
  await acceptAsInvitee(browser, baseURL!, colleague, storeName);
  await page.reload();
  await expect(staff).toContainText(colleague);
  await expect(invitations.locator("tbody tr")).toHaveCount(1);
  await invitations.getByRole("button", { name: `Revoke the invitation to ${stranger}` }).click();
  await expect(page.getByText("No invitation is waiting to be accepted.")).toBeVisible();
  expect(errors).toEqual([]);

  // Every link the owner is shown leads to a page.
  for (const label of ["Dashboard", "Tenants", "Start selling", "Staff", "Plan & usage", "Audit log"]) {
    await nav.getByRole("link", { name: label }).click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }

  // A second tenant at the address the first one holds: the provisioner refuses it and the saga fails
  // the request (the account, which owns a tenant now, is kept). Tenants lists the failed onboarding, not
  // the completed one, and links to its status page.
  const secondName = `${storeName} Two`;
  await nav.getByRole("link", { name: "Start selling" }).click();
  await wizard.getByRole("radio", { name: /Individual seller/ }).check();
  await wizard.getByRole("button", { name: "Continue" }).click();
  await wizard.getByTestId("plan-FREE").getByRole("radio").check();
  await wizard.getByRole("button", { name: "Continue" }).click();
  await wizard.getByLabel("Store name").fill(secondName);
  await wizard.getByLabel("Web address").fill(slug);
  await wizard.getByRole("button", { name: "Continue" }).click();
  await wizard.getByRole("button", { name: "Create my seller account" }).click();
  await expect(page).toHaveURL(/\/onboarding\/[0-9a-f-]{36}$/);
  const statusUrl = page.url();
  await expect(progress.getByTestId("onboarding-status")).toHaveText("failed", { timeout: 90_000 });

  await nav.getByRole("link", { name: "Tenants" }).click();
  const onboardings = page.getByTestId("my-onboardings");
  await expect(onboardings.locator("tbody tr")).toHaveCount(1);
  const failed = onboardings.getByRole("row", { name: new RegExp(secondName) });
  await expect(failed).toContainText("failed");
  await expect(failed).toContainText("slug-taken");
  await expect(page.getByTestId("my-tenants")).toContainText(storeName);
  await failed.getByRole("link", { name: secondName }).click();
  await expect(page).toHaveURL(statusUrl);
  await expect(progress.getByTestId("onboarding-status")).toHaveText("failed");

  expect(errors).toEqual([]);
});

test("an operator sees the ops console and verifies the platform's audit chain", async ({ page }) => {
  await signIn(page, "operator@bazaar.local", "bazaar-demo-password");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Ops: tenants" })).toBeVisible();

  await nav.getByRole("link", { name: "Ops: tenants" }).click();
  await expect(page.getByTestId("ops-tenants")).toContainText("Acme Crafts");

  await nav.getByRole("link", { name: "Ops: flags" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Flagged identities" })).toBeVisible();

  await nav.getByRole("link", { name: "Ops: audit" }).click();
  await page.getByLabel("Chain").selectOption({ label: "Platform (identity and operator actions)" });
  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByTestId("verify-result")).toContainText("Chain intact");
});

test("a seller does not see the ops console", async ({ page }) => {
  await signIn(page, "staff@bolt-books.local", "bazaar-demo-password");
  await expect(page.getByRole("heading", { level: 1, name: "Tenants" })).toBeVisible();
  await expect(page.getByTestId("my-tenants")).toContainText("Bolt Books");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Start selling" })).toBeVisible();
  await expect(nav.getByRole("link", { name: /^Ops/ })).toHaveCount(0);
  await page.goto("/ops/tenants");
  await expect(page.getByRole("heading", { level: 1, name: "Operators only" })).toBeVisible();
});

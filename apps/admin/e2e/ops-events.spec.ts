import { randomUUID } from "node:crypto";

import { createEvent, createKafka, createProducer, deadLetterMessage, eventHeaders } from "@bazaar/events";
import { collectBrowserErrors } from "@bazaar/next-kit/playwright";
import { expect, test } from "@playwright/test";

import { runId, signInAs } from "./seller";

// The event explorer against this run's own topics (prefix e2e-admin., playwright.config.ts): the
// workers' consumer groups with their lag, the outbox's recent events, and a dead letter replayed.

const PREFIX = "e2e-admin.";

/** Puts one dead letter on tenants.events' DLQ, as a consumer that gave up on it would. */
async function deadLetter(run: string) {
  const tenantId = randomUUID();
  const event = createEvent({
    type: "tenants.plan.changed",
    version: 1,
    tenantId,
    aggregateId: tenantId,
    correlationId: `e2e-${run}`,
    // No worker of this run handles tenants.plan.changed, so the replayed letter changes nothing.
    payload: { tenantId, fromPlan: "FREE", toPlan: "PRO", actorId: randomUUID() },
  });
  const producer = createProducer({ kafka: createKafka({ clientId: `e2e-admin-explorer-${run}` }) });
  await producer.connect();
  try {
    const message = { key: Buffer.from(tenantId), value: Buffer.from(JSON.stringify(event)), headers: eventHeaders(event), offset: "0", timestamp: "0", attributes: 0 };
    await producer.publish([deadLetterMessage({ topic: `${PREFIX}tenants.events`, partition: 0, message, groupId: `${PREFIX}e2e-probe`, error: `boom ${run}`, attempts: 4 })]);
  } finally {
    await producer.disconnect();
  }
  return event.id;
}

test("an operator sees topics with consumer lag, finds an event by type and replays a dead letter", async ({ page }) => {
  const errors = collectBrowserErrors(page);
  const run = runId();
  const eventId = await deadLetter(run);

  // Signing in writes identity.login.succeeded to the outbox: the event to find.
  await signInAs(page, "operator@bazaar.local");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Ops: events" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Event explorer" })).toBeVisible();

  const topics = page.getByTestId("topics");
  await expect(topics.getByRole("cell", { name: "tenants.events", exact: true })).toBeVisible();
  await expect(topics.getByRole("cell", { name: "tenants.events.dlq", exact: true })).toBeVisible();
  // The run's workers are listed as consumer groups of their topics, each with how far it lags.
  await expect(topics.getByRole("cell").filter({ hasText: /e2e-admin\.[\w-]+ \(\d+\)/ }).first()).toBeVisible();

  const filter = page.getByRole("form", { name: "Filter events" });
  await filter.getByLabel("Type").fill("identity.login.succeeded");
  await filter.getByRole("button", { name: "Filter" }).click();
  const recent = page.getByTestId("recent-events");
  await expect(recent.locator("tbody tr").first()).toBeVisible();
  for (const type of await recent.locator("tbody tr td:nth-child(2)").allTextContents()) expect(type).toBe("identity.login.succeeded");

  const dead = page.getByRole("region", { name: "Dead letters" });
  await dead.getByLabel("Topic").selectOption("tenants.events");
  const letter = page.getByTestId("dead-letters").getByRole("row", { name: new RegExp(eventId) });
  await expect(letter).toContainText(`boom ${run}`);
  await expect(letter.getByRole("cell").last()).toHaveText("no");
  await letter.getByRole("checkbox", { name: `Select ${eventId}` }).check();
  await dead.getByRole("button", { name: "Replay 1 selected" }).click();
  await expect(dead.getByText("Sent 1 back to tenants.events.")).toBeVisible();
  // Still listed, now marked with when and by whom.
  await expect(letter.getByRole("cell").last()).toHaveText(/ by [0-9a-f-]{36}$/);

  expect(errors).toEqual([]);
});

import { describe, expect, it } from "vitest";

import { apiErrorOf, formatWait } from "./api-error";

/** The shape a TRPCClientError has: the server's error formatter output in `data`. */
function clientError(message: string, data: Record<string, unknown>): Error {
  return Object.assign(new Error(message), { data });
}

describe("apiErrorOf", () => {
  it("keeps a domain refusal's sentence", () => {
    expect(apiErrorOf(clientError("invalid email or password", { code: "UNAUTHORIZED" }))).toEqual({
      code: "UNAUTHORIZED",
      message: "Invalid email or password.",
      fieldErrors: {},
      retryAfter: null,
    });
  });

  it("maps zod issues to the first message per field", () => {
    const view = apiErrorOf(
      clientError("[...]", {
        code: "BAD_REQUEST",
        zodError: { formErrors: [], fieldErrors: { password: ["at least 10 characters", "other"], email: ["a valid email address"] } },
      }),
    );
    expect(view.message).toBe("Please correct the highlighted fields.");
    expect(view.fieldErrors).toEqual({ password: "at least 10 characters", email: "a valid email address" });
  });

  it("says how long to wait after TOO_MANY_REQUESTS", () => {
    const view = apiErrorOf(clientError("too many requests; retry in 42s", { code: "TOO_MANY_REQUESTS", retryAfter: 42 }));
    expect(view).toMatchObject({ code: "TOO_MANY_REQUESTS", retryAfter: 42, message: "Too many attempts. Try again in 42 seconds." });
  });

  it("hides an internal error's message", () => {
    expect(apiErrorOf(clientError("connect ECONNREFUSED 127.0.0.1:5432", { code: "INTERNAL_SERVER_ERROR" })).message).toBe(
      "Something went wrong on our side. Please try again.",
    );
  });

  it("treats an error without tRPC data as the network failing", () => {
    expect(apiErrorOf(new TypeError("Failed to fetch")).message).toMatch(/could not reach the server/i);
    expect(apiErrorOf("thrown string").code).toBe("UNKNOWN");
  });
});

describe("formatWait", () => {
  it.each([
    [1, "1 second"],
    [45, "45 seconds"],
    [89, "89 seconds"],
    [90, "2 minutes"],
    [600, "10 minutes"],
  ])("%i s reads %s", (seconds, text) => {
    expect(formatWait(seconds)).toBe(text);
  });
});

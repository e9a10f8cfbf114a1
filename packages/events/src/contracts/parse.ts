import { envelopeSchema, type Envelope } from "../envelope";
import { InvalidEventError, formatIssues } from "../errors";
import { findContract, type AnyContract, type DomainEvent } from "./registry";

export type ParseResult =
  | { ok: true; event: DomainEvent; contract: AnyContract }
  | { ok: false; error: InvalidEventError; envelope?: Envelope };

/** Checks the envelope, finds the contract for type+version and checks the payload against it. */
export function parseEvent(raw: unknown): ParseResult {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    return {
      ok: false,
      error: new InvalidEventError("invalid-envelope", `invalid envelope: ${formatIssues(envelope.error.issues)}`, envelope.error.issues),
    };
  }
  const contract = findContract(envelope.data.type, envelope.data.version);
  if (!contract) {
    return {
      ok: false,
      envelope: envelope.data,
      error: new InvalidEventError("unknown-contract", `no contract for ${envelope.data.type} v${envelope.data.version}`),
    };
  }
  const payload = contract.payload.safeParse(envelope.data.payload);
  if (!payload.success) {
    return {
      ok: false,
      envelope: envelope.data,
      error: new InvalidEventError(
        "invalid-payload",
        `invalid payload for ${contract.type} v${contract.version}: ${formatIssues(payload.error.issues)}`,
        payload.error.issues,
      ),
    };
  }
  return { ok: true, contract, event: { ...envelope.data, payload: payload.data } as DomainEvent };
}

/** A Kafka message value (UTF-8 JSON) as a value, or the `malformed-json` error. */
export function readJsonValue(value: Buffer | string | null): { ok: true; raw: unknown } | { ok: false; error: InvalidEventError } {
  if (value === null) return { ok: false, error: new InvalidEventError("malformed-json", "message has no value") };
  try {
    return { ok: true, raw: JSON.parse(typeof value === "string" ? value : value.toString("utf8")) };
  } catch (err) {
    return { ok: false, error: new InvalidEventError("malformed-json", `value is not JSON: ${(err as Error).message}`) };
  }
}

/** `parseEvent` for a Kafka message value (UTF-8 JSON). */
export function parseEventJson(value: Buffer | string | null): ParseResult {
  const json = readJsonValue(value);
  return json.ok ? parseEvent(json.raw) : json;
}

import superjson from "superjson";

// The tRPC transformer: superjson, which walks every value it sends to find Dates, Maps and the like. A
// read model or a search answer that came out of JSON.parse has none of those, and walking it was the
// largest single item of the API's CPU profile under the read benchmarks (decision 0025). Such a value is
// marked where it is built and sent as `{ json: value }`, which is exactly what superjson produces for
// a plain-JSON value: clients see the same wire format.

const plain = new WeakSet<object>();

/** Marks `value` (the whole tree) as plain JSON: strings, finite numbers, booleans, null, arrays, objects. */
export function asPlainJson<T extends object>(value: T): T {
  plain.add(value);
  return value;
}

export const transformer = {
  serialize: (value: unknown) => (typeof value === "object" && value !== null && plain.has(value) ? { json: value } : superjson.serialize(value)),
  deserialize: (value: Parameters<typeof superjson.deserialize>[0]): unknown => superjson.deserialize(value),
};

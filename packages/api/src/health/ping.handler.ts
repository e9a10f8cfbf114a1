export function pingHandler() {
  return { status: "ok" as const, time: new Date() };
}

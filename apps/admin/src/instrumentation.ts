// Next.js calls register() once per server process before serving; only the Node.js runtime traces.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { registerNodeTelemetry } = await import("@bazaar/next-kit/telemetry");
    registerNodeTelemetry("admin");
  }
}

import dns2 from "dns2";

// The DNS the app's custom-domain check resolves through in this run (DNS_RESOLVERS in
// playwright.config.ts): a real server on loopback whose TXT records the spec publishes, as a seller
// would at their DNS provider. Port fixed because the app server is started before any spec.
export const E2E_DNS_PORT = 5391;

export interface DnsZone {
  publishTxt(name: string, value: string): void;
  close(): Promise<void>;
}

export async function startDnsZone(): Promise<DnsZone> {
  const records = new Map<string, string>();
  const { Packet } = dns2;
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const value = question ? records.get(question.name.toLowerCase()) : undefined;
      if (question && value !== undefined && question.type === Packet.TYPE.TXT) {
        response.answers.push(Packet.createResourceFromQuestion(question, { type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data: value }));
      } else {
        response.header.rcode = Packet.RCODE.NXDOMAIN;
      }
      send(response);
    },
  });
  await server.listen({ udp: { port: E2E_DNS_PORT, address: "127.0.0.1" } });
  return { publishTxt: (name, value) => void records.set(name.toLowerCase(), value), close: () => server.close() };
}

import http from "node:http";
import https from "node:https";
import { apiEnv } from "@bazaar/api/env";
import {
  normalizeAddress,
  PROXY_SECRET_HEADER,
  resolveClientAddress,
  trustedProxies,
  VOUCHED_ADDRESS_HEADER,
  vouchedAddress,
  type TrustedProxies,
} from "@bazaar/api/client-address";

/*
 * The Next apps call the API in process, so the API sees no socket: the app must tell it the client's
 * address, and must know it first. Next writes the socket's address into X-Forwarded-For only when the
 * request has none, so a browser that sends its own X-Forwarded-For would choose its address. Instead,
 * the Node server stamps every incoming request with its real TCP peer (PEER_HEADER, overwriting
 * whatever the client sent), the app walks X-Forwarded-For from that peer past TRUSTED_PROXIES only,
 * and hands the result to the API vouched for with API_PROXY_SECRET. The app's own loopback calls
 * (auth-proxy's session renewal) vouch the same way, so the browser's address survives that hop.
 */

/** The TCP peer of the request, written by the server before Next sees the request. */
export const PEER_HEADER = "x-bazaar-peer-address";

const state = globalThis as typeof globalThis & { bazaarPeerStamp?: boolean; bazaarAppProxies?: TrustedProxies };

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

function stamp(prototype: { emit: Emit }): void {
  const original = prototype.emit;
  prototype.emit = function emitWithPeer(this: unknown, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      const peer = normalizeAddress(req.socket?.remoteAddress);
      if (peer) req.headers[PEER_HEADER] = peer;
      else delete req.headers[PEER_HEADER];
    }
    return original.call(this, event, ...args);
  };
}

/**
 * Makes every HTTP(S) server of this process stamp requests with their TCP peer. Called once from the
 * apps' instrumentation (registerNodeTelemetry), which runs in the server process before it serves.
 */
export function installPeerAddressStamp(): void {
  if (state.bazaarPeerStamp) return;
  stamp(http.Server.prototype as unknown as { emit: Emit });
  stamp(https.Server.prototype as unknown as { emit: Emit });
  state.bazaarPeerStamp = true;
}

function proxies(): TrustedProxies {
  state.bazaarAppProxies ??= trustedProxies(apiEnv().TRUSTED_PROXIES);
  return state.bazaarAppProxies;
}

/**
 * The client address of a request to this app: the one a hop holding API_PROXY_SECRET vouched for
 * (the app's own loopback calls), else the stamped TCP peer walked back through TRUSTED_PROXIES. Null
 * when the stamp is not installed, because then PEER_HEADER is whatever the client wrote.
 */
export function clientAddressOf(headers: Headers): string | null {
  const vouched = vouchedAddress(headers, apiEnv().API_PROXY_SECRET);
  if (vouched) return vouched;
  if (!state.bazaarPeerStamp) return null;
  return resolveClientAddress(headers.get(PEER_HEADER), headers, proxies());
}

/** The headers that carry `address` to the API (or to this app's own loopback endpoints), authenticated. */
export function vouchingHeaders(address: string | null): Record<string, string> {
  return address ? { [VOUCHED_ADDRESS_HEADER]: address, [PROXY_SECRET_HEADER]: apiEnv().API_PROXY_SECRET } : {};
}

/**
 * `headers` as the API should get them: whatever the client sent under our vouching names is dropped,
 * and the address this app established is vouched for.
 */
export function forApi(headers: Headers, address: string | null): Headers {
  const out = new Headers(headers);
  for (const name of [VOUCHED_ADDRESS_HEADER, PROXY_SECRET_HEADER, PEER_HEADER]) out.delete(name);
  for (const [name, value] of Object.entries(vouchingHeaders(address))) out.set(name, value);
  return out;
}

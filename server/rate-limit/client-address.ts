import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import type { TrustProxy } from '../config.ts';

/**
 * The client's address for rate limits and logs (TRUST_PROXY). Behind a load balancer the TCP
 * peer is the balancer, so every visitor would share one budget; the balancer tells the client's
 * address in X-Forwarded-For. Only trusted hops are believed: proxy-addr (Express's) walks the
 * header from the nearest hop back and stops at the first address that is not a trusted proxy,
 * so a client cannot choose its address by sending the header itself. Works the same for HTTP
 * requests and WebSocket upgrades (both are IncomingMessages).
 */
export function clientAddressResolver(trust: TrustProxy): (req: IncomingMessage | undefined) => string | null {
  if (trust === false) return (req) => req?.socket.remoteAddress ?? null;
  // A hop count trusts that many proxies nearest to us, whatever their addresses (as Express does).
  const isTrusted = typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : proxyAddr.compile(trust);
  return (req) => {
    // A socket already closed has no address; proxy-addr needs one.
    if (!req?.socket.remoteAddress) return null;
    return proxyAddr(req, isTrusted);
  };
}

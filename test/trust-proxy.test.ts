import { randomBytes } from 'node:crypto';
import { createClient as createWsClient } from 'graphql-ws';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../server/config.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { type SignedUpTeam, signUp } from './helpers/fixtures.ts';

// Behind a load balancer the TCP peer is the balancer: rate limits must key callers on the
// address the balancer forwards (X-Forwarded-For), and only when the peer is a trusted proxy
// (TRUST_PROXY). The test's connections come from 127.0.0.1: "loopback" makes it a trusted proxy.

/** 30 aliases of __typename: an operation anyone may run, costing 30 points. */
const COSTS_30 = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
const POINTS = 200;
const LIMITS = { RATE_LIMIT_POINTS: String(POINTS), RATE_LIMIT_REFILL_PER_SECOND: '1', RATE_LIMIT_REPORT: 'true' };

/** A documentation address (RFC 3849) no other run or file uses: buckets in Redis outlive a run. */
const someAddress = () => `2001:db8::${randomBytes(6).toString('hex').match(/..../g)!.join(':')}`;

async function remainingAfter(base: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: COSTS_30 }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { extensions: { cost: { remaining: number; requested: number } } };
  expect(body.extensions.cost.requested).toBe(30);
  return body.extensions.cost.remaining;
}

describe('without TRUST_PROXY (the default)', () => {
  let t: TestApp;
  let base: string;
  let team: SignedUpTeam;
  beforeAll(async () => {
    t = await createTestApp(LIMITS);
    base = await t.listen();
    team = await signUp(t);
  });

  it('is off', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
  });

  it('ignores X-Forwarded-For: a client cannot buy a fresh budget by naming another address', async () => {
    const key = { 'x-pavior-key': team.publicKey };
    await remainingAfter(base, { ...key, 'x-forwarded-for': someAddress() });
    // Another "client" by its header, the same peer: the same (public key, address) bucket.
    const second = await remainingAfter(base, { ...key, 'x-forwarded-for': someAddress() });
    expect(second).toBeLessThan(POINTS - 30);
  });
});

describe('TRUST_PROXY=loopback (the peer is a trusted proxy)', () => {
  let t: TestApp;
  let base: string;
  let team: SignedUpTeam;
  beforeAll(async () => {
    t = await createTestApp({ ...LIMITS, TRUST_PROXY: 'loopback' });
    base = await t.listen();
    team = await signUp(t);
  });

  it('gives two forwarded clients separate buckets, anonymous or with the public key', async () => {
    const credentials: Record<string, string>[] = [{}, { 'x-pavior-key': team.publicKey }];
    for (const credential of credentials) {
      const [first, second] = [someAddress(), someAddress()];
      await remainingAfter(base, { ...credential, 'x-forwarded-for': first });
      expect(await remainingAfter(base, { ...credential, 'x-forwarded-for': first })).toBeLessThan(POINTS - 30);
      // A fresh bucket: full before this operation.
      expect(await remainingAfter(base, { ...credential, 'x-forwarded-for': second })).toBe(POINTS - 30);
    }
  });

  it('believes only the trusted hops: a client prepending its own X-Forwarded-For entries keeps its bucket', async () => {
    const client = someAddress();
    const key = { 'x-pavior-key': team.publicKey };
    // The client sent "X-Forwarded-For: <anything>"; the proxy appended the address it saw.
    await remainingAfter(base, { ...key, 'x-forwarded-for': `${someAddress()}, ${client}` });
    expect(await remainingAfter(base, { ...key, 'x-forwarded-for': `${someAddress()}, ${client}` })).toBeLessThan(POINTS - 30);
  });

  it('takes the address of a WebSocket upgrade the same way', async () => {
    const wsUrl = `${base.replace('http', 'ws')}/graphql`;
    const remainingOver = async (forwardedFor: string) => {
      // graphql-ws hands `headers` to the ws constructor for the upgrade request.
      class ForwardedWebSocket extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { 'x-forwarded-for': forwardedFor } });
        }
      }
      const client = createWsClient({ url: wsUrl, webSocketImpl: ForwardedWebSocket, connectionParams: { publicKey: team.publicKey }, retryAttempts: 0 });
      try {
        const result = await new Promise<any>((resolve, reject) => {
          let value: unknown;
          client.subscribe({ query: COSTS_30 }, { next: (v) => (value = v), error: reject, complete: () => resolve(value) });
        });
        expect(result.data.a0).toBe('Query');
        return result.extensions.cost.remaining as number;
      } finally {
        await client.dispose();
      }
    };
    const [first, second] = [someAddress(), someAddress()];
    await remainingOver(first);
    expect(await remainingOver(first)).toBeLessThan(POINTS - 30);
    expect(await remainingOver(`${someAddress()}, ${second}`)).toBe(POINTS - 30);
  });
});

describe('TRUST_PROXY values', () => {
  it('takes addresses, CIDRs and names, or a hop count; refuses true and nonsense', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.5,loopback' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.5', 'loopback']);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example' })).toThrow(/TRUST_PROXY/);
  });
});

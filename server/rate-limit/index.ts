import type { Viewer } from '../auth.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logging.ts';
import { createMemoryBucketStore } from './memory-store.ts';
import { createRedisBucketStore } from './redis-store.ts';
import type { BucketLimits } from './token-bucket.ts';
import type { BucketStore } from './types.ts';

/**
 * Cost-based rate limits, like GitHub's and Shopify's GraphQL APIs: each credential has a token
 * bucket of RATE_LIMIT_POINTS points refilling RATE_LIMIT_REFILL_PER_SECOND a second, and each
 * operation takes its cost (the cost server/security.ts checks against QUERY_MAX_COST). Over
 * budget the operation is not run. With REDIS_URL the buckets live in Redis, shared by every
 * instance; without it, in this process. This module decides; security.ts speaks GraphQL.
 */

/**
 * What every response reports in `extensions.cost`. `limit`, `remaining`, `refillPerSecond` and
 * `resetAt` (when the bucket is full again, ISO 8601) are absent when rate limits are off.
 */
export interface CostReport {
  requested: number;
  limit?: number;
  remaining?: number;
  refillPerSecond?: number;
  resetAt?: string;
}

export type RateLimitDecision =
  | { allowed: true; cost: CostReport }
  /** `retryAfter`: whole seconds until the bucket holds the operation's cost. */
  | { allowed: false; cost: CostReport; retryAfter: number };

export interface RateLimiter {
  /** Takes `cost` points from the bucket at `key` (see bucketKeyFor) if it holds them. */
  charge(key: string, cost: number): Promise<RateLimitDecision>;
  close(): Promise<void>;
}

export type RateLimitConfig = Pick<Config, 'rateLimit' | 'rateLimitPoints' | 'rateLimitRefillPerSecond' | 'redisUrl'>;

/**
 * One bucket per credential, inside its team: a member (all of their sessions share it, so
 * logging in again buys no fresh budget), an API key, a public key per client address (one
 * visitor's browser cannot spend the whole website's budget); callers without a credential (or
 * with a refused one) per client address.
 */
export function bucketKeyFor(viewer: Viewer | null, clientAddress: string | null | undefined): string {
  const address = clientAddress || 'unknown';
  if (!viewer) return `anonymous:${address}`;
  switch (viewer.kind) {
    case 'member':
      return `team:${viewer.teamId}:member:${viewer.memberId}`;
    case 'apiKey':
      return `team:${viewer.teamId}:key:${viewer.apiKeyId}`;
    case 'public':
      return `team:${viewer.teamId}:public:${viewer.clientAddress || address}`;
  }
}

export function createRateLimiter(config: RateLimitConfig, logger?: Pick<Logger, 'warn'>): RateLimiter {
  if (!config.rateLimit) {
    return { charge: async (_key, cost) => ({ allowed: true, cost: { requested: cost } }), close: async () => {} };
  }
  const limits: BucketLimits = { capacity: config.rateLimitPoints, refillPerSecond: config.rateLimitRefillPerSecond };
  const store: BucketStore = config.redisUrl ? createRedisBucketStore(config.redisUrl) : createMemoryBucketStore();
  let lastWarning = 0;
  return {
    async charge(key, cost) {
      // Every operation takes at least a point; one dearer than the whole bucket needs a full one.
      const take = Math.min(Math.max(1, cost), limits.capacity);
      let result;
      try {
        result = await store.take(key, take, limits);
      } catch (error) {
        // Redis away: serve rather than refuse everyone (its outage shows in /ready and the log).
        if (Date.now() - lastWarning > 10_000) {
          lastWarning = Date.now();
          logger?.warn({ err: error }, 'rate limit store unavailable: operations are not being limited');
        }
        return { allowed: true, cost: { requested: cost } };
      }
      const report: CostReport = {
        requested: cost,
        limit: limits.capacity,
        remaining: Math.floor(result.tokens),
        refillPerSecond: limits.refillPerSecond,
        resetAt: new Date(result.now + Math.max(0, (limits.capacity - result.tokens) * 1000) / limits.refillPerSecond).toISOString(),
      };
      if (result.allowed) return { allowed: true, cost: report };
      const retryAfter = Math.max(1, Math.ceil((take - result.tokens) / limits.refillPerSecond));
      return { allowed: false, cost: report, retryAfter };
    },
    close: () => store.close(),
  };
}

import { LRUCache } from 'lru-cache';
import { type BucketLimits, type BucketState, msUntilFull, type TakeResult, takeTokens } from './token-bucket.ts';
import type { BucketStore } from './types.ts';

/**
 * Buckets kept in this process (no REDIS_URL): a single instance's budgets. Each entry expires
 * once its bucket would be full again, since a missing bucket counts as full; the map is bounded
 * so a flood of client addresses cannot grow it without end (the least recently used bucket is
 * dropped first, which at worst hands that caller a full bucket again).
 */
const MAX_BUCKETS = 100_000;

export function createMemoryBucketStore(): BucketStore {
  const buckets = new LRUCache<string, BucketState>({ max: MAX_BUCKETS });
  return {
    async take(key: string, cost: number, limits: BucketLimits): Promise<TakeResult> {
      const now = Date.now();
      const result = takeTokens(buckets.get(key), cost, now, limits);
      if (result.allowed) {
        // +1 s: lru-cache reads a ttl of 0 as "forever".
        buckets.set(key, { tokens: result.tokens, at: now }, { ttl: msUntilFull(result.tokens, limits) + 1000 });
      }
      return result;
    },
    async close() {
      buckets.clear();
    },
  };
}

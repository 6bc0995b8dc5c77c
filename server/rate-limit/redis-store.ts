import { Redis } from 'ioredis';
import type { BucketLimits, TakeResult } from './token-bucket.ts';
import type { BucketStore } from './types.ts';

/**
 * Buckets in Redis, so every instance behind the load balancer draws on the same budget. One
 * Lua script per check makes refill-and-take atomic (two instances cannot both spend the last
 * points), and uses Redis's clock, so instances whose clocks disagree still agree on the refill.
 * Keys expire once their bucket would be full again: an idle credential costs no memory.
 *
 * The steps are those of takeTokens() in token-bucket.ts.
 */
const TAKE_TOKENS_LUA = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(saved[1])
local at = tonumber(saved[2])
if tokens == nil or at == nil then
  tokens = capacity
else
  tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)
end
if tokens < cost then
  return { 0, tostring(tokens), now }
end
tokens = tokens - cost
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) * 1000 / rate) + 1000)
return { 1, tostring(tokens), now }
`;

const KEY_PREFIX = 'pavior:rate:';

type TakeTokensCommand = (key: string, capacity: number, refillPerSecond: number, cost: number) => Promise<[number, string, number]>;

export function createRedisBucketStore(redisUrl: string): BucketStore {
  // A check that cannot reach Redis fails fast (the limiter then lets the operation through)
  // rather than holding every request while Redis is away.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 2000, lazyConnect: true });
  redis.on('error', () => {}); // reported by the failing command; ioredis reconnects by itself
  redis.defineCommand('paviorTakeTokens', { numberOfKeys: 1, lua: TAKE_TOKENS_LUA });
  const takeTokens = (redis as unknown as { paviorTakeTokens: TakeTokensCommand }).paviorTakeTokens.bind(redis);
  return {
    async take(key: string, cost: number, limits: BucketLimits): Promise<TakeResult> {
      const [allowed, tokens, now] = await takeTokens(KEY_PREFIX + key, limits.capacity, limits.refillPerSecond, cost);
      return { allowed: allowed === 1, tokens: Number(tokens), now: Number(now) };
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

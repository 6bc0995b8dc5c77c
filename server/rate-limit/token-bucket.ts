/**
 * Token-bucket arithmetic, in one place for the in-process store (the Redis script in
 * redis-store.ts does the same steps in Lua). A bucket holds up to `capacity` points and gains
 * `refillPerSecond` points a second; an operation is let through when the bucket holds its cost,
 * which is then taken out. A refused operation takes nothing.
 */
export interface BucketLimits {
  capacity: number;
  refillPerSecond: number;
}

/** What a store keeps per bucket: its points at a moment (ms since the epoch, the store's clock). */
export interface BucketState {
  tokens: number;
  at: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Points left after this operation (before it, when refused); fractional while refilling. */
  tokens: number;
  /** The store's clock when it decided (ms since the epoch). */
  now: number;
}

/** A bucket never seen (or expired, which only happens once it is full again) is full. */
export function takeTokens(state: BucketState | undefined, cost: number, now: number, limits: BucketLimits): TakeResult {
  const { capacity, refillPerSecond } = limits;
  const tokens = state ? Math.min(capacity, state.tokens + (Math.max(0, now - state.at) * refillPerSecond) / 1000) : capacity;
  if (tokens < cost) return { allowed: false, tokens, now };
  return { allowed: true, tokens: tokens - cost, now };
}

/** Milliseconds until a bucket holding `tokens` is full again: after that it need not be kept. */
export function msUntilFull(tokens: number, limits: BucketLimits): number {
  return Math.ceil(((limits.capacity - tokens) * 1000) / limits.refillPerSecond);
}

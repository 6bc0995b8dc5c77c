import type { BucketLimits, TakeResult } from './token-bucket.ts';

/** Where buckets live: this process (memory-store.ts) or Redis, shared by every instance (redis-store.ts). */
export interface BucketStore {
  /** Atomically refills the bucket at `key` and takes `cost` points from it if it holds them. */
  take(key: string, cost: number, limits: BucketLimits): Promise<TakeResult>;
  close(): Promise<void>;
}

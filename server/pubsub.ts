import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { Event } from './db/types.ts';

/** Channels and payloads published by services and consumed by subscriptions. */
export type PubSubChannels = {
  /**
   * Events tracked, added or recorded in a team, in the batches they were written. Through Redis
   * the payload is JSON, so timestamps arrive as strings: subscribers revive them.
   */
  activity: [teamId: string, payload: { events: Event[] }];
};

export type PubSub = ReturnType<typeof createPubSub<PubSubChannels>> & { close(): Promise<void> };

/**
 * In-process pub/sub by default; with a Redis URL, events go through Redis so every instance
 * behind a load balancer hears every other instance's events.
 */
export function createAppPubSub(redisUrl?: string): PubSub {
  if (!redisUrl) return Object.assign(createPubSub<PubSubChannels>(), { close: async () => {} });
  const publishClient = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  const pubsub = createPubSub<PubSubChannels>({ eventTarget });
  return Object.assign(pubsub, {
    close: async () => {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
    ping: () => publishClient.ping(),
  });
}

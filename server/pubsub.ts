import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import { setMaxListeners } from 'node:events';
import { Redis } from 'ioredis';
import type { Event, Import } from './db/types.ts';

/** Channels and payloads published by services and consumed by subscriptions. */
export type PubSubChannels = {
  /**
   * Events tracked, added or recorded in a team, in the batches they were written. Through Redis
   * the payload is JSON, so timestamps arrive as strings: subscribers revive them.
   */
  activity: [teamId: string, payload: { events: Event[] }];
  /**
   * An import's state after each committed batch (throttled) and every status change, keyed by
   * import id. Through Redis its timestamps arrive as strings: subscribers revive them.
   */
  importProgress: [importId: string, payload: { import: Import }];
};

export type PubSub = ReturnType<typeof createPubSub<PubSubChannels>> & { close(): Promise<void> };

/**
 * In-process pub/sub by default; with a Redis URL, events go through Redis so every instance
 * behind a load balancer hears every other instance's events.
 */
export function createAppPubSub(redisUrl?: string): PubSub {
  if (!redisUrl) {
    // One listener per subscription on the team's channel: hundreds are normal, not a leak
    // (Node warns past 10 on an EventTarget).
    const eventTarget = new EventTarget();
    setMaxListeners(0, eventTarget);
    return Object.assign(createPubSub<PubSubChannels>({ eventTarget }), { close: async () => {} });
  }
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

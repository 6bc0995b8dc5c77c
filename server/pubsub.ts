import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import { setMaxListeners } from 'node:events';
import { Redis } from 'ioredis';
import type { Event, Import } from './db/types.ts';
import type { Logger } from './logging.ts';

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
 * behind a load balancer hears every other instance's events. `logger` hears Redis failures.
 */
export function createAppPubSub(redisUrl?: string, logger?: Pick<Logger, 'warn'>): PubSub {
  if (!redisUrl) {
    // One listener per subscription on the team's channel: hundreds are normal, not a leak
    // (Node warns past 10 on an EventTarget).
    const eventTarget = new EventTarget();
    setMaxListeners(0, eventTarget);
    return Object.assign(createPubSub<PubSubChannels>({ eventTarget }), { close: async () => {} });
  }
  const publishClient = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  // Connection errors: ioredis reconnects by itself; failed commands are reported below.
  for (const client of [publishClient, subscribeClient]) client.on('error', () => {});
  const commands = guardCommands(logger);
  const eventTarget = createRedisEventTarget({
    publishClient: commands.guard(publishClient, ['publish']),
    subscribeClient: commands.guard(subscribeClient, ['subscribe', 'unsubscribe']),
  });
  const pubsub = createPubSub<PubSubChannels>({ eventTarget });
  return Object.assign(pubsub, {
    close: async () => {
      await commands.close();
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
    ping: () => publishClient.ping(),
  });
}

type RedisCommand = 'publish' | 'subscribe' | 'unsubscribe';

/**
 * @graphql-yoga/redis-event-target fires its Redis commands and drops their promises, so a
 * failure (Redis away past maxRetriesPerRequest, or a subscription ending after close(): its
 * UNSUBSCRIBE meets a quit connection) was an unhandled rejection, which ends a Node process.
 * Guarded, every such command is tracked until it settles, and its failure is logged; once
 * close() has begun, new commands are dropped: a subscription that ends after it (its socket cut
 * by stop()) has nothing left to unsubscribe from, and nothing should publish once the app has
 * stopped (a publish then is logged).
 */
function guardCommands(logger?: Pick<Logger, 'warn'>) {
  const inFlight = new Set<Promise<unknown>>();
  let closing = false;
  return {
    /** `client` as the event target sees it: its `names` commands guarded, the rest untouched. */
    guard(client: Redis, names: RedisCommand[]): Redis {
      const run = (name: RedisCommand, args: unknown[]) => {
        if (closing) {
          if (name === 'publish') logger?.warn({ channel: args[0] }, 'publish after pub/sub close dropped');
          return Promise.resolve(0);
        }
        const command = client[name] as (...args: unknown[]) => Promise<unknown>;
        const settled = command.apply(client, args).catch((err: unknown) => {
          logger?.warn({ err, command: name }, 'redis pub/sub command failed');
        });
        inFlight.add(settled);
        void settled.finally(() => inFlight.delete(settled));
        return settled;
      };
      return new Proxy(client, {
        get(target, property) {
          if ((names as (string | symbol)[]).includes(property)) return (...args: unknown[]) => run(property as RedisCommand, args);
          const value: unknown = Reflect.get(target, property);
          // Everything else acts on the client itself (`on('message')` included).
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
    /** Refuses new commands and waits for those already sent (none of them rejects). */
    async close() {
      closing = true;
      await Promise.all(inFlight);
    },
  };
}

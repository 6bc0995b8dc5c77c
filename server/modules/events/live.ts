import type { Event } from '../../db/types.ts';
import type { PubSub } from '../../pubsub.ts';

/** What one live `activity` subscription wants; null or empty lists mean "any". */
export interface ActivityFilter {
  userId?: string | null;
  names?: readonly string[] | null;
  origins?: readonly string[] | null;
}

/** Receives the events of one published batch that pass its filter, in batch order; never empty. */
export type ActivitySink = (events: Event[]) => void;

interface Listener {
  filter: ActivityFilter;
  names: Set<string> | null;
  deliver: ActivitySink;
  end: (error?: unknown) => void;
}

interface TeamChannel {
  /** Listeners with a names filter, by name: a batch wakes only those whose names it holds. */
  byName: Map<string, Set<Listener>>;
  /** Listeners without a names filter: every batch is theirs to filter. */
  anyName: Set<Listener>;
  size: number;
  stop(): void;
}

/**
 * One pub/sub subscription per team per instance, shared by every live `activity` subscription
 * of that team on the instance. Each published batch is revived once (through Redis it arrives
 * as JSON: timestamps are strings) and handed to the listeners it concerns, already filtered:
 * a dashboard watching "checkout" costs nothing while batches of page views go by, where one
 * pub/sub subscription per dashboard would wake each of them for every batch. A listener that
 * throws is dropped alone; the others still get the batch.
 */
export class ActivityHub {
  private readonly teams = new Map<string, TeamChannel>();

  constructor(private readonly pubsub: Pick<PubSub, 'subscribe'>) {}

  /**
   * Starts delivering the team's matching events to `deliver`; returns the unsubscribe. `end` is
   * called if the pub/sub subscription itself ends (e.g. Redis failed), so the caller can fail
   * its subscription rather than wait for events that will not come.
   */
  listen(teamId: string, filter: ActivityFilter, deliver: ActivitySink, end: (error?: unknown) => void = () => {}): () => void {
    const channel = this.teams.get(teamId) ?? this.open(teamId);
    const listener: Listener = { filter, names: filter.names?.length ? new Set(filter.names) : null, deliver, end };
    if (listener.names) {
      for (const name of listener.names) {
        let set = channel.byName.get(name);
        if (!set) channel.byName.set(name, (set = new Set()));
        set.add(listener);
      }
    } else channel.anyName.add(listener);
    channel.size++;
    let listening = true;
    return () => {
      if (!listening) return;
      listening = false;
      if (listener.names) {
        for (const name of listener.names) {
          const set = channel.byName.get(name)!;
          set.delete(listener);
          if (set.size === 0) channel.byName.delete(name);
        }
      } else channel.anyName.delete(listener);
      if (--channel.size === 0 && this.teams.get(teamId) === channel) {
        this.teams.delete(teamId);
        channel.stop();
      }
    };
  }

  private open(teamId: string): TeamChannel {
    const source = this.pubsub.subscribe('activity', teamId);
    const channel: TeamChannel = { byName: new Map(), anyName: new Set(), size: 0, stop: () => void source.return?.() };
    this.teams.set(teamId, channel);
    void (async () => {
      let failure: unknown;
      try {
        for await (const { events } of source) this.dispatch(channel, events);
      } catch (error) {
        failure = error;
      }
      // Stopped by its last listener, or ended under them: then they are told, and the next
      // listener of the team opens a new subscription.
      if (this.teams.get(teamId) !== channel) return;
      this.teams.delete(teamId);
      for (const listener of new Set([...channel.anyName, ...[...channel.byName.values()].flatMap((set) => [...set])])) listener.end(failure);
    })();
    return channel;
  }

  private dispatch(channel: TeamChannel, raw: Event[]): void {
    const touched = new Set<Listener>(channel.anyName);
    if (channel.byName.size) {
      for (const event of raw) {
        const listeners = channel.byName.get(event.name);
        if (listeners) for (const listener of listeners) touched.add(listener);
      }
    }
    if (!touched.size) return;
    const events = raw.map(revive);
    for (const listener of touched) {
      const { userId, origins } = listener.filter;
      const mine = events.filter(
        (e) => (!listener.names || listener.names.has(e.name)) && (!userId || e.userId === userId) && (!origins?.length || origins.includes(e.origin)),
      );
      if (!mine.length) continue;
      try {
        listener.deliver(mine);
      } catch {
        // The listener's own subscription ends (see its deliver); the others go on.
      }
    }
  }
}

/** Timestamps arrive as ISO strings through Redis, as Dates in-process. */
function revive(event: Event): Event {
  if (event.occurredAt instanceof Date) return event;
  return { ...event, occurredAt: new Date(event.occurredAt), createdAt: new Date(event.createdAt) };
}

const hubs = new WeakMap<object, ActivityHub>();

/** The hub of an app's pub/sub (one per instance, made on first use). */
export function activityHub(pubsub: Pick<PubSub, 'subscribe'>): ActivityHub {
  let hub = hubs.get(pubsub);
  if (!hub) hubs.set(pubsub, (hub = new ActivityHub(pubsub)));
  return hub;
}

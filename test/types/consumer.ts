// A small integrator program, compiled (never run) against the generated client: `npm run
// typecheck` compiles it with the rest of the project, and test/client-types.test.ts shows that a
// breaking schema change makes it fail. Every `@ts-expect-error` must stay an error too.
import {
  createClient,
  type EventFieldsFragment,
  type ImportOutcome,
  type PaviorClient,
  PaviorError,
  type UserFieldsFragment,
  type UserFilter,
  UsersDocument,
} from '../../client/index.ts';

export function label(user: UserFieldsFragment): string {
  return `${user.displayName ?? user.email ?? user.externalId} (${user.status.toLowerCase()})`;
}

export async function syncVips(client: PaviorClient): Promise<string[]> {
  const filter: UserFilter = { tags: ['vip'], status: ['ACTIVE', 'ARCHIVED'], properties: [{ key: 'plan', op: 'EQ', value: 'pro' }] };
  const emails: string[] = [];
  for await (const user of client.users.list(filter, { orderBy: { field: 'EMAIL', direction: 'ASC' } })) {
    const tags: string[] = user.tags.map((tag) => tag.name);
    if (user.email) emails.push(`${user.email.toLowerCase()} ${user.displayName ?? ''} ${tags.join(',')}`);
  }
  // @ts-expect-error "ACTIV" is not a UserStatus
  void client.users.list({ status: ['ACTIV'] });
  return emails;
}

export async function upsert(client: PaviorClient, externalId: string): Promise<string | null> {
  const result = await client.identify({ externalId, traits: { displayName: 'Ada', role: 'ADMIN' }, properties: { plan: 'pro' } });
  switch (result.__typename) {
    case 'IdentifyPayload':
      return result.verified ? (result.user?.email ?? null) : result.userId;
    case 'ValidationError':
      for (const issue of result.issues) console.error(issue.path.join('.'), issue.code, issue.message);
      return null;
  }
  // @ts-expect-error every __typename is handled above
  return result.user;
}

export async function trackCheckout(client: PaviorClient): Promise<number> {
  const one = await client.track({ user: { email: 'ada@example.com' }, name: 'checkout', properties: { total: 42 } });
  if (one.__typename === 'NotFoundError') return 0;
  // @ts-expect-error `event` exists only on EventPayload: narrow first
  void one.event;
  // @ts-expect-error name is required
  void client.track({ user: { email: 'ada@example.com' } });
  const batch = await client.trackBatch({ events: [{ user: { externalId: 'u-1' }, name: 'login' }], createMissingUsers: true });
  return batch.__typename === 'TrackBatchPayload' ? batch.accepted - batch.rejected.length : -1;
}

export async function dashboard(client: PaviorClient, onEvent: (event: EventFieldsFragment) => void): Promise<void> {
  for await (const event of client.activity({ names: ['checkout'], origins: ['CLIENT', 'SERVER'] })) {
    onEvent(event);
    const who: string = event.user.externalId;
    const when: string = event.occurredAt;
    if (who && when) break;
  }
}

export async function importFile(client: PaviorClient, file: Blob): Promise<string> {
  const outcome: ImportOutcome = await client.imports.run(
    { data: file, name: 'users.csv' },
    { idColumn: 'Email', mapping: { Plan: 'property:plan' }, conflictPolicy: 'FILL_EMPTY', dryRun: false },
    { onProgress: (state) => void state.progress.percent.toFixed(1) },
  );
  if (outcome.__typename === 'Import') {
    const created: number = outcome.result?.created ?? 0;
    return `${outcome.status} ${created}`;
  }
  if (outcome.stage === 'commit') return `${outcome.code} after ${outcome.state.preview?.invalid ?? 0} invalid rows`;
  return `${outcome.stage}: ${outcome.code} ${outcome.message}`;
}

export async function raw(): Promise<number> {
  const client = createClient({ url: 'http://localhost:4000', apiKey: 'pav_sk_…' });
  try {
    const { users } = await client.request(UsersDocument, { first: 10, filter: { search: 'ada' } });
    return users.totalCount;
  } catch (error) {
    if (error instanceof PaviorError && error.code === 'UNAUTHENTICATED') return -1;
    throw error;
  }
}

// The typed Pavior client. Documents and their result types come from client/generated/ (run
// `npm run codegen` after editing client/operations/); this file gives each operation a method.
//
// Two kinds of failure, kept apart on purpose:
// - expected mutation failures (validation, conflict, not found, limits, wrong password…) are
//   part of the result union and come back as values, discriminated by `__typename`;
// - transport failures (no or bad credential, forbidden, network, masked server errors) throw a
//   `PaviorError` with a stable `code`.
//
// Browser-safe: this file and what it imports use only fetch, FormData, Blob and graphql-ws.
import * as G from './generated/graphql.ts';
import { createImports, type ImportsApi } from './imports.ts';
import { createLive, type SubscriptionOptions } from './live.ts';
import { type PageSizeMemo, type Paged, paged } from './pages.ts';
import { createTransport, type RetryOptions, type TypedDocument, type VariablesArgs } from './transport.ts';

export * from './generated/graphql.ts';
export { PaviorError, type GraphQLErrorEntry, type RetryOptions, type TypedDocument, type VariablesArgs } from './transport.ts';
export type { Page, Paged } from './pages.ts';
export type { SubscriptionOptions } from './live.ts';
export type {
  ImportOutcome,
  ImportFileInput,
  ImportRunOptions,
  ImportRunHooks,
  ImportsApi,
  ImportState,
} from './imports.ts';

export interface ClientOptions {
  /** The server's base URL (`https://pavior.example.com`) or its GraphQL endpoint (`…/graphql`). */
  url: string;
  /** A member's session token (`pav_st_…`), from `createTeam`, `login` or `acceptInvite`. */
  token?: string;
  /** A secret API key (`pav_sk_…`), from `createApiKey`. */
  apiKey?: string;
  /** The team's public key (`pav_pk_…`) for a website's browser code: `identify` and `track` only. */
  publicKey?: string;
  /** A `fetch` implementation; defaults to the global one. */
  fetch?: typeof globalThis.fetch;
  /** A WebSocket class for subscriptions; defaults to the global one (browsers, Node ≥ 22). On Node 20 pass `ws`. */
  webSocketImpl?: unknown;
  /**
   * Send generated documents by hash (persisted / trusted documents), falling back to the text
   * when the server does not know a hash. Default true. Needed when the server runs with
   * PERSISTED_DOCUMENTS_ONLY.
   */
  persistedDocuments?: boolean;
  /** Retries with exponential backoff and jitter (see RetryOptions for the rule); `false` disables them. */
  retry?: RetryOptions | false;
  /** Reconnection of subscriptions. */
  subscriptions?: SubscriptionOptions;
}

/** Selects a user by exactly one key. */
export type UserKey = { id: string } | { externalId: string } | { email: string };

export interface ListOptions {
  /**
   * Items per request, 1–100 (default 100). A page the server refuses as too costly
   * (QUERY_MAX_COST) is asked again smaller, and the size that fits is kept for that list.
   */
  pageSize?: number;
}

export interface PaviorClient {
  /** The GraphQL endpoint this client posts to. */
  readonly endpoint: string;
  /**
   * Runs any typed document and resolves to its `data`.
   *
   * @example
   * import { createClient, TeamMembersDocument } from 'pavior/client';
   * const client = createClient({ url: 'http://localhost:4000', apiKey: process.env.PAVIOR_API_KEY });
   * const { viewer } = await client.request(TeamMembersDocument, { first: 50 });
   * console.log(viewer.team.members.totalCount);
   */
  request<TResult, TVariables>(document: TypedDocument<TResult, TVariables>, ...args: VariablesArgs<TVariables>): Promise<TResult>;
  /**
   * Runs any typed subscription document over the WebSocket; yields each result's `data`.
   *
   * @example
   * for await (const { activity } of client.subscribe(ActivityDocument, { filter: { names: ['signup'] } })) {
   *   console.log(activity.name);
   * }
   */
  subscribe<TResult, TVariables>(document: TypedDocument<TResult, TVariables>, ...args: VariablesArgs<TVariables>): AsyncIterableIterator<TResult>;
  /**
   * Closes the client's WebSocket, ending its subscriptions. HTTP calls keep working.
   *
   * @example
   * await client.close();
   */
  close(): Promise<void>;

  /**
   * Who is calling: the member or API key, its scopes and its team.
   *
   * @example
   * const { team, scopes } = await client.viewer();
   */
  viewer(): Promise<G.ViewerQuery['viewer']>;
  /**
   * Signs a team up; a `CreateTeamPayload` carries the new admin's session token.
   *
   * @example
   * const result = await client.createTeam({ slug: 'acme', name: 'Acme', admin: { email, password } });
   * if (result.__typename === 'CreateTeamPayload') console.log(result.token);
   * else console.error(result.code, result.path);
   */
  createTeam(input: G.CreateTeamInput): Promise<G.CreateTeamMutation['createTeam']>;
  /**
   * Logs a member in to one team; a wrong password is a `CredentialsError` value, not a throw.
   *
   * @example
   * const result = await client.login({ teamSlug: 'acme', email, password });
   * if (result.__typename === 'SessionPayload') saveToken(result.token);
   */
  login(input: G.LoginInput): Promise<G.LoginMutation['login']>;
  /**
   * Ends the client's session (its token stops working).
   *
   * @example
   * await client.logout();
   */
  logout(): Promise<G.LogoutMutation['logout']>;
  /**
   * Joins a team with an invitation's token; a `SessionPayload` carries the new member's token.
   *
   * @example
   * const joined = await anonymous.acceptInvite({ token, password, name: 'Bo' });
   */
  acceptInvite(input: G.AcceptInviteInput): Promise<G.AcceptInviteMutation['acceptInvite']>;
  /**
   * Creates a secret API key with scopes (ADMIN session only); its secret is shown only now.
   *
   * @example
   * const result = await admin.createApiKey({ name: 'CRM sync', scopes: ['users:read'] });
   * if (result.__typename === 'CreateApiKeyPayload') store(result.secret);
   */
  createApiKey(input: G.CreateApiKeyInput): Promise<G.CreateApiKeyMutation['createApiKey']>;

  /**
   * Creates or updates a user by externalId or email (server API, or a browser with the public
   * key and a `userHash`).
   *
   * @example
   * const result = await client.identify({ externalId: 'u-42', email: 'ada@example.com', traits: { displayName: 'Ada' } });
   * if (result.__typename === 'ValidationError') console.error(result.issues);
   */
  identify(input: G.IdentifyInput): Promise<G.IdentifyMutation['identify']>;
  /**
   * Tracks one event for a user.
   *
   * @example
   * await client.track({ user: { externalId: 'u-42' }, name: 'checkout', properties: { total: 42 } });
   */
  track(input: G.TrackInput): Promise<G.TrackMutation['track']>;
  /**
   * Tracks up to 1,000 events; each is accepted or rejected (with its index) on its own.
   *
   * @example
   * const result = await client.trackBatch({ events: [{ user: { email: 'ada@example.com' }, name: 'login' }] });
   * if (result.__typename === 'TrackBatchPayload') console.log(result.accepted, result.rejected);
   */
  trackBatch(input: G.TrackBatchInput): Promise<G.TrackBatchMutation['trackBatch']>;
  /**
   * The team's events as they happen (a live dashboard). Needs a WebSocket (see `webSocketImpl`);
   * reconnects by itself; `break` ends the subscription.
   *
   * @example
   * for await (const event of client.activity({ names: ['checkout'] })) {
   *   console.log(event.user.externalId, event.name, event.properties);
   * }
   */
  activity(filter?: G.ActivityFilter): AsyncIterableIterator<G.EventFieldsFragment>;

  users: {
    /**
     * Every user matching the filter, newest first unless `orderBy` says otherwise, page by page.
     *
     * @example
     * for await (const user of client.users.list({ tags: ['vip'], status: ['ACTIVE'] })) console.log(user.email);
     * const total = (await client.users.list({ search: 'ada' }).first()).totalCount;
     */
    list(filter?: G.UserFilter, options?: ListOptions & { orderBy?: G.UserOrder }): Paged<G.UserFieldsFragment>;
    /**
     * One user by id, externalId or email; null when there is none.
     *
     * @example
     * const user = await client.users.get({ externalId: 'u-42' });
     */
    get(key: UserKey): Promise<G.UserFieldsFragment | null>;
    /**
     * Creates a user; every invalid field comes back at once in a `ValidationError`.
     *
     * @example
     * const created = await client.users.create({ email: 'ada@example.com', displayName: 'Ada' });
     * if (created.__typename === 'UserPayload') console.log(created.user.id);
     */
    create(input: G.CreateUserInput): Promise<G.CreateUserMutation['createUser']>;
    /**
     * Patches a user: only the fields given change; null clears.
     *
     * @example
     * await client.users.update({ id: user.id, patch: { jobTitle: 'CTO', properties: { plan: 'pro' } } });
     */
    update(input: G.UpdateUserInput): Promise<G.UpdateUserMutation['updateUser']>;
    /**
     * Deletes users, all or none.
     *
     * @example
     * const result = await client.users.delete({ ids: [user.id] });
     */
    delete(input: G.DeleteUsersInput): Promise<G.DeleteUsersMutation['deleteUsers']>;
    /**
     * Sets the status of many users, all or none.
     *
     * @example
     * await client.users.setStatus({ ids, status: 'ARCHIVED' });
     */
    setStatus(input: G.SetUserStatusInput): Promise<G.SetUserStatusMutation['setUserStatus']>;
    /**
     * Records a subscribe or unsubscribe.
     *
     * @example
     * await client.users.setEmailConsent({ userId: user.id, subscribed: false });
     */
    setEmailConsent(input: G.SetEmailConsentInput): Promise<G.SetEmailConsentMutation['setEmailConsent']>;
    /**
     * Who changed what on a user, newest first.
     *
     * @example
     * for await (const change of client.users.history(user.id)) console.log(change.field, change.origin);
     */
    history(userId: string, options?: ListOptions): Paged<UserChangeNode>;
  };

  groups: {
    /**
     * The team's groups by name, optionally those whose name contains `search`.
     *
     * @example
     * const groups = await client.groups.list().toArray();
     */
    list(options?: ListOptions & { search?: string }): Paged<G.GroupFieldsFragment>;
    /**
     * @example
     * const result = await client.groups.create({ name: 'Beta testers' });
     */
    create(input: G.CreateGroupInput): Promise<G.CreateGroupMutation['createGroup']>;
    /**
     * @example
     * await client.groups.update({ id: group.id, description: 'Opted in to beta' });
     */
    update(input: G.UpdateGroupInput): Promise<G.UpdateGroupMutation['updateGroup']>;
    /**
     * @example
     * await client.groups.delete({ id: group.id });
     */
    delete(input: G.DeleteGroupInput): Promise<G.DeleteGroupMutation['deleteGroup']>;
    /**
     * Adds every user to every group (by id or name), all or nothing.
     *
     * @example
     * await client.groups.addUsers({ userIds: [user.id], groupNames: ['Beta testers'], createMissingGroups: true });
     */
    addUsers(input: G.AddUsersToGroupsInput): Promise<G.AddUsersToGroupsMutation['addUsersToGroups']>;
    /**
     * @example
     * await client.groups.removeUsers({ userIds: [user.id], groupNames: ['Beta testers'] });
     */
    removeUsers(input: G.RemoveUsersFromGroupsInput): Promise<G.RemoveUsersFromGroupsMutation['removeUsersFromGroups']>;
  };

  tags: {
    /**
     * The team's tags by name.
     *
     * @example
     * for await (const tag of client.tags.list()) console.log(tag.name, tag.userCount);
     */
    list(options?: ListOptions & { search?: string }): Paged<G.TagFieldsFragment>;
    /**
     * @example
     * await client.tags.create({ name: 'vip' });
     */
    create(input: G.CreateTagInput): Promise<G.CreateTagMutation['createTag']>;
    /**
     * @example
     * await client.tags.rename({ id: tag.id, name: 'VIP' });
     */
    rename(input: G.RenameTagInput): Promise<G.RenameTagMutation['renameTag']>;
    /**
     * @example
     * await client.tags.delete({ id: tag.id });
     */
    delete(input: G.DeleteTagInput): Promise<G.DeleteTagMutation['deleteTag']>;
    /**
     * Puts tags (by name) on users.
     *
     * @example
     * await client.tags.tagUsers({ userIds: [user.id], tagNames: ['vip'], createMissingTags: true });
     */
    tagUsers(input: G.TagUsersInput): Promise<G.TagUsersMutation['tagUsers']>;
    /**
     * @example
     * await client.tags.untagUsers({ userIds: [user.id], tagNames: ['vip'] });
     */
    untagUsers(input: G.UntagUsersInput): Promise<G.UntagUsersMutation['untagUsers']>;
  };

  properties: {
    /**
     * The team's custom property definitions.
     *
     * @example
     * const definitions = await client.properties.list();
     */
    list(): Promise<G.PropertyDefinitionFieldsFragment[]>;
    /**
     * @example
     * await client.properties.define({ key: 'plan', label: 'Plan', type: 'ENUM', options: ['free', 'pro'] });
     */
    define(input: G.DefinePropertyInput): Promise<G.DefinePropertyDefinitionMutation['definePropertyDefinition']>;
    /**
     * @example
     * await client.properties.update({ id: definition.id, maxLength: 40, clearInvalidValues: true });
     */
    update(input: G.UpdatePropertyInput): Promise<G.UpdatePropertyDefinitionMutation['updatePropertyDefinition']>;
    /**
     * @example
     * await client.properties.delete({ id: definition.id });
     */
    delete(input: G.DeletePropertyInput): Promise<G.DeletePropertyDefinitionMutation['deletePropertyDefinition']>;
  };

  identities: {
    /**
     * A user's identities on other platforms; null when the user does not exist.
     *
     * @example
     * const identities = await client.identities.list(user.id);
     */
    list(userId: string): Promise<G.IdentityFieldsFragment[] | null>;
    /**
     * @example
     * await client.identities.add({ userId: user.id, source: 'slack', username: 'ada' });
     */
    add(input: G.AddIdentityInput): Promise<G.AddIdentityMutation['addIdentity']>;
    /**
     * @example
     * await client.identities.remove({ id: identity.id });
     */
    remove(input: G.RemoveIdentityInput): Promise<G.RemoveIdentityMutation['removeIdentity']>;
    /**
     * The catalogue of sources and whether the team accepts each.
     *
     * @example
     * const sources = await client.identities.sources();
     */
    sources(): Promise<G.SourceFieldsFragment[]>;
    /**
     * @example
     * await client.identities.enableSource({ key: 'slack' });
     */
    enableSource(input: G.EnableSourceInput): Promise<G.EnableSourceMutation['enableSource']>;
    /**
     * @example
     * await client.identities.disableSource({ key: 'slack' });
     */
    disableSource(input: G.DisableSourceInput): Promise<G.DisableSourceMutation['disableSource']>;
  };

  reminders: {
    /**
     * A user's reminders; null when the user does not exist.
     *
     * @example
     * const reminders = await client.reminders.list(user.id);
     */
    list(userId: string): Promise<G.ReminderFieldsFragment[] | null>;
    /**
     * @example
     * await client.reminders.create({ userId: user.id, dueAt: '2030-01-01T09:00:00Z', text: 'Call back' });
     */
    create(input: G.CreateReminderInput): Promise<G.CreateReminderMutation['createReminder']>;
    /**
     * @example
     * await client.reminders.complete({ id: reminder.id });
     */
    complete(input: G.CompleteReminderInput): Promise<G.CompleteReminderMutation['completeReminder']>;
    /**
     * @example
     * await client.reminders.delete({ id: reminder.id });
     */
    delete(input: G.DeleteReminderInput): Promise<G.DeleteReminderMutation['deleteReminder']>;
  };

  events: {
    /**
     * Team-wide events, newest first.
     *
     * @example
     * for await (const event of client.events.list({ userId: user.id, names: ['checkout'] })) console.log(event.occurredAt);
     */
    list(filter?: G.EventFilter, options?: ListOptions): Paged<G.EventFieldsFragment>;
    /**
     * Events per day over the last `days` days, zeros included.
     *
     * @example
     * const perDay = await client.events.counts({ days: 30, names: ['signup'], timezone: 'Europe/Paris' });
     */
    counts(args: G.EventCountsQueryVariables): Promise<G.EventCountsQuery['eventCounts']>;
    /**
     * A member records an activity by hand.
     *
     * @example
     * await client.events.add({ userId: user.id, name: 'call', properties: { minutes: 12 } });
     */
    add(input: G.AddActivityInput): Promise<G.AddActivityMutation['addActivity']>;
    /**
     * @example
     * await client.events.delete({ id: event.id });
     */
    delete(input: G.DeleteEventInput): Promise<G.DeleteEventMutation['deleteEvent']>;
    /**
     * A signed link to a CSV of one user's activity.
     *
     * @example
     * const result = await client.events.export({ userId: user.id });
     * if (result.__typename === 'DownloadPayload') console.log(result.url);
     */
    export(input: G.ExportActivityInput): Promise<G.ExportActivityMutation['exportActivity']>;
  };

  team: {
    /**
     * The team's members.
     *
     * @example
     * for await (const member of client.team.members()) console.log(member.email, member.role);
     */
    members(options?: ListOptions): Paged<G.MemberFieldsFragment>;
    /**
     * @example
     * const result = await admin.team.invite({ email: 'bo@acme.example', role: 'MEMBER' });
     */
    invite(input: G.InviteMemberInput): Promise<G.InviteMemberMutation['inviteMember']>;
    /**
     * Open invites (ADMIN).
     *
     * @example
     * const invites = await admin.team.invites();
     */
    invites(): Promise<G.InviteFieldsFragment[]>;
    /**
     * @example
     * await admin.team.revokeInvite({ id: invite.id });
     */
    revokeInvite(input: G.RevokeInviteInput): Promise<G.RevokeInviteMutation['revokeInvite']>;
    /**
     * @example
     * await admin.team.updateMemberRole({ id: member.id, role: 'ADMIN' });
     */
    updateMemberRole(input: G.UpdateMemberRoleInput): Promise<G.UpdateMemberRoleMutation['updateMemberRole']>;
    /**
     * @example
     * await admin.team.removeMember({ id: member.id });
     */
    removeMember(input: G.RemoveMemberInput): Promise<G.RemoveMemberMutation['removeMember']>;
    /**
     * Keys that still work (ADMIN).
     *
     * @example
     * const keys = await admin.team.apiKeys();
     */
    apiKeys(): Promise<G.ApiKeyFieldsFragment[]>;
    /**
     * @example
     * await admin.team.revokeApiKey({ id: key.id });
     */
    revokeApiKey(input: G.RevokeApiKeyInput): Promise<G.RevokeApiKeyMutation['revokeApiKey']>;
    /**
     * @example
     * await admin.team.update({ name: 'Acme Inc.' });
     */
    update(input: G.UpdateTeamInput): Promise<G.UpdateTeamMutation['updateTeam']>;
    /**
     * Replaces the identity secret (ADMIN); hashes made with the old one stop verifying.
     *
     * @example
     * const { secret } = await admin.team.rotateIdentitySecret();
     */
    rotateIdentitySecret(): Promise<G.RotateIdentitySecretMutation['rotateIdentitySecret']>;
  };

  exports: {
    /**
     * A signed link to a CSV or XLSX of the users matching a filter (fetch it without credentials).
     *
     * @example
     * const result = await client.exports.users({ filter: { tags: ['vip'] }, format: 'CSV' });
     * if (result.__typename === 'DownloadPayload') await fetch(result.url);
     */
    users(input: G.ExportUsersInput): Promise<G.ExportUsersMutation['exportUsers']>;
    /**
     * The columns an export can write for this team.
     *
     * @example
     * const columns = await client.exports.columns();
     */
    columns(): Promise<G.UserExportColumnsQuery['userExportColumns']>;
  };

  /** The import flow: upload, configure (preview and errors), commit, follow progress. */
  imports: ImportsApi;
}

/** One entry of a user's history. */
export type UserChangeNode = NonNullable<G.UserHistoryQuery['user']>['history']['edges'][number]['node'];

const pageSizeOf = (options?: ListOptions) => Math.max(1, Math.min(100, Math.floor(options?.pageSize ?? 100)));

/**
 * Creates a client for one Pavior server and one credential: a session `token` or an `apiKey`
 * (sent as `Authorization: Bearer …`), a `publicKey` for browser code, or none for sign-up and
 * login.
 *
 * @example
 * import { createClient } from 'pavior/client';
 * import WebSocket from 'ws'; // Node < 22 only, for subscriptions
 * const client = createClient({ url: 'https://pavior.example.com', apiKey: process.env.PAVIOR_API_KEY, webSocketImpl: WebSocket });
 * for await (const user of client.users.list({ status: ['ACTIVE'] })) console.log(user.email);
 */
export function createClient(options: ClientOptions): PaviorClient {
  if ([options.token, options.apiKey, options.publicKey].filter(Boolean).length > 1) {
    throw new TypeError('Pass one of `token`, `apiKey` or `publicKey` to createClient, not several.');
  }
  const endpoint = graphqlEndpoint(options.url);
  const credential = options.token ?? options.apiKey;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new TypeError('No global fetch is available; pass `fetch` to createClient.');
  }
  const headers: Record<string, string> = {};
  const connectionParams: Record<string, string> = {};
  if (credential) headers.authorization = connectionParams.authorization = `Bearer ${credential}`;
  if (options.publicKey) headers['x-pavior-key'] = connectionParams.publicKey = options.publicKey;
  const persistedDocuments = options.persistedDocuments ?? true;

  // Page sizes that fit the server's cost limit, learnt per list (client/pages.ts).
  const pageSizes: PageSizeMemo = new Map();
  const sizing = (key: string, options?: ListOptions) => ({ size: pageSizeOf(options), key, memo: pageSizes });

  const transport = createTransport({ endpoint, headers, fetch: fetchImpl, persistedDocuments, retry: options.retry ?? {} });
  const live = createLive({ endpoint, connectionParams, webSocketImpl: options.webSocketImpl, persistedDocuments, ...options.subscriptions });

  function request<TResult, TVariables>(document: TypedDocument<TResult, TVariables>, ...[variables]: VariablesArgs<TVariables>): Promise<TResult> {
    return transport.send<TResult>(document, variables);
  }
  function subscribe<TResult, TVariables>(document: TypedDocument<TResult, TVariables>, ...[variables]: VariablesArgs<TVariables>) {
    return live.subscribe<TResult>(document, variables);
  }
  // Shorthand: run a document with `{ input }` and return the mutation field.
  const mutate =
    <TResult, TInput, K extends keyof TResult>(document: TypedDocument<TResult, { input: TInput }>, field: K) =>
    async (input: TInput): Promise<TResult[K]> =>
      (await transport.send<TResult>(document, { input }))[field];

  const client: PaviorClient = {
    endpoint,
    request,
    subscribe,
    close: () => live.close(),

    viewer: async () => (await request(G.ViewerDocument)).viewer,
    createTeam: mutate(G.CreateTeamDocument, 'createTeam'),
    login: mutate(G.LoginDocument, 'login'),
    logout: async () => (await request(G.LogoutDocument)).logout,
    acceptInvite: mutate(G.AcceptInviteDocument, 'acceptInvite'),
    createApiKey: mutate(G.CreateApiKeyDocument, 'createApiKey'),

    identify: mutate(G.IdentifyDocument, 'identify'),
    track: mutate(G.TrackDocument, 'track'),
    trackBatch: mutate(G.TrackBatchDocument, 'trackBatch'),
    activity(filter) {
      const stream = live.subscribe<G.ActivitySubscription>(G.ActivityDocument, { filter });
      return mapIterator(stream, (data) => data.activity);
    },

    users: {
      list: (filter, options) =>
        paged(async (after, first) => (await request(G.UsersDocument, { filter, orderBy: options?.orderBy, first, after })).users, sizing('users', options)),
      get: async (key) => (await request(G.UserDocument, key)).user,
      create: mutate(G.CreateUserDocument, 'createUser'),
      update: mutate(G.UpdateUserDocument, 'updateUser'),
      delete: mutate(G.DeleteUsersDocument, 'deleteUsers'),
      setStatus: mutate(G.SetUserStatusDocument, 'setUserStatus'),
      setEmailConsent: mutate(G.SetEmailConsentDocument, 'setEmailConsent'),
      history: (userId, options) =>
        paged(async (after, first) => (await request(G.UserHistoryDocument, { id: userId, first, after })).user?.history ?? null, sizing('history', options)),
    },

    groups: {
      list: (options) =>
        paged(async (after, first) => (await request(G.GroupsDocument, { search: options?.search, first, after })).groups, sizing('groups', options)),
      create: mutate(G.CreateGroupDocument, 'createGroup'),
      update: mutate(G.UpdateGroupDocument, 'updateGroup'),
      delete: mutate(G.DeleteGroupDocument, 'deleteGroup'),
      addUsers: mutate(G.AddUsersToGroupsDocument, 'addUsersToGroups'),
      removeUsers: mutate(G.RemoveUsersFromGroupsDocument, 'removeUsersFromGroups'),
    },

    tags: {
      list: (options) => paged(async (after, first) => (await request(G.TagsDocument, { search: options?.search, first, after })).tags, sizing('tags', options)),
      create: mutate(G.CreateTagDocument, 'createTag'),
      rename: mutate(G.RenameTagDocument, 'renameTag'),
      delete: mutate(G.DeleteTagDocument, 'deleteTag'),
      tagUsers: mutate(G.TagUsersDocument, 'tagUsers'),
      untagUsers: mutate(G.UntagUsersDocument, 'untagUsers'),
    },

    properties: {
      list: async () => (await request(G.PropertyDefinitionsDocument)).propertyDefinitions,
      define: mutate(G.DefinePropertyDefinitionDocument, 'definePropertyDefinition'),
      update: mutate(G.UpdatePropertyDefinitionDocument, 'updatePropertyDefinition'),
      delete: mutate(G.DeletePropertyDefinitionDocument, 'deletePropertyDefinition'),
    },

    identities: {
      list: async (userId) => (await request(G.UserIdentitiesDocument, { id: userId })).user?.identities ?? null,
      add: mutate(G.AddIdentityDocument, 'addIdentity'),
      remove: mutate(G.RemoveIdentityDocument, 'removeIdentity'),
      sources: async () => (await request(G.TeamSourcesDocument)).viewer.team.sources,
      enableSource: mutate(G.EnableSourceDocument, 'enableSource'),
      disableSource: mutate(G.DisableSourceDocument, 'disableSource'),
    },

    reminders: {
      list: async (userId) => (await request(G.UserRemindersDocument, { id: userId })).user?.reminders ?? null,
      create: mutate(G.CreateReminderDocument, 'createReminder'),
      complete: mutate(G.CompleteReminderDocument, 'completeReminder'),
      delete: mutate(G.DeleteReminderDocument, 'deleteReminder'),
    },

    events: {
      list: (filter, options) => paged(async (after, first) => (await request(G.EventsDocument, { filter, first, after })).events, sizing('events', options)),
      counts: async (args) => (await request(G.EventCountsDocument, args)).eventCounts,
      add: mutate(G.AddActivityDocument, 'addActivity'),
      delete: mutate(G.DeleteEventDocument, 'deleteEvent'),
      export: mutate(G.ExportActivityDocument, 'exportActivity'),
    },

    team: {
      members: (options) =>
        paged(async (after, first) => (await request(G.TeamMembersDocument, { first, after })).viewer.team.members, sizing('members', options)),
      invite: mutate(G.InviteMemberDocument, 'inviteMember'),
      invites: async () => (await request(G.InvitesDocument)).viewer.team.invites,
      revokeInvite: mutate(G.RevokeInviteDocument, 'revokeInvite'),
      updateMemberRole: mutate(G.UpdateMemberRoleDocument, 'updateMemberRole'),
      removeMember: mutate(G.RemoveMemberDocument, 'removeMember'),
      apiKeys: async () => (await request(G.ApiKeysDocument)).viewer.team.apiKeys,
      revokeApiKey: mutate(G.RevokeApiKeyDocument, 'revokeApiKey'),
      update: mutate(G.UpdateTeamDocument, 'updateTeam'),
      rotateIdentitySecret: async () => (await request(G.RotateIdentitySecretDocument)).rotateIdentitySecret,
    },

    exports: {
      users: mutate(G.ExportUsersDocument, 'exportUsers'),
      columns: async () => (await request(G.UserExportColumnsDocument)).userExportColumns,
    },

    imports: createImports({ transport, live, pageSizes }),
  };
  return client;
}

function mapIterator<T, U>(source: AsyncIterableIterator<T>, map: (value: T) => U): AsyncIterableIterator<U> {
  const mapped: AsyncIterableIterator<U> = {
    async next() {
      const result = await source.next();
      return result.done ? { value: undefined, done: true } : { value: map(result.value), done: false };
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}

/** `https://host` and `https://host/graphql` both address `https://host/graphql`. */
function graphqlEndpoint(url: string): string {
  const endpoint = new URL(url);
  if (!/\/graphql\/?$/.test(endpoint.pathname)) {
    endpoint.pathname = `${endpoint.pathname.replace(/\/+$/, '')}/graphql`;
  }
  return endpoint.toString();
}

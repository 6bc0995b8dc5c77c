/**
 * The cost of authentication: requests/s of `{ viewer { team { slug } scopes } }` with a member
 * session token and with a secret API key, against `{ __typename }` without credentials, all in
 * one run over real HTTP so the ratios are comparable on a noisy machine.
 */
import {
  authHeaders,
  type Bench,
  formatPercent,
  graphql,
  measureScenarios,
  postGraphql,
  type Scenario,
} from './lib.ts';

const TEAM_SLUG = 'bench-auth';
const VIEWER_QUERY = '{ viewer { team { slug } scopes } }';
const BASELINE_QUERY = '{ __typename }';

const CREATE_TEAM = /* GraphQL */ `
  mutation BenchCreateTeam($input: CreateTeamInput!) {
    createTeam(input: $input) {
      __typename
      ... on CreateTeamPayload { token }
      ... on Error { code message }
    }
  }
`;

const CREATE_API_KEY = /* GraphQL */ `
  mutation BenchCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      __typename
      ... on CreateApiKeyPayload { secret }
      ... on Error { code message }
    }
  }
`;

/**
 * Sends the scenario's request once, checks the answer is the one we mean to measure, and
 * returns its exact body so every response under load is compared with it.
 */
async function captureExpectedBody(
  url: string,
  scenario: Omit<Scenario, 'expectBody'>,
  check: (data: any) => boolean,
): Promise<string> {
  const { status, text, json } = await postGraphql(url, scenario.body, scenario.headers);
  if (status !== 200 || json.errors?.length || !json.data || !check(json.data)) {
    throw new Error(`Scenario "${scenario.name}" does not answer as expected (${status}): ${text.slice(0, 500)}`);
  }
  return text;
}

export const authBench: Bench = {
  name: 'auth',
  description: 'viewer query with a session token / an API key vs. { __typename } without auth',
  async run({ app, settings, log }) {
    log(`  setup: createTeam "${TEAM_SLUG}" and an API key (users:read)`);
    const team = await graphql(app.graphqlUrl, CREATE_TEAM, {
      input: {
        slug: TEAM_SLUG,
        name: 'Bench Auth',
        admin: { email: 'bench@example.com', password: 'bench-password-123', name: 'Bench' },
      },
    });
    if (team.createTeam.__typename !== 'CreateTeamPayload') {
      throw new Error(`createTeam answered ${JSON.stringify(team.createTeam)}`);
    }
    const sessionToken: string = team.createTeam.token;
    const key = await graphql(
      app.graphqlUrl,
      CREATE_API_KEY,
      { input: { name: 'bench', scopes: ['users:read'] } },
      sessionToken,
    );
    if (key.createApiKey.__typename !== 'CreateApiKeyPayload') {
      throw new Error(`createApiKey answered ${JSON.stringify(key.createApiKey)}`);
    }
    const apiKeySecret: string = key.createApiKey.secret;
    if (!apiKeySecret.startsWith('pav_sk_')) throw new Error('createApiKey did not return a pav_sk_ secret');

    const viewerBody = JSON.stringify({ query: VIEWER_QUERY });
    const drafts: { scenario: Omit<Scenario, 'expectBody'>; check: (data: any) => boolean }[] = [
      {
        scenario: {
          name: 'baseline',
          description: '{ __typename }, no credentials',
          headers: authHeaders(),
          body: JSON.stringify({ query: BASELINE_QUERY }),
        },
        check: (data) => data.__typename === 'Query',
      },
      {
        scenario: {
          name: 'session',
          description: 'viewer query, member session token',
          headers: authHeaders(sessionToken),
          body: viewerBody,
          baseline: 'baseline',
        },
        check: (data) => data.viewer?.team?.slug === TEAM_SLUG && data.viewer.scopes.length > 1,
      },
      {
        scenario: {
          name: 'api-key',
          description: 'viewer query, API key (pav_sk_…)',
          headers: authHeaders(apiKeySecret),
          body: viewerBody,
          baseline: 'baseline',
        },
        check: (data) => data.viewer?.team?.slug === TEAM_SLUG && data.viewer.scopes.join() === 'users:read',
      },
    ];
    const scenarios: Scenario[] = [];
    for (const { scenario, check } of drafts) {
      scenarios.push({ ...scenario, expectBody: await captureExpectedBody(app.graphqlUrl, scenario, check) });
    }

    const results = await measureScenarios(app.graphqlUrl, scenarios, settings, log);
    // The viewer query is the cheapest authenticated operation: credential lookup plus the team
    // load, so its ratio to the no-auth baseline is the per-request price of auth.
    const notes = results
      .filter((r) => r.percentOfBaseline)
      .map(
        (r) =>
          `cost of auth (${r.scenario}): ${formatPercent(r.percentOfBaseline)} of baseline requests/s, ` +
          `i.e. each request costs ${(100 / (r.percentOfBaseline ?? 100)).toFixed(2)}× a { __typename }`,
      );
    return { scenarios: results, notes };
  },
};

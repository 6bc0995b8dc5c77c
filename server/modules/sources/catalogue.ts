// The platforms a user can have an identity on. The catalogue lives in code (adding a source is a
// release, not a migration); a team's `team_sources` row only records an explicit choice to
// enable or disable one. Every source is enabled until the team says otherwise.

export interface CatalogueSource {
  /** Stable, lowercase: what identities store and `source:username` pairs name. */
  key: string;
  /** For people. */
  name: string;
}

export const SOURCE_CATALOGUE: readonly CatalogueSource[] = [
  { key: 'email', name: 'Email' },
  { key: 'phone', name: 'Phone' },
  { key: 'slack', name: 'Slack' },
  { key: 'teams', name: 'Microsoft Teams' },
  { key: 'whatsapp', name: 'WhatsApp' },
  { key: 'zendesk', name: 'Zendesk' },
  { key: 'intercom', name: 'Intercom' },
  { key: 'github', name: 'GitHub' },
];

const BY_KEY = new Map(SOURCE_CATALOGUE.map((s) => [s.key, s]));

/** Keys are matched case-insensitively: "Slack:ada" in an import names the `slack` source. */
export function normalizeSourceKey(key: string): string {
  return key.trim().toLowerCase();
}

export function findCatalogueSource(key: string): CatalogueSource | undefined {
  return BY_KEY.get(normalizeSourceKey(key));
}

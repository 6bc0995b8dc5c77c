import type { Caller, Outcome } from './tenancy.ts';

/**
 * The usual matrix for an operation on one of the home team's objects that needs `scope`: a key
 * without it is FORBIDDEN, another team's callers see the object as missing (`otherTeam`: the
 * typed NOT_FOUND of a mutation, or NULL from a query).
 */
export const onHomeObject = (otherTeam: Outcome): Record<Caller, Outcome> => ({
  admin: 'OK',
  member: 'OK',
  otherTeamAdmin: otherTeam,
  keyWithScope: 'OK',
  keyWithoutScope: 'FORBIDDEN',
  otherTeamKey: otherTeam,
  publicKey: 'FORBIDDEN',
  anonymous: 'UNAUTHENTICATED',
});

/** Read through `node(id)`: every caller who may not see the object gets null, never an error. */
export const nodeOfHomeObject: Record<Caller, Outcome> = {
  ...onHomeObject('NULL'),
  keyWithoutScope: 'NULL',
  publicKey: 'NULL',
  anonymous: 'NULL',
};

/** An ADMIN-only change to the caller's own team (no ID): another team's admin changes theirs. */
export const adminOnOwnTeam: Record<Caller, Outcome> = {
  admin: 'OK',
  member: 'FORBIDDEN',
  otherTeamAdmin: 'OK',
  keyWithScope: 'FORBIDDEN',
  keyWithoutScope: 'FORBIDDEN',
  otherTeamKey: 'FORBIDDEN',
  publicKey: 'FORBIDDEN',
  anonymous: 'UNAUTHENTICATED',
};

/** Only a member session may: every API key is FORBIDDEN, whatever its scopes. */
export const memberOnHomeObject: Record<Caller, Outcome> = {
  ...onHomeObject('NOT_FOUND'),
  keyWithScope: 'FORBIDDEN',
  otherTeamKey: 'FORBIDDEN',
};

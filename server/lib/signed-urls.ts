import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { Db } from '../db/types.ts';

/**
 * Signed, short-lived download URLs: `${publicUrl}/files/<kind>?team=…&<params>&exp=…&sig=…`.
 * The link itself is the credential (a browser follows it without headers), so it names its team
 * and everything the producer needs, and an HMAC-SHA256 over all of it stops any change. Exports,
 * import error reports and templates all hand these out; `server/files.ts` serves them.
 */

export interface SigningDeps {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'signingSecret'>;
}

/** What a signed URL carries. Params are flat strings; producers encode lists themselves. */
export interface DownloadClaims {
  /** The producer: lowercase letters, digits and hyphens (`activity`, `import-errors`…). */
  kind: string;
  /** The team whose data the download may read. Producers filter every query by it. */
  teamId: string;
  params: Record<string, string>;
}

export interface VerifiedDownload extends DownloadClaims {
  expiresAt: Date;
}

export type DownloadRejection = 'malformed' | 'bad_signature' | 'expired';

/** What a file route needs to serve a download. */
export interface FileDeps {
  db: Db;
  config: Config;
}

/** What a producer answers for a verified download: headers, then the body, chunk by chunk. */
export interface DownloadBody {
  contentType: string;
  /** Shown to the person saving the file; `server/files.ts` makes it safe, so any text will do. */
  fileName: string;
  /** Produced lazily: the file route pulls a chunk, writes it, and waits for the socket to drain. */
  chunks: AsyncIterable<string | Uint8Array>;
}

/** Serves one kind of download; listed by kind in `server/files.ts`. */
export interface DownloadProducer {
  /** null when what the link names no longer exists (404). Every query filters by download.teamId. */
  open(deps: FileDeps, download: VerifiedDownload): Promise<DownloadBody | null>;
}

export type VerifyResult = { ok: true; download: VerifiedDownload } | { ok: false; reason: DownloadRejection };

export const FILES_PATH = '/files/';
const KIND = /^[a-z][a-z0-9-]{0,39}$/;
/** Query parameters of the envelope; a producer's params may not use them. */
const RESERVED = new Set(['team', 'exp', 'sig']);
const SETTING_KEY = 'signing_secret';

/**
 * The signing key of an app's database, loaded once and kept: SIGNING_SECRET when configured,
 * else a random 256-bit key stored in server_settings. Keyed by the Db handle, which every app
 * holds for its lifetime; a failed load is forgotten so the next request tries again.
 */
const storedKeys = new WeakMap<Db, Promise<Buffer>>();

export function signingKey(deps: SigningDeps): Promise<Buffer> {
  if (deps.config.signingSecret) return Promise.resolve(Buffer.from(deps.config.signingSecret, 'utf8'));
  let key = storedKeys.get(deps.db);
  if (!key) {
    key = loadStoredKey(deps.db);
    storedKeys.set(deps.db, key);
    key.catch(() => storedKeys.delete(deps.db));
  }
  return key;
}

/**
 * Insert-if-absent, then read back: the first instance to start wins and every other instance,
 * and every restart, reads the same key.
 */
async function loadStoredKey(db: Db): Promise<Buffer> {
  await sql`
    insert into server_settings (key, value) values (${SETTING_KEY}, ${randomBytes(32).toString('base64url')})
    on conflict (key) do nothing`.execute(db);
  const row = await db.selectFrom('serverSettings').select('value').where('key', '=', SETTING_KEY).executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}

/** Everything signed, in one unambiguous string (JSON), params in key order. */
function signedMessage(claims: DownloadClaims, exp: number): string {
  const params = Object.entries(claims.params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(['pavior-download/1', claims.kind, claims.teamId, params, exp]);
}

function signature(key: Buffer, claims: DownloadClaims, exp: number): string {
  return createHmac('sha256', key).update(signedMessage(claims, exp)).digest('base64url');
}

/**
 * Signs a download for `ttlSeconds` (may be ≤ 0 in tests: the link is born expired).
 *
 * @example
 *   const { url } = await signDownload(ctx, { kind: 'activity', teamId, params: { user: id }, ttlSeconds: 900 });
 */
export async function signDownload(
  deps: SigningDeps,
  claims: DownloadClaims & { ttlSeconds: number },
): Promise<{ url: string; expiresAt: Date }> {
  if (!KIND.test(claims.kind)) throw new Error(`invalid download kind "${claims.kind}"`);
  for (const name of Object.keys(claims.params)) {
    if (RESERVED.has(name)) throw new Error(`download param "${name}" is reserved`);
  }
  const exp = Math.floor(Date.now() / 1000) + Math.trunc(claims.ttlSeconds);
  const sig = signature(await signingKey(deps), claims, exp);
  const query = new URLSearchParams({ team: claims.teamId, ...claims.params, exp: String(exp), sig });
  return { url: `${deps.config.publicUrl}${FILES_PATH}${claims.kind}?${query}`, expiresAt: new Date(exp * 1000) };
}

/** The kind named by a `/files/<kind>` path (any prefix before it), or null. */
export function downloadKindOf(pathname: string): string | null {
  const at = pathname.lastIndexOf(FILES_PATH);
  if (at < 0) return null;
  const kind = pathname.slice(at + FILES_PATH.length);
  return KIND.test(kind) ? kind : null;
}

/**
 * Checks a signed URL (absolute, or the path and query of a request): its shape, then its
 * signature (constant-time), then its expiry. An expired link is only reported as such when its
 * signature holds, so the reason never helps forge one.
 */
export async function verifyDownload(deps: SigningDeps, url: string | URL, now = Date.now()): Promise<VerifyResult> {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://download.invalid');
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const kind = downloadKindOf(parsed.pathname);
  const query = parsed.searchParams;
  const teamId = query.get('team');
  const expText = query.get('exp');
  const sig = query.get('sig');
  if (!kind || !teamId || !expText || !sig || !/^-?\d{1,12}$/.test(expText)) return { ok: false, reason: 'malformed' };
  const params: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [name, value] of query) {
    // A repeated name would let two URLs read differently by two parsers: refuse it.
    if (seen.has(name)) return { ok: false, reason: 'malformed' };
    seen.add(name);
    if (!RESERVED.has(name)) params[name] = value;
  }
  const exp = Number(expText);
  const claims: DownloadClaims = { kind, teamId, params };
  const expected = Buffer.from(signature(await signingKey(deps), claims, exp), 'utf8');
  const given = Buffer.from(sig, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  if (Math.floor(now / 1000) >= exp) return { ok: false, reason: 'expired' };
  return { ok: true, download: { ...claims, expiresAt: new Date(exp * 1000) } };
}

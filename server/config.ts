import { tmpdir } from 'node:os';
import proxyAddr from 'proxy-addr';

/** Environment → typed configuration. Only `server/main.ts` passes `process.env` here. */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Public base URL, used in links we hand out (invite accept links, downloads). */
  publicUrl: string;
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  databaseUrl?: string;
  /** PGlite data directory; `memory://` keeps everything in memory (tests). */
  dataDir: string;
  databasePoolMax: number;
  /** Redis connection string; when present pub/sub goes through Redis so instances share events. */
  redisUrl?: string;
  sessionTtlHours: number;
  inviteTtlHours: number;
  /** Failed logins on one (team, email) before it is locked for `loginLockMinutes`. */
  loginMaxFailures: number;
  loginLockMinutes: number;
  /** Graphiql and introspection; on by default outside production. */
  graphiql: boolean;
  /** Operations one WebSocket may run at once. */
  wsMaxSubscriptions: number;
  /** Interval of WebSocket pings; a peer that misses one is dropped. */
  wsKeepAliveMs: number;
  /** Time a new WebSocket has to send connection_init (then 4408). */
  wsInitTimeoutMs: number;
  /** Milliseconds a graceful stop waits for in-flight requests before closing connections. */
  shutdownGraceMs: number;
  /**
   * Key that signs download URLs. When absent, a random key is generated once and kept in the
   * database (server_settings), so every instance on that database agrees.
   */
  signingSecret?: string;
  /** Lifetime of a signed download URL (exports, error reports, templates). */
  downloadUrlTtlSeconds: number;
  /** Largest file one upload may carry (bytes); a larger one is refused with 413 as it streams. */
  importMaxFileBytes: number;
  /** Data rows one import may hold (the header excluded). */
  importMaxRows: number;
  /** Columns one import may have. */
  importMaxColumns: number;
  /** Characters one cell may hold. */
  importMaxCellChars: number;
  /** Zip bombs: an XLSX's entries may add up to at most this many bytes uncompressed… */
  importMaxXlsxUncompressedBytes: number;
  /** …and to at most this many times the file's size. */
  importMaxXlsxRatio: number;
  /** Where uploads are written while a request uses them (deleted when it ends). */
  uploadTmpDir: string;
  /** Staged rows an import commits per transaction (its checkpoint step). */
  importBatchSize: number;
  /** A RUNNING import whose heartbeat is older than this is taken over (resumed) by any instance. */
  importStaleSeconds: number;
  /** Run only persisted (trusted) documents, sent by hash; any other document is refused. */
  persistedDocumentsOnly: boolean;
  /** Manifests (hash → document) accepted besides the generated client's, e.g. a dashboard's. */
  persistedDocumentsFiles: string[];
  /** Query limits (server/security.ts): selection depth, aliases, directives, lexer tokens, cost. */
  queryMaxDepth: number;
  queryMaxAliases: number;
  queryMaxDirectives: number;
  queryMaxTokens: number;
  /**
   * Cost as graphql-armor counts it (object 2, scalar 1), a selection multiplied by its
   * `first`/`last`. The generated client's largest operation at 100 rows costs about 5,700.
   */
  queryMaxCost: number;
  /** IDs one `nodes(ids:)` may ask for. */
  nodesMaxIds: number;
  /** Schema introspection (and field suggestions in errors); on by default outside production. */
  introspection: boolean;
  /** pino level: fatal, error, warn, info, debug, trace or silent (silent under NODE_ENV=test). */
  logLevel: string;
  /**
   * Cost-based rate limits (server/rate-limit/): one token bucket per credential, holding
   * `rateLimitPoints` and refilling `rateLimitRefillPerSecond` points a second; each operation
   * takes its cost (the one `queryMaxCost` is checked against). In Redis when `redisUrl` is set.
   */
  rateLimit: boolean;
  rateLimitPoints: number;
  rateLimitRefillPerSecond: number;
  /** Whether answers carry `extensions.cost` (the limits apply either way). */
  rateLimitReport: boolean;
  /**
   * Which peers may tell the client's address in X-Forwarded-For (server/rate-limit/client-address.ts):
   * `false`, none (the TCP peer is the client); a hop count; or addresses and CIDRs (and
   * proxy-addr's names `loopback`, `linklocal`, `uniquelocal`).
   */
  trustProxy: TrustProxy;
}

export type TrustProxy = false | number | string[];

type Env = Record<string, string | undefined>;

function intFrom(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

export function loadConfig(env: Env = {}): Config {
  const nodeEnv = env.NODE_ENV === 'production' || env.NODE_ENV === 'test' ? env.NODE_ENV : 'development';
  const port = intFrom(env, 'PORT', 4000);
  const host = env.HOST || '0.0.0.0';
  return {
    env: nodeEnv,
    host,
    port,
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || './data',
    databasePoolMax: intFrom(env, 'DATABASE_POOL_MAX', 10),
    redisUrl: env.REDIS_URL || undefined,
    sessionTtlHours: intFrom(env, 'SESSION_TTL_HOURS', 24 * 30),
    inviteTtlHours: intFrom(env, 'INVITE_TTL_HOURS', 24 * 7),
    loginMaxFailures: intFrom(env, 'LOGIN_MAX_FAILURES', 5),
    loginLockMinutes: intFrom(env, 'LOGIN_LOCK_MINUTES', 15),
    // GraphiQL needs introspection: by default it follows INTROSPECTION.
    graphiql: env.GRAPHIQL ? env.GRAPHIQL === 'true' : booleanFrom(env, 'INTROSPECTION', nodeEnv !== 'production'),
    shutdownGraceMs: intFrom(env, 'SHUTDOWN_GRACE_MS', 10_000),
    wsMaxSubscriptions: intFrom(env, 'WS_MAX_SUBSCRIPTIONS', 50),
    wsKeepAliveMs: intFrom(env, 'WS_KEEPALIVE_MS', 12_000),
    wsInitTimeoutMs: intFrom(env, 'WS_INIT_TIMEOUT_MS', 3_000),
    signingSecret: signingSecretFrom(env),
    downloadUrlTtlSeconds: positiveIntFrom(env, 'DOWNLOAD_URL_TTL_SECONDS', 900),
    importMaxFileBytes: positiveIntFrom(env, 'IMPORT_MAX_FILE_BYTES', 100 * 1024 * 1024),
    importMaxRows: positiveIntFrom(env, 'IMPORT_MAX_ROWS', 1_000_000),
    importMaxColumns: positiveIntFrom(env, 'IMPORT_MAX_COLUMNS', 200),
    importMaxCellChars: positiveIntFrom(env, 'IMPORT_MAX_CELL_CHARS', 10_000),
    importMaxXlsxUncompressedBytes: positiveIntFrom(env, 'IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES', 1024 * 1024 * 1024),
    importMaxXlsxRatio: positiveIntFrom(env, 'IMPORT_MAX_XLSX_RATIO', 100),
    uploadTmpDir: env.UPLOAD_TMP_DIR || tmpdir(),
    importBatchSize: positiveIntFrom(env, 'IMPORT_BATCH_SIZE', 5000),
    importStaleSeconds: positiveIntFrom(env, 'IMPORT_STALE_SECONDS', 30),
    persistedDocumentsOnly: booleanFrom(env, 'PERSISTED_DOCUMENTS_ONLY', false),
    persistedDocumentsFiles: (env.PERSISTED_DOCUMENTS_FILES ?? '').split(',').map((file) => file.trim()).filter(Boolean),
    queryMaxDepth: positiveIntFrom(env, 'QUERY_MAX_DEPTH', 12),
    queryMaxAliases: positiveIntFrom(env, 'QUERY_MAX_ALIASES', 30),
    queryMaxDirectives: positiveIntFrom(env, 'QUERY_MAX_DIRECTIVES', 20),
    queryMaxTokens: positiveIntFrom(env, 'QUERY_MAX_TOKENS', 5000),
    queryMaxCost: positiveIntFrom(env, 'QUERY_MAX_COST', 10_000),
    nodesMaxIds: positiveIntFrom(env, 'NODES_MAX_IDS', 100),
    introspection: booleanFrom(env, 'INTROSPECTION', nodeEnv !== 'production'),
    logLevel: logLevelFrom(env, nodeEnv),
    rateLimit: booleanFrom(env, 'RATE_LIMIT', true),
    // Twenty of the largest operations QUERY_MAX_COST allows back to back, then one a second: a
    // dashboard never notices; a script paging or polling in a tight loop does. (The test suite's
    // busiest credential spends about 65,000 points in one file: user-filter.test.ts.)
    rateLimitPoints: positiveIntFrom(env, 'RATE_LIMIT_POINTS', 200_000),
    rateLimitRefillPerSecond: positiveIntFrom(env, 'RATE_LIMIT_REFILL_PER_SECOND', 10_000),
    rateLimitReport: booleanFrom(env, 'RATE_LIMIT_REPORT', true),
    trustProxy: trustProxyFrom(env),
  };
}

function positiveIntFrom(env: Env, name: string, fallback: number): number {
  const value = intFrom(env, name, fallback);
  if (value < 1) throw new Error(`${name} must be at least 1, got "${env[name]}"`);
  return value;
}

/** A shared signing secret must be hard to guess: at least 32 characters (e.g. `openssl rand -hex 32`). */
function signingSecretFrom(env: Env): string | undefined {
  const secret = env.SIGNING_SECRET;
  if (!secret) return undefined;
  if (secret.length < 32) throw new Error('SIGNING_SECRET must be at least 32 characters (try `openssl rand -hex 32`)');
  return secret;
}

function booleanFrom(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

/**
 * TRUST_PROXY: `false` (the default), a hop count, or a comma-separated list of addresses/CIDRs.
 * `true` (trust every hop) is refused: any client could then choose its own address.
 */
function trustProxyFrom(env: Env): TrustProxy {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || raw === 'false') return false;
  if (raw === 'true') throw new Error('TRUST_PROXY=true would let any client choose its address: give the proxies\' addresses/CIDRs or their number of hops');
  if (/^\d+$/.test(raw)) return Number(raw) > 0 ? Number(raw) : false;
  const list = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
  try {
    proxyAddr.compile(list);
  } catch (error) {
    throw new Error(`TRUST_PROXY must be false, a hop count or addresses/CIDRs: ${(error as Error).message}`);
  }
  return list;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevelFrom(env: Env, nodeEnv: Config['env']): string {
  const raw = env.LOG_LEVEL;
  if (!raw) return nodeEnv === 'test' ? 'silent' : 'info';
  if (!LOG_LEVELS.includes(raw)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return raw;
}

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
}

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
    graphiql: env.GRAPHIQL ? env.GRAPHIQL === 'true' : nodeEnv !== 'production',
    shutdownGraceMs: intFrom(env, 'SHUTDOWN_GRACE_MS', 10_000),
    wsMaxSubscriptions: intFrom(env, 'WS_MAX_SUBSCRIPTIONS', 50),
    wsKeepAliveMs: intFrom(env, 'WS_KEEPALIVE_MS', 12_000),
    wsInitTimeoutMs: intFrom(env, 'WS_INIT_TIMEOUT_MS', 3_000),
    signingSecret: signingSecretFrom(env),
    downloadUrlTtlSeconds: positiveIntFrom(env, 'DOWNLOAD_URL_TTL_SECONDS', 900),
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

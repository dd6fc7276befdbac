/**
 * Every Steward setting, read once from the environment (and optionally a JSON file named by
 * STEWARD_CONFIG_FILE), validated with zod. This is the only module that reads `process.env`.
 * The table in README.md is generated from `settingsDoc` below, so keep descriptions user-facing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const blockedExtensions = 'exe,bat,cmd,com,msi,msp,scr,pif,cpl,dll,ps1,psm1,vbs,vbe,js,jse,mjs,wsf,wsh,hta,jar,lnk,reg,sh';
const blockedTypes = [
  'application/x-msdownload', 'application/x-msdos-program', 'application/x-dosexec', 'application/vnd.microsoft.portable-executable',
  'application/x-executable', 'application/x-elf', 'application/x-mach-binary', 'application/x-msi', 'application/x-ms-installer',
  'application/java-archive', 'application/x-java-archive', 'application/javascript', 'text/javascript', 'application/x-sh',
  'application/x-csh', 'application/x-bat', 'application/hta', 'text/vbscript', 'application/x-powershell',
].join(',');
const list = (s: string) => s.split(',').map((x) => x.trim().toLowerCase().replace(/^\./, '')).filter(Boolean);

/** Setting name → [schema, description]. Order here is the order of the README table. */
const settings = {
  STEWARD_PORT: [int(0, 65535).default(8080), 'HTTP port to listen on.'],
  STEWARD_HOST: [z.string().default('0.0.0.0'), 'Address to bind; `127.0.0.1` to accept local connections only.'],
  STEWARD_PUBLIC_URL: [z.url().optional(), 'Address people use to reach Steward (used for SSO redirects and links). Default `http://localhost:<port>`.'],
  STEWARD_DATA_DIR: [z.string().default('./data'), 'Directory for the embedded database and uploaded files.'],
  DATABASE_URL: [z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(), 'PostgreSQL server to use instead of the embedded database, e.g. `postgres://steward:secret@db:5432/steward`.'],
  STEWARD_PGLITE_FSYNC_MS: [int(0, 60_000).default(1000), 'Embedded database only: flush changed files to disk this often (ms), bounding what a power cut can lose; 0 leaves it to the OS.'],
  STEWARD_DB_POOL_SIZE: [int(1, 200).default(10), 'Maximum connections in the PostgreSQL pool (per process).'],
  STEWARD_ROLE: [z.enum(['web', 'worker', 'all']).default('all'), '`web` serves HTTP, `worker` runs background jobs, `all` does both.'],
  STEWARD_LOG_LEVEL: [z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'), 'Log level.'],
  STEWARD_LOG_FORMAT: [z.enum(['auto', 'json', 'pretty']).default('auto'), 'Log format: `json` lines, human-readable `pretty`, or `auto` (pretty on a terminal, JSON otherwise).'],
  STEWARD_ADMIN_EMAIL: [z.email().default('admin@localhost'), 'E-mail of the first administrator, created on first start.'],
  STEWARD_ADMIN_PASSWORD: [z.string().min(12, 'must be at least 12 characters').optional(), 'Password of the first administrator. When unset, one is generated and printed once in the log.'],
  STEWARD_SESSION_TTL_HOURS: [int(1, 24 * 90).default(12), 'How long a sign-in lasts without activity, in hours.'],
  STEWARD_COOKIE_SECURE: [z.enum(['auto', 'true', 'false']).default('auto'), 'Mark cookies `Secure`: `auto` does so when the request arrived over HTTPS.'],
  STEWARD_TRUST_PROXY: [bool.default(false), 'Trust `X-Forwarded-*` headers from a reverse proxy (needed for HTTPS detection behind one).'],
  STEWARD_BODY_LIMIT: [int(1024, 100 * 1024 * 1024).default(1024 * 1024), 'Largest accepted request body, in bytes.'],
  STEWARD_LOGIN_MAX_ATTEMPTS: [int(1, 100).default(5), 'Failed sign-ins before an account is locked temporarily.'],
  STEWARD_LOGIN_LOCKOUT_MINUTES: [int(1, 24 * 60).default(15), 'How long a locked account stays locked.'],
  STEWARD_LOGIN_RATE_LIMIT: [int(1, 10000).default(20), 'Sign-in attempts allowed per client address per minute.'],
  STEWARD_RATE_LIMIT: [int(0, 1_000_000).default(0), 'Requests allowed per client per minute on the whole API; 0 turns the general limit off.'],
  STEWARD_OIDC_ISSUER: [z.url().optional(), 'OpenID Connect issuer URL; setting it enables single sign-on.'],
  STEWARD_OIDC_CLIENT_ID: [z.string().optional(), 'OIDC client id registered for Steward.'],
  STEWARD_OIDC_CLIENT_SECRET: [z.string().optional(), 'OIDC client secret.'],
  STEWARD_OIDC_NAME: [z.string().default('Single sign-on'), 'Label of the SSO button on the sign-in page.'],
  STEWARD_OIDC_SCOPES: [z.string().default('openid email profile'), 'Scopes requested from the OIDC provider.'],
  STEWARD_OIDC_GROUPS_CLAIM: [z.string().default('groups'), 'ID-token/userinfo claim holding the user\'s groups.'],
  STEWARD_OIDC_ROLE_MAP: [z.string().default(''), 'Group → role mapping, e.g. `it-admins=admin,helpdesk=agent`. The first matching group wins.'],
  STEWARD_OIDC_DEFAULT_ROLE: [z.string().default('requester'), 'Role given to SSO users whose groups match no mapping.'],
  STEWARD_OIDC_ALLOW_HTTP: [bool.default(false), 'Allow an `http://` issuer (only for local testing).'],
  STEWARD_SHUTDOWN_TIMEOUT_MS: [int(0, 600_000).default(15_000), 'On SIGTERM, how long to wait for in-flight requests and jobs before exiting.'],
  STEWARD_OUTBOX_POLL_MS: [int(50, 600_000).default(1000), 'How often a worker looks for undelivered domain events, in milliseconds.'],
  STEWARD_ATTACHMENT_MAX_BYTES: [int(1024, 1024 ** 3).default(25 * 1024 * 1024), 'Largest ticket attachment accepted, in bytes (uploads and mail); larger ones are refused with 413.'],
  STEWARD_ATTACHMENT_BLOCKED_EXTENSIONS: [z.string().default(blockedExtensions), 'Comma-separated file extensions refused as attachments (415); a file whose content is an executable or script is refused whatever its name.'],
  STEWARD_ATTACHMENT_BLOCKED_TYPES: [z.string().default(blockedTypes), 'Comma-separated media types refused as attachments (415), whether declared by the sender or recognised from the content.'],
  STEWARD_SMTP_LISTEN_PORT: [int(0, 65535).optional(), 'Port of the inbound SMTP listener that turns mail to desk mailboxes into tickets and replies; unset turns it off. Runs in `all` and `worker` processes.'],
  STEWARD_SMTP_LISTEN_HOST: [z.string().default('127.0.0.1'), 'Address the inbound SMTP listener binds; keep it local behind your mail server unless you mean to receive from the internet.'],
  STEWARD_SMTP_MAX_MESSAGE_BYTES: [int(1024, 1024 ** 3).default(30 * 1024 * 1024), 'Largest inbound mail accepted, in bytes; larger ones are refused with SMTP 552.'],
  STEWARD_MAIL_LOOP_LIMIT: [int(1, 10_000).default(10), 'Loop guard: inbound mails accepted per sender and ticket per hour; more are dropped (logged).'],
  STEWARD_IMAP_URL: [z.string().regex(/^imaps?:\/\//, 'must start with imap:// or imaps://').optional(), 'IMAP mailbox to poll for new mail, e.g. `imaps://user:password@mail.example.com:993/INBOX`; unset turns polling off.'],
  STEWARD_IMAP_MAILBOX: [z.email().optional(), 'The desk mailbox address the polled IMAP mail is for (a mailbox created in Steward); required with `STEWARD_IMAP_URL`.'],
  STEWARD_IMAP_POLL_SECONDS: [int(5, 86_400).default(60), 'How often to poll the IMAP mailbox, in seconds.'],
  STEWARD_SMTP_URL: [z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(), 'Mail server for outbound notifications, e.g. `smtp://user:password@mail.example.com:587`; unset turns notifications off.'],
  STEWARD_MAIL_FROM: [z.email().optional(), 'Sender address of notifications. Default `steward@<host of STEWARD_PUBLIC_URL>`.'],
} as const;

type Settings = typeof settings;
type Values = { [K in keyof Settings]: z.output<Settings[K][0]> };

const envSchema = z.object(
  Object.fromEntries(Object.entries(settings).map(([k, [schema]]) => [k, schema])) as {
    [K in keyof Settings]: Settings[K][0];
  },
);

/** The resolved configuration handed to every part of Steward. */
export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  dbPoolSize: number;
  pgliteFsyncMs: number;
  role: 'web' | 'worker' | 'all';
  logLevel: Values['STEWARD_LOG_LEVEL'];
  logFormat: 'auto' | 'json' | 'pretty';
  adminEmail: string;
  adminPassword: string | undefined;
  sessionTtlHours: number;
  cookieSecure: 'auto' | 'true' | 'false';
  trustProxy: boolean;
  bodyLimit: number;
  login: { maxAttempts: number; lockoutMinutes: number; ratePerMinute: number };
  rateLimitPerMinute: number;
  oidc: OidcConfig | undefined;
  shutdownTimeoutMs: number;
  outboxPollMs: number;
  attachments: { maxBytes: number; blockedExtensions: string[]; blockedTypes: string[] };
  mail: MailConfig;
}

/** The e-mail channel: inbound SMTP listener, IMAP polling, outbound notifications. */
export interface MailConfig {
  /** Inbound SMTP port; undefined turns the listener off (0 picks a free port). */
  listenPort: number | undefined;
  listenHost: string;
  maxMessageBytes: number;
  loopLimit: number;
  imap: { url: string; mailbox: string; pollSeconds: number } | undefined;
  /** Outbound SMTP server; undefined turns notifications off. */
  smtpUrl: string | undefined;
  /** Sender of notifications, lower-case. */
  from: string;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  name: string;
  scopes: string;
  groupsClaim: string;
  roleMap: { group: string; role: string }[];
  defaultRole: string;
  allowHttp: boolean;
}

/** Raised when settings are invalid; the message lists every bad setting. */
export class ConfigError extends Error {}

/** Documentation rows for the README: name, default, description. */
export const settingsDoc = Object.entries(settings).map(([name, [schema, description]]) => {
  const parsed = schema.safeParse(undefined);
  const fallback = parsed.success && parsed.data !== undefined ? String(parsed.data) : '';
  return { name, default: fallback, description };
});

/** Reads and validates the configuration from an environment map (default: the process's). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const fromFile = env.STEWARD_CONFIG_FILE ? readConfigFile(env.STEWARD_CONFIG_FILE) : {};
  const merged: Record<string, unknown> = { ...fromFile };
  for (const key of Object.keys(settings)) {
    const value = env[key];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  const result = envSchema.safeParse(merged);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const v = result.data as Values;
  return {
    port: v.STEWARD_PORT,
    host: v.STEWARD_HOST,
    publicUrl: (v.STEWARD_PUBLIC_URL ?? `http://localhost:${v.STEWARD_PORT}`).replace(/\/$/, ''),
    dataDir: path.resolve(v.STEWARD_DATA_DIR),
    databaseUrl: v.DATABASE_URL,
    dbPoolSize: v.STEWARD_DB_POOL_SIZE,
    pgliteFsyncMs: v.STEWARD_PGLITE_FSYNC_MS,
    role: v.STEWARD_ROLE,
    logLevel: v.STEWARD_LOG_LEVEL,
    logFormat: v.STEWARD_LOG_FORMAT,
    adminEmail: v.STEWARD_ADMIN_EMAIL.toLowerCase(),
    adminPassword: v.STEWARD_ADMIN_PASSWORD,
    sessionTtlHours: v.STEWARD_SESSION_TTL_HOURS,
    cookieSecure: v.STEWARD_COOKIE_SECURE,
    trustProxy: v.STEWARD_TRUST_PROXY,
    bodyLimit: v.STEWARD_BODY_LIMIT,
    login: {
      maxAttempts: v.STEWARD_LOGIN_MAX_ATTEMPTS,
      lockoutMinutes: v.STEWARD_LOGIN_LOCKOUT_MINUTES,
      ratePerMinute: v.STEWARD_LOGIN_RATE_LIMIT,
    },
    rateLimitPerMinute: v.STEWARD_RATE_LIMIT,
    oidc: oidcFrom(v),
    shutdownTimeoutMs: v.STEWARD_SHUTDOWN_TIMEOUT_MS,
    outboxPollMs: v.STEWARD_OUTBOX_POLL_MS,
    attachments: {
      maxBytes: v.STEWARD_ATTACHMENT_MAX_BYTES,
      blockedExtensions: list(v.STEWARD_ATTACHMENT_BLOCKED_EXTENSIONS),
      blockedTypes: list(v.STEWARD_ATTACHMENT_BLOCKED_TYPES),
    },
    mail: mailFrom(v),
  };
}

function mailFrom(v: Values): MailConfig {
  if (v.STEWARD_IMAP_URL && !v.STEWARD_IMAP_MAILBOX) {
    throw new ConfigError('Invalid configuration:\n  STEWARD_IMAP_MAILBOX: required when STEWARD_IMAP_URL is set');
  }
  const host = new URL(v.STEWARD_PUBLIC_URL ?? 'http://localhost').hostname;
  return {
    listenPort: v.STEWARD_SMTP_LISTEN_PORT,
    listenHost: v.STEWARD_SMTP_LISTEN_HOST,
    maxMessageBytes: v.STEWARD_SMTP_MAX_MESSAGE_BYTES,
    loopLimit: v.STEWARD_MAIL_LOOP_LIMIT,
    imap: v.STEWARD_IMAP_URL ? { url: v.STEWARD_IMAP_URL, mailbox: v.STEWARD_IMAP_MAILBOX!.toLowerCase(), pollSeconds: v.STEWARD_IMAP_POLL_SECONDS } : undefined,
    smtpUrl: v.STEWARD_SMTP_URL,
    from: (v.STEWARD_MAIL_FROM ?? `steward@${host}`).toLowerCase(),
  };
}

function oidcFrom(v: Values): OidcConfig | undefined {
  if (!v.STEWARD_OIDC_ISSUER) return undefined;
  if (!v.STEWARD_OIDC_CLIENT_ID) {
    throw new ConfigError('Invalid configuration:\n  STEWARD_OIDC_CLIENT_ID: required when STEWARD_OIDC_ISSUER is set');
  }
  const roleMap = v.STEWARD_OIDC_ROLE_MAP.split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const [group, role] = pair.split('=').map((s) => s.trim());
      if (!group || !role) throw new ConfigError(`Invalid configuration:\n  STEWARD_OIDC_ROLE_MAP: "${pair}" is not group=role`);
      return { group, role };
    });
  return {
    issuer: v.STEWARD_OIDC_ISSUER,
    clientId: v.STEWARD_OIDC_CLIENT_ID,
    clientSecret: v.STEWARD_OIDC_CLIENT_SECRET,
    name: v.STEWARD_OIDC_NAME,
    scopes: v.STEWARD_OIDC_SCOPES,
    groupsClaim: v.STEWARD_OIDC_GROUPS_CLAIM,
    roleMap,
    defaultRole: v.STEWARD_OIDC_DEFAULT_ROLE,
    allowHttp: v.STEWARD_OIDC_ALLOW_HTTP,
  };
}

function readConfigFile(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`Cannot read STEWARD_CONFIG_FILE ${file}: ${(err as Error).message}`);
  }
}

/** Test-database location for the suite: PGlite unless TEST_DATABASE_URL names a server. */
export function testDatabaseUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  return env.TEST_DATABASE_URL || undefined;
}

/** Fuzz and bench knobs read by tests and benchmarks (kept here so config.ts stays the only env reader). */
export function toolSettings(env: Record<string, string | undefined> = process.env) {
  return {
    fuzzRuns: Number(env.FUZZ_RUNS ?? 0) || undefined,
    benchDuration: Number(env.BENCH_DURATION ?? 0) || undefined,
    soakDuration: Number(env.SOAK_DURATION ?? 0) || undefined,
    benchPgUrl: env.BENCH_DATABASE_URL || env.TEST_DATABASE_URL || undefined,
    chromiumPath: env.CHROMIUM_PATH || '/usr/bin/chromium',
  };
}

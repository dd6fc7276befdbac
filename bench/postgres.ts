/** A throwaway PostgreSQL database on a loopback server, created for one benchmark and dropped after it. */
import pg from 'pg';

export interface ThrowawayDatabase {
  url: string;
  serverVersion: string;
  drop(): Promise<void>;
}

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Creates `steward_bench_<pid>` next to the database `adminUrl` names (which must be on this machine). */
export async function createThrowawayDatabase(adminUrl: string): Promise<ThrowawayDatabase> {
  const target = new URL(adminUrl);
  if (!loopback.has(target.hostname) && !target.hostname.startsWith('127.')) {
    throw new Error(`benchmarks only use a PostgreSQL server on this machine, not ${target.hostname}`);
  }
  const name = `steward_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await admin.connect();
  let serverVersion: string;
  try {
    serverVersion = ((await admin.query('SHOW server_version')).rows[0] as { server_version: string }).server_version;
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  target.pathname = `/${name}`;
  let dropped = false;
  return {
    url: target.toString(),
    serverVersion,
    async drop() {
      if (dropped) return;
      dropped = true;
      const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

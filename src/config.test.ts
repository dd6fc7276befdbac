import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, settingsDoc } from './config.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8080, role: 'all', adminEmail: 'admin@localhost', databaseUrl: undefined, oidc: undefined });
    expect(config.publicUrl).toBe('http://localhost:8080');
  });

  it('reports every invalid setting at once', () => {
    expect(() => loadConfig({ STEWARD_PORT: 'abc', DATABASE_URL: 'mysql://x', STEWARD_ROLE: 'boss' })).toThrowError(ConfigError);
    try {
      loadConfig({ STEWARD_PORT: 'abc', DATABASE_URL: 'mysql://x', STEWARD_ROLE: 'boss' });
    } catch (err) {
      expect((err as Error).message).toMatch(/STEWARD_PORT/);
      expect((err as Error).message).toMatch(/DATABASE_URL/);
      expect((err as Error).message).toMatch(/STEWARD_ROLE/);
    }
  });

  it('parses the SSO role map and requires a client id', () => {
    const config = loadConfig({ STEWARD_OIDC_ISSUER: 'https://id.example.test', STEWARD_OIDC_CLIENT_ID: 'steward', STEWARD_OIDC_ROLE_MAP: 'it-admins=admin, helpdesk=agent' });
    expect(config.oidc?.roleMap).toEqual([{ group: 'it-admins', role: 'admin' }, { group: 'helpdesk', role: 'agent' }]);
    expect(() => loadConfig({ STEWARD_OIDC_ISSUER: 'https://id.example.test' })).toThrowError(/STEWARD_OIDC_CLIENT_ID/);
  });

  it('the README documents every setting', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const missing = settingsDoc.filter((s) => !readme.includes(`\`${s.name}\``)).map((s) => s.name);
    expect(missing).toEqual([]);
  });
});

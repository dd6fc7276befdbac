import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toolSettings } from '../../config.ts';
import { groupsFrom, isSafeReturnTo, mappedRole, oidcProfile, safeReturnPath, SsoFailure, syncedRole } from '../../platform/auth/oidc-claims.ts';

const runs = toolSettings().fuzzRuns ?? 200;
const roleMap = [
  { group: 'it-admins', role: 'admin' },
  { group: 'helpdesk', role: 'agent' },
];

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof SsoFailure) return err.reason;
    throw err;
  }
  return undefined;
}

describe('SSO claims', () => {
  it('builds a profile, lower-casing the e-mail and falling back for the name', () => {
    expect(oidcProfile({ sub: 's1', email: ' Ada@Example.TEST ', name: 'Ada', groups: ['a'] }, 'groups')).toEqual({
      subject: 's1',
      email: 'ada@example.test',
      name: 'Ada',
      groups: ['a'],
    });
    expect(oidcProfile({ sub: 's', email: 'x@y.test', given_name: 'Grace', family_name: 'Hopper' }, 'groups').name).toBe('Grace Hopper');
    expect(oidcProfile({ sub: 's', email: 'x@y.test', preferred_username: 'gh' }, 'groups').name).toBe('gh');
    expect(oidcProfile({ sub: 's', email: 'x@y.test' }, 'groups')).toMatchObject({ name: 'x', groups: [] });
  });

  it('refuses missing subject, missing, malformed or unverified e-mail', () => {
    expect(reasonOf(() => oidcProfile({ email: 'x@y.test' }, 'groups'))).toBe('subject_missing');
    expect(reasonOf(() => oidcProfile({ sub: 's' }, 'groups'))).toBe('email_missing');
    expect(reasonOf(() => oidcProfile({ sub: 's', email: 'not-an-address' }, 'groups'))).toBe('email_invalid');
    expect(reasonOf(() => oidcProfile({ sub: 's', email: 'x@y.test', email_verified: false }, 'groups'))).toBe('email_unverified');
    expect(reasonOf(() => oidcProfile({ sub: 's', email: 'x@y.test', email_verified: true }, 'groups'))).toBeUndefined();
  });

  it('reads groups from arrays, strings and nested claims', () => {
    expect(groupsFrom({ groups: ['a', 7, 'b'] }, 'groups')).toEqual(['a', 'b']);
    expect(groupsFrom({ roles: 'a b,c' }, 'roles')).toEqual(['a', 'b', 'c']);
    expect(groupsFrom({ realm_access: { roles: ['x'] } }, 'realm_access.roles')).toEqual(['x']);
    expect(groupsFrom({}, 'groups')).toEqual([]);
  });

  it('maps groups to roles in configured order, ignoring case and a leading slash', () => {
    expect(mappedRole(roleMap, ['helpdesk', 'it-admins'])).toBe('admin');
    expect(mappedRole(roleMap, ['/Helpdesk'])).toBe('agent');
    expect(mappedRole(roleMap, ['staff'])).toBeUndefined();
  });

  it('re-syncs mapped roles and leaves hand-given roles alone', () => {
    expect(syncedRole(roleMap, ['it-admins'], 'agent', 'requester')).toBe('admin');
    expect(syncedRole(roleMap, ['it-admins'], 'admin', 'requester')).toBeUndefined();
    expect(syncedRole(roleMap, [], 'admin', 'requester')).toBe('requester');
    expect(syncedRole(roleMap, [], 'read-only', 'requester')).toBeUndefined();
    expect(syncedRole(roleMap, [], 'requester', 'requester')).toBeUndefined();
    expect(syncedRole([], [], 'admin', 'requester')).toBeUndefined();
  });
});

describe('SSO return paths', () => {
  it('accepts paths on this site and refuses everything else', () => {
    for (const ok of ['/', '/tickets?view=mine', '/a/b#c', '/%2F%2Fevil.example']) expect(isSafeReturnTo(ok), ok).toBe(true);
    for (const bad of ['', 'tickets', '//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/\t/evil.example', `/${'a'.repeat(2000)}`]) {
      expect(isSafeReturnTo(bad), bad).toBe(false);
    }
  });

  it('returns accepted paths percent-encoded, so they are always valid in a Location header', () => {
    expect(safeReturnPath('/café?q=日本')).toBe('/caf%C3%A9?q=%E6%97%A5%E6%9C%AC');
    expect(safeReturnPath('/a/../tickets')).toBe('/tickets');
    expect(safeReturnPath('//evil.example')).toBeUndefined();
  });

  it('never accepts a value a browser would resolve to another origin', () => {
    const base = 'https://steward.example';
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', '/', '//', '/\\', 'http:', '\\'), (tail, head) => {
        const value = head + tail;
        const path = safeReturnPath(value);
        if (path === undefined) return true;
        return new URL(value, base).origin === base && new URL(path, base).origin === base && /^[\x21-\x7e]*$/.test(path);
      }),
      { numRuns: runs },
    );
  });
});

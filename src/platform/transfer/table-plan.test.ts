import { describe, expect, it } from 'vitest';
import { integer, pgSchema, pgTable, text, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { applicationTables, declaredTables, planTables, type TableShape } from './table-plan.ts';

const shape = (name: string, ...fks: [columns: string[], references: string, nullable: boolean][]): TableShape => ({
  name,
  primaryKey: ['id'],
  foreignKeys: fks.map(([columns, references, nullable]) => ({ columns, references, nullable })),
});

describe('table plan', () => {
  it('covers every public table of the schema, parents first', () => {
    const order = applicationTables().map((t) => t.name);
    expect(order).toEqual(expect.arrayContaining(['organisations', 'users', 'memberships', 'audit_events', 'audit_chain_head', 'events', 'event_deliveries']));
    const before = (a: string, b: string) => expect(order.indexOf(a), `${a} before ${b}`).toBeLessThan(order.indexOf(b));
    before('organisations', 'roles');
    before('users', 'memberships');
    before('roles', 'memberships');
    before('teams', 'team_members');
    before('events', 'event_deliveries');
    expect(applicationTables().find((t) => t.name === 'team_members')!.primaryKey).toEqual(['team_id', 'user_id']);
  });

  it('reads tables declared with Drizzle, leaving other schemas out', () => {
    const other = pgSchema('pgboss');
    const employees = pgTable('employees', {
      id: uuid('id').primaryKey(),
      managerId: uuid('manager_id').references((): AnyPgColumn => employees.id),
      name: text('name').notNull(),
    });
    const jobs = other.table('job', { id: integer('id').primaryKey() });
    const shapes = declaredTables({ employees, jobs, notATable: 42 });
    expect(shapes).toEqual([{ name: 'employees', primaryKey: ['id'], foreignKeys: [{ columns: ['manager_id'], references: 'employees', nullable: true }] }]);
    expect(planTables(shapes)).toEqual([{ name: 'employees', primaryKey: ['id'], deferred: ['manager_id'] }]);
  });

  it('breaks a cycle through a nullable key and refuses a NOT NULL one', () => {
    const plan = planTables([shape('a', [['b_id'], 'b', true]), shape('b', [['a_id'], 'a', false]), shape('c', [['a_id'], 'a', false])]);
    expect(plan.map((t) => t.name)).toEqual(['a', 'b', 'c']);
    expect(plan.find((t) => t.name === 'a')!.deferred).toEqual(['b_id']);
    expect(() => planTables([shape('a', [['b_id'], 'b', false]), shape('b', [['a_id'], 'a', false])])).toThrow(/cannot be ordered/);
    expect(() => planTables([shape('a', [['parent_id'], 'a', false])])).toThrow(/references itself/);
    expect(() => planTables([{ name: 'loose', primaryKey: [], foreignKeys: [] }])).toThrow(/no primary key/);
  });
});

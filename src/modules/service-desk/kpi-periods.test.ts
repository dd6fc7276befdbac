import { describe, expect, it } from 'vitest';
import { splitByHour } from './kpi-periods.ts';

const at = (iso: string) => new Date(iso);
const show = (ranges: { month: string; from: Date; to: Date }[]) => ranges.map((r) => `${r.month} ${r.from.toISOString().slice(5, 16)}–${r.to.toISOString().slice(5, 16)}`);

describe('splitByHour', () => {
  it('reads whole hours from the figures and counts the ragged ends from rows', () => {
    const { hours, rows } = splitByHour([{ month: '2026-10', from: at('2026-10-05T09:10:00Z'), to: at('2026-10-31T18:30:00Z') }]);
    expect(show(hours)).toEqual(['2026-10 10-05T10:00–10-31T18:00']);
    expect(show(rows)).toEqual(['2026-10 10-05T09:10–10-05T10:00', '2026-10 10-31T18:00–10-31T18:30']);
  });

  it('needs no rows when the month is hour-aligned, and only rows inside one hour', () => {
    expect(splitByHour([{ month: '2026-10', from: at('2026-10-01T00:00:00Z'), to: at('2026-11-01T00:00:00Z') }]).rows).toEqual([]);
    const inside = splitByHour([{ month: '2026-10', from: at('2026-10-05T09:10:00Z'), to: at('2026-10-05T09:50:00Z') }]);
    expect(inside.hours).toEqual([]);
    expect(show(inside.rows)).toEqual(['2026-10 10-05T09:10–10-05T09:50']);
  });

  it('covers every instant of the months exactly once', () => {
    const months = [
      { month: '2026-10', from: at('2026-10-05T09:10:00Z'), to: at('2026-10-31T18:30:00Z') },
      { month: '2026-11', from: at('2026-10-31T18:30:00Z'), to: at('2026-11-02T09:00:30Z') },
    ];
    const { hours, rows } = splitByHour(months);
    const all = [...hours, ...rows].sort((a, b) => a.from.getTime() - b.from.getTime());
    for (let i = 1; i < all.length; i++) expect(all[i]!.from.getTime()).toBe(all[i - 1]!.to.getTime());
    expect(all[0]!.from).toEqual(months[0]!.from);
    expect(all.at(-1)!.to).toEqual(months[1]!.to);
  });
});

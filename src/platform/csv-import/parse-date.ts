/**
 * Reads calendar dates: ISO 8601 (2026-01-31, also with a time, which is dropped) always, and
 * day/month/year or month/day/year only when the import says which, since 01/02/2026 means two
 * different days on either side of the Atlantic. Two-digit years are refused, not guessed.
 */
import type { DateFormat } from './options.ts';

const time = String.raw`(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp][Mm]|Z|[-+]\d{2}(?::?\d{2})?)?)?`;
const isoDate = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${time}$`);
const localDate = new RegExp(String.raw`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})${time}$`);

const formatNames: Record<DateFormat, string> = { iso: 'YYYY-MM-DD', dmy: 'DD/MM/YYYY or YYYY-MM-DD', mdy: 'MM/DD/YYYY or YYYY-MM-DD' };

function realDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || year < 1) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A function reading one cell as a date (`YYYY-MM-DD`), or returning what is wrong with it. */
export function dateReader(format: DateFormat): (text: string) => string | { problem: string } {
  const expected = `expected a date as ${formatNames[format]}`;
  return (text) => {
    const s = text.trim();
    const iso = isoDate.exec(s);
    if (iso) return realDate(Number(iso[1]), Number(iso[2]), Number(iso[3])) ?? { problem: `"${s}" is not a real date (${formatNames.iso})` };
    const local = localDate.exec(s);
    if (!local) return { problem: `"${s}" is not a date; ${expected}` };
    if (format === 'iso') return { problem: `"${s}" is not a date as YYYY-MM-DD; choose day/month/year or month/day/year in the import options if the file writes dates that way` };
    if (local[3].length === 2) return { problem: `"${s}" has a two-digit year; write the year in full` };
    const [day, month] = format === 'dmy' ? [local[1], local[2]] : [local[2], local[1]];
    return realDate(Number(local[3]), Number(month), Number(day)) ?? { problem: `"${s}" is not a real date (${formatNames[format].split(' ')[0]})` };
  };
}

/**
 * Date and time display through Intl, in the user's time zone and in the browser's locale when it is a
 * variant of the UI language (en-GB dates for an English UI in Britain), else in the UI language.
 */
import i18n from './index';

const formatters = new Map<string, Intl.DateTimeFormat>();

function dateLocales(): string[] {
  const language = i18n.resolvedLanguage ?? 'en';
  const browser = navigator.languages.filter((l) => l.split('-')[0] === language);
  return [...browser, language];
}

function formatter(kind: 'dateTime' | 'date'): Intl.DateTimeFormat {
  const locales = dateLocales();
  const key = `${locales.join(',')}:${kind}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locales, kind === 'date' ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' });
    formatters.set(key, found);
  }
  return found;
}

/** "12 Mar 2025, 14:05" style; empty string for a missing time. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? formatter('dateTime').format(new Date(iso)) : '';
}

/** "12 Mar 2025" style; empty string for a missing time. */
export function formatDate(iso: string | null | undefined): string {
  return iso ? formatter('date').format(new Date(iso)) : '';
}

const relativeFormatters = new Map<string, Intl.RelativeTimeFormat>();

const relativeSteps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
];

/** "5 minutes ago" / "in 2 hours" style, relative to `now`; empty string for a missing time. */
export function formatRelative(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return '';
  const locales = dateLocales();
  const key = locales.join(',');
  let found = relativeFormatters.get(key);
  if (!found) {
    found = new Intl.RelativeTimeFormat(locales, { numeric: 'auto', style: 'long' });
    relativeFormatters.set(key, found);
  }
  let value = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of relativeSteps) {
    if (Math.abs(value) < size) return found.format(Math.round(value), unit);
    value /= size;
  }
  return '';
}

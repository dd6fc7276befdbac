/** Durations as people say them at a glance: "2 d 3 h", "3 h 20 min", "12 min 5 s", "45 s". */
import i18n from '../../i18n';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/** A duration in milliseconds, to its two largest units. */
export function formatDuration(ms: number): string {
  const abs = Math.max(0, Math.abs(ms));
  const units: [number, 'days' | 'hours' | 'minutes' | 'seconds'][] = [
    [day, 'days'],
    [hour, 'hours'],
    [minute, 'minutes'],
    [second, 'seconds'],
  ];
  const first = units.findIndex(([size]) => abs >= size);
  if (first === -1) return i18n.t('durations.seconds', { count: 0 });
  const [bigSize, bigUnit] = units[first];
  const big = Math.floor(abs / bigSize);
  const parts = [i18n.t(`durations.${bigUnit}`, { count: big })];
  const next = units[first + 1];
  if (next) {
    const small = Math.floor((abs - big * bigSize) / next[0]);
    if (small > 0) parts.push(i18n.t(`durations.${next[1]}`, { count: small }));
  }
  return parts.join(' ');
}

/** Business minutes of a target as a duration ("4 h", "1 d 2 h"). */
export function formatMinutes(minutes: number): string {
  return formatDuration(minutes * minute);
}

/**
 * Finds the column delimiter of a file from its header row: whichever of comma, semicolon and tab
 * occurs most often outside quotes. Excel writes semicolons where the decimal mark is a comma, and
 * its "Unicode text" export uses tabs; Excel's own `sep=;` first line is honoured too.
 */
import type { CsvDelimiter } from './options.ts';

/** On a tie, the earlier wins: a comma inside a column name is likelier than a semicolon or tab. */
const candidates: CsvDelimiter[] = ['\t', ';', ','];

/** The index just past the first line break outside quotes, or -1 when the text has none yet. */
export function firstLineEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && c === 10) return i + 1;
    else if (!quoted && c === 13) {
      if (i + 1 >= text.length) return -1;
      return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
    }
  }
  return -1;
}

/** The delimiter a header row uses; a comma when it has none of them (a one-column file). */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  const counts = new Map<string, number>(candidates.map((c) => [c, 0]));
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: CsvDelimiter = ',';
  let bestCount = 0;
  for (const c of candidates) {
    if (counts.get(c)! > bestCount) {
      best = c;
      bestCount = counts.get(c)!;
    }
  }
  return best;
}

/** The delimiter named by Excel's `sep=;` first line, if the line is one. */
export function separatorDirective(line: string): CsvDelimiter | undefined {
  const match = /^"?sep=(.)"?[\t,;]*\r?\n?$/i.exec(line);
  const named = match?.[1];
  return candidates.find((c) => c === named);
}

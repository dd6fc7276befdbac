/**
 * Reads numbers as spreadsheets write them: a chosen decimal mark ('.' or ','), thousands grouped by
 * the other mark, spaces or apostrophes (1,234.56 · 1.234,56 · 1 234,56 · 1'234.56), a sign or
 * accounting parentheses for negatives, and for money fields a currency symbol or code on either
 * side (€ 1.234,56 · 1,234.56 USD). Grouping must be in threes, so a wrong decimal mark is caught
 * ("1.5" with ',' as the mark) rather than read as fifteen.
 */

/** The decimal mark of the numbers in a file. */
export type DecimalSeparator = '.' | ',';

const currency = /^(?:\p{Sc}|[A-Z]{1,2}\$|[A-Z]{3}|kr\.?|zł|Kč|Fr\.|Ft)\s*|\s*(?:\p{Sc}|[A-Z]{3}|kr\.?|zł|Kč|Fr\.|Ft|lei)$/u;
const sign = /^[-+\u2212]\s*/u;

/** A function reading one cell as a number, or returning undefined when the cell is not one. */
export function numberReader(decimal: DecimalSeparator, money: boolean): (text: string) => number | undefined {
  const group = decimal === '.' ? "[,\\s'\u2019]" : "[.\\s'\u2019]";
  const mark = decimal === '.' ? '\\.' : ',';
  const grouped = new RegExp(`^(\\d{1,3}(?:${group}\\d{3})+|\\d+)?(?:${mark}(\\d+))?$`, 'u');
  const separators = new RegExp(group, 'gu');
  const scientific = decimal === '.' ? /^\d+(?:\.\d+)?[eE][-+]?\d+$/ : /^\d+(?:,\d+)?[eE][-+]?\d+$/;
  return (text) => {
    let s = text.trim();
    let negative = false;
    if (s.startsWith('(') && s.endsWith(')')) {
      negative = true;
      s = s.slice(1, -1).trim();
    }
    const readSign = () => {
      const found = sign.exec(s);
      if (!found) return;
      if (found[0][0] !== '+') negative = !negative;
      s = s.slice(found[0].length);
    };
    readSign();
    if (money) {
      const before = s;
      s = s.replace(currency, '');
      if (s !== before) s = s.replace(currency, '');
      readSign();
    }
    let value: number;
    if (scientific.test(s)) value = Number(s.replace(',', '.'));
    else {
      const match = grouped.exec(s);
      if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
      value = Number(`${(match[1] ?? '0').replace(separators, '')}.${match[2] ?? '0'}`);
    }
    if (!Number.isFinite(value)) return undefined;
    return negative && value !== 0 ? -value : value;
  };
}

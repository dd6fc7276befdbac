/**
 * Formula-injection protection for CSV that people open in a spreadsheet (OWASP "CSV Injection"): a
 * text cell starting with = + - @ tab or carriage return is written with a leading single quote, so
 * Excel and LibreOffice show it as text instead of running it. The import removes that one quote
 * again, so a list exported and re-imported keeps its values.
 */

const escaped = /^'*[=+\-@\t\r]/;
const unescaped = /^'+[=+\-@\t\r]/;

/** The cell as written to a CSV export: quoted with `'` when a spreadsheet would run it as a formula. */
export function escapeFormula(text: string): string {
  return escaped.test(text) ? `'${text}` : text;
}

/** The cell as it was before `escapeFormula`; text that was never escaped is returned as is. */
export function unescapeFormula(text: string): string {
  return unescaped.test(text) ? text.slice(1) : text;
}

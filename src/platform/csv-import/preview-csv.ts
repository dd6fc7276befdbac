/**
 * The first look at an uploaded file, for the column-mapping screen: how it was read (encoding,
 * delimiter), its headers, a few rows and the suggested mapping. Reads only as far as it needs.
 */
import { type AutoMapResult, autoMap } from './auto-map.ts';
import type { CsvSource, TextEncodingName } from './decode-text.ts';
import type { ImportField } from './fields.ts';
import { type CsvDelimiter, importOptions, type ImportOptionsInput } from './options.ts';
import { type CsvRecord, openCsv } from './read-csv.ts';

/** What the mapping screen shows before an import runs. */
export interface CsvPreview {
  headers: string[];
  delimiter: CsvDelimiter;
  /** `ascii` when the rows read held no other character; the full file may still settle it later. */
  encoding: TextEncodingName;
  sample: CsvRecord[];
  suggestion: AutoMapResult;
}

/** Reads the header and the first `sampleRows` rows of a file and suggests a mapping. */
export async function previewCsv(source: CsvSource, fields: readonly ImportField[], options?: ImportOptionsInput, sampleRows = 20): Promise<CsvPreview> {
  const table = await openCsv(source, importOptions(options));
  const sample: CsvRecord[] = [];
  try {
    for await (const record of table.records) {
      if (sample.length >= sampleRows) break;
      sample.push(record);
    }
  } finally {
    await table.records.return(undefined);
  }
  return { headers: table.headers, delimiter: table.delimiter, encoding: table.stats.encoding, sample, suggestion: autoMap(table.headers, fields) };
}

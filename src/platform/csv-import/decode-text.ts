/**
 * Turns the bytes of an uploaded file into text without being told the encoding. A byte-order mark
 * decides (UTF-8, UTF-16 LE/BE); otherwise the first non-ASCII character does: valid UTF-8 means
 * UTF-8, anything else means Windows-1252, which is what Excel's plain "CSV" export writes on
 * Western-European Windows (and a superset of Latin-1). ASCII text before that point reads the same
 * either way, so nothing read earlier has to be decoded again.
 */
import { TextDecoder } from 'node:util';
import { AppError, invalid } from '../errors/catalogue.ts';
import { formatBytes } from './options.ts';

/** The encoding a file was read in; `ascii` while (or when) nothing beyond ASCII was seen. */
export type TextEncodingName = 'ascii' | 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** The bytes an import reads: a stream, a buffer, or any async sequence of chunks. */
export type CsvSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> | Uint8Array | string;

/** Counters a caller can watch while text is decoded. */
export interface DecodeStats {
  encoding: TextEncodingName;
  bytesRead: number;
}

/** The number of bytes a UTF-8 sequence starting with this lead byte has, or 0 when it cannot lead one. */
function utf8SequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function firstNonAscii(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return i;
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

const latin1 = new TextDecoder('latin1');

/** A push decoder: feed it chunks, get text back; `end()` flushes what it held. */
export class SniffingDecoder {
  readonly stats: DecodeStats = { encoding: 'ascii', bytesRead: 0 };
  #decoder: TextDecoder | undefined;
  #held: Uint8Array = new Uint8Array(0);
  #started = false;

  /** Decodes one chunk; may hold back a few bytes until it can decide or complete a character. */
  write(chunk: Uint8Array): string {
    this.stats.bytesRead += chunk.length;
    return this.#decode(concat(this.#held, chunk), false);
  }

  /** Decodes whatever is still held at the end of the input. */
  end(): string {
    const rest = this.#decode(this.#held, true);
    return rest + (this.#decoder ? this.#run(this.#decoder, new Uint8Array(0), false) : '');
  }

  #decode(bytes: Uint8Array, final: boolean): string {
    this.#held = new Uint8Array(0);
    if (!this.#started) {
      if (bytes.length < 3 && !final) {
        this.#held = bytes;
        return '';
      }
      this.#started = true;
      const bom = this.#byteOrderMark(bytes);
      if (bom) return this.#decode(bytes, final);
    }
    if (this.#decoder) return this.#run(this.#decoder, bytes, true);
    const first = firstNonAscii(bytes);
    if (first < 0) return latin1.decode(bytes);
    const length = utf8SequenceLength(bytes[first]);
    if (length > 0 && first + length > bytes.length && !final) {
      this.#held = bytes.subarray(first);
      return latin1.decode(bytes.subarray(0, first));
    }
    let isUtf8 = length > 0 && first + length <= bytes.length;
    for (let i = first + 1; isUtf8 && i < first + length; i++) isUtf8 = bytes[i] >= 0x80 && bytes[i] <= 0xbf;
    this.#choose(isUtf8 ? 'utf-8' : 'windows-1252');
    return latin1.decode(bytes.subarray(0, first)) + this.#run(this.#decoder!, bytes.subarray(first), true);
  }

  /** Picks the encoding a byte-order mark at the very start names (the decoder drops the mark); false without one. */
  #byteOrderMark(bytes: Uint8Array): boolean {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) this.#choose('utf-8');
    else if (bytes[0] === 0xff && bytes[1] === 0xfe) this.#choose('utf-16le');
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) this.#choose('utf-16be');
    return this.#decoder !== undefined;
  }

  #choose(encoding: Exclude<TextEncodingName, 'ascii'>): void {
    this.stats.encoding = encoding;
    this.#decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  }

  #run(decoder: TextDecoder, bytes: Uint8Array, stream: boolean): string {
    try {
      return decoder.decode(bytes, { stream });
    } catch {
      throw invalid(
        [{ field: 'file', message: `the text is not valid UTF-8 near byte ${this.stats.bytesRead}, although the file began as UTF-8` }],
        'The file mixes text encodings; save it again as "CSV UTF-8" and import that',
      );
    }
  }
}

const chunkSize = 64 * 1024;

/** The source as byte chunks of at most 64 KiB, so a large buffer is parsed (and reported on) piece by piece. */
async function* chunksOf(source: CsvSource): AsyncGenerator<Uint8Array> {
  const whole = typeof source === 'string' ? Buffer.from(source, 'utf8') : source instanceof Uint8Array ? source : undefined;
  const pieces = whole ? [whole] : source as Exclude<CsvSource, string | Uint8Array>;
  for await (const piece of pieces) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    for (let at = 0; at < bytes.length; at += chunkSize) yield bytes.subarray(at, at + chunkSize);
  }
}

/** Decodes a source to text chunks, refusing it as soon as it passes `maxBytes`; `decoder.stats` tells how far it got. */
export async function* decodeText(source: CsvSource, maxBytes: number, decoder = new SniffingDecoder()): AsyncGenerator<string> {
  for await (const chunk of chunksOf(source)) {
    if (decoder.stats.bytesRead + chunk.length > maxBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the import limit of ${formatBytes(maxBytes)}`, [
        { field: 'file', message: `must be at most ${formatBytes(maxBytes)}` },
      ]);
    }
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

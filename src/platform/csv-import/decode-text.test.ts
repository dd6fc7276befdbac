import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/catalogue.ts';
import { type CsvSource, SniffingDecoder, decodeText } from './decode-text.ts';

async function decodeAll(source: CsvSource, maxBytes = 1 << 20) {
  const decoder = new SniffingDecoder();
  let text = '';
  for await (const chunk of decodeText(source, maxBytes, decoder)) text += chunk;
  return { text, encoding: decoder.stats.encoding, bytesRead: decoder.stats.bytesRead };
}

/** Feeds bytes one by one, the worst case for a decoder that must decide on incomplete input. */
function byteByByte(bytes: Uint8Array): Uint8Array[] {
  return [...bytes].map((b) => Uint8Array.of(b));
}

const cp1252 = (text: string) => Uint8Array.from([...text].map((c) => ({ '€': 0x80, '“': 0x93, '”': 0x94 })[c] ?? c.charCodeAt(0)));

describe('decodeText', () => {
  it('reads UTF-8 with a byte-order mark and drops the mark', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Name;Stadt\nMüller;Köln\n')]);
    expect(await decodeAll(bytes)).toEqual({ text: 'Name;Stadt\nMüller;Köln\n', encoding: 'utf-8', bytesRead: bytes.length });
  });

  it('reads an Excel Windows-1252 export (Müller, €, curly quotes) as Windows-1252', async () => {
    const bytes = cp1252('Name;Preis\nMüller;“5 €”\n');
    expect(bytes.length).toBe(24);
    expect(await decodeAll(bytes)).toMatchObject({ text: 'Name;Preis\nMüller;“5 €”\n', encoding: 'windows-1252' });
  });

  it('decides on the first non-ASCII character even when it comes in a later chunk', async () => {
    const ascii = 'a,b\n'.repeat(50_000);
    const latin = await decodeAll([Buffer.from(ascii), cp1252('Müller,1\n')]);
    expect(latin).toMatchObject({ encoding: 'windows-1252', text: `${ascii}Müller,1\n` });
    const utf8 = await decodeAll(Readable.from([Buffer.from(ascii), Buffer.from('Müller,1\n')]));
    expect(utf8).toMatchObject({ encoding: 'utf-8', text: `${ascii}Müller,1\n` });
  });

  it('keeps a multi-byte character split across chunks', async () => {
    const text = 'x\nÄrger 😀 ß,€\n';
    expect(await decodeAll(byteByByte(Buffer.from(text)))).toMatchObject({ text, encoding: 'utf-8' });
    expect(await decodeAll(byteByByte(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])))).toMatchObject({ text, encoding: 'utf-8' });
    expect(await decodeAll(byteByByte(cp1252('x\nMüller\n')))).toMatchObject({ text: 'x\nMüller\n', encoding: 'windows-1252' });
  });

  it('reads UTF-16 with a byte-order mark (Excel "Unicode text")', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\tOrt\nMüller\tKöln\n', 'utf16le')]);
    expect(await decodeAll(le)).toMatchObject({ text: 'Name\tOrt\nMüller\tKöln\n', encoding: 'utf-16le' });
    const be = Buffer.from(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Ä\n', 'utf16le')]).swap16());
    expect(await decodeAll(be)).toMatchObject({ text: 'Ä\n', encoding: 'utf-16be' });
  });

  it('stays ascii for plain text, and accepts strings and tiny files', async () => {
    expect(await decodeAll('a,b\n1,2')).toMatchObject({ text: 'a,b\n1,2', encoding: 'ascii' });
    expect(await decodeAll(Buffer.from('a'))).toMatchObject({ text: 'a', encoding: 'ascii' });
    expect(await decodeAll(Buffer.from([0xfc]))).toMatchObject({ text: 'ü', encoding: 'windows-1252' });
    expect(await decodeAll(new Uint8Array(0))).toMatchObject({ text: '', encoding: 'ascii' });
  });

  it('refuses a file that turns from UTF-8 to something else', async () => {
    const mixed = Buffer.concat([Buffer.from('Name\nMüller\n'), Buffer.from([0x4d, 0xfc, 0x6c, 0x0a])]);
    const error = await decodeAll(mixed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect((error as AppError).errors[0]).toMatchObject({ field: 'file', message: expect.stringContaining('not valid UTF-8') });
  });

  it('stops reading at the byte limit', async () => {
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(1000, 0x61));
    const error = await decodeAll(chunks, 5000).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413, message: expect.stringContaining('4.9 KB') });
    await expect(decodeAll(chunks, 10_000)).resolves.toMatchObject({ bytesRead: 10_000 });
  });
});

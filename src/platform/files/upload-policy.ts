/**
 * What an uploaded file may be: its size, and not an executable or script — judged by its name, the
 * type the sender declared and the type its first bytes show (a PE executable renamed `.pdf` is still
 * refused). Also the file name and content type Steward stores for it.
 */
import { fileTypeFromBuffer } from 'file-type';

export interface UploadPolicy {
  maxBytes: number;
  /** Lower-case extensions without the dot. */
  blockedExtensions: ReadonlySet<string>;
  /** Lower-case media types. */
  blockedTypes: ReadonlySet<string>;
}

export interface UploadVerdict {
  /** Why the file is refused, or undefined when it is accepted. */
  blocked?: string;
  /** The media type to store and serve: the sniffed one, else the declared one, else octet-stream. */
  contentType: string;
}

const mediaType = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** Magic numbers of executables that file-type does not name, or names in more than one way. */
function executableMagic(head: Buffer): string | undefined {
  if (head.subarray(0, 2).toString('latin1') === 'MZ') return 'a Windows executable';
  if (head.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) return 'an ELF executable';
  const magic = head.length >= 4 ? head.readUInt32BE(0) : 0;
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(magic)) return 'a Mach-O executable';
  if (head.subarray(0, 2).toString('latin1') === '#!') return 'a script';
  return undefined;
}

/** The declared media type, lower-cased and without parameters, if it is a well-formed one. */
export function cleanMediaType(declared: string | undefined): string | undefined {
  const base = declared?.split(';')[0]?.trim().toLowerCase();
  return base && mediaType.test(base) ? base : undefined;
}

/** The extension of a file name, lower-case, without the dot ('' when none). */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/** A file name safe to store and show: no path, no control characters, at most 255 characters. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim().normalize('NFC');
  const cut = [...clean].slice(0, 255).join('');
  return cut && cut !== '.' && cut !== '..' ? cut : 'file';
}

/** Judges a file by name, declared type and first bytes. */
export async function judgeUpload(policy: UploadPolicy, file: { fileName: string; declaredType?: string; head: Buffer }): Promise<UploadVerdict> {
  const declared = cleanMediaType(file.declaredType);
  const sniffed = await fileTypeFromBuffer(file.head).catch(() => undefined);
  const contentType = sniffed?.mime ?? declared ?? 'application/octet-stream';
  const extensions = [extensionOf(file.fileName), sniffed?.ext ?? ''].filter(Boolean);
  const blockedExt = extensions.find((e) => policy.blockedExtensions.has(e));
  if (blockedExt) return { blocked: `files of type .${blockedExt} are not accepted`, contentType };
  const blockedType = [declared, sniffed?.mime].find((t) => t && policy.blockedTypes.has(t));
  if (blockedType) return { blocked: `files of type ${blockedType} are not accepted`, contentType };
  const magic = executableMagic(file.head);
  if (magic) return { blocked: `the content is ${magic}, which is not accepted`, contentType };
  return { contentType };
}

/** `attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded` (RFC 6266 / RFC 5987). */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

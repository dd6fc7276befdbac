/**
 * Content-addressed file storage under the data directory: `<root>/<first two hex of sha256>/<sha256>`.
 * A file is first written to `<root>/tmp/` while its hash and size are computed, then renamed into
 * place (atomic on one file system), so a reader never sees a half-written file and identical
 * uploads share one copy. Whoever writes a temp blob must either commit or discard it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A file written to the temp area, not yet committed. */
export interface TempBlob {
  tmpPath: string;
  sha256: string;
  size: number;
  /** The first bytes, for sniffing the real type. */
  head: Buffer;
}

/** Thrown when the source holds more than the allowed bytes; nothing is left behind. */
export class BlobTooLarge extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`larger than ${limit} bytes`);
    this.limit = limit;
  }
}

const headBytes = 4100;
const shaPattern = /^[0-9a-f]{64}$/;

export class BlobStore {
  readonly root: string;
  constructor(root: string) {
    this.root = root;
  }

  /** Where the blob with this hash lives. */
  pathOf(sha256: string): string {
    if (!shaPattern.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Streams `source` into a temp file, hashing and counting; refuses past `maxBytes` (temp file removed). */
  async write(source: Readable | Buffer, maxBytes: number): Promise<TempBlob> {
    const dir = path.join(this.root, 'tmp');
    await mkdir(dir, { recursive: true });
    const tmpPath = path.join(dir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const head: Buffer[] = [];
    let headSize = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new BlobTooLarge(maxBytes));
        hash.update(chunk);
        if (headSize < headBytes) {
          head.push(chunk.subarray(0, headBytes - headSize));
          headSize += Math.min(chunk.length, headBytes - headSize);
        }
        done(null, chunk);
      },
    });
    try {
      await pipeline(Buffer.isBuffer(source) ? Readable.from([source]) : source, meter, createWriteStream(tmpPath, { mode: 0o600 }));
    } catch (err) {
      await rm(tmpPath, { force: true });
      throw err;
    }
    return { tmpPath, sha256: hash.digest('hex'), size, head: Buffer.concat(head) };
  }

  /**
   * Moves a temp blob into place. Returns true when this call created the stored file (false when an
   * identical one was already there), so a caller whose transaction then fails can undo exactly that.
   */
  async commit(blob: TempBlob): Promise<boolean> {
    const target = this.pathOf(blob.sha256);
    await mkdir(path.dirname(target), { recursive: true });
    const existed = await this.exists(blob.sha256);
    if (existed) {
      await rm(blob.tmpPath, { force: true });
      return false;
    }
    await rename(blob.tmpPath, target);
    return true;
  }

  /** Removes a temp blob that will not be committed. */
  async discard(blob: TempBlob): Promise<void> {
    await rm(blob.tmpPath, { force: true });
  }

  async exists(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  /** Removes a stored blob (when no record refers to it any more). */
  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  open(sha256: string): ReadStream {
    return createReadStream(this.pathOf(sha256));
  }
}

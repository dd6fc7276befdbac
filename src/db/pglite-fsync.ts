/**
 * PGlite writes its files through Node's fs without ever calling fsync, so a process crash loses
 * nothing (the OS has the data) but a power cut or kernel crash could lose recent commits. This
 * loop fsyncs every file changed since the last pass, bounding that window to one interval.
 */
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface FsyncLoop {
  /** Syncs everything changed so far (also called on close). */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

async function syncFile(file: string, directory = false): Promise<void> {
  const handle = await open(file, directory ? 'r' : 'r+').catch(() => undefined);
  if (!handle) return; // removed meanwhile (e.g. a recycled WAL segment)
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const overlapMs = 2000;

export function startFsyncLoop(dir: string, intervalMs: number): FsyncLoop {
  let since = 0;
  let running: Promise<number> | undefined;
  const pass = async (): Promise<number> => {
    const started = Date.now();
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    const dirs = new Set<string>();
    let synced = 0;
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      const info = await stat(file).catch(() => undefined);
      if (!info || info.mtimeMs < since) continue;
      await syncFile(file);
      dirs.add(entry.parentPath);
      synced++;
    }
    for (const d of dirs) await syncFile(d, true);
    // The next pass also takes files changed up to 2 s before this one began: file times come from
    // the kernel's coarse clock, which can lag Date.now(), and syncing an unchanged file costs little.
    since = started - overlapMs;
    return synced;
  };
  const flush = () => (running ??= pass().finally(() => (running = undefined)));
  const timer = setInterval(() => void flush().catch(() => {}), intervalMs);
  timer.unref();
  return {
    flush,
    stop: async () => {
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}

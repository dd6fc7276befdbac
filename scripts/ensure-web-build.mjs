// Runs before `npm start`: builds the web app with Vite when dist/web is missing or older than any
// file under web/, so `steward start` always serves a current UI. Plain Node ESM: no build step of its own.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'web');
const builtIndex = path.join(root, 'dist', 'web', 'index.html');

/** The newest modification time of any file under `dir` (skipping dependency folders). */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

function staleReason() {
  if (!existsSync(builtIndex)) return 'dist/web is missing';
  if (newestMtime(webDir) > statSync(builtIndex).mtimeMs) return 'web/ changed since the last build';
  return null;
}

const reason = staleReason();
if (reason) {
  console.log(`Building the web app (${reason})…`);
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

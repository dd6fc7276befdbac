/** The web app never turns stored text into markup: no raw-HTML sinks anywhere in its source. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const webSrc = path.resolve(import.meta.dirname, '../../web/src');
const sinks = /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write|new Function\(|\beval\(/;

it('web/src has no raw-HTML sinks', () => {
  const files = readdirSync(webSrc, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /\.(tsx?|jsx?)$/.test(e.name));
  expect(files.length).toBeGreaterThan(10);
  const hits = files.flatMap((e) => {
    const file = path.join(e.parentPath, e.name);
    return readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (sinks.test(line) ? [`${path.relative(webSrc, file)}:${i + 1}: ${line.trim()}`] : []));
  });
  expect(hits).toEqual([]);
});

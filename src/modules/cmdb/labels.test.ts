import fc from 'fast-check';
import jsqr from 'jsqr';
import { PDFArray, PDFDocument, StandardFonts, decodePDFRawStream, type PDFPage, type PDFRawStream } from 'pdf-lib';
import QRCode from 'qrcode';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_LABEL_LAYOUT,
  LABEL_LAYOUTS,
  LABEL_LAYOUT_NAMES,
  isLabelLayoutName,
  planLabel,
  qrCodeRuns,
  renderAssetLabels,
  type AssetLabel,
  type LabelFonts,
  type LabelLayout,
} from './labels.ts';

const MM = 72 / 25.4;
// jsqr is CommonJS with `export default` in its types: under NodeNext the function is on `.default`.
const jsQR = jsqr.default;

const makeLabel = (n: number, overrides: Partial<AssetLabel> = {}): AssetLabel => ({
  tag: `AST-${9000 + n}`,
  name: `Laptop ${n}`,
  serial: `SN${n}X`,
  qrContent: `https://steward.example.com/cmdb/configuration-items/AST-${9000 + n}`,
  orgName: 'Acme Ltd',
  ...overrides,
});
const makeLabels = (count: number): AssetLabel[] => Array.from({ length: count }, (_, i) => makeLabel(i + 1));

/** Paints runs of modules into a black-on-white RGBA bitmap with a 4-module quiet zone, as a scanner would see it. */
function rasteriseRuns(size: number, runs: { row: number; col: number; length: number }[], px = 4) {
  const side = (size + 8) * px;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const run of runs) {
    for (let y = (run.row + 4) * px; y < (run.row + 5) * px; y++) {
      for (let x = (run.col + 4) * px; x < (run.col + 4 + run.length) * px; x++) data.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  }
  return { data, side };
}

/** The page's decoded content stream as text. */
function pageContent(page: PDFPage): string {
  const contents = page.node.Contents()!;
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  return streams.map((s) => Buffer.from(decodePDFRawStream(s as PDFRawStream).decode()).toString('latin1')).join('\n');
}

/** Decodes the QR code drawn inside one label box of a page, from the rectangles in its content stream. */
function decodeDrawnQr(page: PDFPage, box: { x: number; y: number; width: number; height: number }): string | undefined {
  const scale = 4;
  const width = Math.ceil(box.width * scale);
  const height = Math.ceil(box.height * scale);
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (const m of pageContent(page).matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re\b/g)) {
    const [x, y, w, h] = m.slice(1, 5).map(Number) as [number, number, number, number];
    if (x < box.x || x + w > box.x + box.width || y < box.y || y + h > box.y + box.height + 1) continue;
    for (let py = 0; py < height; py++) {
      const cy = box.y + box.height - (py + 0.5) / scale;
      if (cy < y || cy >= y + h) continue;
      for (let px = 0; px < width; px++) {
        const cx = box.x + (px + 0.5) / scale;
        if (cx >= x && cx < x + w) data.fill(0, (py * width + px) * 4, (py * width + px) * 4 + 3);
      }
    }
  }
  return jsQR(data, width, height)?.data;
}

describe('label layouts', () => {
  it('names every preset, and each preset fits its labels on the page', () => {
    expect([...LABEL_LAYOUT_NAMES].sort()).toEqual(Object.keys(LABEL_LAYOUTS).sort());
    expect(isLabelLayoutName(DEFAULT_LABEL_LAYOUT)).toBe(true);
    expect(isLabelLayoutName('avery-9999')).toBe(false);
    for (const l of Object.values(LABEL_LAYOUTS)) {
      expect(l.marginLeft + (l.columns - 1) * l.pitchX + l.labelWidth).toBeLessThanOrEqual(l.pageWidth + 0.01);
      expect(l.marginTop + (l.rows - 1) * l.pitchY + l.labelHeight).toBeLessThanOrEqual(l.pageHeight + 0.01);
    }
  });

  it.each([
    ['avery-l7160', 21, 1, [595.28, 841.89]],
    ['avery-l7160', 22, 2, [595.28, 841.89]],
    ['avery-5160', 30, 1, [612, 792]],
    ['avery-5160', 31, 2, [612, 792]],
    ['roll-62x29', 3, 3, [175.75, 82.2]],
  ] as const)('%s: %i labels make %i page(s) of the preset size', async (layout, count, pages, [width, height]) => {
    const doc = await PDFDocument.load(await renderAssetLabels(makeLabels(count), { layout }));
    expect(doc.getPageCount()).toBe(pages);
    for (const page of doc.getPages()) {
      expect(page.getWidth()).toBeCloseTo(width, 1);
      expect(page.getHeight()).toBeCloseTo(height, 1);
    }
    expect(doc.getTitle()).toBe('Asset labels');
  });

  it('uses the A4 21-up sheet by default and gives the same bytes for the same labels', async () => {
    const first = await renderAssetLabels(makeLabels(2));
    const doc = await PDFDocument.load(first);
    expect(doc.getPage(0).getSize()).toEqual({ width: 210 * MM, height: 297 * MM });
    expect(Buffer.from(await renderAssetLabels(makeLabels(2))).equals(Buffer.from(first))).toBe(true);
  });

  it('accepts a custom layout and rejects one whose labels do not fit the page', async () => {
    const custom: LabelLayout = { ...LABEL_LAYOUTS['roll-62x29'], title: 'Wide roll', pageWidth: 90, labelWidth: 90, pitchX: 90 };
    expect((await PDFDocument.load(await renderAssetLabels(makeLabels(2), { layout: custom }))).getPageCount()).toBe(2);
    const tooWide = { ...LABEL_LAYOUTS['avery-l7160'], columns: 4 };
    await expect(renderAssetLabels(makeLabels(1), { layout: tooWide })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'layout' }],
    });
    await expect(renderAssetLabels(makeLabels(1), { layout: 'a4-9000' as never })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'layout', message: expect.stringContaining('avery-l7160') }],
    });
  });
});

describe('label input', () => {
  it('rejects an empty list with a validation error rather than an empty PDF', async () => {
    await expect(renderAssetLabels([])).rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'labels' }] });
  });

  it('reports every label without a tag or with QR content that cannot be encoded, at once', async () => {
    const labels = [makeLabel(1, { tag: '  ' }), makeLabel(2), makeLabel(3, { qrContent: '' }), makeLabel(4, { qrContent: 'x'.repeat(3000) })];
    await expect(renderAssetLabels(labels)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [
        { field: 'labels[0].tag' },
        { field: 'labels[2].qrContent', message: 'is empty' },
        { field: 'labels[3].qrContent', message: 'is too long for a QR code' },
      ],
    });
  });

  it('prints names in any script: Latin-1 and WinAnsi letters as they are, stroked and accented letters by their base, the rest as "?"', async () => {
    const names = ['Łódź — Œuvre “Ä” €5', '東京オフィス', 'Printer 🖨️ 👩‍💻', 'Cafe\u0301\tline\nbreak\u0000', 'مكتب الرياض', 'Ｆｕｌｌ ﬁle'];
    const labels = names.map((name, i) => makeLabel(i, { name, tag: `${name.slice(0, 4)}-${i}`, serial: name, orgName: name }));
    for (const layout of LABEL_LAYOUT_NAMES) {
      const doc = await PDFDocument.load(await renderAssetLabels(labels, { layout }));
      expect(doc.getPageCount()).toBeGreaterThan(0);
    }
    const doc = await PDFDocument.create();
    const fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
    const nameLine = (name: string) => planLabel(makeLabel(1, { name }), LABEL_LAYOUTS['roll-62x29'], 0, 0, fonts).lines[1]!.text;
    expect(nameLine('Łódź')).toBe('Lódz');
    expect(nameLine('Œuvre “Ä” €5')).toBe('Œuvre “Ä” €5');
    expect(nameLine('東京')).toBe('??');
    expect(nameLine('Printer 🖨️')).toBe('Printer ?');
    expect(nameLine('Cafe\u0301\tbar')).toBe('Café bar');
    expect(nameLine('ﬁle')).toBe('file');
  });
});

describe('label text', () => {
  let fonts: LabelFonts;
  beforeAll(async () => {
    const doc = await PDFDocument.create();
    fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
  });

  it('wraps a long name onto two lines and ellipsises the rest', () => {
    const name = 'Dell Latitude 7440 laptop for the finance team, second floor, east wing, desk 14';
    const plan = planLabel(makeLabel(1, { name }), LABEL_LAYOUTS['avery-l7160'], 0, 0, fonts);
    const lines = plan.lines.map((l) => l.text);
    expect(lines[0]).toBe('AST-9001');
    expect(lines[1]).toMatch(/^Dell Latitude/);
    expect(lines[2]).toMatch(/…$/);
    expect(lines.slice(3)).toEqual(['S/N SN1X', 'Acme Ltd']);
  });

  it('shrinks a long tag before cutting it, and keeps the tag the largest text', () => {
    const plan = planLabel(makeLabel(1, { tag: 'ACME-FINANCE-LAPTOP-000123' }), LABEL_LAYOUTS['avery-5160'], 0, 0, fonts);
    const [tag, ...rest] = plan.lines;
    expect(tag!.font).toBe(fonts.bold);
    expect(tag!.size).toBeGreaterThanOrEqual(Math.max(...rest.map((l) => l.size)) - 3);
  });

  it('never lets text or the QR code leave the label box, whatever the text', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 120 });
    fc.assert(
      fc.property(fc.constantFrom(...LABEL_LAYOUT_NAMES), text, text, fc.option(text), fc.option(text), (name, tag, labelName, serial, org) => {
        const layout = LABEL_LAYOUTS[name];
        const [x0, y0] = [30, 40];
        const pad = layout.padding * MM;
        const box = { left: x0 + pad, right: x0 + (layout.labelWidth - layout.padding) * MM, bottom: y0 + pad, top: y0 + (layout.labelHeight - layout.padding) * MM };
        const plan = planLabel({ tag: tag || 'T', name: labelName, serial, orgName: org, qrContent: 'https://x.test/a' }, layout, x0, y0, fonts);
        expect(plan.qr.x).toBeGreaterThanOrEqual(box.left);
        expect(plan.qr.y).toBeGreaterThanOrEqual(box.bottom - 1e-9);
        expect(plan.qr.y + plan.qr.side).toBeLessThanOrEqual(box.top + 1e-9);
        for (const line of plan.lines) {
          expect(() => line.font.encodeText(line.text)).not.toThrow();
          expect(line.x).toBeGreaterThanOrEqual(plan.qr.x + plan.qr.side);
          expect(line.x + line.font.widthOfTextAtSize(line.text, line.size)).toBeLessThanOrEqual(box.right + 1e-9);
          expect(line.y + line.size * 0.95).toBeLessThanOrEqual(box.top + 1e-9);
          expect(line.y - line.size * 0.25).toBeGreaterThanOrEqual(box.bottom - 1e-9);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('QR codes', () => {
  it('draws exactly the modules of the QR symbol for the content', () => {
    for (const content of ['https://steward.example.com/cmdb/configuration-items/AST-9001', 'A', 'https://s.test/ci/' + 'x'.repeat(300)]) {
      const { size, version, runs } = qrCodeRuns(content);
      const expected = QRCode.create(content, { errorCorrectionLevel: 'M' });
      expect(version).toBe(expected.version);
      expect(size).toBe(17 + 4 * version);
      const drawn = new Uint8Array(size * size);
      for (const run of runs) drawn.fill(1, run.row * size + run.col, run.row * size + run.col + run.length);
      expect(drawn).toEqual(Uint8Array.from(expected.modules.data, (bit) => (bit ? 1 : 0)));
    }
    expect(qrCodeRuns('https://steward.example.com/cmdb/configuration-items/AST-9001').version).toBe(4);
  });

  it('decodes back to the content with a QR reader', () => {
    const content = 'https://steward.example.com/cmdb/configuration-items/AST-9001?org=acme';
    const { size, runs } = qrCodeRuns(content);
    const { data, side } = rasteriseRuns(size, runs);
    expect(jsQR(data, side, side)?.data).toBe(content);
  });

  it('prints a readable QR code on each label of a generated sheet', async () => {
    const labels = makeLabels(22);
    const doc = await PDFDocument.load(await renderAssetLabels(labels, { layout: 'avery-l7160' }));
    const l = LABEL_LAYOUTS['avery-l7160'];
    const boxAt = (col: number, row: number) => ({
      x: (l.marginLeft + col * l.pitchX) * MM,
      y: (l.pageHeight - l.marginTop - row * l.pitchY - l.labelHeight) * MM,
      width: l.labelWidth * MM,
      height: l.labelHeight * MM,
    });
    expect(decodeDrawnQr(doc.getPage(0), boxAt(0, 0))).toBe(labels[0]!.qrContent);
    expect(decodeDrawnQr(doc.getPage(0), boxAt(2, 6))).toBe(labels[20]!.qrContent);
    expect(decodeDrawnQr(doc.getPage(1), boxAt(0, 0))).toBe(labels[21]!.qrContent);
  });
});

/**
 * Printable asset labels: sheets (or a roll) of labels, each with the asset's QR code, tag, name and
 * serial, rendered as one PDF. Pure: no I/O, same input gives the same bytes.
 */
import {
  PDFDocument,
  StandardFonts,
  fill,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingGrayscaleColor,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';
import QRCode from 'qrcode';
import { AppError, invalid, type FieldError } from '../../platform/errors/catalogue.ts';

/** One label to print; `qrContent` is normally the URL of the asset's page. */
export interface AssetLabel {
  tag: string;
  name: string;
  serial?: string | null;
  qrContent: string;
  orgName?: string | null;
}

/** The geometry of a label sheet or roll, all lengths in millimetres; pitch is the distance between neighbours' left/top edges. */
export interface LabelLayout {
  title: string;
  pageWidth: number;
  pageHeight: number;
  labelWidth: number;
  labelHeight: number;
  columns: number;
  rows: number;
  marginLeft: number;
  marginTop: number;
  pitchX: number;
  pitchY: number;
  padding: number;
}

/** Names of the built-in layouts, for validating a `layout` query parameter (e.g. `z.enum(LABEL_LAYOUT_NAMES)`). */
export const LABEL_LAYOUT_NAMES = ['avery-l7160', 'avery-5160', 'roll-62x29'] as const;

/** A built-in layout's name. */
export type LabelLayoutName = (typeof LABEL_LAYOUT_NAMES)[number];

/** The layout used when none is asked for. */
export const DEFAULT_LABEL_LAYOUT: LabelLayoutName = 'avery-l7160';

/** Built-in layouts: common label sheets and a continuous label-printer roll with one label per page. */
export const LABEL_LAYOUTS: Readonly<Record<LabelLayoutName, LabelLayout>> = {
  'avery-l7160': {
    title: 'A4 sheet, 21 labels of 63.5 × 38.1 mm (Avery L7160 and compatibles)',
    pageWidth: 210, pageHeight: 297, labelWidth: 63.5, labelHeight: 38.1, columns: 3, rows: 7,
    marginLeft: 7.21, marginTop: 15.15, pitchX: 66.04, pitchY: 38.1, padding: 2,
  },
  'avery-5160': {
    title: 'US Letter sheet, 30 labels of 66.7 × 25.4 mm (Avery 5160 and compatibles)',
    pageWidth: 215.9, pageHeight: 279.4, labelWidth: 66.675, labelHeight: 25.4, columns: 3, rows: 10,
    marginLeft: 4.7625, marginTop: 12.7, pitchX: 69.85, pitchY: 25.4, padding: 1.5,
  },
  'roll-62x29': {
    title: 'Label printer roll, one 62 × 29 mm label per page (Brother DK-11209 and compatibles)',
    pageWidth: 62, pageHeight: 29, labelWidth: 62, labelHeight: 29, columns: 1, rows: 1,
    marginLeft: 0, marginTop: 0, pitchX: 62, pitchY: 29, padding: 2,
  },
};

/** Tells whether a string names a built-in layout. */
export function isLabelLayoutName(value: string): value is LabelLayoutName {
  return (LABEL_LAYOUT_NAMES as readonly string[]).includes(value);
}

/** A run of dark modules in one row of a QR code, counted in modules from the top-left corner. */
export type QrRun = { row: number; col: number; length: number };

/** The QR code (error correction M) of `content` as its side in modules and the runs of dark modules the PDF fills. */
export function qrCodeRuns(content: string): { size: number; version: number; runs: QrRun[] } {
  let qr: QRCode.QRCode;
  try {
    qr = QRCode.create(content, { errorCorrectionLevel: 'M' });
  } catch {
    throw invalid([{ field: 'qrContent', message: content ? 'is too long for a QR code' : 'is empty' }]);
  }
  const { size, data } = qr.modules;
  const runs: QrRun[] = [];
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!data[row * size + col]) continue;
      const start = col;
      while (col + 1 < size && data[row * size + col + 1]) col++;
      runs.push({ row, col: start, length: col - start + 1 });
    }
  }
  return { size, version: qr.version, runs };
}

/** The fonts a label is set in. */
export type LabelFonts = { regular: PDFFont; bold: PDFFont };

/** One line of text placed on the page: `x`/`y` is the baseline start in points. */
export interface PlacedText {
  text: string;
  font: PDFFont;
  size: number;
  x: number;
  y: number;
}

/** A label laid out in a box (points, PDF coordinates with the origin bottom-left): where the QR code and each text line go. */
export interface LabelPlan {
  qr: { x: number; y: number; side: number; module: number; size: number; runs: QrRun[] };
  lines: PlacedText[];
}

const PT_PER_MM = 72 / 25.4;
const QUIET_MODULES = 2;
const ELLIPSIS = '…';
// Letters with a stroke have no decomposition, so NFKD cannot find their base letter.
const BASE_LETTERS: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŧ: 'T', ŧ: 't' };

/** Text the font can encode: unsupported letters fall back to their base letter, otherwise to "?". */
function encodable(text: string, charset: ReadonlySet<number>): string {
  let out = '';
  for (const ch of text.normalize('NFC').replace(/\s+/gu, ' ').trim()) {
    if (charset.has(ch.codePointAt(0)!)) out += ch;
    else if (/[\p{M}\p{Cf}\p{Cc}]/u.test(ch)) continue; // stray accents, joiners, variation selectors
    else {
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      const fits = base !== '' && [...base].every((c) => charset.has(c.codePointAt(0)!));
      out += fits ? base : (BASE_LETTERS[ch] ?? '?');
    }
  }
  return out;
}

/** How many leading characters of `text` fit in `width` (encodable text is one UTF-16 unit per character). */
function fittingLength(text: string, font: PDFFont, size: number, width: number): number {
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (font.widthOfTextAtSize(text.slice(0, mid), size) <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** `text` cut to `width`, ending in an ellipsis when cut; empty when not even the ellipsis fits. */
function ellipsise(text: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  const room = width - font.widthOfTextAtSize(ELLIPSIS, size);
  if (room < 0) return '';
  return text.slice(0, fittingLength(text, font, size, room)).trimEnd() + ELLIPSIS;
}

/** `text` word-wrapped into at most `maxLines` lines of `width`, the last one ellipsised. */
function wrap(text: string, font: PDFFont, size: number, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  if (maxLines < 1) return lines;
  let rest = text;
  while (rest !== '' && lines.length < maxLines - 1) {
    const n = fittingLength(rest, font, size, width);
    if (n >= rest.length || n === 0) break;
    const space = rest.lastIndexOf(' ', n);
    const cut = space > 0 ? space : n;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') lines.push(ellipsise(rest, font, size, width));
  return lines.filter((line) => line !== '');
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/** Lays out one label in the box whose bottom-left corner is (`x`, `y`), sized as `layout`'s labels. */
export function planLabel(label: AssetLabel, layout: LabelLayout, x: number, y: number, fonts: LabelFonts): LabelPlan {
  const charset = new Set(fonts.regular.getCharacterSet());
  const pad = layout.padding * PT_PER_MM;
  const boxWidth = layout.labelWidth * PT_PER_MM - 2 * pad;
  const boxHeight = layout.labelHeight * PT_PER_MM - 2 * pad;
  const side = Math.min(boxHeight, boxWidth * 0.45);
  const { size, runs } = qrCodeRuns(label.qrContent);
  const qr = { x: x + pad, y: y + pad + (boxHeight - side) / 2, side, module: side / (size + 2 * QUIET_MODULES), size, runs };

  const textX = x + pad + side + pad / 2;
  const textWidth = boxWidth - side - pad / 2;
  const tagMax = clamp(boxHeight * 0.24, 7, 16);
  const nameSize = clamp(boxHeight * 0.14, 6, 10);
  const smallSize = clamp(boxHeight * 0.11, 5, 8);

  const tag = encodable(label.tag, charset);
  const tagWidth = fonts.bold.widthOfTextAtSize(tag, tagMax);
  const tagSize = tagWidth <= textWidth ? tagMax : Math.max(7, (tagMax * textWidth) / tagWidth);
  const name = encodable(label.name, charset);
  const serial = label.serial ? encodable(`S/N ${label.serial}`, charset) : '';
  const org = label.orgName ? encodable(label.orgName, charset) : '';
  type Line = { text: string; font: PDFFont; size: number };
  const small = (text: string): Line => ({ text: ellipsise(text, fonts.regular, smallSize, textWidth), font: fonts.regular, size: smallSize });
  const build = (nameLines: number, withSerial: boolean, withOrg: boolean): Line[] =>
    [
      { text: ellipsise(tag, fonts.bold, tagSize, textWidth), font: fonts.bold, size: tagSize },
      ...wrap(name, fonts.regular, nameSize, textWidth, nameLines).map((text) => ({ text, font: fonts.regular, size: nameSize })),
      ...(withSerial && serial ? [small(serial)] : []),
      ...(withOrg && org ? [small(org)] : []),
    ].filter((line) => line.text !== '');
  const height = (ls: Line[]): number => ls.reduce((sum, l) => sum + l.size * 1.2, 0);
  // The richest arrangement that fits: a second name line goes first, then the organisation, the serial, the name.
  const kept = [build(2, true, true), build(1, true, true), build(1, true, false), build(1, false, false), build(0, false, false)]
    .find((ls) => height(ls) <= boxHeight) ?? [];

  let top = y + pad + boxHeight - (boxHeight - height(kept)) / 2;
  const placed = kept.map((l) => {
    const line = { text: l.text, font: l.font, size: l.size, x: textX, y: top - l.size * 0.95 };
    top -= l.size * 1.2;
    return line;
  });
  return { qr, lines: placed };
}

/** Paints a plan onto a page: the QR code as filled vector rectangles (crisp at any printer resolution), then the text. */
function drawLabel(page: PDFPage, plan: LabelPlan): void {
  const { qr } = plan;
  const left = qr.x + QUIET_MODULES * qr.module;
  const top = qr.y + qr.side - QUIET_MODULES * qr.module;
  page.pushOperators(pushGraphicsState(), setFillingGrayscaleColor(0));
  for (const run of qr.runs) {
    // A hair of overlap between neighbouring rows keeps viewers from showing seams between them.
    page.pushOperators(rectangle(left + run.col * qr.module, top - (run.row + 1) * qr.module, run.length * qr.module, qr.module * 1.01));
  }
  page.pushOperators(fill(), popGraphicsState());
  for (const line of plan.lines) page.drawText(line.text, { x: line.x, y: line.y, size: line.size, font: line.font });
}

/** Rejects a custom layout whose labels would not fit its page or could not hold a QR code and text. */
function checkLayout(layout: LabelLayout): void {
  const lengths = [layout.pageWidth, layout.pageHeight, layout.labelWidth, layout.labelHeight, layout.pitchX, layout.pitchY];
  const ok =
    lengths.every((n) => Number.isFinite(n) && n > 0) &&
    [layout.columns, layout.rows].every((n) => Number.isInteger(n) && n >= 1) &&
    layout.marginLeft >= 0 && layout.marginTop >= 0 && layout.padding >= 0 &&
    layout.pitchX >= layout.labelWidth && layout.pitchY >= layout.labelHeight &&
    layout.marginLeft + (layout.columns - 1) * layout.pitchX + layout.labelWidth <= layout.pageWidth + 0.01 &&
    layout.marginTop + (layout.rows - 1) * layout.pitchY + layout.labelHeight <= layout.pageHeight + 0.01 &&
    layout.labelHeight - 2 * layout.padding >= 10 && layout.labelWidth - 2 * layout.padding >= 25;
  if (!ok) throw invalid([{ field: 'layout', message: 'labels do not fit the page, or are too small for a QR code and text' }]);
}

/**
 * Renders labels as a PDF, filling each sheet left to right, top to bottom and starting new pages as
 * needed. Throws a VALIDATION_FAILED `AppError` for an empty list, an empty tag or QR content, a QR
 * content too long to encode, or an unknown or impossible layout.
 */
export async function renderAssetLabels(
  labels: AssetLabel[],
  options: { layout?: LabelLayoutName | LabelLayout } = {},
): Promise<Uint8Array> {
  const chosen = options.layout ?? DEFAULT_LABEL_LAYOUT;
  if (typeof chosen === 'string' && !isLabelLayoutName(chosen)) {
    throw invalid([{ field: 'layout', message: `must be one of ${LABEL_LAYOUT_NAMES.join(', ')}` }]);
  }
  const layout = typeof chosen === 'string' ? LABEL_LAYOUTS[chosen] : chosen;
  checkLayout(layout);
  if (labels.length === 0) throw invalid([{ field: 'labels', message: 'at least one label is needed' }]);

  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle('Asset labels');
  doc.setCreator('Steward');
  const fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
  const perPage = layout.columns * layout.rows;
  const pageHeight = layout.pageHeight * PT_PER_MM;
  const errors: FieldError[] = [];
  // Plan every label before drawing any, so that every bad label is reported at once.
  const plans = labels.map((label, i) => {
    if (!label.tag?.trim()) errors.push({ field: `labels[${i}].tag`, message: 'is empty' });
    const slot = i % perPage;
    const x = (layout.marginLeft + (slot % layout.columns) * layout.pitchX) * PT_PER_MM;
    const y = pageHeight - (layout.marginTop + Math.floor(slot / layout.columns) * layout.pitchY + layout.labelHeight) * PT_PER_MM;
    try {
      return planLabel(label, layout, x, y, fonts);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors.push(...error.errors.map((e) => ({ ...e, field: `labels[${i}].${e.field}` })));
      return undefined;
    }
  });
  if (errors.length > 0) throw invalid(errors);
  let page: PDFPage | undefined;
  plans.forEach((plan, i) => {
    if (i % perPage === 0) page = doc.addPage([layout.pageWidth * PT_PER_MM, pageHeight]);
    drawLabel(page!, plan!);
  });
  return doc.save();
}

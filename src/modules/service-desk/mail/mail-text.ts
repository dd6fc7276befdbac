/**
 * Pure decisions about an inbound mail: its text (HTML made safe and turned into plain text), the
 * ticket key in its subject, whether it is an auto-reply, and the reply without the quoted history.
 */
import { convert } from 'html-to-text';
import sanitizeHtml from 'sanitize-html';

/** Plain text from untrusted HTML: scripts, styles and every attribute dropped first, then converted. */
export function htmlToSafeText(html: string): string {
  const clean = sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'a', 'hr'],
    allowedAttributes: { a: ['href'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'template', 'iframe', 'object', 'svg', 'math'],
  });
  const text = convert(clean, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
      { selector: 'img', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable' },
    ],
  });
  return text.trim();
}

/** Text PostgreSQL stores faithfully: no NUL characters, no lone surrogates, at most `max` characters. */
export function storableText(text: string, max: number): string {
  const clean = text.replaceAll('\u0000', '').toWellFormed().replace(/\r\n?/g, '\n');
  return clean.length > max ? `${clean.slice(0, max - 40)}\n\n[… truncated: the mail was longer]` : clean;
}

/** `INC-42` from a subject such as `Re: [INC-42] Printer`, for any key prefix. */
export function ticketKeyInSubject(subject: string): string | undefined {
  const match = /\[([A-Z]{2,10}-\d{1,12})\]/.exec(subject.toUpperCase());
  return match?.[1];
}

/** Header values by lower-case name (mailparser's map), flattened to text. */
export type HeaderLookup = (name: string) => string | undefined;

/** Why a mail is an automatic one that must not get an answer, or undefined for a person's mail. */
export function autoReplyReason(header: HeaderLookup): string | undefined {
  const autoSubmitted = header('auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = header('precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  for (const name of ['x-autoreply', 'x-autorespond', 'x-auto-reply']) if (header(name) !== undefined) return name;
  const suppress = header('x-auto-response-suppress')?.toLowerCase() ?? '';
  if (/\b(all|autoreply|oof)\b/.test(suppress) && header('x-ms-exchange-generated-message-source') !== undefined) return 'Exchange automatic message';
  return undefined;
}

const ourMarker = /^-{2,}\s*Reply above this line\s*-{2,}\s*$/im;
const quoteIntro = /^(?:On .{1,300}wrote:|Am .{1,300}schrieb .{1,200}:|Le .{1,300}a écrit :|-----\s*Original Message\s*-----|From: .+\n(?:Sent|Date): .+)\s*$/m;

/** The new part of a reply: cut at our marker, at a quote introduction line, or before trailing `>` lines. */
export function stripQuotedReply(text: string): string {
  let out = text;
  const marker = ourMarker.exec(out);
  if (marker) out = out.slice(0, marker.index);
  const intro = quoteIntro.exec(out);
  if (intro && intro.index > 0) out = out.slice(0, intro.index);
  const lines = out.trimEnd().split('\n');
  while (lines.length > 1 && /^>/.test(lines.at(-1)!)) lines.pop();
  const stripped = lines.join('\n').trim();
  return stripped || text.trim();
}

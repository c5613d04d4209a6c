// The messages of a case file, as sent: the text is shown as plain text, escaped, in a
// preformatted block (an HTML email was reduced to text by the parser; no HTML from a citizen is
// ever rendered), with attachments, their extracted or OCR text, and links to download the
// originals (decrypted on the server for this viewer). A voicemail shows its transcript and a link
// to the recording.
import { CHANNEL_LABELS, escapeHtml as h, formatDateTime, label } from '../../core/i18n/format.ts';
import type { PageCtx } from './layout.ts';

export interface ShownAttachment {
  sha256: string;
  name: string | null;
  contentType: string;
  size: number;
  text: string | null;
  ocrConfidence: number | null;
  pages: number | null;
}

export interface ShownMessage {
  id: string;
  direction: string;
  channel: string;
  at: string;
  subject: string | null;
  text: string | null;
  raw: { sha256: string; contentType: string } | null;
  attachments: ShownAttachment[];
}

function size(n: number): string {
  return n >= 1_048_576 ? `${(n / 1_048_576).toFixed(1)} Mo` : `${Math.max(1, Math.round(n / 1024))} Ko`;
}

function typeName(contentType: string): string {
  const t = contentType.toLowerCase();
  if (t.includes('rfc822') || t.includes('message/')) return 'EML';
  if (t.includes('pdf')) return 'PDF';
  if (t.includes('tiff')) return 'TIFF';
  if (t.includes('json')) return 'JSON';
  if (t.startsWith('image/')) return t.slice(6).toUpperCase();
  return t;
}

export function messagesBlock(ctx: PageCtx, caseId: string, messages: ShownMessage[], extra: { recordingUrl: string | null; textConfidence: number | null; idPrefix?: string }): string {
  const { t, lang, profile } = ctx;
  // Several files' messages can share a page (a case and its merged duplicates): ids stay unique.
  const idOf = (i: number) => `${extra.idPrefix ?? 'msg'}-${i}`;
  return messages
    .map((m, i) => {
      const voice = m.channel === 'voicemail' && m.direction === 'inbound';
      const title = i === 0 ? t('case.original') : t(m.direction === 'outbound' ? 'case.outbound' : 'case.inbound');
      const atts = m.attachments.length
        ? `<h4 class="visually-hidden">${h(t('case.attachments'))}</h4><ul class="attachments">${m.attachments
            .map(
              (a) => `<li><strong>${h(a.name ?? a.sha256.slice(0, 12))}</strong> <span class="muted small">${h(typeName(a.contentType))}, ${h(size(a.size))}${a.pages ? `, ${h(t('case.pages', { n: a.pages }))}` : ''}</span>
                · <a href="/dossiers/${h(caseId)}/pieces/${h(a.sha256)}">${h(t('case.download'))}<span class="visually-hidden"> ${h(a.name ?? '')}</span></a>
                ${a.text ? `<details><summary>${h(a.ocrConfidence !== null ? t('case.ocr', { n: Math.round(a.ocrConfidence) }) : t('case.extracted'))}</summary><pre class="ocr">${h(a.text)}</pre></details>` : ''}</li>`,
            )
            .join('')}</ul>`
        : '';
      const raw = m.raw ? `<a href="/dossiers/${h(caseId)}/original/${h(m.raw.sha256)}">${h(t('case.downloadOriginal', { type: typeName(m.raw.contentType) }))}</a>` : '';
      const recording = voice && extra.recordingUrl ? ` · <a href="${h(extra.recordingUrl)}" rel="noopener noreferrer" target="_blank">${h(t('case.recording'))}</a>` : '';
      const conf = i === 0 && extra.textConfidence !== null ? `<span class="muted small">${h(t('case.textConfidence', { n: Math.round(extra.textConfidence) }))}</span>` : '';
      return `<article class="message ${m.direction === 'outbound' ? 'outbound' : 'inbound'}" aria-labelledby="${idOf(i)}">
        <header><div><h3 id="${idOf(i)}" class="visually-hidden">${h(title)}</h3><span class="subject">${h(m.subject ?? (m.direction === 'outbound' ? t('case.outboundTitle') : t('case.noSubject')))}</span><br>
          <span class="muted small">${h(title)} · ${h(label(CHANNEL_LABELS, m.channel, lang))} · ${h(formatDateTime(m.at, profile.timezone, lang))}</span></div>
          <div class="small">${raw}${recording}<br>${conf}</div></header>
        ${voice ? `<p class="small muted message-label">${h(t('case.transcript'))}</p>` : ''}
        <pre class="message-text">${m.text === null ? h(t('case.unreadable')) : h(m.text)}</pre>${atts}</article>`;
    })
    .join('');
}

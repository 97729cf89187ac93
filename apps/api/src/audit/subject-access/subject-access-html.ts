import { createHash } from 'node:crypto';
import type { AccessLogEntryView, HistoryEntryView, SubjectAccessView } from '../http/audit-views.dto.js';
import { escapeHtml as e } from './escape-html.js';

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:2rem;color:#0b0c0c;line-height:1.4}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid #0b0c0c}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #b1b4b6;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f2f1}pre{white-space:pre-wrap;word-break:break-word;margin:0;font-size:.85rem}
.voided{text-decoration:line-through}.note{background:#fff7bf}.ok{color:#00703c}.bad{color:#d4351c;font-weight:bold}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:bold}
`;

/** Only this document's own style may apply: no script, no remote anything (the header and the document agree). */
export const SUBJECT_ACCESS_HTML_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const json = (value: unknown): string => `<pre>${e(JSON.stringify(value, null, 2))}</pre>`;

function row(cells: readonly string[], className = ''): string {
  return `<tr${className ? ` class="${className}"` : ''}>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

function historyRow(h: HistoryEntryView): string {
  const who = `${e(h.actor.userId)} (${e(h.actor.role)}, ${e(h.actor.team)})`;
  let detail = json(h.data);
  if (h.status === 'correction' && h.corrects) detail = `<p>${h.type === 'EventVoided' ? 'Voids' : 'Corrects'} ${e(h.corrects.type)} ${e(h.corrects.eventId)}: ${e(h.reason)}</p>`;
  if (h.status === 'corrected' || h.status === 'voided') {
    const notes = (h.corrections ?? [])
      .map((c) => `<li>${e(c.type === 'EventVoided' ? 'Voided' : 'Corrected')} by ${e(c.actor.userId)} (${e(c.actor.role)}) on ${e(c.recordedAt)}: ${e(c.reason)}</li>`)
      .join('');
    detail = `<p>As first recorded (effective ${e(h.original?.occurredAt)}):</p>${json(h.original?.data)}${
      h.current ? `<p>As corrected (effective ${e(h.current.occurredAt)}):</p>${json(h.current.data)}` : '<p>Voided: it no longer counts.</p>'
    }<ul>${notes}</ul>`;
  }
  return row([e(h.revision), e(h.occurredAt), e(h.recordedAt), e(h.type), who, e(h.status), detail], h.status === 'voided' ? 'voided' : h.status === 'correction' ? 'note' : '');
}

function accessRow(a: AccessLogEntryView): string {
  return row([e(a.seq), e(a.at), e(a.userId), e(a.role), e(a.team), e(a.view), e(a.requestId)]);
}

/**
 * The subject access export as one self-contained HTML document: readable on screen and in print, no script, no
 * external resources, and every value escaped (anything a worker typed shows as text, never as markup).
 */
export function renderSubjectAccessHtml(view: SubjectAccessView): string {
  const current = Object.entries(view.current)
    .filter(([key]) => key !== 'keyDates' && key !== 'deadlines')
    .map(([key, value]) => `<dt>${e(key)}</dt><dd>${e(value)}</dd>`)
    .join('');
  const keyDates = Object.entries((view.current.keyDates ?? {}) as Record<string, unknown>)
    .filter(([, value]) => value !== null)
    .map(([key, value]) => `<dt>${e(key)}</dt><dd>${e(value)}</dd>`)
    .join('');
  const integrity = view.integrity.ok
    ? `<p class="ok">Intact: ${e(view.integrity.eventsChecked)} events checked; none was changed, deleted or reordered.</p>`
    : `<p class="bad">Altered: ${e(view.integrity.problems.length)} problem(s) found.</p>${json(view.integrity.problems)}`;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(SUBJECT_ACCESS_HTML_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Subject access: child ${e(view.childId)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Everything held about child ${e(view.childId)}</h1>
<p>Exported ${e(view.exportedAt)} by ${e(view.exportedBy.userId)} (${e(view.exportedBy.role)}, ${e(view.exportedBy.team)}). This export is itself recorded in the access log below.</p>
<h2>Where the case stands</h2>
<dl>${current}</dl>
<h2>Key dates</h2>
<dl>${keyDates || '<dt>none</dt><dd></dd>'}</dl>
<h2>Case history (${e(view.history.length)} events)</h2>
<table><thead><tr><th>#</th><th>Effective</th><th>Recorded</th><th>What</th><th>By</th><th>Status</th><th>Details</th></tr></thead>
<tbody>${view.history.map(historyRow).join('\n')}</tbody></table>
<h2>Who has read this record (${e(view.accessLog.length)})</h2>
<table><thead><tr><th>#</th><th>When</th><th>User</th><th>Role</th><th>Team</th><th>View</th><th>Request</th></tr></thead>
<tbody>${view.accessLog.map(accessRow).join('\n')}</tbody></table>
<h2>Integrity</h2>
${integrity}
<h2>Every event as stored</h2>
${json(view.events)}
</body>
</html>
`;
}

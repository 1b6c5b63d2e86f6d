import type { CaseView } from '@patuh/cases';

/**
 * Alert emails: Indonesian first, English second, in text and HTML. Every case is linked to its console page.
 */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface DigestCase {
  id: number;
  rule: string;
  severity: string;
  employerName: string;
  workerNik: string | null;
  summary: string;
  summaryId: string;
  dueAt: string | null;
  link: string;
}
export interface DigestGroup {
  severity: string;
  rule: string;
  count: number;
  cases: DigestCase[];
}
export interface DigestSection {
  total: number;
  groups: DigestGroup[];
}
export interface Digest {
  date: string;
  timeZone: string;
  district: string | null;
  minSeverity: string;
  windowStart: string;
  windowEnd: string;
  newCases: DigestSection;
  overdueCases: DigestSection;
}

const EVENT_TITLES: Record<string, { id: string; en: string }> = {
  'case.opened': { id: 'Kasus baru', en: 'New case' },
  'case.reopened': { id: 'Kasus dibuka kembali', en: 'Case reopened' },
  'case.escalated': { id: 'Kasus melewati tenggat', en: 'Case overdue (escalated)' },
};

const SEVERITY_ID: Record<string, string> = {
  critical: 'kritis',
  high: 'tinggi',
  medium: 'sedang',
  low: 'rendah',
};

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export function renderCaseEmail(event: string, c: CaseView, link: string, occurredAt: string): RenderedEmail {
  const t = EVENT_TITLES[event] ?? { id: event, en: event };
  const subject = `[Patuh] ${t.id} / ${t.en}: ${c.rule} - ${c.employerName} (#${c.id})`;
  const worker = c.workerNik ? `${c.workerName ?? ''} (NIK ${c.workerNik})`.trim() : '-';
  const due = c.dueAt ? c.dueAt.slice(0, 10) : '-';
  const text = [
    `${t.id}: ${c.rule}`,
    `Pemberi kerja: ${c.employerName}`,
    `Pekerja: ${worker}`,
    `Tingkat: ${SEVERITY_ID[c.severity] ?? c.severity}`,
    `Ringkasan: ${c.summaryId}`,
    `Dasar hukum: ${c.legalBasis}`,
    `Tenggat: ${due}`,
    `Lihat kasus: ${link}`,
    '',
    '---',
    '',
    `${t.en}: ${c.rule}`,
    `Employer: ${c.employerName}`,
    `Worker: ${worker}`,
    `Severity: ${c.severity}`,
    `Summary: ${c.summary}`,
    `Legal basis: ${c.legalBasis}`,
    `Due: ${due}`,
    `Open the case: ${link}`,
    '',
    `(${event}, ${occurredAt})`,
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<h2>${e(t.id)} <small style="color:#666">/ ${e(t.en)}</small></h2>
<p><strong>${e(c.rule)}</strong> — ${e(c.employerName)} (#${c.id})</p>
<table cellpadding="4">
<tr><td>Pekerja / Worker</td><td>${e(worker)}</td></tr>
<tr><td>Tingkat / Severity</td><td>${e(SEVERITY_ID[c.severity] ?? c.severity)} / ${e(c.severity)}</td></tr>
<tr><td>Tenggat / Due</td><td>${e(due)}</td></tr>
<tr><td>Dasar hukum / Legal basis</td><td>${e(c.legalBasis)}</td></tr>
</table>
<p>${e(c.summaryId)}</p>
<p style="color:#666">${e(c.summary)}</p>
<p><a href="${e(link)}">Lihat kasus / Open the case</a></p>
</body></html>`;
  return { subject, text, html };
}

function sectionText(s: DigestSection, lang: 'id' | 'en'): string[] {
  if (!s.total) return [lang === 'id' ? '  (tidak ada)' : '  (none)'];
  const out: string[] = [];
  for (const g of s.groups) {
    out.push(
      `  [${lang === 'id' ? (SEVERITY_ID[g.severity] ?? g.severity) : g.severity}] ${g.rule}: ${g.count}`,
    );
    if (lang === 'id')
      for (const c of g.cases)
        out.push(`    - #${c.id} ${c.employerName}${c.workerNik ? ` / ${c.workerNik}` : ''}: ${c.link}`);
  }
  return out;
}

function sectionHtml(s: DigestSection): string {
  if (!s.total) return '<p>(tidak ada / none)</p>';
  const e = escapeHtml;
  return `<table cellpadding="4" border="1" style="border-collapse:collapse">
<tr><th>Tingkat / Severity</th><th>Aturan / Rule</th><th>Jumlah / Count</th><th>Kasus / Cases</th></tr>
${s.groups
  .map(
    (g) =>
      `<tr><td>${e(g.severity)}</td><td>${e(g.rule)}</td><td>${g.count}</td><td>${g.cases
        .map((c) => `<a href="${e(c.link)}">#${c.id}</a> ${e(c.employerName)}`)
        .join('<br>')}${g.count > g.cases.length ? `<br>… +${g.count - g.cases.length}` : ''}</td></tr>`,
  )
  .join('\n')}
</table>`;
}

export function renderDigestEmail(d: Digest, consoleUrl: string): RenderedEmail {
  const scope = d.district ? ` - ${d.district}` : '';
  const subject = `[Patuh] Ringkasan harian / Daily digest ${d.date}${scope}: ${d.newCases.total} kasus baru / new, ${d.overdueCases.total} lewat tenggat / overdue`;
  const text = [
    `Ringkasan harian Patuh ${d.date}${scope} (tingkat minimal: ${SEVERITY_ID[d.minSeverity] ?? d.minSeverity})`,
    '',
    `Kasus baru (24 jam terakhir): ${d.newCases.total}`,
    ...sectionText(d.newCases, 'id'),
    '',
    `Kasus lewat tenggat: ${d.overdueCases.total}`,
    ...sectionText(d.overdueCases, 'id'),
    '',
    '---',
    '',
    `Patuh daily digest ${d.date}${scope} (minimum severity: ${d.minSeverity})`,
    '',
    `New cases (last 24 hours): ${d.newCases.total}`,
    ...sectionText(d.newCases, 'en'),
    '',
    `Overdue cases: ${d.overdueCases.total}`,
    ...sectionText(d.overdueCases, 'en'),
    '',
    `Console: ${consoleUrl}`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<h2>Ringkasan harian / Daily digest ${escapeHtml(d.date)}${escapeHtml(scope)}</h2>
<h3>Kasus baru (24 jam terakhir) / New cases (last 24 hours): ${d.newCases.total}</h3>
${sectionHtml(d.newCases)}
<h3>Kasus lewat tenggat / Overdue cases: ${d.overdueCases.total}</h3>
${sectionHtml(d.overdueCases)}
<p><a href="${escapeHtml(consoleUrl)}">Patuh console</a></p>
</body></html>`;
  return { subject, text, html };
}

export function renderPausedEmail(
  sub: { id: number; channel: string; target: string },
  reason: string,
): RenderedEmail {
  const subject = `[Patuh] Langganan peringatan #${sub.id} dijeda / Alert subscription #${sub.id} paused`;
  const text = [
    `Langganan peringatan #${sub.id} (${sub.channel} ${sub.target}) dijeda karena semua pengiriman gagal.`,
    `Alasan: ${reason}`,
    `Aktifkan kembali: POST /api/v1/alert-subscriptions/${sub.id}/resume`,
    '',
    `Alert subscription #${sub.id} (${sub.channel} ${sub.target}) was paused: every delivery failed.`,
    `Reason: ${reason}`,
    `Resume it: POST /api/v1/alert-subscriptions/${sub.id}/resume`,
  ].join('\n');
  return { subject, text, html: `<pre>${escapeHtml(text)}</pre>` };
}

/**
 * The covering email of a written warning (Surat Peringatan) sent to the employer's contact; the letter itself
 * is the attached PDF. Indonesian first, English after.
 */
export function renderEmployerNoticeEmail(c: CaseView, link: string): RenderedEmail {
  const subject = `Surat Peringatan / Written warning: ${c.rule} - ${c.employerName} (kasus #${c.id})`;
  const text = [
    `Yth. Pimpinan ${c.employerName},`,
    '',
    'Terlampir Surat Peringatan dari Dinas Tenaga Kerja dan Transmigrasi Kabupaten Kutai Timur atas pelanggaran berikut:',
    `${c.summaryId}`,
    `Dasar hukum: ${c.legalBasis}`,
    'Mohon tindak lanjuti sesuai tenggat dalam surat dan laporkan perbaikan melalui laporan mandiri (self-report) Patuh.',
    `Kasus ini, apa yang harus dilakukan, dan surat ini ada di portal Patuh: ${link}`,
    '',
    '---',
    '',
    `To the management of ${c.employerName}:`,
    '',
    'Attached is a written warning from the Manpower and Transmigration Office of Kutai Timur about:',
    `${c.summary}`,
    `Legal basis: ${c.legalBasis}`,
    'Please remedy it by the deadline in the letter and report the correction through a Patuh self-report.',
    `The case, what to do about it, and this letter are in the Patuh portal: ${link}`,
    '',
    `Kasus / case: #${c.id} (${link})`,
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<p>Yth. Pimpinan <b>${e(c.employerName)}</b>,</p>
<p>Terlampir Surat Peringatan dari Dinas Tenaga Kerja dan Transmigrasi Kabupaten Kutai Timur atas pelanggaran berikut:</p>
<blockquote>${e(c.summaryId)}</blockquote>
<p>Dasar hukum: ${e(c.legalBasis)}</p>
<p>Mohon tindak lanjuti sesuai tenggat dalam surat dan laporkan perbaikan melalui laporan mandiri (self-report) Patuh.</p>
<p>Kasus ini, apa yang harus dilakukan, dan surat ini ada di <a href="${e(link)}">portal Patuh</a>.</p>
<hr>
<p style="color:#555">To the management of ${e(c.employerName)}: attached is a written warning about: ${e(c.summary)}
(legal basis: ${e(c.legalBasis)}). Please remedy it by the deadline in the letter and report the correction through a
Patuh self-report.</p>
<p style="color:#555">Kasus / case <a href="${e(link)}">#${c.id}</a></p>
</body></html>`;
  return { subject, text, html };
}

import { ApiError } from '../api/client';
import { expireSession, sessionStore } from '../app/session';
import { parseCsv, type CsvFile } from './csv';

export const ENTITIES = ['workers', 'contracts', 'enrolments'] as const;
export type Entity = (typeof ENTITIES)[number];
/** The three CSV files, or one Excel workbook (`workbook`, sent alone: its sheets are the three entities). */
export type UploadFiles = Partial<Record<Entity, File>> & { workbook?: File };

/**
 * An Idempotency-Key for one upload (CONTRACT §4): made when the files are chosen and kept until the API has
 * stored them, so pressing "Upload" again after a dropped connection returns the first report instead of a second.
 * From getRandomValues, which works on plain http too (randomUUID needs a secure context).
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `portal-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * POST /api/v1/self-reports as multipart/form-data through XMLHttpRequest, for its upload progress (fetch has none):
 * `onProgress(0..1)` as the bytes go out. Resolves with the report's id once the API has stored it (202).
 */
export function uploadSelfReport(
  files: UploadFiles,
  key: string,
  onProgress: (share: number) => void,
): Promise<{ id: number; status: string }> {
  const form = new FormData();
  if (files.workbook) form.append('workbook', files.workbook, files.workbook.name);
  else
    for (const e of ENTITIES) {
      const f = files[e];
      if (f) form.append(`${e}.csv`, f, `${e}.csv`);
    }
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/self-reports');
    const s = sessionStore.get();
    if (s) xhr.setRequestHeader('Authorization', `Bearer ${s.token}`);
    xhr.setRequestHeader('Idempotency-Key', key);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.onabort = () => reject(new ApiError(0, null));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status === 202 || xhr.status === 200) {
        onProgress(1);
        resolve(body as { id: number; status: string });
        return;
      }
      if (xhr.status === 401 && s) expireSession();
      reject(new ApiError(xhr.status, body as ApiError['problem']));
    };
    xhr.send(form);
  });
}

/**
 * The files of the uploads made in this tab, by report id, read (only when the report rejected rows) as the API reads
 * them: the rejected rows are named by their spreadsheet row and given back from the clerk's own file. Kept in
 * memory only (a reload forgets them; the report page then numbers rows from the API's index and says so).
 */
const uploaded = new Map<number, UploadFiles>();
const parsed = new Map<number, Promise<Partial<Record<Entity, CsvFile>>>>();

export function rememberUpload(id: number, files: UploadFiles): void {
  uploaded.set(id, files);
}

export function hasUpload(id: number): boolean {
  return uploaded.has(id);
}

export function uploadedCsv(id: number): Promise<Partial<Record<Entity, CsvFile>>> {
  let p = parsed.get(id);
  if (!p) {
    const files = uploaded.get(id) ?? {};
    p = (async () => {
      const out: Partial<Record<Entity, CsvFile>> = {};
      for (const e of ENTITIES) {
        const f = files[e];
        if (f) out[e] = parseCsv(await f.text());
      }
      return out;
    })();
    parsed.set(id, p);
  }
  return p;
}

/** A download of text or bytes made in the page (templates, rejected rows, letters). */
export function saveFile(data: Blob, name: string): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

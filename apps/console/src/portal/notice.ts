import { apiFetch } from '../api/client';
import { saveFile } from './upload';

/** The letter the office sent about one of the firm's cases (GET /employer/cases/{id}/notice.pdf). */
export async function downloadNotice(caseId: number): Promise<void> {
  const res = await apiFetch(`/api/v1/employer/cases/${caseId}/notice.pdf`);
  saveFile(await res.blob(), `surat-peringatan-kasus-${caseId}.pdf`);
}

import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Report } from './api';

const COLOR: Record<string, string> = {
  queued: '#495057',
  processing: '#1864ab',
  processed: '#1f6b30',
  failed: '#b02525',
};

/** A report's status in words (never colour alone). */
export function ReportStatus({ report }: { report: Pick<Report, 'status'> }) {
  const { t } = useTranslation('portal');
  return (
    <Badge color={COLOR[report.status] ?? '#495057'} autoContrast variant="filled" radius="sm">
      {t(`reportStatus.${report.status}`, { defaultValue: report.status })}
    </Badge>
  );
}

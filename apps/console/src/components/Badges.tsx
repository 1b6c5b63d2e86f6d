import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const SEVERITY_COLOR: Record<string, string> = {
  critical: 'red.9',
  high: 'orange.9',
  medium: 'yellow.4',
  low: 'gray.3',
};
const STATUS_COLOR: Record<string, string> = {
  open: 'blue.8',
  in_review: 'violet.8',
  confirmed: 'orange.9',
  notice_sent: 'grape.8',
  resolved: 'green.9',
  dismissed: 'gray.7',
};

/** Severity in words (never colour alone), dark text on light fills and white on dark ones. */
export function SeverityBadge({ severity }: { severity: string }) {
  const { t } = useTranslation('common');
  return (
    <Badge color={SEVERITY_COLOR[severity] ?? 'gray.3'} autoContrast variant="filled" radius="sm">
      {t(`severity.${severity}`)}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('common');
  return (
    <Badge color={STATUS_COLOR[status] ?? 'gray.7'} autoContrast variant="filled" radius="sm">
      {t(`status.${status}`)}
    </Badge>
  );
}

import { Badge, Paper, Title, type MantineColor } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';
import type { Severity } from './types';
import './b2.css';

const SEVERITY_COLOR: Record<Severity, MantineColor> = {
  critical: '#a51d1d',
  high: '#9c3d00',
  medium: '#ffd43b',
  low: '#dee2e6',
};

/** A severity as a badge whose text always has enough contrast (autoContrast picks black or white). */
export function SeverityBadge({ severity }: { severity: string }) {
  const { t } = useTranslation('common');
  return (
    <Badge color={SEVERITY_COLOR[severity as Severity] ?? '#dee2e6'} autoContrast variant="filled">
      {t(`severity.${severity}`, { defaultValue: severity })}
    </Badge>
  );
}

const STATUS_COLOR: Record<string, MantineColor> = {
  open: '#1864ab',
  in_review: '#6741d9',
  confirmed: '#9c3d00',
  notice_sent: '#862e9c',
  resolved: '#1f6b30',
  dismissed: '#495057',
};

/** A case status as a badge, in words. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('common');
  return (
    <Badge color={STATUS_COLOR[status] ?? '#495057'} autoContrast variant="filled">
      {t(`status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** A rule's name in the reader's language (B1's `rules` catalogue), the code when the catalogue lacks it. */
export function useRuleName(): (code: string) => string {
  const { t } = useTranslation('rules');
  return useCallback((code: string) => t(`${code}.name`, { defaultValue: code }), [t]);
}

/**
 * Colours with at least 4.5:1 contrast against white (or, for the light ones, against black text), for small
 * badge and button labels (WCAG AA); Mantine's mid shades (green.9, orange.9, red.8) fall short at that size.
 */
export const INK = { green: '#1f6b30', red: '#b02525', orange: '#9c3d00', gray: '#495057' } as const;

/** A share 0..1 as a percentage in id-ID digits ('87,5%'); a dash when unknown. */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '–';
  const pct = Math.round(share * 1000) / 10;
  // A share above zero never reads as 0% (2 of 160.000 is "< 0,1%").
  return share > 0 && pct < 0.1 ? `< ${formatNumber(0.1)}%` : `${formatNumber(pct)}%`;
}

/** A titled section; its heading names the region for screen readers. */
export function Panel({
  id,
  title,
  children,
  level = 2,
  className,
}: {
  id: string;
  title: string;
  children: React.ReactNode;
  level?: 2 | 3;
  className?: string;
}) {
  return (
    <Paper
      component="section"
      aria-labelledby={id}
      withBorder
      p="md"
      radius="md"
      mb="md"
      className={className ? `b2-panel ${className}` : 'b2-panel'}
    >
      <Title order={level} id={id} size={level === 2 ? 'h3' : 'h4'} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

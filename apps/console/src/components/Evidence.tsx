import { List, SimpleGrid, Table, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber, formatRupiah } from '../lib/format';
import { COLUMN_KIND, EVIDENCE_KINDS, FIRST, type Kind } from './evidence.kinds';

const humanize = (key: string) =>
  key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

function show(kind: Kind, key: string, v: unknown, t: TFunction): string {
  if (v === null || v === undefined) return t('evidence:values.none');
  switch (kind) {
    case 'date':
      return formatDate(String(v));
    case 'days':
      return t('common:days', { count: Number(v) });
    case 'months':
      return t('common:months', { count: Number(v) });
    case 'monthsFraction':
      return t('evidence:values.monthsFraction', { value: formatNumber(Number(v)) });
    case 'year':
      return String(v);
    case 'years':
      return t('evidence:values.years', { count: Number(v) });
    case 'rupiah':
      return formatRupiah(Number(v));
    case 'count':
      return formatNumber(Number(v));
    case 'pct':
      return t('evidence:values.percent', { value: formatNumber(Number(v)) });
    case 'bool':
      return v ? t('evidence:values.yes') : t('evidence:values.no');
    case 'enum':
      return t(`evidence:enum.${key}.${String(v)}`, { defaultValue: String(v) });
    case 'programs':
    case 'list':
      return Array.isArray(v) && v.length ? v.join(', ') : t('evidence:values.none');
    case 'text':
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    case 'employers': {
      const ids = Array.isArray(v) ? v : [v];
      return ids.map((id) => t('evidence:values.employer', { id })).join(', ');
    }
    case 'period': {
      const p = v as { from: string; to: string };
      return t('evidence:values.period', { from: formatDate(p.from), to: formatDate(p.to) });
    }
    case 'jpCap': {
      const p = v as { from: string; to: string; capUsed: number | null };
      return t('evidence:values.jpCap', {
        from: formatDate(p.from),
        to: formatDate(p.to),
        cap: p.capUsed === null ? t('evidence:values.none') : formatRupiah(p.capUsed),
      });
    }
    case 'byProgram':
      return Object.entries(v as Record<string, number>)
        .map(([p, n]) => `${p} ${formatRupiah(n)}`)
        .join(' · ');
    default:
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

function breachText(b: unknown, t: TFunction): string {
  if (typeof b === 'string')
    return t(`evidence:breach.${b}`, { defaultValue: t('evidence:breach.other', { code: b }) });
  const o = b as Record<string, unknown> & { code: string };
  return t(`evidence:breach.${o.code}`, { ...o, defaultValue: t('evidence:breach.other', { code: o.code }) });
}

function Rows({ rows }: { rows: Record<string, unknown>[] }) {
  const { t } = useTranslation('evidence');
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <Table.ScrollContainer minWidth={500}>
      <Table withTableBorder fz="sm">
        <Table.Thead>
          <Table.Tr>
            {cols.map((c) => (
              <Table.Th key={c} scope="col">
                {t(`columns.${c}`, { defaultValue: humanize(c) })}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            <Table.Tr key={i}>
              {cols.map((c) => (
                <Table.Td key={c}>
                  {r[c] === undefined ? '' : show(COLUMN_KIND[c] ?? 'text', c, r[c], t)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * A case's evidence as labelled figures in the reader's language (catalogue `evidence`), each shown by its kind
 * (evidence.kinds.ts). Never a raw key: a key the catalogue does not know yet is shown under "other figures" with
 * its words split apart.
 */
export function Evidence({ evidence }: { evidence: Record<string, unknown> }) {
  const { t } = useTranslation('evidence');
  const keys = Object.keys(evidence);
  const ordered = [...FIRST.filter((k) => k in evidence), ...keys.filter((k) => !FIRST.includes(k))];
  const scalars = ordered.filter((k) => {
    const kind = EVIDENCE_KINDS[k];
    return kind && !['rows', 'periods', 'breaches'].includes(kind);
  });
  const unknown = ordered.filter((k) => !EVIDENCE_KINDS[k]);
  return (
    <div data-testid="evidence">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs" component="dl" style={{ margin: 0 }}>
        {scalars.map((k) => (
          <div key={k} data-evidence-key={k}>
            <Text component="dt" size="sm" c="gray.7">
              {t(`keys.${k}`)}
            </Text>
            <Text component="dd" fw={600} m={0}>
              {show(EVIDENCE_KINDS[k], k, evidence[k], t)}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      {Array.isArray(evidence.uncoveredPeriods) && evidence.uncoveredPeriods.length > 0 && (
        <>
          <Text fw={600} mt="md">
            {t('keys.uncoveredPeriods')}
          </Text>
          <List size="sm" data-testid="evidence-periods">
            {(evidence.uncoveredPeriods as { from: string; to: string; days: number }[]).map((p, i) => (
              <List.Item key={i}>
                {t('values.periodDays', {
                  from: formatDate(p.from),
                  to: formatDate(p.to),
                  days: t('common:days', { count: p.days }),
                })}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {Array.isArray(evidence.breaches) && evidence.breaches.length > 0 && (
        <>
          <Text fw={600} mt="md">
            {t('keys.breaches')}
          </Text>
          <List size="sm">
            {(evidence.breaches as unknown[]).map((b, i) => (
              <List.Item key={i}>{breachText(b, t)}</List.Item>
            ))}
          </List>
        </>
      )}
      {ordered
        .filter((k) => EVIDENCE_KINDS[k] === 'rows')
        .map(
          (k) =>
            Array.isArray(evidence[k]) &&
            (evidence[k] as unknown[]).length > 0 && (
              <div key={k} data-evidence-rows={k}>
                <Text fw={600} mt="md">
                  {t(`keys.${k}`)}
                </Text>
                <Rows rows={evidence[k] as Record<string, unknown>[]} />
              </div>
            ),
        )}
      {unknown.length > 0 && (
        <>
          <Text fw={600} mt="md">
            {t('otherFigures')}
          </Text>
          <dl>
            {unknown.map((k) => (
              <div key={k}>
                <dt>{humanize(k)}</dt>
                <dd>{show('text', k, evidence[k], t)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </div>
  );
}

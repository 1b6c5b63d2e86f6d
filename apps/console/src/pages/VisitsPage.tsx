import { Anchor, Button, Container, Group, NativeSelect, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { Empty, ErrorState, Loading } from '../components/States';
import { DISTRICTS } from '../components/b2/districts';
import { k2 } from '../components/b2/keys';
import type { Page, RankedEmployer } from '../components/b2/types';
import { SeverityBadge, useRuleName } from '../components/b2/ui';
import { formatDate, formatNumber, formatRupiah } from '../lib/format';
import { useMe } from '../lib/useMe';
import './visits/visits.css';

const LIMITS = ['10', '20', '50'] as const;

/** CONTRACT §8 /console/visits: employers ranked by risk for a district, printable as a one-page field plan. */
export default function VisitsPage() {
  const { t } = useTranslation('visits');
  const ruleName = useRuleName();
  const [params, setParams] = useSearchParams();
  const me = useMe();
  // A user with districts starts on their first one; `?district=` (empty: every district) is shareable.
  const district = params.has('district') ? (params.get('district') ?? '') : (me.data?.districts?.[0] ?? '');
  const limitParam = params.get('limit') ?? '20';
  const limit = (LIMITS as readonly string[]).includes(limitParam) ? limitParam : '20';
  const waitingForMe = !params.has('district') && me.isPending;

  const q = useQuery({
    queryKey: [...k2.visits(district), limit],
    enabled: !waitingForMe,
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/v1/employers', {
          params: { query: { sort: 'risk', limit: Number(limit), ...(district ? { district } : {}) } },
        }),
      )) as unknown as Page<RankedEmployer>,
  });

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };

  const place = district || t('allDistricts');
  return (
    <Container size="xl" className="field-plan">
      <Title order={1}>{t('title', { district: place })}</Title>
      <Text className="field-plan-date" size="sm">
        {t('printedOn', { date: formatDate(new Date().toISOString()) })}
      </Text>
      <Text size="sm" c="gray.7" mb="md" className="no-print">
        {t('intro')}
      </Text>
      <Group className="no-print" align="end" mb="md">
        <NativeSelect
          label={t('district')}
          value={district}
          onChange={(e) => set('district', e.currentTarget.value)}
          data={[{ value: '', label: t('allDistricts') }, ...DISTRICTS.map((d) => ({ value: d, label: d }))]}
        />
        <NativeSelect
          label={t('limit')}
          value={limit}
          onChange={(e) => set('limit', e.currentTarget.value)}
          data={LIMITS.map((l) => ({ value: l, label: l }))}
        />
        <Button onClick={() => window.print()} disabled={!q.data?.items.length}>
          {t('print')}
        </Button>
      </Group>
      {waitingForMe || q.isPending ? (
        <Loading label={t('loading')} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <Empty>{t('empty', { district: place })}</Empty>
      ) : (
        <Table withTableBorder striped>
          <Table.Caption>
            {t('caption', {
              count: q.data.items.length,
              n: formatNumber(q.data.items.length),
              district: place,
            })}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('rank')}</Table.Th>
              <Table.Th scope="col">{t('employer')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('score')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('openCases')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('workers')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('atStake')}
              </Table.Th>
              <Table.Th scope="col">{t('reasons')}</Table.Th>
              <Table.Th scope="col" className="field-plan-notes">
                {t('notes')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data.items.map((e, i) => (
              <Table.Tr key={e.id}>
                <Table.Td>{i + 1}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/employers/${e.id}`} fw={600}>
                    {e.name}
                  </Anchor>
                  <Text size="xs">
                    {[e.district, e.npp ? t('npp', { npp: e.npp }) : t('noNpp')].filter(Boolean).join(' · ')}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{formatNumber(e.riskScore)}</Table.Td>
                <Table.Td ta="right">
                  <Anchor component={Link} to={`/cases?employerId=${e.id}`}>
                    {formatNumber(e.openCases)}
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right">{formatNumber(e.workersAffected)}</Table.Td>
                <Table.Td ta="right">{formatRupiah(e.rupiahAtStake)}</Table.Td>
                <Table.Td>
                  <ul style={{ margin: 0, paddingLeft: '1.1em' }}>
                    {e.reasons.map((r) => (
                      <li key={r.rule}>
                        <Group gap={4} component="span" wrap="nowrap" display="inline-flex">
                          <SeverityBadge severity={r.severity} />
                        </Group>{' '}
                        {t(r.workers ? 'reason' : 'reasonEmployer', {
                          cases: formatNumber(r.cases),
                          rule: ruleName(r.rule),
                          workers: formatNumber(r.workers),
                          count: r.workers,
                        })}
                      </li>
                    ))}
                  </ul>
                </Table.Td>
                <Table.Td className="field-plan-notes" />
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Container>
  );
}

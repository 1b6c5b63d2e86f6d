import { Container, Progress, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiJson } from '../api/client';
import { qk } from '../api/queries';
import { Empty, ErrorState, Loading } from '../components/States';
import type { Stats, Trend } from '../components/b2/types';
import { formatShare, Panel, useRuleName } from '../components/b2/ui';
import { formatDate, formatNumber, formatRupiah } from '../lib/format';

// recharts is loaded on this route only, after the figures in words are on screen.
const BarsChart = lazy(() => import('./dashboard/Charts').then((m) => ({ default: m.BarsChart })));
const TrendChart = lazy(() => import('./dashboard/Charts').then((m) => ({ default: m.TrendChart })));

const WEEKS = 26;
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'];

/** A table of figures behind a chart, for screen readers and anyone who wants the numbers. */
function FiguresTable({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: string[];
  rows: (string | number)[][];
}) {
  const { t } = useTranslation('dashboard');
  return (
    <details>
      <summary style={{ cursor: 'pointer' }}>
        <Text span size="sm">
          {t('showTable')}
        </Text>
      </summary>
      <Table withTableBorder striped mt="xs">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {head.map((h, i) => (
              <Table.Th key={h} scope="col" ta={i ? 'right' : undefined}>
                {h}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={String(r[0])}>
              {r.map((c, i) =>
                i === 0 ? (
                  <Table.Th key={i} scope="row" fw={400}>
                    {c}
                  </Table.Th>
                ) : (
                  <Table.Td key={i} ta="right">
                    {typeof c === 'number' ? formatNumber(c) : c}
                  </Table.Td>
                ),
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </details>
  );
}

const chartFallback = <div style={{ height: 200 }} />;

/** CONTRACT §8 /console/dashboard: open cases by rule, severity, district; the weekly trend; coverage. */
export default function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const stats = useQuery({ queryKey: qk.stats, queryFn: () => apiJson<Stats>('/api/v1/stats') });
  return (
    <Container size="xl">
      <Title order={1} mb="xs">
        {t('title')}
      </Title>
      {stats.isPending ? (
        <Loading label={t('loading')} />
      ) : stats.isError ? (
        <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <StatsPanels s={stats.data} />
      )}
      <TrendPanel />
    </Container>
  );
}

function StatsPanels({ s }: { s: Stats }) {
  const { t } = useTranslation('dashboard');
  const { t: tc } = useTranslation('common');
  const ruleName = useRuleName();
  const o = s.openCases;
  const byRule = Object.entries(o.byRule)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const bySeverity = SEVERITY_ORDER.map((k) => [k, o.bySeverity[k] ?? 0] as const);
  const byDistrict = Object.entries(o.byDistrict)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const f = s.formalWorkers;
  const sp = s.sponsoredCoverage;
  const top = byRule[0];
  const topDistrict = byDistrict[0];
  const annual = sp.annualCostRupiah ?? null;
  // The API rounds shares to 4 decimals (2 of 160.000 is 0); the page reads the exact share from the counts.
  const spShare = sp.target ? sp.covered / sp.target : sp.share;

  return (
    <>
      <Text size="sm" c="gray.7" mb="md">
        {t('asOf', { date: formatDate(s.asOf) })}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md">
        <Panel id="tile-open" title={t('tiles.open')} level={2}>
          <Text fz={32} fw={700}>
            {formatNumber(o.total)}
          </Text>
          <Text size="sm">{t('tiles.openHint')}</Text>
        </Panel>
        <Panel id="tile-formal" title={t('tiles.formal')}>
          <Text fz={32} fw={700}>
            {formatShare(f.enrolledShare)}
          </Text>
          <Text size="sm">
            {t('tiles.formalHint', { enrolled: formatNumber(f.enrolled), total: formatNumber(f.total) })}
          </Text>
          {f.bpjsVerified !== undefined && (
            <Text size="sm" data-testid="bpjs-verified">
              {t('tiles.bpjsVerified', {
                verified: formatNumber(f.bpjsVerified),
                share: formatShare(f.bpjsVerifiedShare ?? null),
              })}
            </Text>
          )}
        </Panel>
        <Panel id="tile-sponsored" title={t('tiles.sponsored')}>
          <Text fz={32} fw={700}>
            {formatShare(spShare)}
          </Text>
          <Text size="sm">
            {t('tiles.sponsoredHint', { covered: formatNumber(sp.covered), target: formatNumber(sp.target) })}
          </Text>
        </Panel>
      </SimpleGrid>

      <Panel id="by-rule" title={t('byRule.title')}>
        {byRule.length === 0 ? (
          <Empty>{t('noOpenCases')}</Empty>
        ) : (
          <>
            <Text size="sm" mb="xs">
              {t('byRule.summary', {
                total: formatNumber(o.total),
                rules: formatNumber(byRule.length),
                top: ruleName(top![0]),
                topCount: formatNumber(top![1]),
              })}
            </Text>
            <Suspense fallback={chartFallback}>
              <BarsChart horizontal data={byRule.map(([code, n]) => ({ label: ruleName(code), value: n }))} />
            </Suspense>
            <FiguresTable
              caption={t('byRule.title')}
              head={[t('byRule.rule'), t('openCases')]}
              rows={byRule.map(([code, n]) => [`${ruleName(code)} (${code})`, n])}
            />
          </>
        )}
      </Panel>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Panel id="by-severity" title={t('bySeverity.title')}>
          <Text size="sm" mb="xs">
            {t('bySeverity.summary', {
              critical: formatNumber(o.bySeverity.critical ?? 0),
              high: formatNumber(o.bySeverity.high ?? 0),
              medium: formatNumber(o.bySeverity.medium ?? 0),
              low: formatNumber(o.bySeverity.low ?? 0),
            })}
          </Text>
          <Suspense fallback={chartFallback}>
            <BarsChart
              color="#c92a2a"
              data={bySeverity.map(([k, n]) => ({ label: tc(`severity.${k}`), value: n }))}
            />
          </Suspense>
          <FiguresTable
            caption={t('bySeverity.title')}
            head={[t('bySeverity.severity'), t('openCases')]}
            rows={bySeverity.map(([k, n]) => [tc(`severity.${k}`), n])}
          />
        </Panel>
        <Panel id="by-district" title={t('byDistrict.title')}>
          {byDistrict.length === 0 ? (
            <Empty>{t('noOpenCases')}</Empty>
          ) : (
            <>
              <Text size="sm" mb="xs">
                {t('byDistrict.summary', {
                  districts: formatNumber(byDistrict.length),
                  top: topDistrict![0] === 'unknown' ? t('unknownDistrict') : topDistrict![0],
                  topCount: formatNumber(topDistrict![1]),
                })}
              </Text>
              <Suspense fallback={chartFallback}>
                <BarsChart
                  color="#5f3dc4"
                  data={byDistrict.map(([d, n]) => ({
                    label: d === 'unknown' ? t('unknownDistrict') : d,
                    value: n,
                  }))}
                />
              </Suspense>
              <FiguresTable
                caption={t('byDistrict.title')}
                head={[t('byDistrict.district'), t('openCases')]}
                rows={byDistrict.map(([d, n]) => [d === 'unknown' ? t('unknownDistrict') : d, n])}
              />
            </>
          )}
        </Panel>
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Panel id="formal" title={t('formal.title')}>
          <Text size="sm" mb="xs">
            {f.total
              ? t('formal.summary', {
                  total: formatNumber(f.total),
                  enrolled: formatNumber(f.enrolled),
                  share: formatShare(f.enrolledShare),
                })
              : t('formal.none')}
          </Text>
          <Progress
            value={(f.enrolledShare ?? 0) * 100}
            size="xl"
            aria-label={t('formal.progressLabel', { share: formatShare(f.enrolledShare) })}
            mb="sm"
          />
          <FiguresTable
            caption={t('formal.byDistrict')}
            head={[t('byDistrict.district'), t('formal.workers'), t('formal.enrolled'), t('formal.share')]}
            rows={f.byDistrict
              .filter((d) => d.workers > 0)
              .map((d) => [
                d.district === 'unknown' ? t('unknownDistrict') : d.district,
                d.workers,
                d.enrolled,
                formatShare(d.enrolledShare),
              ])}
          />
        </Panel>
        <Panel id="sponsored" title={t('sponsored.title')}>
          <Text size="sm" mb="xs">
            {t('sponsored.summary', {
              covered: formatNumber(sp.covered),
              target: formatNumber(sp.target),
              share: formatShare(spShare),
            })}
          </Text>
          <Progress
            value={Math.min(100, (spShare ?? 0) * 100)}
            color="teal.8"
            size="xl"
            aria-label={t('sponsored.progressLabel', { share: formatShare(spShare) })}
            mb="sm"
          />
          <Text size="sm" mb="xs" fw={600}>
            {annual !== null
              ? t('sponsored.cost', {
                  amount: formatRupiah(annual),
                  premium: formatRupiah(sp.monthlyPremiumRupiah ?? null),
                  covered: formatNumber(sp.covered),
                })
              : t('sponsored.costUnknown')}
          </Text>
          {annual !== null && sp.monthlyPremiumRupiah && sp.target > sp.covered && (
            <Text size="sm" mb="xs">
              {t('sponsored.costAtTarget', {
                amount: formatRupiah(sp.target * sp.monthlyPremiumRupiah * 12),
                target: formatNumber(sp.target),
              })}
            </Text>
          )}
          <FiguresTable
            caption={t('sponsored.byDistrict')}
            head={[
              t('byDistrict.district'),
              t('sponsored.covered'),
              t('sponsored.target'),
              t('formal.share'),
            ]}
            rows={sp.byDistrict
              .filter((d) => d.covered > 0 || d.target)
              .map((d) => [
                d.district === 'unknown' ? t('unknownDistrict') : d.district,
                d.covered,
                d.target === null ? '–' : d.target,
                formatShare(d.share),
              ])}
          />
        </Panel>
      </SimpleGrid>
    </>
  );
}

function TrendPanel() {
  const { t } = useTranslation('dashboard');
  const trend = useQuery({
    queryKey: qk.trend(WEEKS),
    queryFn: () => apiJson<Trend>(`/api/v1/stats/trend?weeks=${WEEKS}`),
  });
  const names = { opened: t('trend.opened'), resolved: t('trend.resolved'), reopened: t('trend.reopened') };
  return (
    <Panel id="trend" title={t('trend.title', { weeks: WEEKS })}>
      {trend.isPending ? (
        <Loading label={t('trend.loading')} />
      ) : trend.isError ? (
        <ErrorState
          error={trend.error}
          // A 404 is an API without GET /stats/trend: trying again would not help.
          onRetry={
            trend.error instanceof ApiError && trend.error.status === 404
              ? undefined
              : () => void trend.refetch()
          }
          title={t('trend.error')}
        />
      ) : (
        (() => {
          const items = trend.data.items ?? [];
          const sum = (k: 'opened' | 'resolved' | 'reopened') => items.reduce((a, w) => a + (w[k] ?? 0), 0);
          if (!items.length || sum('opened') + sum('resolved') + sum('reopened') === 0)
            return <Empty>{t('trend.empty')}</Empty>;
          const data = items.map((w) => ({
            label: w.week.replace(/^\d{4}-/, ''),
            opened: w.opened,
            resolved: w.resolved,
            reopened: w.reopened,
          }));
          return (
            <>
              <Text size="sm" mb="xs">
                {t('trend.summary', {
                  from: formatDate(trend.data.from),
                  to: formatDate(trend.data.to),
                  opened: formatNumber(sum('opened')),
                  resolved: formatNumber(sum('resolved')),
                  reopened: formatNumber(sum('reopened')),
                })}
              </Text>
              <Suspense fallback={chartFallback}>
                <TrendChart data={data} names={names} />
              </Suspense>
              <FiguresTable
                caption={t('trend.title', { weeks: WEEKS })}
                head={[t('trend.week'), names.opened, names.resolved, names.reopened]}
                rows={items.map((w) => [
                  t('trend.weekLabel', { week: w.week, date: formatDate(w.weekStart) }),
                  w.opened,
                  w.resolved,
                  w.reopened,
                ])}
              />
            </>
          );
        })()
      )}
    </Panel>
  );
}

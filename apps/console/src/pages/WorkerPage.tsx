import { Anchor, Container, Group, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, apiJson } from '../api/client';
import { qk } from '../api/queries';
import { Empty, ErrorState, Loading } from '../components/States';
import { Timeline, type TimelineData } from '../components/Timeline';
import { programList, type WorkerDetail } from '../components/b2/types';
import { Panel, SeverityBadge, StatusBadge, useRuleName } from '../components/b2/ui';
import { formatDate, formatNumber, formatRupiah } from '../lib/format';

/** The worker response's `timeline` (the rules' one pure timeline, CONTRACT §3), as far as the page reads it. */
type WorkerTimeline = {
  asOf: string;
  contracts: TimelineData['contracts'];
  uncoveredPeriods?: TimelineData['gaps'];
  totalUncoveredDays?: number;
  sponsored?: TimelineData['sponsored'];
  /** Per employer: whether a BPJS load covers it (CONTRACT §9). */
  employers?: { bpjsLoad?: { loadId: string; asOf: string } | null }[];
  bpjsCoverage?: NonNullable<TimelineData['bpjs']>;
  chains?: {
    chainStart: string;
    lastDay: string;
    limitDate: string;
    pkwtMaxTotalMonths: number;
    exceedsLimit: boolean;
    contracts: { ref: string }[];
  }[];
};

/** B1's Timeline data from the worker: every employer's contracts, enrolments and the API's gaps and chains. */
function timelineOf(w: WorkerDetail): TimelineData {
  const enrolments = w.enrolments.map((e) => ({
    from: e.effectiveFrom,
    to: e.effectiveTo,
    programs: programList(e.programs),
    employerId: e.employerId,
    kpj: e.kpj ?? null,
  }));
  const tl = w.timeline as WorkerTimeline | null | undefined;
  if (tl && Array.isArray(tl.contracts))
    return {
      asOf: tl.asOf,
      contracts: tl.contracts,
      gaps: tl.uncoveredPeriods ?? [],
      enrolments,
      // BPJS's own records, in their own lane, when a load covers an employer of the timeline.
      bpjs: (tl.employers ?? []).some((e) => e.bpjsLoad) ? (tl.bpjsCoverage ?? []) : undefined,
      sponsored: (tl.sponsored ?? []).map((s) => ({ ...s, programs: programList(s.programs) })),
      chains: (tl.chains ?? []).map((ch) => ({
        chainStart: ch.chainStart,
        lastDay: ch.lastDay,
        limitDate: ch.limitDate,
        limitMonths: ch.pkwtMaxTotalMonths,
        exceedsLimit: ch.exceedsLimit,
        refs: ch.contracts.map((c) => c.ref),
      })),
    };
  // No timeline block (an older API): the bars as reported, no gaps or chains drawn (they are the API's figures).
  return {
    asOf: new Date().toISOString().slice(0, 10),
    contracts: w.contracts,
    gaps: [],
    enrolments,
    sponsored: (w.sponsoredCoverage ?? []).map((s) => ({
      from: s.effectiveFrom,
      to: s.effectiveTo,
      programs: programList(s.programs),
    })),
    chains: [],
  };
}

/** CONTRACT §8 /console/workers/{nik}: one worker across every employer, on one timeline. */
export default function WorkerPage() {
  const { t } = useTranslation('worker');
  const nik = useParams().nik ?? '';
  const valid = /^\d{16}$/.test(nik);
  const q = useQuery({
    queryKey: qk.worker(nik),
    enabled: valid,
    queryFn: () => apiJson<WorkerDetail>(`/api/v1/workers/${nik}`),
  });
  useEffect(() => {
    if (q.data) document.title = `${q.data.name ?? nik} · Patuh`;
  }, [q.data, nik]);

  if (!valid)
    return (
      <Container size="lg">
        <Title order={1}>{t('title')}</Title>
        <Empty>{t('invalidNik')}</Empty>
      </Container>
    );
  if (q.isPending) return <Loading label={t('loading')} />;
  if (q.isError)
    return (
      <Container size="lg">
        <Title order={1}>{t('title')}</Title>
        {q.error instanceof ApiError && q.error.status === 404 ? (
          <Empty>{t('notFound', { nik })}</Empty>
        ) : (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        )}
      </Container>
    );
  return <Worker w={q.data} />;
}

function Worker({ w }: { w: WorkerDetail }) {
  const { t } = useTranslation('worker');
  const { t: te } = useTranslation('employer');
  const ruleName = useRuleName();
  const data = useMemo(() => timelineOf(w), [w]);
  const employers = useMemo(() => {
    const m = new Map<number, string>();
    for (const c of w.contracts) m.set(c.employerId, c.employerName);
    for (const e of w.enrolments) if (!m.has(e.employerId)) m.set(e.employerId, e.employerName);
    return [...m.entries()];
  }, [w]);
  const uncovered = (w.timeline as WorkerTimeline | null | undefined)?.totalUncoveredDays;
  // Each employer reports the worker in its own words: shown when they differ.
  const reported = w.reportedBy ?? [];
  const spellings = new Set(reported.map((r) => `${r.name ?? ''}|${r.birthDate ?? ''}`));
  const sponsored = w.sponsoredCoverage ?? [];

  return (
    <Container size="xl">
      <Text size="sm" c="gray.7">
        {t('title')}
      </Text>
      <Title order={1}>{w.name ?? t('unnamed')}</Title>
      <Group gap="lg" mb="md" mt={4}>
        <Text size="sm">
          {t('nik')}:{' '}
          <Text span ff="monospace">
            {w.nik}
          </Text>
        </Text>
        <Text size="sm">
          {t('birthDate')}: {formatDate(w.birthDate)}
        </Text>
      </Group>
      {spellings.size > 1 && (
        <Text size="sm" mb="md" data-testid="reported-by">
          {t('reportedBy')}{' '}
          {reported
            .map((r) =>
              t('reportedAs', {
                employer: r.employerName,
                name: r.name ?? t('unnamed'),
                born: r.birthDate ? formatDate(r.birthDate) : '–',
              }),
            )
            .join('; ')}
        </Text>
      )}
      <Text mb="md">
        {t('summary', {
          contracts: formatNumber(w.contracts.length),
          employers: formatNumber(employers.length),
          cases: formatNumber(w.cases.length),
          count: employers.length,
        })}
        {uncovered !== undefined &&
          ' ' +
            (uncovered > 0
              ? t('uncovered', { count: uncovered, n: formatNumber(uncovered) })
              : t('noUncovered'))}
      </Text>

      <Panel id="timeline" title={t('timelineTitle')}>
        {w.contracts.length === 0 ? (
          <Empty>{t('noContracts')}</Empty>
        ) : (
          <Timeline data={data} label={w.name ?? w.nik} />
        )}
      </Panel>

      <Panel id="contracts" title={t('contracts.title')}>
        {w.contracts.length === 0 ? (
          <Empty>{t('noContracts')}</Empty>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('employer')}</Table.Th>
                  <Table.Th scope="col">{t('contracts.ref')}</Table.Th>
                  <Table.Th scope="col">{t('contracts.type')}</Table.Th>
                  <Table.Th scope="col">{t('contracts.start')}</Table.Th>
                  <Table.Th scope="col">{t('contracts.end')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('contracts.wage')}
                  </Table.Th>
                  <Table.Th scope="col">{t('contracts.position')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {w.contracts.map((c) => (
                  <Table.Tr key={`${c.employerId}-${c.ref}`}>
                    <Table.Td>
                      <Anchor component={Link} to={`/employers/${c.employerId}`}>
                        {c.employerName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ff="monospace">{c.ref}</Table.Td>
                    <Table.Td>{t(`contracts.typeValue.${c.type}`, { defaultValue: c.type })}</Table.Td>
                    <Table.Td>{formatDate(c.startDate)}</Table.Td>
                    <Table.Td>{c.endDate ? formatDate(c.endDate) : t('contracts.openEnded')}</Table.Td>
                    <Table.Td ta="right">{formatRupiah(c.monthlyWage)}</Table.Td>
                    <Table.Td>{c.position ?? '–'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Panel>

      <Panel id="enrolments" title={t('enrolments.title')}>
        {w.enrolments.length === 0 ? (
          <Empty>{t('enrolments.none')}</Empty>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('employer')}</Table.Th>
                  <Table.Th scope="col">{t('enrolments.kpj')}</Table.Th>
                  <Table.Th scope="col">{t('enrolments.programs')}</Table.Th>
                  <Table.Th scope="col">{t('enrolments.from')}</Table.Th>
                  <Table.Th scope="col">{t('enrolments.to')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('enrolments.wage')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {w.enrolments.map((e) => (
                  <Table.Tr key={`${e.employerId}-${e.effectiveFrom}`}>
                    <Table.Td>
                      <Anchor component={Link} to={`/employers/${e.employerId}`}>
                        {e.employerName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ff="monospace">{e.kpj ?? '–'}</Table.Td>
                    <Table.Td>{programList(e.programs).join(', ')}</Table.Td>
                    <Table.Td>{formatDate(e.effectiveFrom)}</Table.Td>
                    <Table.Td>{e.effectiveTo ? formatDate(e.effectiveTo) : t('enrolments.ongoing')}</Table.Td>
                    <Table.Td ta="right">{formatRupiah(e.reportedWage ?? null)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Panel>

      {sponsored.length > 0 && (
        <Panel id="sponsored" title={t('sponsored.title')}>
          <Text size="sm" mb="xs">
            {t('sponsored.hint')}
          </Text>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('enrolments.programs')}</Table.Th>
                <Table.Th scope="col">{t('enrolments.from')}</Table.Th>
                <Table.Th scope="col">{t('enrolments.to')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sponsored.map((s) => (
                <Table.Tr key={s.effectiveFrom}>
                  <Table.Td>{programList(s.programs).join(', ')}</Table.Td>
                  <Table.Td>{formatDate(s.effectiveFrom)}</Table.Td>
                  <Table.Td>{s.effectiveTo ? formatDate(s.effectiveTo) : t('enrolments.ongoing')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Panel>
      )}

      <Panel id="cases" title={t('cases.title')}>
        {w.cases.length === 0 ? (
          <Empty>{t('cases.none')}</Empty>
        ) : (
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('cases.case')}</Table.Th>
                <Table.Th scope="col">{t('cases.rule')}</Table.Th>
                <Table.Th scope="col">{t('cases.severity')}</Table.Th>
                <Table.Th scope="col">{t('cases.status')}</Table.Th>
                <Table.Th scope="col">{t('employer')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {w.cases.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/cases/${c.id}`}>
                      {t('cases.caseNo', { id: c.id })}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {ruleName(c.rule)}{' '}
                    <Text span size="xs" ff="monospace">
                      {c.rule}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <SeverityBadge severity={c.severity} />
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={c.status} />
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/employers/${c.employerId}`}>
                      {c.employerName ?? te('profile.employerNo', { id: c.employerId })}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Panel>
    </Container>
  );
}

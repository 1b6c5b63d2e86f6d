import {
  Anchor,
  Badge,
  Button,
  Container,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { apiJson } from '../api/client';
import { qk } from '../api/queries';
import { Empty, ErrorState, Loading } from '../components/States';
import { k2 } from '../components/b2/keys';
import type { EmployerDetail, SelfReportDetail, SelfReportSummary } from '../components/b2/types';
import { INK, formatShare, Panel, SeverityBadge, useRuleName } from '../components/b2/ui';
import { formatDate, formatDateTime, formatNumber, formatRupiah } from '../lib/format';

/** CONTRACT §8 /console/employers/{id}: profile, compliance summary, risk with its reasons, cases, self-reports. */
export default function EmployerPage() {
  const { t } = useTranslation('employer');
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const q = useQuery({
    queryKey: qk.employers.detail(id),
    enabled: valid,
    queryFn: () => apiJson<EmployerDetail>(`/api/v1/employers/${id}`),
  });

  if (!valid)
    return (
      <Container size="lg">
        <Title order={1}>{t('title')}</Title>
        <Empty>{t('invalidId')}</Empty>
      </Container>
    );
  if (q.isPending) return <Loading label={t('loading')} />;
  if (q.isError)
    return (
      <Container size="lg">
        <Title order={1}>{t('title')}</Title>
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      </Container>
    );
  const e = q.data;
  return (
    <Container size="lg">
      <Text size="sm" c="gray.7">
        {t('title')}
      </Text>
      <Title order={1} mb="md">
        {e.name}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Profile e={e} />
        <Compliance e={e} />
      </SimpleGrid>
      <Risk e={e} />
      <CasesByRule e={e} />
      <SelfReports e={e} />
    </Container>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <Text component="dt" size="sm" fw={600}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} mb={6}>
        {children}
      </Text>
    </>
  );
}

function Profile({ e }: { e: EmployerDetail }) {
  const { t } = useTranslation('employer');
  const principal = e.compliance.principal;
  const contractors = e.compliance.contractors ?? [];
  return (
    <Panel id="profile" title={t('profile.title')}>
      <dl style={{ margin: 0 }}>
        <Field label={t('profile.nib')}>{e.nib}</Field>
        <Field label={t('profile.npp')}>{e.npp ?? t('profile.nppNone')}</Field>
        <Field label={t('profile.scale')}>{t(`scale.${e.scale}`)}</Field>
        <Field label={t('profile.kbli')}>{e.kbli ?? '–'}</Field>
        <Field label={t('profile.district')}>{e.district ?? '–'}</Field>
        <Field label={t('profile.jkkRiskGroup')}>{e.jkkRiskGroup ?? '–'}</Field>
        <Field label={t('profile.contactEmail')}>{e.contactEmail ?? '–'}</Field>
        <Field label={t('profile.principal')}>
          {principal ? (
            <Anchor component={Link} to={`/employers/${principal.id}`}>
              {principal.name}
            </Anchor>
          ) : e.principalEmployerId ? (
            <Anchor component={Link} to={`/employers/${e.principalEmployerId}`}>
              {t('profile.employerNo', { id: e.principalEmployerId })}
            </Anchor>
          ) : (
            t('profile.noPrincipal')
          )}
        </Field>
        <Field label={t('profile.contractors')}>
          {contractors.length ? (
            <span>
              {contractors.map((c, i) => (
                <Fragment key={c.id}>
                  {i > 0 && ', '}
                  <Anchor component={Link} to={`/employers/${c.id}`}>
                    {c.name}
                  </Anchor>
                </Fragment>
              ))}
            </span>
          ) : (
            t('profile.noContractors')
          )}
        </Field>
      </dl>
    </Panel>
  );
}

function Compliance({ e }: { e: EmployerDetail }) {
  const { t } = useTranslation('employer');
  const c = e.compliance;
  return (
    <Panel id="compliance" title={t('compliance.title')}>
      <Text size="sm" mb="xs">
        {t('compliance.asOf', { date: formatDate(c.asOf) })}
      </Text>
      <dl style={{ margin: 0 }}>
        <Field label={t('compliance.workers')}>{formatNumber(c.workers)}</Field>
        <Field label={t('compliance.activeWorkers')}>{formatNumber(c.activeWorkers)}</Field>
        <Field label={t('compliance.enrolled')}>
          {t('compliance.enrolledOf', {
            enrolled: formatNumber(c.enrolledActiveWorkers),
            active: formatNumber(c.activeWorkers),
            share: formatShare(c.enrolledShare),
          })}
        </Field>
        <Field label={t('compliance.bpjsVerified')}>
          {c.bpjsVerification
            ? t('compliance.bpjsVerifiedOn', {
                date: formatDate(c.bpjsVerification.asOf),
                load: c.bpjsVerification.loadId,
              })
            : t('compliance.bpjsNotVerified')}
        </Field>
        <Field label={t('compliance.activeContracts')}>
          {t('compliance.contractMix', {
            pkwt: formatNumber(c.activeContractsByType.PKWT ?? 0),
            pkwtt: formatNumber(c.activeContractsByType.PKWTT ?? 0),
          })}
        </Field>
        <Field label={t('compliance.openCases')}>{formatNumber(c.openCases)}</Field>
        <Field label={t('compliance.bySeverity')}>
          <Group gap={6} component="span">
            {(['critical', 'high', 'medium', 'low'] as const).map((s) => (
              <Group key={s} gap={4} component="span">
                <SeverityBadge severity={s} />
                <span>{formatNumber(c.openCasesBySeverity[s] ?? 0)}</span>
              </Group>
            ))}
          </Group>
        </Field>
      </dl>
    </Panel>
  );
}

function Risk({ e }: { e: EmployerDetail }) {
  const { t } = useTranslation('employer');
  const ruleName = useRuleName();
  const r = e.compliance.risk;
  if (!r) return null;
  return (
    <Panel id="risk" title={t('risk.title')}>
      <Group gap="xl" mb="sm">
        <Text>
          <Text span fw={700} size="xl">
            {formatNumber(r.riskScore)}
          </Text>{' '}
          {t('risk.score')}
        </Text>
        <Text>
          {t('risk.workersAffected', { count: r.workersAffected, n: formatNumber(r.workersAffected) })}
        </Text>
        <Text>{t('risk.atStake', { amount: formatRupiah(r.rupiahAtStake) })}</Text>
      </Group>
      {r.reasons.length === 0 ? (
        <Empty>{t('risk.none')}</Empty>
      ) : (
        <>
          <Text size="sm" fw={600}>
            {t('risk.reasons')}
          </Text>
          <ol style={{ marginTop: 4 }}>
            {r.reasons.map((x) => (
              <li key={x.rule}>
                <Group gap={6} component="span">
                  <SeverityBadge severity={x.severity} />
                  <span>
                    {t(x.workers ? 'risk.reason' : 'risk.reasonEmployer', {
                      cases: formatNumber(x.cases),
                      rule: ruleName(x.rule),
                      workers: formatNumber(x.workers),
                      count: x.workers,
                    })}
                    {x.rupiahAtStake > 0 &&
                      ` · ${t('risk.reasonAmount', { amount: formatRupiah(x.rupiahAtStake) })}`}
                  </span>
                </Group>
              </li>
            ))}
          </ol>
        </>
      )}
    </Panel>
  );
}

function CasesByRule({ e }: { e: EmployerDetail }) {
  const { t } = useTranslation('employer');
  const ruleName = useRuleName();
  const rows = Object.entries(e.compliance.openCasesByRule).sort((a, b) => b[1] - a[1]);
  return (
    <Panel id="cases" title={t('cases.title')}>
      {rows.length === 0 ? (
        <Empty>{t('cases.none')}</Empty>
      ) : (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('cases.rule')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('cases.open')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(([rule, n]) => (
              <Table.Tr key={rule}>
                <Table.Td>
                  <Anchor component={Link} to={`/cases?employerId=${e.id}&rule=${encodeURIComponent(rule)}`}>
                    {ruleName(rule)}
                  </Anchor>{' '}
                  <Text span size="xs" c="gray.7" ff="monospace">
                    {rule}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{formatNumber(n)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Anchor component={Link} to={`/cases?employerId=${e.id}`} size="sm" mt="xs" display="inline-block">
        {t('cases.all')}
      </Anchor>
    </Panel>
  );
}

function countsText(
  t: (k: string, o?: Record<string, unknown>) => string,
  r: SelfReportSummary,
  entity: string,
) {
  const c = r.counts?.[entity as 'workers'];
  if (!c) return '–';
  return t('reports.countsCell', { accepted: formatNumber(c.accepted), rejected: formatNumber(c.rejected) });
}

function SelfReports({ e }: { e: EmployerDetail }) {
  const { t } = useTranslation('employer');
  const s = e.compliance.selfReports;
  const [open, setOpen] = useState<number | null>(null);
  return (
    <Panel id="reports" title={t('reports.title')}>
      <Text size="sm" mb="xs">
        {s.lastProcessedAt
          ? t('reports.summary', {
              count: s.processed,
              n: formatNumber(s.processed),
              date: formatDateTime(s.lastProcessedAt),
            })
          : t('reports.never')}
      </Text>
      {s.latest.length === 0 ? (
        <Empty>{t('reports.none')}</Empty>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('reports.received')}</Table.Th>
                <Table.Th scope="col">{t('reports.status')}</Table.Th>
                <Table.Th scope="col">{t('reports.workers')}</Table.Th>
                <Table.Th scope="col">{t('reports.contracts')}</Table.Th>
                <Table.Th scope="col">{t('reports.enrolments')}</Table.Th>
                <Table.Th scope="col">{t('reports.errors')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.latest.map((r) => (
                <Fragment key={r.id}>
                  <Table.Tr>
                    <Table.Td>{formatDateTime(r.receivedAt)}</Table.Td>
                    <Table.Td>
                      <Badge variant="outline" color={INK.gray}>
                        {t(`reports.statusValue.${r.status}`, { defaultValue: r.status })}
                      </Badge>{' '}
                      <Text span size="xs">
                        {r.format.toUpperCase()}
                      </Text>
                    </Table.Td>
                    <Table.Td>{countsText(t, r, 'workers')}</Table.Td>
                    <Table.Td>{countsText(t, r, 'contracts')}</Table.Td>
                    <Table.Td>{countsText(t, r, 'enrolments')}</Table.Td>
                    <Table.Td>
                      {r.errorCount > 0 ? (
                        <Button
                          size="compact-sm"
                          variant="default"
                          aria-expanded={open === r.id}
                          aria-controls={`report-errors-${r.id}`}
                          onClick={() => setOpen(open === r.id ? null : r.id)}
                        >
                          {t(open === r.id ? 'reports.hideErrors' : 'reports.showErrors', {
                            count: r.errorCount,
                            n: formatNumber(r.errorCount),
                          })}
                        </Button>
                      ) : (
                        t('reports.noErrors')
                      )}
                    </Table.Td>
                  </Table.Tr>
                  {open === r.id && (
                    <Table.Tr id={`report-errors-${r.id}`}>
                      <Table.Td colSpan={6}>
                        <ReportErrors id={r.id} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Panel>
  );
}

/** The rejected rows of one self-report, loaded when asked for. */
function ReportErrors({ id }: { id: number }) {
  const { t } = useTranslation('employer');
  const q = useQuery({
    queryKey: k2.selfReport(id),
    queryFn: () => apiJson<SelfReportDetail>(`/api/v1/self-reports/${id}`),
  });
  if (q.isPending) return <Loading label={t('reports.loadingErrors')} />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const errors = q.data.errors ?? [];
  if (!errors.length) return <Empty>{t('reports.noErrors')}</Empty>;
  return (
    <Stack gap={2}>
      <Table>
        <Table.Caption>{t('reports.errorsCaption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('reports.entity')}</Table.Th>
            <Table.Th scope="col">{t('reports.row')}</Table.Th>
            <Table.Th scope="col">{t('reports.field')}</Table.Th>
            <Table.Th scope="col">{t('reports.message')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {errors.slice(0, 200).map((x, i) => (
            <Table.Tr key={i}>
              <Table.Td>{t(`reports.${x.entity}`, { defaultValue: x.entity })}</Table.Td>
              <Table.Td>{formatNumber(x.index + 1)}</Table.Td>
              <Table.Td ff="monospace">{x.field ?? '–'}</Table.Td>
              <Table.Td>{x.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {errors.length > 200 && (
        <Text size="sm">{t('reports.moreErrors', { n: formatNumber(errors.length - 200) })}</Text>
      )}
    </Stack>
  );
}

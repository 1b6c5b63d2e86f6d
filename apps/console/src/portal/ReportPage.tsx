import { Alert, Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { apiFetch, apiJson, ApiError } from '../api/client';
import { currentLang } from '../i18n';
import { Panel } from '../components/b2/ui';
import { ErrorState, Loading } from '../components/States';
import { formatDateTime, formatNumber } from '../lib/format';
import { pk, type Report } from './api';
import { messageIn, rejectedCsv, rowNumber } from './csv';
import { ReportStatus } from './ReportStatus';
import { ENTITIES, hasUpload, saveFile, uploadedCsv, type Entity } from './upload';

const settled = (r: Report | undefined) =>
  !!r &&
  (r.status === 'failed' ||
    (r.status === 'processed' &&
      (r.evaluation.status === 'completed' ||
        r.evaluation.status === 'failed' ||
        r.evaluation.status === null)));

/** One report: its status live until processed, the counts, the rejected rows by spreadsheet row, and the fix file. */
export default function ReportPage() {
  const { t } = useTranslation('portal');
  const id = Number(useParams().id);
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: pk.report(id),
    enabled: Number.isInteger(id) && id > 0,
    queryFn: () => apiJson<Report>(`/api/v1/self-reports/${id}`),
    refetchInterval: (query) => (settled(query.state.data) || query.state.error ? false : 1000),
  });
  const r = q.data;
  const done = settled(r);
  useEffect(() => {
    // Processed and re-evaluated: the firm's cases may have changed.
    if (done) void qc.invalidateQueries({ queryKey: ['portal', 'cases'] });
  }, [done, qc]);

  if (!Number.isInteger(id) || id <= 0 || (q.error instanceof ApiError && q.error.status === 404))
    return <NotFound />;
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const report = q.data;
  return (
    <Stack gap="lg" maw={1100} mx="auto">
      <Title order={1}>{t('report.title', { id: report.id })}</Title>
      <Panel id="report-status" title={t('report.statusTitle')}>
        <div role="status" aria-live="polite">
          <Group gap="sm" mb="xs">
            <ReportStatus report={report} />
            <Text size="sm">{t(`report.explain.${report.status}`, { defaultValue: '' })}</Text>
          </Group>
          {report.status === 'processed' && (
            <Text size="sm">
              {report.evaluation.status === 'completed' ? t('report.evaluated') : t('report.evaluating')}
            </Text>
          )}
        </div>
        <Text size="sm" c="gray.7" mt="xs">
          {t('report.received', { at: formatDateTime(report.receivedAt) })}
          {report.processedAt && ` · ${t('report.processed', { at: formatDateTime(report.processedAt) })}`}
        </Text>
        {report.failureReason && (
          <Alert color="red" mt="sm" role="alert">
            {t('report.failed')}
          </Alert>
        )}
        {report.counts && (
          <Table mt="sm" withTableBorder aria-label={t('report.countsTitle')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('report.file')}</Table.Th>
                <Table.Th scope="col">{t('history.accepted')}</Table.Th>
                <Table.Th scope="col">{t('history.rejected')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ENTITIES.map((e) => (
                <Table.Tr key={e}>
                  <Table.Th scope="row">{`${e}.csv`}</Table.Th>
                  <Table.Td>{formatNumber(report.counts?.[e]?.accepted ?? 0)}</Table.Td>
                  <Table.Td>{formatNumber(report.counts?.[e]?.rejected ?? 0)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {done && report.status === 'processed' && (
          <Group mt="sm" gap="md">
            <Anchor component={Link} to="/cases">
              {t('report.seeCases')}
            </Anchor>
          </Group>
        )}
      </Panel>
      {report.errorCount > 0 && <Rejected report={report} />}
    </Stack>
  );
}

function Rejected({ report }: { report: Report }) {
  const { t } = useTranslation('portal');
  const lang = currentLang();
  const remembered = hasUpload(report.id);
  const files = useQuery({
    queryKey: ['portal', 'uploaded', report.id],
    enabled: remembered,
    staleTime: Infinity,
    queryFn: () => uploadedCsv(report.id),
  });
  const errors = report.errors ?? [];
  const withErrors = ENTITIES.filter((e) => errors.some((x) => x.entity === e));
  const file = (e: string) => files.data?.[e as Entity];

  function download(e: Entity) {
    const f = file(e);
    if (!f) return;
    const indices = errors.filter((x) => x.entity === e).map((x) => x.index);
    saveFile(
      new Blob([rejectedCsv(f, indices)], { type: 'text/csv;charset=utf-8' }),
      t('rejected.fileName', { entity: e }),
    );
  }

  return (
    <Panel id="report-rejected" title={t('rejected.title', { count: report.errorCount })}>
      <Text size="sm" mb="sm">
        {t('rejected.intro')}
      </Text>
      {report.errorsTruncated && (
        <Alert color="yellow" mb="sm">
          {t('rejected.truncated', { shown: errors.length, total: report.errorCount })}
        </Alert>
      )}
      <Table striped withTableBorder aria-label={t('rejected.tableLabel')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('rejected.file')}</Table.Th>
            <Table.Th scope="col">{t('rejected.row')}</Table.Th>
            <Table.Th scope="col">{t('rejected.column')}</Table.Th>
            <Table.Th scope="col">{t('rejected.message')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {errors.map((x, i) => (
            <Table.Tr key={i}>
              <Table.Td>{x.sheet ? t('rejected.sheet', { sheet: x.sheet }) : `${x.entity}.csv`}</Table.Td>
              {/* The API's row (the CSV line or the Excel row) where it gives one; else counted from the file. */}
              <Table.Td>{formatNumber(x.row ?? rowNumber(file(x.entity), x.index))}</Table.Td>
              <Table.Td ff="monospace">{x.field ?? t('rejected.wholeRow')}</Table.Td>
              <Table.Td>{messageIn(x.message, lang)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Stack gap="xs" mt="md">
        {errors.some((x) => x.sheet) ? (
          <WorkbookRejected id={report.id} />
        ) : remembered ? (
          <>
            <Text size="sm">{t('rejected.fixIntro')}</Text>
            <Group gap="sm">
              {withErrors.map((e) => (
                <Button key={e} variant="light" onClick={() => download(e)} disabled={!files.data}>
                  {t('rejected.download', { file: `${e}.csv` })}
                </Button>
              ))}
            </Group>
          </>
        ) : (
          <Text size="sm" c="gray.7">
            {t('rejected.noFile')}
          </Text>
        )}
        <Anchor component={Link} to="/">
          {t('rejected.uploadAgain')}
        </Anchor>
      </Stack>
    </Panel>
  );
}

/** A workbook's rejected rows, as a workbook made by the API from the stored upload (works after a reload too). */
function WorkbookRejected({ id }: { id: number }) {
  const { t } = useTranslation('portal');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function download() {
    setBusy(true);
    setError(null);
    try {
      const res = await apiFetch(`/api/v1/self-reports/${id}/rejected/workbook.xlsx`);
      saveFile(await res.blob(), t('rejected.workbookName', { id }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Text size="sm">{t('rejected.fixWorkbook')}</Text>
      <Group gap="sm">
        <Button variant="light" loading={busy} onClick={() => void download()}>
          {t('rejected.downloadWorkbook')}
        </Button>
      </Group>
      {error !== null && <ErrorState error={error} />}
    </>
  );
}

function NotFound() {
  const { t } = useTranslation('portal');
  return (
    <Stack maw={700} mx="auto" py="xl">
      <Title order={1}>{t('report.notFoundTitle')}</Title>
      <Text>{t('report.notFoundBody')}</Text>
      <Anchor component={Link} to="/">
        {t('notFound.back')}
      </Anchor>
    </Stack>
  );
}

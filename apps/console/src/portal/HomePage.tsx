import {
  Alert,
  Anchor,
  Button,
  Group,
  Input,
  List,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { apiFetch, apiJson, problemMessage } from '../api/client';
import { Panel } from '../components/b2/ui';
import { Empty, ErrorState, Loading } from '../components/States';
import { formatDateTime, formatNumber } from '../lib/format';
import { pk, useEmployerId, type ReportPage } from './api';
import { ReportStatus } from './ReportStatus';
import {
  ENTITIES,
  newIdempotencyKey,
  rememberUpload,
  saveFile,
  uploadSelfReport,
  type Entity,
  type UploadFiles,
} from './upload';

type EmployerSummary = {
  id: number;
  name: string;
  nib: string;
  compliance?: { activeWorkers?: number; openCases?: number; enrolledShare?: number | null };
};

/** The Excel template's name (GET /api/v1/self-reports/templates/{file}). */
const XLSX_TEMPLATE = 'laporan-mandiri.xlsx';

/** The firm's home: who it is, the templates, the upload form and the history of its reports. */
export default function HomePage() {
  const { t } = useTranslation('portal');
  const employerId = useEmployerId();
  return (
    <Stack gap="lg" maw={1100} mx="auto">
      <Firm employerId={employerId} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Templates />
        <Upload />
      </SimpleGrid>
      <History />
      <Text size="sm" c="gray.7">
        {t('home.help')}
      </Text>
    </Stack>
  );
}

function Firm({ employerId }: { employerId: number | null }) {
  const { t } = useTranslation('portal');
  const q = useQuery({
    queryKey: pk.employer(employerId ?? 0),
    enabled: employerId !== null,
    queryFn: () => apiJson<EmployerSummary>(`/api/v1/employers/${employerId}`),
  });
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <div>
      <Title order={1}>{q.data ? q.data.name : t('home.title')}</Title>
      {q.data && (
        <Text size="sm" c="gray.7">
          {t('home.nib', { nib: q.data.nib })}
          {q.data.compliance?.openCases !== undefined &&
            ` · ${t('home.openCases', { count: q.data.compliance.openCases })}`}
          {q.data.compliance?.activeWorkers !== undefined &&
            ` · ${t('home.activeWorkers', { count: q.data.compliance.activeWorkers })}`}
        </Text>
      )}
    </div>
  );
}

function Templates() {
  const { t } = useTranslation('portal');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<Entity | 'workbook' | null>(null);
  async function download(e: Entity | 'workbook') {
    setError(null);
    setBusy(e);
    try {
      const file = e === 'workbook' ? XLSX_TEMPLATE : `${e}.csv`;
      const res = await apiFetch(`/api/v1/self-reports/templates/${file}`);
      saveFile(await res.blob(), file);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }
  return (
    <Panel id="portal-templates" title={t('templates.title')}>
      <Text size="sm" mb="sm">
        {t('templates.intro')}
      </Text>
      <Stack gap="xs" mb="sm">
        {ENTITIES.map((e) => (
          <Group key={e} gap="sm" wrap="nowrap" align="center">
            <Button
              variant="light"
              size="compact-md"
              loading={busy === e}
              onClick={() => void download(e)}
              aria-label={t('templates.download', { file: `${e}.csv` })}
              style={{ flexShrink: 0 }}
            >
              {`${e}.csv`}
            </Button>
            <Text size="sm">{t(`templates.what.${e}`)}</Text>
          </Group>
        ))}
      </Stack>
      <Text size="sm" mb="xs">
        {t('templates.workbook')}
      </Text>
      <Group gap="sm" wrap="nowrap" align="center" mb="sm">
        <Button
          variant="light"
          size="compact-md"
          loading={busy === 'workbook'}
          onClick={() => void download('workbook')}
          aria-label={t('templates.download', { file: XLSX_TEMPLATE })}
          style={{ flexShrink: 0 }}
        >
          {XLSX_TEMPLATE}
        </Button>
        <Text size="sm">{t('templates.what.workbook')}</Text>
      </Group>
      <List size="sm" spacing={4}>
        <List.Item>{t('templates.tipText')}</List.Item>
        <List.Item>{t('templates.tipDates')}</List.Item>
        <List.Item>{t('templates.tipValues')}</List.Item>
        <List.Item>{t('templates.tipExample')}</List.Item>
      </List>
      {error !== null && <ErrorState error={error} />}
    </Panel>
  );
}

function Upload() {
  const { t } = useTranslation('portal');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [files, setFiles] = useState<UploadFiles>({});
  const [key, setKey] = useState<string>(() => newIdempotencyKey());
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const chosen = ENTITIES.filter((e) => files[e]);

  function choose(e: Entity | 'workbook', f: File | undefined) {
    setFiles((prev) => ({ ...prev, [e]: f }));
    setKey(newIdempotencyKey()); // other files: another upload
    setError(null);
  }

  async function submit(ev: React.FormEvent) {
    ev.preventDefault();
    if (files.workbook && chosen.length) {
      setError(t('upload.both'));
      setTimeout(() => errorRef.current?.focus());
      return;
    }
    if (!chosen.length && !files.workbook) {
      setError(t('upload.none'));
      setTimeout(() => errorRef.current?.focus());
      return;
    }
    setError(null);
    setProgress(0);
    try {
      const r = await uploadSelfReport(files, key, setProgress);
      rememberUpload(r.id, files);
      void qc.invalidateQueries({ queryKey: ['portal', 'reports'] });
      void navigate(`/reports/${r.id}`);
    } catch (err) {
      // The same key stays: pressing Upload again cannot store the same files twice.
      setError(problemMessage(err, t));
      setProgress(null);
      setTimeout(() => errorRef.current?.focus());
    }
  }

  const busy = progress !== null;
  return (
    <Panel id="portal-upload" title={t('upload.title')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('upload.intro')}</Text>
          {ENTITIES.map((e) => (
            <Input.Wrapper
              key={e}
              id={`upload-${e}`}
              label={t('upload.file', { file: `${e}.csv` })}
              description={t(`templates.what.${e}`)}
            >
              <input
                id={`upload-${e}`}
                type="file"
                accept=".csv,text/csv"
                disabled={busy}
                aria-describedby={`upload-${e}-description`}
                onChange={(ev) => choose(e, ev.currentTarget.files?.[0])}
                style={{ display: 'block', marginTop: 4 }}
              />
            </Input.Wrapper>
          ))}
          <Input.Wrapper
            id="upload-workbook"
            label={t('upload.workbook')}
            description={t('upload.workbookHelp')}
          >
            <input
              id="upload-workbook"
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              disabled={busy}
              aria-describedby="upload-workbook-description"
              onChange={(ev) => choose('workbook', ev.currentTarget.files?.[0])}
              style={{ display: 'block', marginTop: 4 }}
            />
          </Input.Wrapper>
          {error && (
            <Alert color="red" role="alert" ref={errorRef} tabIndex={-1}>
              {error}
            </Alert>
          )}
          {busy && (
            <div>
              <Progress value={Math.round(progress * 100)} aria-label={t('upload.progressLabel')} size="lg" />
              <Text size="sm" role="status" aria-live="polite">
                {progress < 1
                  ? t('upload.progress', { pct: Math.round(progress * 100) })
                  : t('upload.stored')}
              </Text>
            </div>
          )}
          <Group>
            <Button type="submit" loading={busy}>
              {t('upload.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Panel>
  );
}

function History() {
  const { t } = useTranslation('portal');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const q = useQuery({
    queryKey: pk.reports(cursor),
    queryFn: () =>
      apiJson<ReportPage>(
        `/api/v1/self-reports?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      ),
  });
  return (
    <Panel id="portal-history" title={t('history.title')}>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <Empty>{t('history.none')}</Empty>
      ) : (
        <>
          <Table striped withTableBorder aria-label={t('history.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('history.report')}</Table.Th>
                <Table.Th scope="col">{t('history.received')}</Table.Th>
                <Table.Th scope="col">{t('history.status')}</Table.Th>
                <Table.Th scope="col">{t('history.accepted')}</Table.Th>
                <Table.Th scope="col">{t('history.rejected')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((r) => {
                const counts = Object.values(r.counts ?? {});
                return (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/reports/${r.id}`}>
                        {t('history.reportNo', { id: r.id })}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{formatDateTime(r.receivedAt)}</Table.Td>
                    <Table.Td>
                      <ReportStatus report={r} />
                    </Table.Td>
                    <Table.Td>{formatNumber(counts.reduce((n, c) => n + c.accepted, 0))}</Table.Td>
                    <Table.Td>{formatNumber(r.errorCount)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <Group mt="sm" gap="sm">
            {cursors.length > 1 && (
              <Button variant="default" size="compact-md" onClick={() => setCursors((c) => c.slice(0, -1))}>
                {t('history.newer')}
              </Button>
            )}
            {q.data.nextCursor && (
              <Button
                variant="default"
                size="compact-md"
                onClick={() => setCursors((c) => [...c, q.data.nextCursor])}
              >
                {t('history.older')}
              </Button>
            )}
          </Group>
        </>
      )}
    </Panel>
  );
}

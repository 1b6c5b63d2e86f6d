import { Alert, Anchor, Badge, Button, Group, Progress, Radio, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { qk } from '../../api/queries';
import { Empty, ErrorState, Loading } from '../../components/States';
import { k2 } from '../../components/b2/keys';
import { send } from '../../components/b2/send';
import { itemsOf, type Sweep } from '../../components/b2/types';
import { INK, Panel } from '../../components/b2/ui';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';

const STATUS_COLOR: Record<string, string> = {
  queued: INK.gray,
  running: '#1864ab',
  completed: INK.green,
  failed: INK.red,
};

/** Sweeps with their progress (refreshed while one runs); supervisors and admins start one. */
export default function SweepsSection() {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const [asOf, setAsOf] = useState('');
  const [mode, setMode] = useState<'full' | 'incremental'>('full');
  const [started, setStarted] = useState<Sweep | null>(null);
  const q = useQuery({
    queryKey: k2.sweepList,
    queryFn: async () => itemsOf((await unwrap(api.GET('/api/v1/sweeps'))) as unknown as { items: Sweep[] }),
    // Poll while a sweep is queued or running, so its progress moves on screen.
    refetchInterval: (query) =>
      (query.state.data as Sweep[] | undefined)?.some((s) => s.status === 'queued' || s.status === 'running')
        ? 2000
        : false,
  });
  const start = useMutation({
    mutationFn: () => send<Sweep>('POST', '/api/v1/sweeps', { ...(asOf ? { asOf } : {}), mode }),
    onSuccess: (s) => {
      setStarted(s);
      void qc.invalidateQueries({ queryKey: qk.sweeps });
      // A sweep changes cases, the stats and the ranking.
      void qc.invalidateQueries({ queryKey: qk.cases.all });
      void qc.invalidateQueries({ queryKey: qk.stats });
      void qc.invalidateQueries({ queryKey: qk.employers.all });
    },
  });
  return (
    <>
      <Panel id="sweeps-start" title={t('sweeps.startTitle')}>
        <Text size="sm" mb="sm">
          {t('sweeps.startHint')}
        </Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setStarted(null);
            start.mutate();
          }}
        >
          <Group align="end" gap="sm">
            <TextInput
              type="date"
              label={t('sweeps.asOf')}
              description={t('sweeps.asOfHint')}
              value={asOf}
              onChange={(e) => setAsOf(e.currentTarget.value)}
            />
            <Radio.Group
              label={t('sweeps.mode')}
              description={t('sweeps.modeHint')}
              value={mode}
              onChange={(v) => setMode(v === 'incremental' ? 'incremental' : 'full')}
            >
              <Group gap="md" mt={4}>
                <Radio value="full" label={t('sweeps.modeValue.full')} />
                <Radio value="incremental" label={t('sweeps.modeValue.incremental')} />
              </Group>
            </Radio.Group>
            <Button type="submit" loading={start.isPending}>
              {t('sweeps.start')}
            </Button>
          </Group>
        </form>
        {start.isError && (
          <div style={{ marginTop: 8 }}>
            <ErrorState error={start.error} title={t('sweeps.startFailed')} />
          </div>
        )}
        {started && (
          <Alert color="green" role="status" mt="sm">
            {t('sweeps.started', { id: started.id, date: formatDate(started.asOf) })}
          </Alert>
        )}
      </Panel>
      <Panel id="sweeps-list" title={t('sweeps.title')}>
        {q.isPending ? (
          <Loading label={t('sweeps.loading')} />
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : q.data.length === 0 ? (
          <Empty>{t('sweeps.none')}</Empty>
        ) : (
          <Table.ScrollContainer minWidth={860}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('sweeps.no')}</Table.Th>
                  <Table.Th scope="col">{t('sweeps.asOf')}</Table.Th>
                  <Table.Th scope="col">{t('sweeps.trigger')}</Table.Th>
                  <Table.Th scope="col">{t('sweeps.status')}</Table.Th>
                  <Table.Th scope="col">{t('sweeps.progress')}</Table.Th>
                  <Table.Th scope="col">{t('sweeps.cases')}</Table.Th>
                  <Table.Th scope="col">{t('sweeps.time')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.map((s) => {
                  const pct = s.employersTotal
                    ? Math.round((s.employersDone / s.employersTotal) * 100)
                    : s.status === 'completed'
                      ? 100
                      : 0;
                  const progress = t('sweeps.progressText', {
                    done: formatNumber(s.employersDone),
                    total: formatNumber(s.employersTotal),
                    pct: formatNumber(pct),
                  });
                  return (
                    <Fragment key={s.id}>
                      <Table.Tr>
                        <Table.Td>{s.id}</Table.Td>
                        <Table.Td>{formatDate(s.asOf)}</Table.Td>
                        <Table.Td>
                          {t(`sweeps.triggerValue.${s.trigger}`, { defaultValue: s.trigger })}
                          {s.mode && (
                            <Text size="xs">{t(`sweeps.modeValue.${s.mode}`, { defaultValue: s.mode })}</Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Badge color={STATUS_COLOR[s.status] ?? INK.gray} autoContrast>
                            {t(`sweeps.statusValue.${s.status}`, { defaultValue: s.status })}
                          </Badge>
                        </Table.Td>
                        <Table.Td miw={200}>
                          <Progress
                            value={pct}
                            aria-label={t('sweeps.progressLabel', { id: s.id, text: progress })}
                            mb={4}
                          />
                          <Text size="xs">{progress}</Text>
                          {s.mode === 'incremental' && (s.employersUnchanged ?? 0) > 0 && (
                            <Text size="xs">
                              {t('sweeps.unchanged', { n: formatNumber(s.employersUnchanged ?? 0) })}
                            </Text>
                          )}
                          {s.employersFailed > 0 && (
                            <Text size="xs" c={INK.red}>
                              {t('sweeps.failedEmployers', { n: formatNumber(s.employersFailed) })}{' '}
                              {s.failedEmployerIds.slice(0, 5).map((id, i) => (
                                <Fragment key={id}>
                                  {i > 0 && ', '}
                                  <Anchor component={Link} to={`/employers/${id}`} size="xs">
                                    {id}
                                  </Anchor>
                                </Fragment>
                              ))}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {t('sweeps.casesText', {
                            opened: formatNumber(s.casesOpened),
                            resolved: formatNumber(s.casesResolved),
                            reopened: formatNumber(s.casesReopened),
                          })}
                        </Table.Td>
                        <Table.Td>
                          <Text size="xs">
                            {t('sweeps.startedAt', { at: formatDateTime(s.startedAt ?? s.createdAt) })}
                          </Text>
                          {s.finishedAt && (
                            <Text size="xs">
                              {t('sweeps.finishedAt', { at: formatDateTime(s.finishedAt) })}
                            </Text>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Panel>
    </>
  );
}

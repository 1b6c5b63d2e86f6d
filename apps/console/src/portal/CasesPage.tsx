import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiJson } from '../api/client';
import { SeverityBadge, StatusBadge } from '../components/Badges';
import { Empty, ErrorState, Loading } from '../components/States';
import { currentLang } from '../i18n';
import { formatDate } from '../lib/format';
import { OPEN_STATUSES, pk, type CasePage } from './api';

/** The firm's open cases: what Patuh found, each linking to what it means and what to do. */
export default function CasesPage() {
  const { t } = useTranslation('portal');
  const lang = currentLang();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const q = useQuery({
    queryKey: pk.cases(OPEN_STATUSES, cursor),
    queryFn: () =>
      apiJson<CasePage>(
        `/api/v1/employer/cases?status=${OPEN_STATUSES}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      ),
  });
  return (
    <Stack gap="md" maw={1100} mx="auto">
      <Title order={1}>{t('cases.title')}</Title>
      <Text size="sm">{t('cases.intro')}</Text>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <Empty>{t('cases.none')}</Empty>
      ) : (
        <>
          <Table striped withTableBorder aria-label={t('cases.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('cases.finding')}</Table.Th>
                <Table.Th scope="col">{t('cases.worker')}</Table.Th>
                <Table.Th scope="col">{t('cases.severity')}</Table.Th>
                <Table.Th scope="col">{t('cases.status')}</Table.Th>
                <Table.Th scope="col">{t('cases.since')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/cases/${c.id}`} fw={600}>
                      {t(`rules:${c.rule}.name`, { defaultValue: c.rule })}
                    </Anchor>
                    <Text size="sm">{lang === 'id' ? c.summaryId : c.summary}</Text>
                  </Table.Td>
                  <Table.Td>{c.workerName ?? (c.workerNik ? '' : t('cases.wholeFirm'))}</Table.Td>
                  <Table.Td>
                    <SeverityBadge severity={c.severity} />
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={c.status} />
                  </Table.Td>
                  <Table.Td>{formatDate(c.firstDetectedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group gap="sm">
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
                {t('cases.more')}
              </Button>
            )}
          </Group>
        </>
      )}
    </Stack>
  );
}

import { Anchor, Button, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiJson } from '../api/client';
import { Empty, ErrorState, Loading } from '../components/States';
import { formatDate } from '../lib/format';
import { pk, type CasePage } from './api';
import { downloadNotice } from './notice';

/** The warning letters the office sent the firm (cases with status notice_sent), each as a PDF. */
export default function NoticesPage() {
  const { t } = useTranslation('portal');
  const q = useQuery({
    queryKey: pk.cases('notice_sent', null),
    queryFn: () => apiJson<CasePage>('/api/v1/employer/cases?status=notice_sent&limit=200'),
  });
  const dl = useMutation({ mutationFn: (id: number) => downloadNotice(id) });
  return (
    <Stack gap="md" maw={1100} mx="auto">
      <Title order={1}>{t('notices.title')}</Title>
      <Text size="sm">{t('notices.intro')}</Text>
      {dl.isError && <ErrorState error={dl.error} />}
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <Empty>{t('notices.none')}</Empty>
      ) : (
        <Table striped withTableBorder aria-label={t('notices.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('notices.case')}</Table.Th>
              <Table.Th scope="col">{t('cases.worker')}</Table.Th>
              <Table.Th scope="col">{t('cases.since')}</Table.Th>
              <Table.Th scope="col">{t('notices.letter')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data.items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/cases/${c.id}`}>
                    {t(`rules:${c.rule}.name`, { defaultValue: c.rule })}
                  </Anchor>
                </Table.Td>
                <Table.Td>{c.workerName ?? t('cases.wholeFirm')}</Table.Td>
                <Table.Td>{formatDate(c.firstDetectedAt)}</Table.Td>
                <Table.Td>
                  <Button
                    size="compact-sm"
                    variant="light"
                    loading={dl.isPending && dl.variables === c.id}
                    onClick={() => dl.mutate(c.id)}
                    aria-label={t('notices.downloadFor', { id: c.id })}
                  >
                    {t('notices.download')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

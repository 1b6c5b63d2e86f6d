import { Alert, Badge, Button, CopyButton, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiJson } from '../api/client';
import { INK, Panel } from '../components/b2/ui';
import { send } from '../components/b2/send';
import { Empty, ErrorState, Loading } from '../components/States';
import { formatDateTime } from '../lib/format';
import { pk, useEmployerId, type ApiKey, type IssuedKey } from './api';

/** The firm's API keys for its own integrations (payroll, HRIS): make one (shown once), revoke one. */
export default function KeysPage() {
  const { t } = useTranslation('portal');
  const employerId = useEmployerId();
  const qc = useQueryClient();
  const [label, setLabel] = useState('');
  const [fresh, setFresh] = useState<IssuedKey | null>(null);
  const base = `/api/v1/employers/${employerId}/api-keys`;
  const q = useQuery({
    queryKey: pk.keys(employerId ?? 0),
    enabled: employerId !== null,
    queryFn: () => apiJson<ApiKey[]>(base),
  });
  const issue = useMutation({
    mutationFn: () => send<IssuedKey>('POST', base, label.trim() ? { label: label.trim() } : {}),
    onSuccess: (k) => {
      setFresh(k);
      setLabel('');
      void qc.invalidateQueries({ queryKey: pk.keys(employerId ?? 0) });
    },
  });
  const revoke = useMutation({
    mutationFn: (keyId: number) => send('DELETE', `${base}/${keyId}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: pk.keys(employerId ?? 0) }),
  });
  return (
    <Stack gap="md" maw={1100} mx="auto">
      <Title order={1}>{t('keys.title')}</Title>
      <Text size="sm">{t('keys.intro')}</Text>
      <Panel id="keys-new" title={t('keys.newTitle')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setFresh(null);
            issue.mutate();
          }}
        >
          <Group align="end" gap="sm" mb="sm">
            <TextInput
              label={t('keys.label')}
              description={t('keys.labelHint')}
              value={label}
              onChange={(e) => setLabel(e.currentTarget.value)}
              w={300}
              maxLength={100}
            />
            <Button type="submit" loading={issue.isPending}>
              {t('keys.issue')}
            </Button>
          </Group>
        </form>
        {issue.isError && <ErrorState error={issue.error} />}
        {fresh && (
          <Alert color="yellow" role="status" data-testid="new-key">
            <Text size="sm" fw={700} mb={4}>
              {t('keys.onceTitle')}
            </Text>
            <Text size="sm" mb="xs">
              {t('keys.onceBody')}
            </Text>
            <Group gap="sm" wrap="nowrap" align="center">
              <Text
                component="code"
                size="sm"
                aria-label={t('keys.theKey')}
                style={{ wordBreak: 'break-all' }}
              >
                {fresh.key}
              </Text>
              <CopyButton value={fresh.key}>
                {({ copied, copy }) => (
                  <Button size="compact-sm" color={copied ? INK.green : 'blue'} onClick={copy}>
                    {copied ? t('keys.copied') : t('keys.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button size="compact-sm" variant="default" onClick={() => setFresh(null)}>
                {t('keys.hide')}
              </Button>
            </Group>
          </Alert>
        )}
      </Panel>
      <Panel id="keys-list" title={t('keys.listTitle')}>
        {revoke.isError && <ErrorState error={revoke.error} />}
        {q.isPending ? (
          <Loading />
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : q.data.length === 0 ? (
          <Empty>{t('keys.none')}</Empty>
        ) : (
          <Table striped withTableBorder aria-label={t('keys.listTitle')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('keys.prefix')}</Table.Th>
                <Table.Th scope="col">{t('keys.label')}</Table.Th>
                <Table.Th scope="col">{t('keys.created')}</Table.Th>
                <Table.Th scope="col">{t('keys.status')}</Table.Th>
                <Table.Th scope="col">{t('keys.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.map((k) => (
                <Table.Tr key={k.id}>
                  <Table.Td ff="monospace">{k.prefix}…</Table.Td>
                  <Table.Td>{k.label ?? '–'}</Table.Td>
                  <Table.Td>{formatDateTime(k.createdAt)}</Table.Td>
                  <Table.Td>
                    {k.revokedAt ? (
                      <Badge color={INK.gray} autoContrast>
                        {t('keys.revokedOn', { date: formatDateTime(k.revokedAt) })}
                      </Badge>
                    ) : (
                      <Badge color={INK.green} autoContrast>
                        {t('keys.active')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {!k.revokedAt && (
                      <Button
                        size="compact-sm"
                        variant="outline"
                        color={INK.red}
                        aria-label={t('keys.revokeKey', { prefix: k.prefix })}
                        loading={revoke.isPending && revoke.variables === k.id}
                        onClick={() => revoke.mutate(k.id)}
                      >
                        {t('keys.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Panel>
    </Stack>
  );
}

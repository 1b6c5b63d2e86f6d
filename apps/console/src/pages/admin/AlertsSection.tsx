import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  CopyButton,
  Group,
  NativeSelect,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiJson } from '../../api/client';
import { qk } from '../../api/queries';
import { Empty, ErrorState, Loading } from '../../components/States';
import { DISTRICTS } from '../../components/b2/districts';
import { k2 } from '../../components/b2/keys';
import { send } from '../../components/b2/send';
import { itemsOf, type Delivery, type Page, type Subscription } from '../../components/b2/types';
import { INK, Panel } from '../../components/b2/ui';
import { formatDateTime, formatNumber } from '../../lib/format';

const EVENTS = ['case.opened', 'case.reopened', 'case.escalated', 'digest.daily'] as const;
const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

/** Alert subscriptions (create, deactivate, resume) and their deliveries (supervisor and admin). */
export default function AlertsSection() {
  const [filter, setFilter] = useState<number | null>(null);
  return (
    <>
      <CreateSubscription />
      <Subscriptions onShowDeliveries={setFilter} />
      <Deliveries subscriptionId={filter} onClear={() => setFilter(null)} />
    </>
  );
}

function CreateSubscription() {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const [channel, setChannel] = useState<'email' | 'webhook'>('email');
  const [target, setTarget] = useState('');
  const [events, setEvents] = useState<string[]>(['case.opened']);
  const [minSeverity, setMinSeverity] = useState('high');
  const [district, setDistrict] = useState('');
  const [made, setMade] = useState<Subscription | null>(null);
  const create = useMutation({
    mutationFn: () =>
      send<Subscription>('POST', '/api/v1/alert-subscriptions', {
        channel,
        target: target.trim(),
        events,
        minSeverity,
        ...(district ? { district } : {}),
      }),
    onSuccess: (s) => {
      setMade(s);
      setTarget('');
      void qc.invalidateQueries({ queryKey: qk.alerts });
    },
  });
  return (
    <Panel id="alerts-create" title={t('alerts.createTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setMade(null);
          create.mutate();
        }}
      >
        <Group align="end" gap="sm" wrap="wrap" mb="sm">
          <NativeSelect
            label={t('alerts.channel')}
            value={channel}
            onChange={(e) => setChannel(e.currentTarget.value as 'email' | 'webhook')}
            data={[
              { value: 'email', label: t('alerts.channelValue.email') },
              { value: 'webhook', label: t('alerts.channelValue.webhook') },
            ]}
          />
          <TextInput
            label={t(channel === 'email' ? 'alerts.targetEmail' : 'alerts.targetUrl')}
            type={channel === 'email' ? 'email' : 'url'}
            required
            value={target}
            onChange={(e) => setTarget(e.currentTarget.value)}
            w={320}
          />
          <NativeSelect
            label={t('alerts.minSeverity')}
            value={minSeverity}
            onChange={(e) => setMinSeverity(e.currentTarget.value)}
            data={SEVERITIES.map((s) => ({ value: s, label: t(`common:severity.${s}`) }))}
          />
          <NativeSelect
            label={t('alerts.district')}
            value={district}
            onChange={(e) => setDistrict(e.currentTarget.value)}
            data={[
              { value: '', label: t('alerts.allDistricts') },
              ...DISTRICTS.map((d) => ({ value: d, label: d })),
            ]}
          />
        </Group>
        <Checkbox.Group label={t('alerts.events')} value={events} onChange={setEvents} required mb="sm">
          <Group gap="md" mt={4}>
            {EVENTS.map((ev) => (
              <Checkbox key={ev} value={ev} label={t(`alerts.event.${ev.replace('.', '_')}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Button type="submit" loading={create.isPending} disabled={!events.length}>
          {t('alerts.create')}
        </Button>
      </form>
      {create.isError && (
        <div style={{ marginTop: 8 }}>
          <ErrorState error={create.error} title={t('alerts.createFailed')} />
        </div>
      )}
      {made && (
        <Alert color={made.secret ? 'yellow' : 'green'} role="status" mt="sm">
          <Text size="sm" fw={700} mb={made.secret ? 4 : 0}>
            {t('alerts.created', { target: made.target })}
          </Text>
          {made.secret && (
            <>
              <Text size="sm" mb="xs">
                {t('alerts.secretOnce')}
              </Text>
              <Group gap="sm" wrap="nowrap">
                <Text component="code" className="key-once" size="sm">
                  {made.secret}
                </Text>
                <CopyButton value={made.secret}>
                  {({ copied, copy }) => (
                    <Button size="compact-sm" onClick={copy} color={copied ? INK.green : 'blue'}>
                      {copied ? t('keys.copied') : t('keys.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </>
          )}
        </Alert>
      )}
    </Panel>
  );
}

function Subscriptions({ onShowDeliveries }: { onShowDeliveries: (id: number) => void }) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: k2.subscriptions,
    queryFn: async () =>
      itemsOf(await apiJson<{ items: Subscription[] }>('/api/v1/alert-subscriptions?includeInactive=true')),
  });
  const act = useMutation({
    mutationFn: ({ s, what }: { s: Subscription; what: 'delete' | 'resume' }) =>
      what === 'delete'
        ? send('DELETE', `/api/v1/alert-subscriptions/${s.id}`)
        : send('POST', `/api/v1/alert-subscriptions/${s.id}/resume`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: qk.alerts }),
  });
  return (
    <Panel id="alerts-list" title={t('alerts.title')}>
      {act.isError && <ErrorState error={act.error} />}
      {q.isPending ? (
        <Loading label={t('alerts.loading')} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <Empty>{t('alerts.none')}</Empty>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('alerts.channel')}</Table.Th>
                <Table.Th scope="col">{t('alerts.target')}</Table.Th>
                <Table.Th scope="col">{t('alerts.events')}</Table.Th>
                <Table.Th scope="col">{t('alerts.minSeverity')}</Table.Th>
                <Table.Th scope="col">{t('alerts.district')}</Table.Th>
                <Table.Th scope="col">{t('alerts.status')}</Table.Th>
                <Table.Th scope="col">{t('actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.map((s) => {
                const status = !s.active ? 'inactive' : s.pausedAt ? 'paused' : 'active';
                return (
                  <Table.Tr key={s.id}>
                    <Table.Td>{t(`alerts.channelValue.${s.channel}`)}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-all' }}>{s.target}</Table.Td>
                    <Table.Td>
                      {s.events
                        .map((ev) => t(`alerts.event.${ev.replace('.', '_')}`, { defaultValue: ev }))
                        .join(', ')}
                    </Table.Td>
                    <Table.Td>{t(`common:severity.${s.minSeverity}`)}</Table.Td>
                    <Table.Td>{s.district ?? t('alerts.allDistricts')}</Table.Td>
                    <Table.Td>
                      <Badge
                        color={status === 'active' ? INK.green : status === 'paused' ? INK.orange : INK.gray}
                        autoContrast
                      >
                        {t(`alerts.statusValue.${status}`)}
                      </Badge>
                      {s.pausedReason && (
                        <Text size="xs" mt={2}>
                          {s.pausedReason}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="light"
                          onClick={() => onShowDeliveries(s.id)}
                          aria-label={t('alerts.deliveriesOf', { target: s.target })}
                        >
                          {t('alerts.deliveries')}
                        </Button>
                        {s.active && s.pausedAt && (
                          <Button
                            size="compact-sm"
                            variant="outline"
                            color={INK.green}
                            onClick={() => act.mutate({ s, what: 'resume' })}
                            aria-label={t('alerts.resumeOf', { target: s.target })}
                          >
                            {t('alerts.resume')}
                          </Button>
                        )}
                        {s.active && (
                          <Button
                            size="compact-sm"
                            variant="outline"
                            color={INK.red}
                            onClick={() => act.mutate({ s, what: 'delete' })}
                            aria-label={t('alerts.deleteOf', { target: s.target })}
                          >
                            {t('alerts.delete')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Panel>
  );
}

function Deliveries({ subscriptionId, onClear }: { subscriptionId: number | null; onClear: () => void }) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const resend = useMutation({
    mutationFn: (id: string) => send('POST', `/api/v1/alert-deliveries/${id}/resend`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: qk.alerts }),
  });
  const q = useQuery({
    queryKey: k2.deliveries(subscriptionId),
    queryFn: () =>
      apiJson<Page<Delivery>>(
        `/api/v1/alert-deliveries?limit=50${subscriptionId ? `&subscriptionId=${subscriptionId}` : ''}`,
      ),
  });
  return (
    <Panel
      id="alerts-deliveries"
      title={
        subscriptionId ? t('alerts.deliveriesForTitle', { id: subscriptionId }) : t('alerts.deliveriesTitle')
      }
    >
      {subscriptionId && (
        <Button size="compact-sm" variant="default" onClick={onClear} mb="sm">
          {t('alerts.allDeliveries')}
        </Button>
      )}
      {resend.isError && <ErrorState error={resend.error} />}
      {q.isPending ? (
        <Loading label={t('alerts.loadingDeliveries')} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <Empty>{t('alerts.noDeliveries')}</Empty>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table striped withTableBorder>
            <Table.Caption>
              {t('alerts.deliveriesCaption', { n: formatNumber(q.data.items.length) })}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('alerts.when')}</Table.Th>
                <Table.Th scope="col">{t('alerts.eventCol')}</Table.Th>
                <Table.Th scope="col">{t('alerts.target')}</Table.Th>
                <Table.Th scope="col">{t('alerts.case')}</Table.Th>
                <Table.Th scope="col">{t('alerts.status')}</Table.Th>
                <Table.Th scope="col">{t('alerts.attempts')}</Table.Th>
                <Table.Th scope="col">{t('alerts.lastError')}</Table.Th>
                <Table.Th scope="col">{t('actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{formatDateTime(d.createdAt)}</Table.Td>
                  <Table.Td>
                    {t(`alerts.event.${d.event.replace('.', '_')}`, { defaultValue: d.event })}
                  </Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{d.target}</Table.Td>
                  <Table.Td>
                    {d.caseId ? (
                      <Anchor component={Link} to={`/cases/${d.caseId}`}>
                        {t('alerts.caseNo', { id: d.caseId })}
                      </Anchor>
                    ) : (
                      '–'
                    )}
                  </Table.Td>
                  <Table.Td>
                    {t(`alerts.deliveryStatus.${d.status}`, { defaultValue: d.status })}
                    {d.deliveredAt && <Text size="xs">{formatDateTime(d.deliveredAt)}</Text>}
                  </Table.Td>
                  <Table.Td>{formatNumber(d.attempts)}</Table.Td>
                  <Table.Td>{d.lastError ?? '–'}</Table.Td>
                  <Table.Td>
                    {(d.status === 'failed' || d.status === 'undeliverable') && (
                      <Button
                        size="compact-sm"
                        variant="default"
                        loading={resend.isPending && resend.variables === d.id}
                        onClick={() => resend.mutate(d.id)}
                      >
                        {t('alerts.resend')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Panel>
  );
}

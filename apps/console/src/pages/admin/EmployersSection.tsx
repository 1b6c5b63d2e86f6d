import {
  Alert,
  Anchor,
  Badge,
  Button,
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
import { api, unwrap } from '../../api/client';
import { qk } from '../../api/queries';
import { useSession } from '../../app/auth';
import { Empty, ErrorState, Loading } from '../../components/States';
import { DISTRICTS } from '../../components/b2/districts';
import { k2 } from '../../components/b2/keys';
import { send } from '../../components/b2/send';
import type { ApiKeyRow, EmployerView, NewApiKey, Page } from '../../components/b2/types';
import { INK, Panel } from '../../components/b2/ui';
import { formatDateTime } from '../../lib/format';

const SCALES = ['micro', 'small', 'medium', 'large'] as const;

/** Employers and their API keys (admin): register an employer, issue a key shown once, revoke keys. */
export default function EmployersSection() {
  const { t } = useTranslation('admin');
  const { can } = useSession();
  const [selected, setSelected] = useState<EmployerView | null>(null);
  if (!can('admin'))
    return (
      <Alert color="blue" role="status">
        {t('employers.adminOnly')}
      </Alert>
    );
  return (
    <>
      <CreateEmployer onCreated={setSelected} />
      <FindEmployer onSelect={setSelected} selectedId={selected?.id ?? null} />
      {selected && <Keys employer={selected} />}
    </>
  );
}

function CreateEmployer({ onCreated }: { onCreated: (e: EmployerView) => void }) {
  const { t } = useTranslation('admin');
  const { t: te } = useTranslation('employer');
  const qc = useQueryClient();
  const [f, setF] = useState({
    nib: '',
    name: '',
    scale: 'small',
    npp: '',
    district: '',
    kbli: '',
    principal: '',
  });
  const [done, setDone] = useState<string | null>(null);
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setF({ ...f, [k]: e.currentTarget.value });
  const create = useMutation({
    mutationFn: () =>
      send<EmployerView>('POST', '/api/v1/employers', {
        nib: f.nib.trim(),
        name: f.name.trim(),
        scale: f.scale,
        npp: f.npp.trim() || null,
        ...(f.district ? { district: f.district } : {}),
        ...(f.kbli.trim() ? { kbli: f.kbli.trim() } : {}),
        ...(f.principal.trim() ? { principalEmployerId: Number(f.principal) } : {}),
      }),
    onSuccess: (e) => {
      setDone(t('employers.created', { name: e?.name ?? f.name }));
      setF({ nib: '', name: '', scale: 'small', npp: '', district: '', kbli: '', principal: '' });
      void qc.invalidateQueries({ queryKey: qk.employers.all });
      if (e) onCreated(e);
    },
  });
  return (
    <Panel id="employers-create" title={t('employers.createTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          create.mutate();
        }}
      >
        <Group align="end" gap="sm" wrap="wrap">
          <TextInput
            label={te('profile.nib')}
            required
            pattern="\d{13}"
            description={t('employers.nibHint')}
            value={f.nib}
            onChange={set('nib')}
          />
          <TextInput label={t('employers.name')} required value={f.name} onChange={set('name')} w={280} />
          <NativeSelect
            label={te('profile.scale')}
            value={f.scale}
            onChange={set('scale')}
            data={SCALES.map((s) => ({ value: s, label: te(`scale.${s}`) }))}
          />
          <TextInput
            label={te('profile.npp')}
            description={t('employers.nppHint')}
            value={f.npp}
            onChange={set('npp')}
          />
          <NativeSelect
            label={te('profile.district')}
            value={f.district}
            onChange={set('district')}
            data={[
              { value: '', label: t('employers.noDistrict') },
              ...DISTRICTS.map((d) => ({ value: d, label: d })),
            ]}
          />
          <TextInput label={te('profile.kbli')} value={f.kbli} onChange={set('kbli')} w={120} />
          <TextInput
            label={t('employers.principalId')}
            description={t('employers.principalHint')}
            inputMode="numeric"
            pattern="\d*"
            value={f.principal}
            onChange={set('principal')}
            w={200}
          />
          <Button type="submit" loading={create.isPending}>
            {t('employers.create')}
          </Button>
        </Group>
      </form>
      {done && (
        <Alert color="green" role="status" mt="sm">
          {done}
        </Alert>
      )}
      {create.isError && (
        <div style={{ marginTop: 8 }}>
          <ErrorState error={create.error} title={t('employers.createFailed')} />
        </div>
      )}
    </Panel>
  );
}

function FindEmployer({
  onSelect,
  selectedId,
}: {
  onSelect: (e: EmployerView) => void;
  selectedId: number | null;
}) {
  const { t } = useTranslation('admin');
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const q = useQuery({
    queryKey: k2.employerSearch(search),
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/v1/employers', { params: { query: { limit: 20, ...(search ? { q: search } : {}) } } }),
      )) as unknown as Page<EmployerView>,
  });
  return (
    <Panel id="employers-find" title={t('employers.findTitle')}>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(text.trim());
        }}
      >
        <Group align="end" gap="sm" mb="sm">
          <TextInput
            label={t('employers.search')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            w={320}
          />
          <Button type="submit" variant="light">
            {t('employers.searchButton')}
          </Button>
        </Group>
      </form>
      {q.isPending ? (
        <Loading label={t('employers.loading')} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <Empty>{t('employers.none')}</Empty>
      ) : (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('employers.name')}</Table.Th>
              <Table.Th scope="col">{t('employers.nib')}</Table.Th>
              <Table.Th scope="col">{t('employers.npp')}</Table.Th>
              <Table.Th scope="col">{t('employers.district')}</Table.Th>
              <Table.Th scope="col">{t('actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data.items.map((e) => (
              <Table.Tr key={e.id} className={e.id === selectedId ? 'row-active' : undefined}>
                <Table.Td>
                  <Anchor component={Link} to={`/employers/${e.id}`}>
                    {e.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{e.nib}</Table.Td>
                <Table.Td>{e.npp ?? '–'}</Table.Td>
                <Table.Td>{e.district ?? '–'}</Table.Td>
                <Table.Td>
                  <Button
                    size="compact-sm"
                    variant="light"
                    aria-label={t('employers.manageKeysOf', { name: e.name })}
                    aria-pressed={e.id === selectedId}
                    onClick={() => onSelect(e)}
                  >
                    {t('employers.manageKeys')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Panel>
  );
}

function Keys({ employer }: { employer: EmployerView }) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const [label, setLabel] = useState('');
  const [fresh, setFresh] = useState<NewApiKey | null>(null);
  const q = useQuery({
    queryKey: k2.employerKeys(employer.id),
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/v1/employers/{id}/api-keys', { params: { path: { id: employer.id } } }),
      )) as unknown as ApiKeyRow[],
  });
  const issue = useMutation({
    mutationFn: () =>
      send<NewApiKey>(
        'POST',
        `/api/v1/employers/${employer.id}/api-keys`,
        label.trim() ? { label: label.trim() } : {},
      ),
    onSuccess: (k) => {
      setFresh(k);
      setLabel('');
      void qc.invalidateQueries({ queryKey: k2.employerKeys(employer.id) });
    },
  });
  const revoke = useMutation({
    mutationFn: (keyId: number) => send('DELETE', `/api/v1/employers/${employer.id}/api-keys/${keyId}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: k2.employerKeys(employer.id) }),
  });
  return (
    <Panel id="employer-keys" title={t('keys.title', { name: employer.name })}>
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
            w={280}
          />
          <Button type="submit" loading={issue.isPending}>
            {t('keys.issue')}
          </Button>
        </Group>
      </form>
      {issue.isError && <ErrorState error={issue.error} />}
      {fresh && (
        <Alert color="yellow" role="status" mb="sm" data-testid="new-key">
          <Text size="sm" fw={700} mb={4}>
            {t('keys.onceTitle')}
          </Text>
          <Text size="sm" mb="xs">
            {t('keys.onceBody')}
          </Text>
          <Group gap="sm" wrap="nowrap" align="center">
            <Text component="code" className="key-once" size="sm" aria-label={t('keys.theKey')}>
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
      {revoke.isError && <ErrorState error={revoke.error} />}
      {q.isPending ? (
        <Loading label={t('keys.loading')} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <Empty>{t('keys.none')}</Empty>
      ) : (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('keys.prefix')}</Table.Th>
              <Table.Th scope="col">{t('keys.label')}</Table.Th>
              <Table.Th scope="col">{t('keys.created')}</Table.Th>
              <Table.Th scope="col">{t('keys.status')}</Table.Th>
              <Table.Th scope="col">{t('actions')}</Table.Th>
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
  );
}

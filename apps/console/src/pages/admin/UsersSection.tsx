import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  NativeSelect,
  PasswordInput,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiJson } from '../../api/client';
import { qk } from '../../api/queries';
import { useSession } from '../../app/auth';
import { Empty, ErrorState, Loading } from '../../components/States';
import { DISTRICTS } from '../../components/b2/districts';
import { send } from '../../components/b2/send';
import { itemsOf, type UserRow } from '../../components/b2/types';
import { INK, Panel } from '../../components/b2/ui';
import { formatDate } from '../../lib/format';

const ROLES = ['inspector', 'supervisor', 'admin'] as const;

/** Users: create, change role and districts, deactivate, reset a password (admin); supervisors read the list. */
export default function UsersSection() {
  const { t } = useTranslation('admin');
  const { can } = useSession();
  const isAdmin = can('admin');
  const q = useQuery({
    queryKey: qk.users,
    queryFn: async () => itemsOf(await apiJson<UserRow[] | { items: UserRow[] }>('/api/v1/users')),
  });
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [resetting, setResetting] = useState<UserRow | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const qc = useQueryClient();
  const toggle = useMutation({
    mutationFn: (u: UserRow) => send<UserRow>('PATCH', `/api/v1/users/${u.id}`, { active: !u.active }),
    onSuccess: (_r, u) => {
      setDone(t(u.active ? 'users.deactivated' : 'users.reactivated', { name: u.name }));
      void qc.invalidateQueries({ queryKey: qk.users });
      void qc.invalidateQueries({ queryKey: qk.assignable });
    },
  });

  return (
    <>
      {isAdmin && <CreateUser onDone={setDone} />}
      <Panel id="users-list" title={t('users.title')}>
        {done && (
          <Alert
            color="green"
            role="status"
            mb="sm"
            withCloseButton
            onClose={() => setDone(null)}
            closeButtonLabel={t('close')}
          >
            {done}
          </Alert>
        )}
        {toggle.isError && <ErrorState error={toggle.error} />}
        {q.isPending ? (
          <Loading label={t('users.loading')} />
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : q.data.length === 0 ? (
          <Empty>{t('users.empty')}</Empty>
        ) : (
          <Table.ScrollContainer minWidth={800}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('users.name')}</Table.Th>
                  <Table.Th scope="col">{t('users.email')}</Table.Th>
                  <Table.Th scope="col">{t('users.role')}</Table.Th>
                  <Table.Th scope="col">{t('users.districts')}</Table.Th>
                  <Table.Th scope="col">{t('users.status')}</Table.Th>
                  <Table.Th scope="col">{t('users.since')}</Table.Th>
                  {isAdmin && <Table.Th scope="col">{t('actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td>{u.name}</Table.Td>
                    <Table.Td>{u.email}</Table.Td>
                    <Table.Td>{t(`role.${u.role}`, { defaultValue: u.role })}</Table.Td>
                    <Table.Td>
                      {u.districts?.length ? u.districts.join(', ') : t('users.allDistricts')}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={u.active ? INK.green : INK.gray} autoContrast>
                        {t(u.active ? 'users.active' : 'users.inactive')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{formatDate(u.createdAt)}</Table.Td>
                    {isAdmin && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button
                            size="compact-sm"
                            variant="light"
                            aria-label={t('users.editUser', { name: u.name })}
                            onClick={() => setEditing(u)}
                          >
                            {t('users.edit')}
                          </Button>
                          <Button
                            size="compact-sm"
                            variant="light"
                            aria-label={t('users.resetUser', { name: u.name })}
                            onClick={() => setResetting(u)}
                          >
                            {t('users.resetPassword')}
                          </Button>
                          <Button
                            size="compact-sm"
                            variant="outline"
                            color={u.active ? INK.red : INK.green}
                            loading={toggle.isPending && toggle.variables?.id === u.id}
                            aria-label={t(u.active ? 'users.deactivateUser' : 'users.reactivateUser', {
                              name: u.name,
                            })}
                            onClick={() => toggle.mutate(u)}
                          >
                            {t(u.active ? 'users.deactivate' : 'users.reactivate')}
                          </Button>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Panel>
      {editing && <EditUser user={editing} onClose={() => setEditing(null)} onDone={setDone} />}
      {resetting && <ResetPassword user={resetting} onClose={() => setResetting(null)} onDone={setDone} />}
    </>
  );
}

function CreateUser({ onDone }: { onDone: (msg: string) => void }) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<string>('inspector');
  const [districts, setDistricts] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: () =>
      send<UserRow>('POST', '/api/v1/users', {
        email: email.trim(),
        name: name.trim(),
        password,
        role,
        ...(districts.length ? { districts } : {}),
      }),
    onSuccess: (u) => {
      onDone(t('users.created', { name: u?.name ?? name, email: u?.email ?? email }));
      setEmail('');
      setName('');
      setPassword('');
      setDistricts([]);
      void qc.invalidateQueries({ queryKey: qk.users });
      void qc.invalidateQueries({ queryKey: qk.assignable });
    },
  });
  return (
    <Panel id="users-create" title={t('users.createTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Group align="end" gap="sm" wrap="wrap">
          <TextInput
            label={t('users.email')}
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <TextInput
            label={t('users.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <PasswordInput
            label={t('users.password')}
            description={t('users.passwordHint')}
            required
            minLength={8}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <NativeSelect
            label={t('users.role')}
            value={role}
            onChange={(e) => setRole(e.currentTarget.value)}
            data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          />
          <MultiSelect
            label={t('users.districts')}
            placeholder={districts.length ? undefined : t('users.allDistricts')}
            data={[...DISTRICTS]}
            value={districts}
            onChange={setDistricts}
            searchable
            clearable
            w={260}
          />
          <Button type="submit" loading={create.isPending}>
            {t('users.create')}
          </Button>
        </Group>
      </form>
      {create.isError && (
        <div style={{ marginTop: 8 }}>
          <ErrorState error={create.error} title={t('users.createFailed')} />
        </div>
      )}
    </Panel>
  );
}

function EditUser({
  user,
  onClose,
  onDone,
}: {
  user: UserRow;
  onClose: () => void;
  onDone: (m: string) => void;
}) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<string>(user.role);
  const [districts, setDistricts] = useState<string[]>(user.districts ?? []);
  const [active, setActive] = useState(user.active);
  const save = useMutation({
    mutationFn: () =>
      send<UserRow>('PATCH', `/api/v1/users/${user.id}`, { name: name.trim(), role, districts, active }),
    onSuccess: () => {
      onDone(t('users.saved', { name }));
      void qc.invalidateQueries({ queryKey: qk.users });
      void qc.invalidateQueries({ queryKey: qk.assignable });
      onClose();
    },
  });
  return (
    <FormDialog
      title={t('users.editTitle', { name: user.name })}
      onClose={onClose}
      mutation={save}
      submitLabel={t('save')}
    >
      <TextInput
        label={t('users.name')}
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        mb="sm"
      />
      <NativeSelect
        label={t('users.role')}
        value={role}
        onChange={(e) => setRole(e.currentTarget.value)}
        data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        mb="sm"
      />
      <MultiSelect
        label={t('users.districts')}
        placeholder={districts.length ? undefined : t('users.allDistricts')}
        data={[...DISTRICTS]}
        value={districts}
        onChange={setDistricts}
        searchable
        clearable
        mb="sm"
      />
      <Switch
        label={t('users.activeSwitch')}
        checked={active}
        onChange={(e) => setActive(e.currentTarget.checked)}
        mb="md"
      />
    </FormDialog>
  );
}

function ResetPassword({
  user,
  onClose,
  onDone,
}: {
  user: UserRow;
  onClose: () => void;
  onDone: (m: string) => void;
}) {
  const { t } = useTranslation('admin');
  const [password, setPassword] = useState('');
  const reset = useMutation({
    mutationFn: () => send('POST', `/api/v1/users/${user.id}/password`, { password }),
    onSuccess: () => {
      onDone(t('users.passwordSet', { name: user.name }));
      onClose();
    },
  });
  return (
    <FormDialog
      title={t('users.resetTitle', { name: user.name })}
      onClose={onClose}
      mutation={reset}
      submitLabel={t('users.setPassword')}
    >
      <Text size="sm" mb="sm">
        {t('users.resetHint')}
      </Text>
      <PasswordInput
        label={t('users.newPassword')}
        required
        minLength={8}
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        mb="md"
        data-autofocus
      />
    </FormDialog>
  );
}

/** A dialog holding one form: submitting runs `mutation`; its error shows above Cancel and the submit button. */
function FormDialog({
  title,
  onClose,
  mutation,
  submitLabel,
  children,
}: {
  title: string;
  onClose: () => void;
  mutation: { mutate: () => void; isError: boolean; error: unknown; isPending: boolean };
  submitLabel: string;
  children: ReactNode;
}) {
  const { t } = useTranslation('admin');
  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': t('close') }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          mutation.mutate();
        }}
      >
        {children}
        {mutation.isError && <ErrorState error={mutation.error} />}
        <Group justify="end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </form>
    </Modal>
  );
}

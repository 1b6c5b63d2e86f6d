import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Container,
  Group,
  Select,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, apiJson, unwrap } from '../api/client';
import { CASE_STATUSES, SEVERITIES, qk, type CaseFilters, type CaseView, type Schemas } from '../api/queries';
import { useSession } from '../app/auth';
import { SeverityBadge } from '../components/Badges';
import { Empty, ErrorState, Loading } from '../components/States';
import { daysSince, formatDateShort, useNow } from '../lib/format';
import { DISTRICTS, RULE_CODES } from '../lib/reference';
import { useMe } from '../lib/useMe';
import { useAssignable } from '../lib/users';

/** The working statuses (every case not closed): the default tab. */
const ACTIVE = 'open,in_review,confirmed,notice_sent';
const TABS = ['active', ...CASE_STATUSES] as const;
const FILTER_KEYS = [
  'status',
  'rule',
  'severity',
  'district',
  'employerId',
  'assigneeId',
  'mine',
  'nik',
] as const;
const PAGE = 50;

type Counts = Schemas['CaseCounts'];

/** The filters in the URL → the API's query (CONTRACT §5). */
function apiQuery(f: CaseFilters & { mine?: string }, meId: number | undefined) {
  const q: Record<string, string | number | boolean> = { status: f.status || ACTIVE };
  if (f.rule) q.rule = f.rule;
  if (f.severity) q.severity = f.severity;
  if (f.district) q.district = f.district;
  if (f.employerId) q.employerId = Number(f.employerId);
  if (f.nik) q.nik = f.nik;
  if (f.assigneeId && /^\d+$/.test(f.assigneeId)) q.assigneeId = Number(f.assigneeId); // a shared link
  if (f.mine === '1' && meId) q.assigneeId = meId;
  return q;
}

export default function CasesPage() {
  const { t } = useTranslation('cases');
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { user } = useSession();
  const me = useMe();
  const assignable = useAssignable();
  const filters = useMemo(() => {
    const f: Record<string, string> = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return f as CaseFilters & { mine?: string };
  }, [params]);

  // A user with districts starts filtered to them (once, when the URL names no district of its own). The
  // sign-in response's districts are used when it has them (no wait for GET /users/me).
  const sessionDistricts = Array.isArray(user?.districts) ? user.districts : undefined;
  const districtsKnown = sessionDistricts !== undefined || me.isFetched;
  const myDistricts = sessionDistricts ?? me.data?.districts ?? null;
  const defaulted = useRef(false);
  useEffect(() => {
    if (defaulted.current || !districtsKnown) return;
    defaulted.current = true;
    const d = myDistricts?.[0];
    if (d && !params.has('district') && !params.has('all'))
      setParams(
        (p) => {
          p.set('district', d);
          return p;
        },
        { replace: true },
      );
  }, [districtsKnown, myDistricts, params, setParams]);

  const setFilter = useCallback(
    (key: string, value: string | null) =>
      setParams((p) => {
        if (value) p.set(key, value);
        else p.delete(key);
        if (key === 'district' && !value) p.set('all', '1');
        return p;
      }),
    [setParams],
  );

  const now = useNow();
  const meId = user?.id;
  const query = apiQuery(filters, meId);
  const tab = filters.status ? filters.status : 'active';
  const list = useInfiniteQuery({
    queryKey: qk.cases.list({
      ...filters,
      assigneeId: query.assigneeId ? String(query.assigneeId) : undefined,
    }),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/cases', {
          params: {
            query: { ...query, limit: PAGE, cursor: pageParam, counts: !pageParam } as never,
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Wait for the user's districts only when they may set the starting filter.
    enabled: districtsKnown || params.has('district') || params.has('all'),
  });
  const counts: Counts | undefined = list.data?.pages[0]?.counts;
  const rows: CaseView[] = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const names = useMemo(() => new Map((assignable.data ?? []).map((u) => [u.id, u.name])), [assignable.data]);

  // Keyboard: j/k or arrows move through the rows, Enter opens (the row's link has focus).
  const [active, setActive] = useState(-1);
  const tableRef = useRef<HTMLTableElement>(null);
  const focusRow = useCallback((i: number) => {
    const links = tableRef.current?.querySelectorAll<HTMLAnchorElement>('tbody a[data-case-link]');
    if (!links || !links.length) return;
    const n = Math.max(0, Math.min(links.length - 1, i));
    setActive(n);
    links[n].focus();
  }, []);
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const target = e.target as HTMLElement;
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (target.closest('input, textarea, select, [role="combobox"], [role="listbox"], [contenteditable]'))
        return;
      const inTable = !!tableRef.current?.contains(target);
      if (e.key === 'j' || (inTable && e.key === 'ArrowDown')) {
        e.preventDefault();
        focusRow(active + 1);
      } else if (e.key === 'k' || (inTable && e.key === 'ArrowUp')) {
        e.preventDefault();
        focusRow(active - 1);
      } else if (e.key === 'Enter' && target === document.body && active >= 0 && rows[active]) {
        // Enter with nothing focused opens the highlighted row (on a focused row, the link itself opens).
        void navigate(`/cases/${rows[active].id}`);
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [active, focusRow, navigate, rows]);

  const countOf = (s: string) =>
    counts === undefined
      ? undefined
      : s === 'active'
        ? counts.open + counts.in_review + counts.confirmed + counts.notice_sent
        : (counts as Record<string, number>)[s];

  return (
    <Container size="xl">
      <Group justify="space-between" align="baseline">
        <Title order={1}>{t('title')}</Title>
        <Text size="sm" aria-live="polite">
          {list.isSuccess ? t('shown', { count: rows.length }) : ''}
        </Text>
      </Group>

      <Tabs
        value={tab}
        onChange={(v) => setFilter('status', v === 'active' ? null : v)}
        my="md"
        activateTabWithKeyboard={false}
      >
        <Tabs.List aria-label={t('statusTabs')}>
          {TABS.map((s) => {
            const n = countOf(s);
            return (
              <Tabs.Tab
                key={s}
                value={s}
                rightSection={
                  n !== undefined ? (
                    <Badge variant="light" color="dark">
                      {n}
                    </Badge>
                  ) : null
                }
              >
                {s === 'active' ? t('tab.active') : t(`common:status.${s}`)}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
      </Tabs>

      <Filters filters={filters} setFilter={setFilter} districts={myDistricts} />

      {list.isPending ? (
        <Loading label={t('loading')} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} title={t('error')} />
      ) : rows.length === 0 ? (
        <Empty>{t('empty')}</Empty>
      ) : (
        <>
          <Table.ScrollContainer minWidth={900}>
            <Table
              ref={tableRef}
              striped
              highlightOnHover
              aria-label={t('tableLabel')}
              aria-describedby="queue-keys"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('col.severity')}</Table.Th>
                  <Table.Th scope="col">{t('col.rule')}</Table.Th>
                  <Table.Th scope="col">{t('col.employer')}</Table.Th>
                  <Table.Th scope="col">{t('col.worker')}</Table.Th>
                  <Table.Th scope="col">{t('col.district')}</Table.Th>
                  <Table.Th scope="col">{t('col.age')}</Table.Th>
                  <Table.Th scope="col">{t('col.due')}</Table.Th>
                  <Table.Th scope="col">{t('col.assignee')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c, i) => {
                  const overdue =
                    !!c.dueAt &&
                    new Date(c.dueAt).getTime() < now &&
                    !['resolved', 'dismissed'].includes(c.status);
                  return (
                    <Table.Tr
                      key={c.id}
                      className={i === active ? 'row-active' : undefined}
                      data-case-id={c.id}
                    >
                      <Table.Td>
                        <SeverityBadge severity={c.severity} />
                      </Table.Td>
                      <Table.Td>
                        <Anchor
                          component={Link}
                          to={`/cases/${c.id}`}
                          data-case-link
                          onFocus={() => setActive(i)}
                          fw={600}
                        >
                          {t(`rules:${c.rule}.name`, { defaultValue: c.rule })}
                        </Anchor>
                        <Text size="xs" ff="monospace" c="gray.7">
                          {c.rule} · #{c.id}
                        </Text>
                      </Table.Td>
                      <Table.Td>{c.employerName}</Table.Td>
                      <Table.Td>
                        {c.workerName ??
                          (c.workerNik ? (
                            ''
                          ) : (
                            <Text size="sm" c="gray.7">
                              {t('employerLevel')}
                            </Text>
                          ))}
                        {c.workerNik && (
                          <Text size="xs" ff="monospace" c="gray.7">
                            {c.workerNik}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{c.district ?? '–'}</Table.Td>
                      <Table.Td>{t('common:days', { count: daysSince(c.firstDetectedAt, now) })}</Table.Td>
                      <Table.Td>
                        {c.dueAt ? (
                          <Text size="sm" c={overdue ? 'red.9' : undefined} fw={overdue ? 700 : undefined}>
                            {formatDateShort(c.dueAt)}
                            {overdue && <> · {t('overdue')}</>}
                          </Text>
                        ) : (
                          '–'
                        )}
                      </Table.Td>
                      <Table.Td>
                        {c.assigneeId === null
                          ? t('unassigned')
                          : c.assigneeId === user?.id
                            ? t('you')
                            : (names.get(c.assigneeId) ?? t('userNumber', { id: c.assigneeId }))}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text id="queue-keys" size="sm" c="gray.7" mt="xs">
            {t('keys')}
          </Text>
          {list.hasNextPage && (
            <Group justify="center" my="md">
              <Button
                variant="outline"
                onClick={() => void list.fetchNextPage()}
                loading={list.isFetchingNextPage}
              >
                {t('more')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Container>
  );
}

function Filters({
  filters,
  setFilter,
  districts,
}: {
  filters: CaseFilters & { mine?: string };
  setFilter: (k: string, v: string | null) => void;
  districts: string[] | null;
}) {
  const { t } = useTranslation('cases');
  const [nik, setNik] = useState(filters.nik ?? '');
  const [nikError, setNikError] = useState<string | null>(null);
  const [shownNik, setShownNik] = useState(filters.nik);
  if (shownNik !== filters.nik) {
    // The URL changed (back button, a link): the box follows it.
    setShownNik(filters.nik);
    setNik(filters.nik ?? '');
  }
  const [search, setSearch] = useState('');
  const employers = useQuery({
    queryKey: qk.employers.list({ q: search }),
    queryFn: () =>
      apiJson<{ items: { id: number; name: string }[] }>(
        `/api/v1/employers?limit=20${search ? `&q=${encodeURIComponent(search)}` : ''}`,
      ),
    staleTime: 60_000,
  });
  const current = useQuery({
    queryKey: qk.employers.detail(Number(filters.employerId)),
    enabled: !!filters.employerId,
    queryFn: () => apiJson<{ id: number; name: string }>(`/api/v1/employers/${filters.employerId}`),
  });
  const employerOptions = useMemo(() => {
    const m = new Map<string, string>();
    if (current.data) m.set(String(current.data.id), current.data.name);
    for (const e of employers.data?.items ?? []) m.set(String(e.id), e.name);
    return [...m].map(([value, label]) => ({ value, label }));
  }, [employers.data, current.data]);
  const districtOptions = useMemo(() => {
    const mine = districts ?? [];
    return [...mine, ...DISTRICTS.filter((d) => !mine.includes(d))];
  }, [districts]);

  return (
    <form
      role="search"
      aria-label={t('filters')}
      onSubmit={(e) => {
        e.preventDefault();
        const v = nik.trim();
        if (v && !/^\d{16}$/.test(v)) {
          setNikError(t('nikInvalid'));
          return;
        }
        setNikError(null);
        setFilter('nik', v || null);
      }}
    >
      <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
        <Select
          label={t('filter.rule')}
          placeholder={t('filter.any')}
          clearable
          searchable
          value={filters.rule ?? null}
          onChange={(v) => setFilter('rule', v)}
          data={RULE_CODES.map((c) => ({ value: c, label: `${t(`rules:${c}.name`)} (${c})` }))}
          w={300}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('filter.severity')}
          placeholder={t('filter.any')}
          clearable
          value={filters.severity ?? null}
          onChange={(v) => setFilter('severity', v)}
          data={SEVERITIES.map((s) => ({ value: s, label: t(`common:severity.${s}`) }))}
          w={150}
        />
        <Select
          label={t('filter.district')}
          placeholder={t('filter.allDistricts')}
          clearable
          searchable
          value={filters.district ?? null}
          onChange={(v) => setFilter('district', v)}
          data={districtOptions}
          w={200}
        />
        <Select
          label={t('filter.employer')}
          placeholder={t('filter.anyEmployer')}
          clearable
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          value={filters.employerId ?? null}
          onChange={(v) => setFilter('employerId', v)}
          data={employerOptions}
          filter={({ options }) => options}
          nothingFoundMessage={t('filter.noEmployer')}
          w={240}
        />
        <TextInput
          label={t('filter.nik')}
          value={nik}
          onChange={(e) => setNik(e.currentTarget.value)}
          inputMode="numeric"
          maxLength={16}
          error={nikError}
          w={190}
        />
        <Button type="submit" variant="outline">
          {t('filter.search')}
        </Button>
        <Checkbox
          label={t('filter.mine')}
          checked={filters.mine === '1'}
          onChange={(e) => setFilter('mine', e.currentTarget.checked ? '1' : null)}
          mb={8}
        />
      </Group>
      <VisuallyHidden>{t('filtersHint')}</VisuallyHidden>
    </form>
  );
}

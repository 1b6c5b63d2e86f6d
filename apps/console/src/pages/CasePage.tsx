import {
  Alert,
  Anchor,
  Button,
  Card,
  Container,
  Grid,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Timeline as MTimeline,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api, apiFetch, apiJson, problemMessage, unwrap } from '../api/client';
import { invalidateCase, qk, type CaseDetail, type CaseEvent, type CaseView } from '../api/queries';
import { useSession } from '../app/auth';
import { SeverityBadge, StatusBadge } from '../components/Badges';
import { Evidence } from '../components/Evidence';
import { ErrorState, Loading } from '../components/States';
import { addMonthsIso, Timeline, type TimelineData } from '../components/Timeline';
import { currentLang } from '../i18n';
import { formatDate, formatDateTime, formatRupiah, useNow } from '../lib/format';
import { useAssignable } from '../lib/users';

/** The next step of the workflow from each status (CONTRACT §5), with its button's catalogue key. */
const NEXT: Record<string, { to: string; action: string } | undefined> = {
  open: { to: 'in_review', action: 'startReview' },
  in_review: { to: 'confirmed', action: 'confirm' },
  confirmed: { to: 'notice_sent', action: 'sendNotice' },
  notice_sent: { to: 'resolved', action: 'resolve' },
};
const CLOSED = ['resolved', 'dismissed'];

type Timeline14 = {
  asOf: string;
  contracts: TimelineData['contracts'];
  uncoveredPeriods: TimelineData['gaps'];
  chains: {
    chainStart: string;
    lastDay: string;
    limitDate: string;
    pkwtMaxTotalMonths: number;
    exceedsLimit: boolean;
    contracts: { ref: string }[];
  }[];
  sponsored: TimelineData['sponsored'];
  /** Per employer: whether a BPJS load covers it (CONTRACT §9). */
  employers?: { bpjsLoad?: { loadId: string; asOf: string } | null }[];
  bpjsCoverage?: NonNullable<TimelineData['bpjs']>;
};

/** The timeline's data from the case detail: its `timeline` block when the API sends one, else today's fields. */
export function timelineOf(c: CaseDetail): TimelineData {
  const enrolments = c.enrolments.map((e) => ({
    from: e.effectiveFrom,
    to: e.effectiveTo,
    programs: e.programs,
    employerId: e.employerId,
    kpj: e.kpj,
  }));
  const tl = c.timeline as Timeline14 | undefined;
  if (tl && Array.isArray(tl.contracts))
    return {
      asOf: tl.asOf,
      contracts: tl.contracts,
      gaps: tl.uncoveredPeriods ?? [],
      enrolments,
      // BPJS's own records, in their own lane, when a load covers an employer of the timeline.
      bpjs: (tl.employers ?? []).some((e) => e.bpjsLoad) ? (tl.bpjsCoverage ?? []) : undefined,
      sponsored: tl.sponsored ?? [],
      chains: (tl.chains ?? []).map((ch) => ({
        chainStart: ch.chainStart,
        lastDay: ch.lastDay,
        limitDate: ch.limitDate,
        limitMonths: ch.pkwtMaxTotalMonths,
        exceedsLimit: ch.exceedsLimit,
        refs: ch.contracts.map((l) => l.ref),
      })),
    };
  const ev = c.evidence as {
    pkwtMaxTotalMonths?: number;
    uncoveredPeriods?: TimelineData['gaps'];
    asOf?: string;
  };
  const months = Number(ev.pkwtMaxTotalMonths ?? 60);
  // Until the API sends its timeline block: the evidence's own uncovered periods when it has them (the figures
  // the finding was made on), else the detail's (counted up to today).
  return {
    asOf: c.historyAsOf,
    contracts: c.contracts.map((k) => ({ ...k, employerName: undefined })),
    gaps: Array.isArray(ev.uncoveredPeriods) ? ev.uncoveredPeriods : c.uncoveredPeriods,
    enrolments,
    sponsored: [],
    chains: c.chains.map((ch) => ({
      chainStart: ch.chainStart,
      lastDay: ch.lastEnd ?? c.historyAsOf,
      limitDate: addMonthsIso(ch.chainStart, months),
      limitMonths: months,
      refs: ch.contracts,
    })),
  };
}

export default function CasePage() {
  const { t } = useTranslation('cases');
  const id = Number(useParams().id);
  const detail = useQuery({
    queryKey: qk.cases.detail(id),
    enabled: Number.isInteger(id) && id > 0,
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id } } })) as Promise<CaseDetail>,
  });
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (detail.data) document.title = `#${detail.data.id} ${detail.data.rule} · Patuh`;
  }, [detail.data]);

  if (!Number.isInteger(id) || id <= 0)
    return (
      <Container>
        <ErrorState error={new ApiError(404, null)} />
      </Container>
    );
  if (detail.isPending) return <Loading label={t('case.loading')} />;
  if (detail.isError)
    return (
      <Container>
        <ErrorState error={detail.error} title={t('case.error')} onRetry={() => void detail.refetch()} />
      </Container>
    );
  const c = detail.data;
  const lang = currentLang();
  return (
    <Container size="xl">
      <Anchor component={Link} to="/cases" size="sm">
        ← {t('case.back')}
      </Anchor>
      <Group gap="sm" mt="xs" align="center">
        <SeverityBadge severity={c.severity} />
        <StatusBadge status={c.status} />
        <Text ff="monospace" fw={700} data-testid="rule-code">
          {c.rule}
        </Text>
        <Text c="gray.7">#{c.id}</Text>
      </Group>
      <Title order={1} ref={titleRef} mt={4}>
        {t(`rules:${c.rule}.name`, { defaultValue: c.rule })}
      </Title>
      <Text size="lg" mt="xs" data-testid="summary">
        {lang === 'en' ? c.summary : c.summaryId}
      </Text>

      <Grid mt="md" gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Card withBorder component="section" aria-labelledby="facts-h">
              <Title order={2} size="h3" id="facts-h">
                {t('case.facts')}
              </Title>
              <Facts c={c} />
            </Card>
            <Card withBorder component="section" aria-labelledby="basis-h">
              <Title order={2} size="h3" id="basis-h">
                {t('case.legalBasis')}
              </Title>
              <Text mt="xs" data-testid="legal-basis">
                {t(`rules:${c.rule}.legalBasis`, { defaultValue: c.legalBasis })}
              </Text>
            </Card>
            <Card withBorder component="section" aria-labelledby="evidence-h">
              <Title order={2} size="h3" id="evidence-h" mb="xs">
                {t('evidence:title')}
              </Title>
              <Evidence evidence={c.evidence} />
            </Card>
            {(c.contracts.length > 0 || c.enrolments.length > 0) && (
              <Card withBorder component="section" aria-labelledby="timeline-h">
                <Title order={2} size="h3" id="timeline-h" mb="xs">
                  {t('timeline.label')}
                </Title>
                <Timeline data={timelineOf(c)} label={c.workerName ?? c.workerNik ?? c.employerName} />
              </Card>
            )}
            <Card withBorder component="section" aria-labelledby="history-h">
              <Title order={2} size="h3" id="history-h" mb="sm">
                {t('case.history')}
              </Title>
              <History events={c.events} />
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Actions c={c} onReload={() => void detail.refetch()} />
            {c.workerNik && <OtherCases c={c} />}
          </Stack>
        </Grid.Col>
      </Grid>
    </Container>
  );
}

function Facts({ c }: { c: CaseDetail }) {
  const { t } = useTranslation('cases');
  const assignable = useAssignable();
  const { user } = useSession();
  const assignee =
    c.assigneeId === null
      ? t('unassigned')
      : (c.assigneeName ??
        (c.assigneeId === user?.id ? user.name : assignable.data?.find((u) => u.id === c.assigneeId)?.name) ??
        t('userNumber', { id: c.assigneeId }));
  const now = useNow();
  const overdue = !!c.dueAt && new Date(c.dueAt).getTime() < now && !CLOSED.includes(c.status);
  const rows: [string, React.ReactNode][] = [
    [
      t('col.employer'),
      <Anchor component={Link} to={`/employers/${c.employerId}`} key="e">
        {c.employerName}
      </Anchor>,
    ],
    [
      t('col.worker'),
      c.workerNik ? (
        <span key="w">
          <Anchor component={Link} to={`/workers/${c.workerNik}`}>
            {c.workerName ?? c.workerNik}
          </Anchor>{' '}
          <Text span ff="monospace" size="sm">
            {c.workerNik}
          </Text>
        </span>
      ) : (
        t('employerLevel')
      ),
    ],
    [t('col.district'), c.district ?? '–'],
    [t('case.amountAtStake'), formatRupiah(c.amountAtStake)],
    [t('case.firstDetected'), formatDateTime(c.firstDetectedAt)],
    [t('case.lastDetected'), formatDateTime(c.lastDetectedAt)],
    [t('col.due'), c.dueAt ? `${formatDate(c.dueAt)}${overdue ? ` · ${t('overdue')}` : ''}` : '–'],
    [t('col.assignee'), assignee],
    ...(c.chainStart ? ([[t('case.chainStart'), formatDate(c.chainStart)]] as [string, string][]) : []),
    ...(c.resolution
      ? ([
          [t('case.resolution'), t(`case.resolutionKind.${c.resolution}`, { defaultValue: c.resolution })],
        ] as [string, string][])
      : []),
    [t('case.rulebook'), c.rulebookVersion],
  ];
  return (
    <SimpleGrid component="dl" mt="xs" cols={{ base: 1, sm: 2 }} spacing="xs" style={{ margin: 0 }}>
      {rows.map(([k, v]) => (
        <div key={k}>
          <Text component="dt" size="sm" c="gray.7">
            {k}
          </Text>
          <Text component="dd" m={0} fw={500}>
            {v}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

function History({ events }: { events: CaseEvent[] }) {
  const { t } = useTranslation('cases');
  const assignable = useAssignable();
  const nameOf = (id: unknown) =>
    id === null || id === undefined
      ? t('unassigned')
      : (assignable.data?.find((u) => u.id === id)?.name ?? t('userNumber', { id }));
  return (
    <MTimeline bulletSize={14} lineWidth={2} data-testid="history">
      {[...events].reverse().map((e) => {
        const who =
          e.actorName ??
          (e.actorUserId === null ? t('history.system') : t('userNumber', { id: e.actorUserId }));
        let what: string;
        if (e.type === 'transition')
          what = t('history.transition', {
            from: t(`common:status.${e.fromStatus}`),
            to: t(`common:status.${e.toStatus}`),
          });
        else if (e.type === 'assigned') {
          const a = (e.data as { assigneeId?: { to?: unknown } } | null)?.assigneeId;
          what = t('history.assigned', { name: nameOf(a?.to) });
        } else what = t(`history.type.${e.type}`, { defaultValue: e.type });
        return (
          <MTimeline.Item key={e.id} title={what}>
            <Text size="sm" c="gray.7">
              {who} · <time dateTime={e.createdAt}>{formatDateTime(e.createdAt)}</time>
            </Text>
            {e.note && (
              <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                {e.note}
              </Text>
            )}
          </MTimeline.Item>
        );
      })}
    </MTimeline>
  );
}

function OtherCases({ c }: { c: CaseDetail }) {
  const { t } = useTranslation('cases');
  const others = useQuery({
    queryKey: [...qk.cases.all, 'worker', c.workerNik, c.id],
    enabled: !c.otherCases,
    queryFn: async () =>
      (
        await apiJson<{ items: CaseView[] }>(
          `/api/v1/cases?nik=${c.workerNik}&status=open,in_review,confirmed,notice_sent,resolved,dismissed&limit=50`,
        )
      ).items.filter((o) => o.id !== c.id),
  });
  const list = c.otherCases ?? others.data;
  return (
    <Card withBorder component="section" aria-labelledby="others-h">
      <Title order={2} size="h4" id="others-h">
        {t('case.otherCases')}
      </Title>
      {!list ? (
        others.isError ? (
          <ErrorState error={others.error} />
        ) : (
          <Loading />
        )
      ) : list.length === 0 ? (
        <Text size="sm" mt="xs">
          {t('case.noOtherCases')}
        </Text>
      ) : (
        <Stack gap={6} mt="xs" component="ul" style={{ listStyle: 'none', padding: 0 }}>
          {list.map((o) => (
            <li key={o.id}>
              <Anchor component={Link} to={`/cases/${o.id}`}>
                {t(`rules:${o.rule}.name`, { defaultValue: o.rule })} (#{o.id})
              </Anchor>
              <Text size="xs" c="gray.7">
                {o.rule} · {t(`common:severity.${o.severity}`)} · {t(`common:status.${o.status}`)}
                {o.employerName ? ` · ${o.employerName}` : ''}
              </Text>
            </li>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function Actions({ c, onReload }: { c: CaseDetail; onReload: () => void }) {
  const { t } = useTranslation('cases');
  const { user, can } = useSession();
  const qc = useQueryClient();
  const assignable = useAssignable();
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error' | 'conflict'; text: string } | null>(null);
  const [dismissOpen, setDismissOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [assignee, setAssignee] = useState<string | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);

  const after = (updated: CaseView | undefined, text: string) => {
    if (updated)
      qc.setQueryData<CaseDetail>(qk.cases.detail(c.id), (old) => (old ? { ...old, ...updated } : old));
    invalidateCase(qc, c);
    setMessage({ kind: 'ok', text });
  };
  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.status === 409) {
      setMessage({ kind: 'conflict', text: t('case.conflict') });
      onReload();
      void qc.invalidateQueries({ queryKey: qk.cases.all });
    } else setMessage({ kind: 'error', text: problemMessage(e, t) });
  };

  const transition = useMutation({
    mutationFn: (v: { to: string; note?: string }) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/transition', {
          params: { path: { id: c.id } },
          body: { to: v.to as never, note: v.note || undefined, version: c.version },
        }),
      ),
    onSuccess: (d, v) => {
      setNote('');
      after(d as CaseView, t('case.moved', { status: t(`common:status.${v.to}`) }));
    },
    onError: fail,
  });
  const assign = useMutation({
    mutationFn: (assigneeId: number | null) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/assign', {
          params: { path: { id: c.id } },
          body: { assigneeId: assigneeId as number, version: c.version },
        }),
      ),
    onSuccess: (d) => after(d as CaseView, t('case.assignedOk')),
    onError: fail,
  });
  const addNote = useMutation({
    mutationFn: (text: string) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/notes', {
          params: { path: { id: c.id } },
          body: { text, version: c.version },
        }),
      ),
    onSuccess: (d) => {
      setNote('');
      after(d as CaseView, t('case.noteAdded'));
    },
    onError: fail,
  });
  const download = useMutation({
    mutationFn: async () => {
      const res = await apiFetch(`/api/v1/cases/${c.id}/notice.pdf`);
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `surat-peringatan-kasus-${c.id}.pdf`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    onError: fail,
  });
  const busy = transition.isPending || assign.isPending || addNote.isPending;
  const next = NEXT[c.status];
  const closed = CLOSED.includes(c.status);
  const mayDismiss = can('supervisor', 'admin') && (c.status === 'open' || c.status === 'in_review');
  const options = useMemo(
    () =>
      (assignable.data ?? [])
        .filter((u) => u.id !== c.assigneeId)
        .map((u) => ({
          value: String(u.id),
          label: `${u.name} (${t(`common:role.${u.role}`, { defaultValue: u.role })})`,
        })),
    [assignable.data, c.assigneeId, t],
  );

  return (
    <Card withBorder component="section" aria-labelledby="actions-h">
      <Title order={2} size="h4" id="actions-h">
        {t('case.actions')}
      </Title>
      <Stack gap="sm" mt="sm">
        {message && (
          <Alert
            ref={messageRef}
            tabIndex={-1}
            color={message.kind === 'ok' ? 'green' : message.kind === 'conflict' ? 'orange' : 'red'}
            role={message.kind === 'ok' ? 'status' : 'alert'}
            withCloseButton
            closeButtonLabel={t('common:action.close')}
            onClose={() => setMessage(null)}
          >
            {message.text}
          </Alert>
        )}
        {!closed && c.assigneeId !== user?.id && (
          <Button onClick={() => user && assign.mutate(user.id)} disabled={busy} variant="outline">
            {t('action.assignToMe')}
          </Button>
        )}
        {!closed && options.length > 0 && (
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <Select
              label={t('action.assignTo')}
              placeholder={t('action.choosePerson')}
              data={options}
              value={assignee}
              onChange={setAssignee}
              searchable
              style={{ flex: 1 }}
            />
            <Button
              variant="outline"
              disabled={!assignee || busy}
              onClick={() => assignee && assign.mutate(Number(assignee))}
            >
              {t('action.assign')}
            </Button>
          </Group>
        )}
        <Textarea
          label={t('action.noteLabel')}
          description={closed ? undefined : t('action.noteHint')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={4000}
        />
        <Group gap="xs">
          {next && (
            <Button onClick={() => transition.mutate({ to: next.to, note })} disabled={busy}>
              {t(`action.${next.action}`)}
            </Button>
          )}
          <Button
            variant="outline"
            onClick={() => note.trim() && addNote.mutate(note.trim())}
            disabled={busy || !note.trim()}
          >
            {t('action.addNote')}
          </Button>
          {mayDismiss && (
            <Button color="red" variant="outline" onClick={() => setDismissOpen(true)} disabled={busy}>
              {t('action.dismiss')}
            </Button>
          )}
        </Group>
        {(c.status === 'confirmed' || c.status === 'notice_sent') && (
          <Button variant="light" onClick={() => download.mutate()} loading={download.isPending}>
            {t('action.downloadNotice')}
          </Button>
        )}
        {!next && !mayDismiss && closed && <Text size="sm">{t('case.closedHint')}</Text>}
      </Stack>
      <Modal opened={dismissOpen} onClose={() => setDismissOpen(false)} title={t('action.dismissTitle')}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) {
              setReasonError(t('action.reasonRequired'));
              return;
            }
            setReasonError(null);
            transition.mutate(
              { to: 'dismissed', note: reason.trim() },
              {
                onSettled: () => {
                  setDismissOpen(false);
                  setReason('');
                },
              },
            );
          }}
        >
          <Stack>
            <Textarea
              label={t('action.reason')}
              required
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={reasonError}
              autosize
              minRows={3}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDismissOpen(false)}>
                {t('common:action.cancel')}
              </Button>
              <Button type="submit" color="red" loading={transition.isPending}>
                {t('action.confirmDismiss')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}

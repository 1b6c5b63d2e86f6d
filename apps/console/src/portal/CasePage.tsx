import { Anchor, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { apiJson, ApiError } from '../api/client';
import { SeverityBadge, StatusBadge } from '../components/Badges';
import { Evidence } from '../components/Evidence';
import { Panel } from '../components/b2/ui';
import { ErrorState, Loading } from '../components/States';
import { currentLang } from '../i18n';
import { formatDate } from '../lib/format';
import { pk, type PortalCase } from './api';
import { downloadNotice } from './notice';

/** One of the firm's cases: what was found, what the rule means, what to do, and what data would clear it. */
export default function CasePage() {
  const { t } = useTranslation('portal');
  const id = Number(useParams().id);
  const lang = currentLang();
  const valid = Number.isInteger(id) && id > 0;
  const q = useQuery({
    queryKey: pk.case(id),
    enabled: valid,
    queryFn: () => apiJson<PortalCase>(`/api/v1/employer/cases/${id}`),
  });
  const notice = useMutation({ mutationFn: () => downloadNotice(id) });

  // Another firm's case is, for this firm, a case that does not exist (the API answers 404 either way).
  if (!valid || (q.error instanceof ApiError && q.error.status === 404))
    return (
      <Stack maw={700} mx="auto" py="xl">
        <Title order={1}>{t('case.notFoundTitle')}</Title>
        <Text>{t('case.notFoundBody')}</Text>
        <Anchor component={Link} to="/cases">
          {t('case.back')}
        </Anchor>
      </Stack>
    );
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  const rule = c.rule;
  return (
    <Stack gap="lg" maw={1100} mx="auto">
      <div>
        <Anchor component={Link} to="/cases" size="sm">
          {t('case.back')}
        </Anchor>
        <Title order={1}>{t(`rules:${rule}.name`, { defaultValue: rule })}</Title>
        <Group gap="sm" mt="xs">
          <SeverityBadge severity={c.severity} />
          <StatusBadge status={c.status} />
          <Text size="sm" c="gray.7">
            {t('case.caseNo', { id: c.id })} · {t('case.since', { date: formatDate(c.firstDetectedAt) })}
          </Text>
        </Group>
      </div>
      <Panel id="case-found" title={t('case.found')}>
        <Text>{lang === 'id' ? c.summaryId : c.summary}</Text>
        {c.workerName && (
          <Text size="sm" mt="xs">
            {t('case.worker', { name: c.workerName })}
          </Text>
        )}
      </Panel>
      <Panel id="case-meaning" title={t('case.meaning')}>
        <Text>{t(`rules.${rule}.meaning`)}</Text>
        <Text size="sm" c="gray.7" mt="xs">
          {t('case.legalBasis', { basis: t(`rules:${rule}.legalBasis`, { defaultValue: c.legalBasis }) })}
        </Text>
      </Panel>
      <Panel id="case-todo" title={t('case.todo')}>
        <Text>{t(`rules.${rule}.todo`)}</Text>
      </Panel>
      <Panel id="case-clears" title={t('case.clears')}>
        <Text>{t(`rules.${rule}.clears`)}</Text>
        <List size="sm" mt="xs">
          <List.Item>{t('case.clearsHow')}</List.Item>
        </List>
      </Panel>
      <Panel id="case-figures" title={t('case.figures')}>
        <Evidence evidence={c.evidence ?? {}} />
      </Panel>
      {c.status === 'notice_sent' && (
        <Panel id="case-notice" title={t('case.notice')}>
          <Text size="sm" mb="sm">
            {t('case.noticeIntro')}
          </Text>
          <Button onClick={() => notice.mutate()} loading={notice.isPending}>
            {t('notices.download')}
          </Button>
          {notice.isError && <ErrorState error={notice.error} />}
        </Panel>
      )}
    </Stack>
  );
}

import { Alert, Anchor, Badge, Container, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router';
import type { components } from '../api/schema';
import { setLanguage, type Lang } from '../i18n';
import { formatDate } from '../lib/format';

type Verification = components['schemas']['NoticeVerificationDto'];

type Outcome = { kind: 'genuine'; letter: Verification } | { kind: 'unknown' } | { kind: 'limited' };

/** GET /api/v1/notices/verify/{code}: public, no token (CONTRACT §8). */
async function verify(code: string): Promise<Outcome> {
  const res = await fetch(`/api/v1/notices/verify/${encodeURIComponent(code)}`, {
    headers: { Accept: 'application/json' },
  });
  if (res.status === 200) return { kind: 'genuine', letter: (await res.json()) as Verification };
  if (res.status === 404) return { kind: 'unknown' };
  if (res.status === 429) return { kind: 'limited' };
  throw new Error(`HTTP ${res.status}`);
}

/**
 * /verify/{code}: whether a notice letter with that code was issued (CONTRACT §8), for anyone holding the letter (the
 * employer, a bank, a tender committee), without signing in: the letter's number and date, the employer's name
 * and the case's status now; nothing personal. The QR code on the letter opens this page.
 */
export default function VerifyPage() {
  const { t, i18n } = useTranslation('verify');
  const { code = '' } = useParams();
  const location = useLocation();
  useEffect(() => {
    const lang = new URLSearchParams(location.search).get('lang');
    if (lang === 'en' || lang === 'id') setLanguage(lang);
  }, [location.search]);
  const lang = (i18n.resolvedLanguage ?? 'id') as Lang;
  const other: Lang = lang === 'id' ? 'en' : 'id';
  const q = useQuery({ queryKey: ['verify', code], queryFn: () => verify(code), retry: false });
  return (
    <Container size="sm" py="xl" component="main">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Text size="sm" c="gray.7">
              {t('office')}
            </Text>
            <Title order={1}>{t('title')}</Title>
          </div>
          <Anchor href={`?lang=${other}`} lang={other} onClick={() => setLanguage(other)}>
            {t(`switchTo.${other}`)}
          </Anchor>
        </Group>
        <Text>{t('intro')}</Text>
        <Text size="sm">
          {t('code')}: <code>{code}</code>
        </Text>
        {q.isPending ? (
          <Group gap="sm" role="status">
            <Loader size="sm" aria-hidden />
            <Text>{t('checking')}</Text>
          </Group>
        ) : q.isError ? (
          <Alert color="red" role="alert">
            <Text fw={700} mb={4}>
              {t('errorTitle')}
            </Text>
            {t('error')}
          </Alert>
        ) : q.data.kind === 'genuine' ? (
          <Genuine letter={q.data.letter} />
        ) : q.data.kind === 'limited' ? (
          <Alert color="yellow" role="alert">
            <Text fw={700} mb={4}>
              {t('limitedTitle')}
            </Text>
            {t('limited')}
          </Alert>
        ) : (
          <Alert color="red" role="alert">
            <Text fw={700} mb={4}>
              {t('unknownTitle')}
            </Text>
            {t('unknown')}
          </Alert>
        )}
        <Text size="sm" c="gray.7">
          {t('privacy')}
        </Text>
      </Stack>
    </Container>
  );
}

function Genuine({ letter }: { letter: Verification }) {
  const { t } = useTranslation('verify');
  return (
    <Alert color="green" role="status">
      <Text fw={700} mb={4}>
        {t('genuineTitle')}
      </Text>
      <Text mb="sm">{t('genuine')}</Text>
      <Table withTableBorder aria-label={t('tableLabel')} bg="white">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">{t('letterNumber')}</Table.Th>
            <Table.Td>{letter.letterNumber}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('letterDate')}</Table.Th>
            <Table.Td>{formatDate(letter.letterDate)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('employer')}</Table.Th>
            <Table.Td>{letter.employerName}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('about')}</Table.Th>
            <Table.Td>{t(`rules:${letter.rule}.name`, { defaultValue: letter.rule })}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('statusNow')}</Table.Th>
            <Table.Td>
              <Badge variant="light" color={letter.caseStatus === 'resolved' ? 'green' : 'blue'}>
                {t(`common:status.${letter.caseStatus}`, { defaultValue: letter.caseStatus })}
              </Badge>
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Alert>
  );
}

import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

export default function NotFoundPage() {
  const { t } = useTranslation('portal');
  const { pathname } = useLocation();
  return (
    <Stack maw={700} mx="auto" py="xl">
      <Title order={1}>{t('notFound.title')}</Title>
      <Text>{t('notFound.body', { path: `/portal${pathname}` })}</Text>
      <Anchor component={Link} to="/">
        {t('notFound.back')}
      </Anchor>
    </Stack>
  );
}

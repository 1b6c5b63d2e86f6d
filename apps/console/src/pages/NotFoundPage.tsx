import { Anchor, Container, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

/** Any /console/* path the app does not know (the API serves the app for all of them). */
export default function NotFoundPage() {
  const { t } = useTranslation('common');
  const { pathname } = useLocation();
  return (
    <Container size="sm" py="xl">
      <Title order={1}>{t('notFound.title')}</Title>
      <Text my="md">{t('notFound.body', { path: `/console${pathname}` })}</Text>
      <Anchor component={Link} to="/cases">
        {t('notFound.back')}
      </Anchor>
    </Container>
  );
}

import { Alert, Button, Container } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';

/** A page that failed to load (e.g. a chunk gone after a deploy): say so in words and offer a reload. */
export function RouteError() {
  const { t } = useTranslation('common');
  const error = useRouteError();
  console.error(error);
  return (
    <Container size="sm" py="xl">
      <main id="main">
        <Alert color="red" title={t('error.pageTitle')} role="alert">
          <p>{t('error.pageBody')}</p>
          <Button onClick={() => window.location.reload()}>{t('action.reload')}</Button>
        </Alert>
      </main>
    </Container>
  );
}

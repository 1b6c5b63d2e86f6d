import { Container, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Placeholder (B1's skeleton); agent B2 replaces it. */
export default function WorkerPage() {
  const { t } = useTranslation('common');
  return (
    <Container size="lg">
      <Title order={1}>{t('placeholder.title')}</Title>
      <p>{t('placeholder.body')}</p>
    </Container>
  );
}

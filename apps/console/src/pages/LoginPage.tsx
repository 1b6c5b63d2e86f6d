import { Container, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export default function LoginPage() {
  const { t } = useTranslation('common');
  return (
    <Container size="lg">
      <Title order={1}>{t('placeholder.title')}</Title>
    </Container>
  );
}

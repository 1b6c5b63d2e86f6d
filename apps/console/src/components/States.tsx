import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../api/client';

/** Loading, in words (a spinner alone says nothing to a screen reader). */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation('common');
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="sm" aria-hidden />
        <Text size="sm">{label ?? t('state.loading')}</Text>
      </Stack>
    </Center>
  );
}

/** An error, in words, with what the server said and a retry. */
export function ErrorState({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const { t } = useTranslation('common');
  return (
    <Alert color="red" title={title ?? t('state.errorTitle')} role="alert">
      <Text size="sm">{problemMessage(error, t)}</Text>
      {onRetry && (
        <Button mt="sm" size="xs" variant="outline" color="red" onClick={onRetry}>
          {t('action.retry')}
        </Button>
      )}
    </Alert>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return (
    <Text py="lg" ta="center" c="gray.7" role="status">
      {children}
    </Text>
  );
}

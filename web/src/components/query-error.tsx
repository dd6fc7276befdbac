/** An in-page error for a failed query, with a retry button. */
import { Alert, Button, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';

export function QueryError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const message = error instanceof ApiError ? error.problem.detail : t('errors.network');
  return (
    <Alert color="red" title={t('errors.title')} role="alert">
      <Stack gap="xs" align="flex-start">
        {message}
        <Button size="xs" variant="default" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      </Stack>
    </Alert>
  );
}

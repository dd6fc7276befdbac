/** What a page shows when loading it failed: the problem's detail and a way to try again. */
import { Alert, Button, Container, Stack } from '@mantine/core';
import { useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';

export function RouteError({ error }: ErrorComponentProps) {
  const { t } = useTranslation();
  const router = useRouter();
  const message = error instanceof ApiError ? error.problem.detail : t('errors.network');
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Alert color="red" title={t('errors.title')} role="alert">
          {message}
        </Alert>
        <Button variant="default" onClick={() => void router.invalidate()} w="fit-content">
          {t('common.retry')}
        </Button>
      </Stack>
    </Container>
  );
}

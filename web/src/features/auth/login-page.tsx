/** The sign-in page: e-mail and password, plus single sign-on when the server offers it. */
import { useState } from 'react';
import { Alert, Button, Center, Divider, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useRouter } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import { ApiError } from '../../api/api-error';
import { setCsrfToken } from '../../api/csrf-token';
import { showProblem } from '../../forms/problem-feedback';
import { PageHeader } from '../../components/page-header';
import { ThemeToggle } from '../shell/theme-toggle';

const route = getRouteApi('/login');

/** The address of the single sign-on start, returning to `path` afterwards. */
function oidcStartUrl(path: string): string {
  return `/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(path).replaceAll('%2F', '/')}`;
}

const ssoReasons = new Set([
  'state_invalid', 'state_mismatch', 'provider_denied', 'provider_error', 'provider_unreachable', 'code_exchange_failed',
  'email_missing', 'email_invalid', 'email_unverified', 'account_disabled', 'account_conflict', 'role_unknown',
]);

/** The message for a failed single sign-on, by the reason the server put in the URL. */
function ssoFailureText(t: TFunction, detail: string | undefined): string {
  const key = (detail && ssoReasons.has(detail) ? `login.sso.${detail}` : 'login.sso.other') as 'login.sso.other';
  return t(key);
}

export function LoginPage() {
  const { t } = useTranslation();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { redirect, error: ssoError, detail: ssoDetail } = route.useSearch();
  const [failure, setFailure] = useState<string | null>(ssoError === 'sso_failed' ? ssoFailureText(t, ssoDetail) : null);
  const providers = useQuery({ queryKey: ['auth', 'providers'], queryFn: () => must(api.GET('/api/v1/auth/providers')), staleTime: Infinity });
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (v.trim() ? null : t('login.emailRequired')),
      password: (v) => (v ? null : t('login.passwordRequired')),
    },
  });
  const login = useMutation({
    mutationFn: (values: { email: string; password: string }) => must(api.POST('/api/v1/auth/login', { body: { email: values.email.trim(), password: values.password } })),
    onSuccess: async (result) => {
      setCsrfToken(result.csrfToken);
      queryClient.clear();
      await router.navigate({ href: redirect ?? '/', replace: true });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) setFailure(t('login.wrongCredentials'));
      else if (error instanceof ApiError && error.status === 423) setFailure(t('login.locked'));
      else if (error instanceof ApiError && error.status === 403) setFailure(error.problem.detail);
      else showProblem(error, form);
      form.setFieldValue('password', '');
    },
  });
  const oidc = providers.data?.oidc ?? null;
  return (
    <Center mih="100vh" p="md" style={{ position: 'relative' }}>
      <div style={{ position: 'absolute', top: 12, right: 12 }}>
        <ThemeToggle />
      </div>
      <Paper withBorder shadow="sm" p="xl" w={380} maw="100%">
        <Stack>
          <Title order={2} component="p" ta="center" c="indigo">
            Steward
          </Title>
          <PageHeader title={t('login.title')} />
          {failure && (
            <Alert color="red" role="alert" data-testid="login-error">
              {failure}
            </Alert>
          )}
          <form
            onSubmit={form.onSubmit((values) => {
              setFailure(null);
              login.mutate(values);
            })}
            noValidate
          >
            <Stack>
              <TextInput label={t('login.email')} type="email" autoComplete="username" autoFocus required {...form.getInputProps('email')} />
              <PasswordInput label={t('login.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
              <Button type="submit" loading={login.isPending} fullWidth>
                {t('login.submit')}
              </Button>
            </Stack>
          </form>
          {oidc && (
            <>
              <Divider label={t('login.or')} labelPosition="center" />
              <Button component="a" href={oidcStartUrl(redirect ?? '/')} variant="default" fullWidth>
                {t('login.withSso', { name: oidc.name })}
              </Button>
            </>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}

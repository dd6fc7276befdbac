/** Creates an API token with a subset of the creator's permissions; the caller shows the secret once. */
import { Checkbox, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { PermissionKey } from '../../api/types';
import { showProblem } from '../../forms/problem-feedback';
import { useSession } from '../../session/session-query';
import { permissionsQuery } from '../roles/roles-api';
import { apiTokensKey, endOfLocalDay } from './api-tokens-api';
import { DialogActions } from '../../components/dialog-actions';

const blank = { name: '', scopes: [] as string[], expiresOn: '' };

/** Tomorrow as `YYYY-MM-DD` in local time: the earliest expiry date on offer. */
function tomorrow(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

interface NewTokenModalProps {
  opened: boolean;
  onClose: () => void;
  onCreated: (token: string) => void;
}

export function NewTokenModal({ opened, onClose, onCreated }: NewTokenModalProps) {
  const { t } = useTranslation();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const catalogue = useQuery({ ...permissionsQuery, enabled: opened, retry: false });
  const describe = (key: string) => catalogue.data?.items.find((p) => p.key === key)?.description;
  const form = useForm({
    initialValues: blank,
    validate: {
      name: (v) => (v.trim() ? null : t('common.required')),
      scopes: (v) => (v.length ? null : t('apiTokens.scopesRequired')),
    },
  });
  const close = () => {
    form.reset();
    onClose();
  };
  const create = useMutation({
    mutationFn: (v: typeof blank) =>
      // Scopes come from checkboxes of my own permissions, so they are permission keys.
      must(api.POST('/api/v1/api-tokens', { body: { name: v.name.trim(), scopes: v.scopes as PermissionKey[], ...(v.expiresOn ? { expiresAt: endOfLocalDay(v.expiresOn) } : {}) } })),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: apiTokensKey });
      close();
      onCreated(created.token);
    },
    onError: (error) => {
      const problem = showProblem(error, form);
      const expiry = problem?.problem.errors.find((e) => e.field === 'expiresAt');
      if (expiry) form.setFieldError('expiresOn', expiry.message);
    },
  });
  return (
    <Modal opened={opened} onClose={close} title={t('apiTokens.new')} size="lg">
      <form onSubmit={form.onSubmit((values) => create.mutate(values))}>
        <Stack>
          <TextInput label={t('apiTokens.name')} description={t('apiTokens.nameHint')} required data-autofocus {...form.getInputProps('name')} />
          <Checkbox.Group label={t('apiTokens.scopes')} description={t('apiTokens.scopesHint')} required {...form.getInputProps('scopes')}>
            <Stack gap="xs" mt="xs">
              {user.permissions.map((key) => (
                <Checkbox key={key} value={key} label={key} description={describe(key)} />
              ))}
            </Stack>
          </Checkbox.Group>
          <TextInput type="date" label={t('apiTokens.expiresOn')} description={t('apiTokens.expiresOnHint')} min={tomorrow()} w={220} {...form.getInputProps('expiresOn')} />
          <Text size="sm" c="dimmed">
            {t('apiTokens.shownOnce')}
          </Text>
          <DialogActions onCancel={close} submitLabel={t('apiTokens.create')} loading={create.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

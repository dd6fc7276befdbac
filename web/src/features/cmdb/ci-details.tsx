/**
 * The item's details tab: its fields and its class's attributes, editable for those who may write.
 * Only what changed is sent, with the version that was read; if someone else saved in between, the
 * server answers 409, the latest version loads and the user is told to make the change again. The
 * page keys this form by version, so each new version starts a fresh form.
 */
import { Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { CiClass, ConfigurationItem } from '../../api/types';
import { QueryError } from '../../components/query-error';
import { onSaveError, showSuccess } from '../../forms/problem-feedback';
import { formatDateTime } from '../../i18n/format-date';
import { useCan } from '../../session/session-query';
import { AttributeFields } from './attribute-fields';
import { draftOf, missingAttributes, patchOf, type CiDraft } from './ci-draft';
import { CiFields } from './ci-fields';
import { useCiClasses, useCiSaved } from './cmdb-api';

interface CiDetailsProps {
  ci: ConfigurationItem;
  onConflict: () => void;
}

export function CiDetails({ ci, onConflict }: CiDetailsProps) {
  const { t } = useTranslation();
  const classes = useCiClasses();
  const cls = classes.byKey.get(ci.class.key);
  if (classes.error) return <QueryError error={classes.error} onRetry={classes.refetch} />;
  if (!cls) return <Loader aria-label={t('common.loading')} />;
  return <DetailsForm ci={ci} cls={cls} onConflict={onConflict} />;
}

function DetailsForm({ ci, cls, onConflict }: { ci: ConfigurationItem; cls: CiClass; onConflict: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const saved = useCiSaved();
  const writable = can('cmdb:write');
  const form = useForm<CiDraft>({
    initialValues: draftOf(ci, cls),
    validate: (values) => ({
      name: values.name.trim() ? null : t('common.required'),
      ...missingAttributes(values, cls, t('common.required')),
    }),
  });
  const save = useMutation({
    mutationFn: (draft: CiDraft) => must(api.PATCH('/api/v1/configuration-items/{id}', { params: { path: { id: ci.id } }, body: patchOf(ci, cls, draft) })),
    onSuccess: (next) => {
      saved(next);
      showSuccess(t('cmdb.saved', { key: next.key }));
    },
    onError: onSaveError(form, t('conflict.ci'), onConflict),
  });
  return (
    <Paper withBorder p="md" maw={1000}>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate aria-label={t('cmdb.detailsOf', { key: ci.key })}>
        <fieldset disabled={!writable} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack>
            <CiFields form={form} ci={ci} isAsset={ci.isAsset} />
            <AttributeFields form={form} ciClass={cls} selfId={ci.id} />
            {writable && (
              <Group justify="flex-end">
                <Button variant="default" onClick={() => form.reset()} disabled={!form.isDirty()}>
                  {t('common.discard')}
                </Button>
                <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                  {t('common.save')}
                </Button>
              </Group>
            )}
            <Text size="xs" c="dimmed">
              {t('cmdb.stamps', { created: formatDateTime(ci.createdAt), updated: formatDateTime(ci.updatedAt), version: ci.version })}
            </Text>
          </Stack>
        </fieldset>
      </form>
    </Paper>
  );
}

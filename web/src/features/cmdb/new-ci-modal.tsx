/**
 * The "New item" dialog: choose the class first, then fill in the common fields and that class's
 * typed attributes. Server problems land on their inputs, `attributes.<key>` included.
 */
import { useState } from 'react';
import { Modal, Select, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { CiClass } from '../../api/types';
import { DialogActions } from '../../components/dialog-actions';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { AttributeFields } from './attribute-fields';
import { createBodyOf, draftOf, missingAttributes, type CiDraft } from './ci-draft';
import { CiFields } from './ci-fields';
import { classOptions, useCiClasses, useCiSaved } from './cmdb-api';

interface NewCiModalProps {
  opened: boolean;
  onClose: () => void;
  /** The class to start with (e.g. the list's class filter). */
  defaultClass?: string;
}

export function NewCiModal({ opened, onClose, defaultClass }: NewCiModalProps) {
  const { t } = useTranslation();
  const { classes, byKey } = useCiClasses(opened);
  const [classKey, setClassKey] = useState<string | null>(null);
  const chosen = classKey ?? defaultClass ?? null;
  const cls = chosen ? byKey.get(chosen) : undefined;
  const close = () => {
    setClassKey(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('cmdb.new')} size="xl">
      <Stack>
        <Select
          label={t('cmdb.fields.class')}
          description={t('cmdb.classHint')}
          required
          data={classOptions(classes)}
          value={chosen}
          onChange={setClassKey}
          searchable
          allowDeselect={false}
          data-autofocus={!chosen}
        />
        {cls ? <NewCiForm key={cls.key} cls={cls} onDone={close} /> : <Text c="dimmed">{t('cmdb.chooseClassFirst')}</Text>}
      </Stack>
    </Modal>
  );
}

function NewCiForm({ cls, onDone }: { cls: CiClass; onDone: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const saved = useCiSaved();
  const form = useForm<CiDraft>({
    initialValues: draftOf(null, cls),
    validate: (values) => ({
      name: values.name.trim() ? null : t('common.required'),
      ...missingAttributes(values, cls, t('common.required')),
    }),
  });
  const create = useMutation({
    mutationFn: (draft: CiDraft) => must(api.POST('/api/v1/configuration-items', { body: createBodyOf(draft, cls) })),
    onSuccess: (ci) => {
      saved(ci);
      showSuccess(t('cmdb.created', { key: ci.key, name: ci.name }));
      onDone();
      void navigate({ to: '/cmdb/$key', params: { key: ci.key } });
    },
    onError: (error) => showProblem(error, form),
  });
  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
      <Stack>
        <CiFields form={form} ci={null} isAsset={cls.isAsset} />
        <AttributeFields form={form} ciClass={cls} />
        <DialogActions onCancel={onDone} submitLabel={t('cmdb.create')} loading={create.isPending} />
      </Stack>
    </form>
  );
}

/** The footer of a form dialog or editor page: Cancel, and the submit button that shows progress while saving. */
import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface DialogActionsProps {
  onCancel: () => void;
  submitLabel: string;
  loading: boolean;
}

export function DialogActions({ onCancel, submitLabel, loading }: DialogActionsProps) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={loading}>
        {submitLabel}
      </Button>
    </Group>
  );
}

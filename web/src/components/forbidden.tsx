/** Shown instead of a page the signed-in user has no permission for. */
import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from './page-header';

export function Forbidden() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('errors.forbiddenTitle')} />
      <Alert color="red">{t('errors.forbidden')}</Alert>
    </>
  );
}

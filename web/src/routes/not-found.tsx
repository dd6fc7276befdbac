/** The page for an address that matches no route. */
import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/page-header';
import { AnchorLink } from '../components/anchor-link';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack p="md">
      <PageHeader title={t('notFound.title')} />
      <Text>{t('notFound.body')}</Text>
      <AnchorLink to="/">
        {t('notFound.home')}
      </AnchorLink>
    </Stack>
  );
}

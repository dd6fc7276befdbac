/** The signed-in landing page: who you are, where you are, and the sections you can use. */
import { Badge, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header';
import { useSession } from '../../session/session-query';
import { sectionsFor } from '../shell/sections';
import { AnchorLink } from '../../components/anchor-link';

export function HomePage() {
  const { t } = useTranslation();
  const { user, organisation } = useSession();
  const allowed = sectionsFor(user);
  return (
    <Stack>
      <PageHeader title={t('home.welcome', { name: user.name })} />
      <Card withBorder>
        <Stack gap={6}>
          <Text>{t('home.signedInAs', { email: user.email })}</Text>
          <Group gap="xs">
            <Text>{t('home.role')}</Text>
            <Badge variant="light">{user.role.name}</Badge>
            {user.installationAdmin && <Badge color="grape" variant="light">{t('home.installationAdmin')}</Badge>}
          </Group>
          <Text>{t('home.organisation', { name: organisation.name })}</Text>
        </Stack>
      </Card>
      {allowed.length > 0 ? (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {allowed.map((section) => (
            <Card key={section.key} withBorder>
              <AnchorLink to={section.to} fw={700}>
                {t(`sections.${section.key}.title`)}
              </AnchorLink>
              <Text size="sm" c="dimmed" mt={4}>
                {t(`sections.${section.key}.description`)}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      ) : (
        <Text c="dimmed">{t('home.nothingYet')}</Text>
      )}
    </Stack>
  );
}

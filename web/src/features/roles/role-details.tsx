/** A role shown read-only (built-in roles, or to people who may not edit roles): plain text, full contrast. */
import { Alert, Badge, Group, List, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../api/types';
import { permissionsQuery } from './roles-api';

export function RoleDetails({ role }: { role: Role }) {
  const { t } = useTranslation();
  const catalogue = useQuery(permissionsQuery);
  const describe = (key: string) => catalogue.data?.items.find((p) => p.key === key)?.description;
  return (
    <Stack>
      {role.builtin && <Alert color="blue">{t('roles.builtinReadOnly')}</Alert>}
      {role.description && <Text>{role.description}</Text>}
      <Group gap="xs">
        <Text fw={500}>{t('roles.kind')}:</Text>
        <Badge variant="light">{role.kind === 'agent' ? t('people.kindAgent') : t('people.kindRequester')}</Badge>
      </Group>
      <Stack gap={4}>
        <Text fw={500}>{t('roles.permissions')}</Text>
        {role.permissions.length === 0 ? (
          <Text c="dimmed">{t('roles.noPermissions')}</Text>
        ) : (
          <List spacing={4}>
            {role.permissions.map((key) => (
              <List.Item key={key}>
                <Text span ff="monospace" size="sm">
                  {key}
                </Text>
                {describe(key) && (
                  <Text span size="sm" c="dimmed">
                    {' '}
                    — {describe(key)}
                  </Text>
                )}
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Stack>
  );
}

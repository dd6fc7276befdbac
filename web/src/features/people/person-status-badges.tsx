/** A person's account state at a glance: active or disabled, and locked while a lockout lasts. */
import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../api/types';

/** Whether a lockout is still in force. */
export function isLocked(person: Pick<Person, 'lockedUntil'>): boolean {
  return person.lockedUntil !== null && new Date(person.lockedUntil).getTime() > Date.now();
}

export function PersonStatusBadges({ person }: { person: Person }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {person.status === 'active' ? (
        <Badge color="teal" variant="light">{t('people.statusActive')}</Badge>
      ) : (
        <Badge color="gray" variant="light">{t('people.statusDisabled')}</Badge>
      )}
      {isLocked(person) && <Badge color="orange" variant="light">{t('people.locked')}</Badge>}
    </Group>
  );
}

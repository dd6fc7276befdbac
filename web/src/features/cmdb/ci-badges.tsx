/** An item's status and criticality at a glance; colours carry meaning, the text says it too. */
import { Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CiStatus, Criticality } from '../../api/types';
import { criticalityColours, statusColours } from './cmdb-vocabulary';

export function CiStatusBadge({ status }: { status: CiStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColours[status]} variant="light" miw="max-content">
      {t(`cmdb.statuses.${status}`)}
    </Badge>
  );
}

/** The criticality, or a dash when none is set. */
export function CriticalityBadge({ criticality }: { criticality: Criticality | null }) {
  const { t } = useTranslation();
  if (!criticality) return <Text span size="sm" c="dimmed">—</Text>;
  return (
    <Badge color={criticalityColours[criticality]} variant={criticality === 'critical' ? 'filled' : 'light'} miw="max-content">
      {t(`cmdb.criticalities.${criticality}`)}
    </Badge>
  );
}

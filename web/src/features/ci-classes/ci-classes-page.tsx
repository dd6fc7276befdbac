/** Admin › Configuration item classes: every class (built-in ones marked) with its parent, asset flag, expected life and attributes; "New class". */
import { useMemo } from 'react';
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { CiClass } from '../../api/types';
import { AnchorLink } from '../../components/anchor-link';
import { columnsFor, DataTable } from '../../components/data-table';
import { Forbidden } from '../../components/forbidden';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { useCan } from '../../session/session-query';
import { useCiClasses } from '../cmdb/cmdb-api';

const column = columnsFor<CiClass>();

export function CiClassesPage() {
  const can = useCan();
  return can('cmdb:admin') ? <ClassList /> : <Forbidden />;
}

function ClassList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { classes, error, refetch } = useCiClasses();
  const columns = useMemo(
    () => [
      column.accessor('name', {
        header: () => t('ciClasses.name'),
        cell: (info) => (
          <Group gap="xs" wrap="nowrap">
            <AnchorLink to="/admin/ci-classes/$key" params={{ key: info.row.original.key }}>
              {info.getValue()}
            </AnchorLink>
            {info.row.original.builtin && (
              <Badge size="sm" color="gray" variant="light">
                {t('ciClasses.builtin')}
              </Badge>
            )}
          </Group>
        ),
      }),
      column.accessor('key', { header: () => t('ciClasses.key'), cell: (info) => <Text size="sm" ff="monospace">{info.getValue()}</Text> }),
      column.accessor((c) => c.parent?.name ?? '', { id: 'parent', header: () => t('ciClasses.parent'), cell: (info) => info.getValue() || '—' }),
      column.accessor('isAsset', { header: () => t('ciClasses.asset'), cell: (info) => (info.getValue() ? t('cmdb.yes') : t('cmdb.no')) }),
      column.accessor('expectedLifeMonths', {
        header: () => t('ciClasses.expectedLife'),
        cell: (info) => (info.getValue() === null ? '—' : t('ciClasses.monthsCount', { count: info.getValue()! })),
      }),
      column.accessor((c) => c.attributes.length, {
        id: 'attributes',
        header: () => t('ciClasses.attributes'),
        cell: (info) => t('ciClasses.attributeCount', { count: info.getValue(), custom: info.row.original.customAttributes.length }),
      }),
    ],
    [t],
  );
  return (
    <Stack>
      <PageHeader
        title={t('sections.ciClasses.title')}
        description={t('sections.ciClasses.description')}
        actions={<Button onClick={() => void navigate({ to: '/admin/ci-classes/$key', params: { key: 'new' } })}>{t('ciClasses.new')}</Button>}
      />
      {error ? (
        <QueryError error={error} onRetry={refetch} />
      ) : (
        <DataTable caption={t('sections.ciClasses.title')} columns={columns} data={classes ?? []} getRowId={(c) => c.id} loading={!classes} emptyText={t('ciClasses.empty')} />
      )}
    </Stack>
  );
}

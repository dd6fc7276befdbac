/** The items an impact analysis reached, as a table with links, and the path to one of them in words. */
import { Fragment, useMemo } from 'react';
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImpactItem, ImpactReport } from '../../api/types';
import { AnchorLink } from '../../components/anchor-link';
import { columnsFor, DataTable } from '../../components/data-table';
import { CiStatusBadge, CriticalityBadge } from './ci-badges';
import { pathSteps } from './impact-elements';

const column = columnsFor<ImpactItem>();

/** "CI-6 → hosts → CI-4 web-vm → hosts → CI-3 web-app", each item a link. */
export function ImpactPath({ report, item }: { report: ImpactReport; item: ImpactItem }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed" aria-label={t('cmdb.impact.pathTo', { key: item.ci.key })}>
      {report.root.key}
      {pathSteps(report, item).map((step, i) => (
        <Fragment key={i}>
          {' → '}
          <Text span size="sm" fs="italic">
            {t(`cmdb.relationships.names.${step.name}`).toLowerCase()}
          </Text>
          {' → '}
          <AnchorLink to="/cmdb/$key" params={{ key: step.ci.key }} size="sm">
            {step.ci.key} · {step.ci.name}
          </AnchorLink>
        </Fragment>
      ))}
    </Text>
  );
}

export function ImpactItems({ report }: { report: ImpactReport }) {
  const { t } = useTranslation();
  const columns = useMemo(
    () => [
      column.accessor((i) => i.ci.name, {
        id: 'item',
        header: () => t('cmdb.impact.item'),
        cell: (info) => (
          <AnchorLink to="/cmdb/$key" params={{ key: info.row.original.ci.key }}>
            {info.row.original.ci.key} · {info.getValue()}
          </AnchorLink>
        ),
      }),
      column.accessor((i) => i.ci.class.name, { id: 'class', header: () => t('cmdb.fields.class') }),
      column.accessor((i) => i.ci.status, { id: 'status', header: () => t('cmdb.fields.status'), cell: (info) => <CiStatusBadge status={info.getValue()} /> }),
      column.accessor('criticality', { header: () => t('cmdb.fields.criticality'), cell: (info) => <CriticalityBadge criticality={info.getValue()} /> }),
      ...(report.direction === 'both' ? [column.accessor('direction', { header: () => t('cmdb.impact.direction'), cell: (info) => t(`cmdb.impact.directions.${info.getValue()}`) })] : []),
      column.accessor('depth', { header: () => t('cmdb.impact.depthColumn') }),
      column.display({ id: 'path', header: () => t('cmdb.impact.path'), cell: (info) => <ImpactPath report={report} item={info.row.original} /> }),
    ],
    [t, report],
  );
  return (
    <DataTable
      caption={t('cmdb.impact.itemsCaption', { key: report.root.key })}
      columns={columns}
      data={report.items}
      getRowId={(i) => i.ci.key}
      emptyText={t('cmdb.impact.noItems')}
    />
  );
}

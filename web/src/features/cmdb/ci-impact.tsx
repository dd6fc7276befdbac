/**
 * The item's impact analysis: which way (what breaks if it goes down, what it needs, or both) and how
 * deep, in the URL; the graph; the business services reached, most critical first, with the path to
 * each; and every item reached as a list with links (the graph's keyboard-friendly twin).
 */
import { lazy, Suspense, useMemo } from 'react';
import { Alert, Badge, Center, Group, Loader, Paper, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { ConfigurationItem, ImpactItem, ImpactReport } from '../../api/types';
import { QueryError } from '../../components/query-error';
import { CriticalityBadge } from './ci-badges';
import { defaultDepth, impactDirections, type CiPageSearch, type ImpactDirection } from './ci-search';
import { cmdbKey } from './cmdb-api';
import { ImpactItems, ImpactPath } from './impact-items';
import { criticalityBorders, impactGraphOf, legendOf } from './impact-elements';

// Cytoscape loads only when someone opens an impact tab.
const ImpactGraph = lazy(() => import('./impact-graph'));

interface CiImpactProps {
  ci: ConfigurationItem;
  search: CiPageSearch;
  onChange: (patch: Partial<CiPageSearch>) => void;
}

function Legend({ report, nodes }: { report: ImpactReport; nodes: ReturnType<typeof impactGraphOf>['nodes'] }) {
  const { t } = useTranslation();
  return (
    <Group gap="md" aria-label={t('cmdb.impact.legend')} role="group">
      {legendOf(nodes).map((c) => (
        <Group key={c.key} gap={6} wrap="nowrap">
          <span aria-hidden="true" style={{ width: 12, height: 12, borderRadius: 6, background: c.colour, display: 'inline-block' }} />
          <Text size="xs">{c.name}</Text>
        </Group>
      ))}
      <Group gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed">
          {t('cmdb.impact.borderLegend')}
        </Text>
        {(['critical', 'high', 'medium', 'low'] as const).map((level) => (
          <Group key={level} gap={6} wrap="nowrap">
            <span aria-hidden="true" style={{ width: 12, height: 12, borderRadius: 6, border: `${Math.min(4, criticalityBorders[level].width)}px solid ${criticalityBorders[level].colour}`, display: 'inline-block' }} />
            <Text size="xs">{t(`cmdb.criticalities.${level}`)}</Text>
          </Group>
        ))}
      </Group>
      {report.truncated && <Badge color="orange">{t('cmdb.impact.truncatedBadge')}</Badge>}
    </Group>
  );
}

function BusinessServices({ report }: { report: ImpactReport }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t(`cmdb.impact.services.${report.direction}`)}
        </Title>
        {report.businessServices.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('cmdb.impact.noServices')}
          </Text>
        ) : (
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t(`cmdb.impact.services.${report.direction}`)}>
            {report.businessServices.map((service: ImpactItem) => (
              <Stack key={service.ci.key} gap={2} component="li">
                <Group gap="xs">
                  <Text fw={600} size="sm">
                    {service.ci.key} · {service.ci.name}
                  </Text>
                  <CriticalityBadge criticality={service.criticality} />
                </Group>
                <ImpactPath report={report} item={service} />
              </Stack>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

export function CiImpact({ ci, search, onChange }: CiImpactProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const direction: ImpactDirection = search.direction ?? 'downstream';
  const depth = search.depth ?? defaultDepth;
  const impact = useQuery({
    queryKey: [...cmdbKey, 'impact', ci.key, direction, depth],
    queryFn: () => must(api.GET('/api/v1/configuration-items/{id}/impact', { params: { path: { id: ci.id }, query: { direction, depth } } })),
    placeholderData: keepPreviousData,
  });
  const report = impact.data?.root.key === ci.key ? impact.data : undefined;
  const graph = useMemo(() => (report ? impactGraphOf(report, ci.criticality) : null), [report, ci.criticality]);
  const open = (key: string) => {
    if (key !== ci.key) void navigate({ to: '/cmdb/$key', params: { key }, search: { tab: 'impact', direction: search.direction, depth: search.depth } });
  };
  return (
    <Stack>
      <Group align="flex-end" gap="md">
        <Stack gap={4}>
          <Text size="sm" fw={500} id="impact-direction-label">
            {t('cmdb.impact.direction')}
          </Text>
          <SegmentedControl
            aria-labelledby="impact-direction-label"
            value={direction}
            onChange={(value) => onChange({ direction: value === 'downstream' ? undefined : (value as ImpactDirection) })}
            data={impactDirections.map((value) => ({ value, label: t(`cmdb.impact.directions.${value}`) }))}
          />
        </Stack>
        <Select
          label={t('cmdb.impact.depth')}
          data={Array.from({ length: 10 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }))}
          value={String(depth)}
          onChange={(value) => value && onChange({ depth: Number(value) === defaultDepth ? undefined : Number(value) })}
          allowDeselect={false}
          w={100}
        />
        <Text size="sm" c="dimmed" maw={520}>
          {t(`cmdb.impact.explain.${direction}`, { key: ci.key })}
        </Text>
      </Group>
      {impact.error && <QueryError error={impact.error} onRetry={() => void impact.refetch()} />}
      {!report && !impact.error && <Loader aria-label={t('common.loading')} />}
      {report && graph && (
        <>
          {report.truncated && <Alert color="orange">{t('cmdb.impact.truncated', { count: report.items.length })}</Alert>}
          {report.items.length === 0 ? (
            <Alert color="gray">{t(`cmdb.impact.nothing.${direction}`, { key: ci.key, count: depth })}</Alert>
          ) : (
            <>
              <Suspense
                fallback={
                  <Center h={460}>
                    <Loader aria-label={t('common.loading')} />
                  </Center>
                }
              >
                <ImpactGraph nodes={graph.nodes} edges={graph.edges} label={t('cmdb.impact.graphLabel', { key: ci.key, count: report.items.length })} onOpen={open} />
              </Suspense>
              <Legend report={report} nodes={graph.nodes} />
            </>
          )}
          <BusinessServices report={report} />
          {report.items.length > 0 && <ImpactItems report={report} />}
        </>
      )}
    </Stack>
  );
}

/**
 * The service desk's KPIs for a period (last 30 days by default): headline figures as cards, created
 * and resolved by month, SLA compliance by priority, the backlog's age, and a table by month, priority
 * or group with its CSV download.
 */
import { useMemo } from 'react';
import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Anchor, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { Forbidden } from '../../components/forbidden';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { formatDate } from '../../i18n/format-date';
import { useCan } from '../../session/session-query';
import { formatMinutes } from '../tickets/durations';
import { breakdowns, periods, rangeOf, viewerTimeZone, type Breakdown, type Period } from './kpi-period';

type KpiReport = ResponseOf<'/api/v1/desk/kpis', 'get'>;
type KpiRow = KpiReport['total'];

const route = getRouteApi('/_app/desk/kpis');
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

function ratio(value: number | null): string {
  return value === null ? '—' : percent.format(value);
}
function minutes(value: number | null): string {
  return value === null ? '—' : formatMinutes(Math.round(value));
}

export function KpisPage() {
  const can = useCan();
  return can('tickets:read') ? <Kpis /> : <Forbidden />;
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz={28} fw={700}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function Kpis() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const period: Period = search.period ?? 'last30';
  const breakdown: Breakdown = search.breakdown ?? 'month';
  // Computed once per period choice, so the query key stays stable while the page is open.
  const range = useMemo(() => rangeOf(period), [period]);
  const report = useQuery({
    queryKey: ['kpis', period, range.from, viewerTimeZone],
    queryFn: () => must(api.GET('/api/v1/desk/kpis', { params: { query: { ...range, timeZone: viewerTimeZone } } })),
    placeholderData: keepPreviousData,
  });
  const data = report.data;
  const csv = `/api/v1/desk/kpis/export?${new URLSearchParams({ breakdown, ...range, timeZone: viewerTimeZone }).toString()}`;
  const rows: KpiRow[] = data ? { month: data.byMonth, priority: data.byPriority, group: data.byGroup }[breakdown] : [];
  return (
    <Stack>
      <PageHeader
        title={t('sections.kpis.title')}
        description={data ? t('kpis.range', { from: formatDate(data.from), to: formatDate(new Date(new Date(data.to).getTime() - 1).toISOString()), zone: data.timeZone }) : t('sections.kpis.description')}
        actions={
          <Select
            label={t('kpis.period')}
            data={periods.map((value) => ({ value, label: t(`kpis.periods.${value}`) }))}
            value={period}
            allowDeselect={false}
            onChange={(value) => void navigate({ search: (s) => ({ ...s, period: (value as Period | null) ?? undefined }), replace: true })}
            w={200}
          />
        }
      />
      {report.error && <QueryError error={report.error} onRetry={() => void report.refetch()} />}
      {!data && !report.error && <Text c="dimmed">{t('common.loading')}</Text>}
      {data && (
        <Stack aria-busy={report.isFetching}>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
            <Stat label={t('kpis.created')} value={String(data.total.created)} />
            <Stat label={t('kpis.resolved')} value={String(data.total.resolved)} />
            <Stat label={t('kpis.backlog')} value={String(data.backlog)} />
            <Stat label={t('kpis.mtta')} value={minutes(data.total.mttaMinutes)} />
            <Stat label={t('kpis.mttr')} value={minutes(data.total.mttrMinutes)} />
            <Stat label={t('kpis.fcr')} value={ratio(data.total.firstContactResolution)} />
            <Stat label={t('kpis.reopenRate')} value={ratio(data.total.reopenRate)} />
            <Stat label={t('kpis.responseCompliance')} value={ratio(data.total.responseCompliance)} />
            <Stat label={t('kpis.resolutionCompliance')} value={ratio(data.total.resolutionCompliance)} />
            <Stat
              label={t('kpis.satisfaction')}
              value={data.total.satisfaction === null ? '—' : `${decimal.format(data.total.satisfaction)} / 5`}
              hint={t('kpis.ratings', { count: data.total.ratings })}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, lg: 3 }}>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="sm">
                {t('kpis.byMonthChart')}
              </Title>
              <BarChart
                h={220}
                data={data.byMonth.map((r) => ({ label: r.label, created: r.created, resolved: r.resolved }))}
                dataKey="label"
                series={[
                  { name: 'created', label: t('kpis.created'), color: 'blue.6' },
                  { name: 'resolved', label: t('kpis.resolved'), color: 'teal.6' },
                ]}
                withLegend
              />
            </Paper>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="sm">
                {t('kpis.slaChart')}
              </Title>
              <BarChart
                h={220}
                data={data.byPriority.map((r) => ({ label: r.label, response: Math.round((r.responseCompliance ?? 0) * 100), resolution: Math.round((r.resolutionCompliance ?? 0) * 100) }))}
                dataKey="label"
                series={[
                  { name: 'response', label: t('kpis.response'), color: 'indigo.6' },
                  { name: 'resolution', label: t('kpis.resolution'), color: 'grape.6' },
                ]}
                unit="%"
                yAxisProps={{ domain: [0, 100] }}
                withLegend
              />
            </Paper>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="sm">
                {t('kpis.agingChart')}
              </Title>
              <BarChart h={220} data={data.aging} dataKey="bucket" series={[{ name: 'count', label: t('kpis.openTickets'), color: 'orange.6' }]} />
            </Paper>
          </SimpleGrid>
          <Paper withBorder p="md">
            <Group justify="space-between" mb="sm">
              <SegmentedControl
                aria-label={t('kpis.breakdown')}
                value={breakdown}
                onChange={(value) => void navigate({ search: (s) => ({ ...s, breakdown: value as Breakdown }), replace: true })}
                data={breakdowns.map((value) => ({ value, label: t(`kpis.breakdowns.${value}`) }))}
              />
              <Button component="a" href={csv} download variant="default">
                {t('kpis.downloadCsv')}
              </Button>
            </Group>
            <KpiTable rows={rows} caption={t(`kpis.breakdowns.${breakdown}`)} />
          </Paper>
          <Text size="xs" c="dimmed">
            {t('kpis.definitions')} <Anchor href="/api/docs" target="_blank">{t('kpis.apiDocs')}</Anchor>
          </Text>
        </Stack>
      )}
    </Stack>
  );
}

function KpiTable({ rows, caption }: { rows: KpiRow[]; caption: string }) {
  const { t } = useTranslation();
  const headers = ['created', 'resolved', 'mtta', 'mttr', 'fcr', 'reopenRate', 'responseCompliance', 'resolutionCompliance', 'satisfaction'] as const;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing="xs">
        <caption style={{ position: 'absolute', left: -10000 }}>{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{caption}</Table.Th>
            {headers.map((h) => (
              <Table.Th key={h} scope="col">
                {t(`kpis.${h}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={headers.length + 1}>
                <Text c="dimmed" ta="center">
                  {t('kpis.empty')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Th scope="row">{r.label}</Table.Th>
              <Table.Td>{r.created}</Table.Td>
              <Table.Td>{r.resolved}</Table.Td>
              <Table.Td>{minutes(r.mttaMinutes)}</Table.Td>
              <Table.Td>{minutes(r.mttrMinutes)}</Table.Td>
              <Table.Td>{ratio(r.firstContactResolution)}</Table.Td>
              <Table.Td>{ratio(r.reopenRate)}</Table.Td>
              <Table.Td>{ratio(r.responseCompliance)}</Table.Td>
              <Table.Td>{ratio(r.resolutionCompliance)}</Table.Td>
              <Table.Td>{r.satisfaction === null ? '—' : `${decimal.format(r.satisfaction)} (${r.ratings})`}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

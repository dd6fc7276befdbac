/**
 * The portal's "Request something": the active catalogue items as cards, searchable by name, each
 * opening its request form.
 */
import { Badge, Breadcrumbs, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { pageSize, useCursorList } from '../../api/use-cursor-list';
import { AnchorLink } from '../../components/anchor-link';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { SearchBox } from '../../components/search-box';
import { catalogKey, fetchCatalogItems } from './catalog-api';

const route = getRouteApi('/_app/portal/catalog');

/** The first paragraph of a Markdown description as plain text, for a card. */
function summaryOf(markdown: string): string {
  const first = markdown.split(/\n\s*\n/)[0] ?? '';
  return first.replace(/[#*_`>[\]]/g, '').replace(/\(\S+\)/g, '').trim();
}

export function CatalogPage() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const list = useCursorList([...catalogKey, 'list', 'active', search.q], (cursor) => fetchCatalogItems({ q: search.q, limit: pageSize, cursor }));
  return (
    <Stack>
      <Breadcrumbs>
        <AnchorLink to="/portal">{t('portal.title')}</AnchorLink>
        <span>{t('catalog.title')}</span>
      </Breadcrumbs>
      <PageHeader title={t('catalog.title')} description={t('catalog.description')} />
      <Group align="flex-end">
        <SearchBox label={t('catalog.searchLabel')} value={search.q} onSearch={(q) => void navigate({ search: { q }, replace: true })} />
        <Text size="sm" c="dimmed">
          {t('catalog.orOther')} <AnchorLink to="/portal/new">{t('portal.newRequest')}</AnchorLink>
        </Text>
      </Group>
      {list.error ? (
        <QueryError error={list.error} onRetry={list.refetch} />
      ) : list.isLoading && list.items.length === 0 ? (
        <Text c="dimmed">{t('common.loading')}</Text>
      ) : list.items.length === 0 ? (
        <Text c="dimmed">{search.q ? t('catalog.emptySearch') : t('catalog.empty')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} aria-busy={list.isLoading}>
          {list.items.map((item) => (
            <Card key={item.id} withBorder padding="md" renderRoot={(props) => <Link {...props} to="/portal/catalog/$id" params={{ id: item.id }} />} aria-label={item.name}>
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Text fw={600}>{item.name}</Text>
                  {item.approvals.length > 0 && (
                    <Badge variant="light" color="grape" style={{ flexShrink: 0 }}>
                      {t('catalog.needsApproval')}
                    </Badge>
                  )}
                </Group>
                {item.category && (
                  <Text size="xs" c="dimmed">
                    {item.category.name}
                  </Text>
                )}
                <Text size="sm" lineClamp={3}>
                  {summaryOf(item.description)}
                </Text>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
    </Stack>
  );
}

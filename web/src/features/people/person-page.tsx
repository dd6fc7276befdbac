/** Admin › People › one person: the edit form beside the account panel. */
import { Breadcrumbs, Grid, Loader, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Forbidden } from '../../components/forbidden';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { useCan } from '../../session/session-query';
import { personQuery } from './people-api';
import { PersonAccount } from './person-account';
import { PersonForm } from './person-form';
import { AnchorLink } from '../../components/anchor-link';

const route = getRouteApi('/_app/admin/people/$id');

export function PersonPage() {
  const can = useCan();
  return can('people:read') ? <PersonDetail /> : <Forbidden />;
}

function PersonDetail() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const person = useQuery(personQuery(id));
  return (
    <Stack>
      <Breadcrumbs>
        <AnchorLink to="/admin/people">
          {t('sections.people.title')}
        </AnchorLink>
        <span>{person.data?.name ?? '…'}</span>
      </Breadcrumbs>
      {person.error && <QueryError error={person.error} onRetry={() => void person.refetch()} />}
      {!person.data && !person.error && <Loader aria-label={t('common.loading')} />}
      {person.data && (
        <>
          <PageHeader title={person.data.name} description={person.data.email} />
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <PersonForm key={person.data.version} person={person.data} onConflict={() => void person.refetch()} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <PersonAccount person={person.data} />
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}

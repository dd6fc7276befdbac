/**
 * The frame of an admin page for one record or a new one: breadcrumbs back to its list, the load
 * error with a retry, a spinner while loading, then the editor. The loaded record's editor is keyed by
 * its version, so a reload after a version conflict starts it afresh from the server's copy.
 */
import { Fragment, type ReactNode } from 'react';
import { Breadcrumbs, Loader, Stack } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryError } from './query-error';

interface RecordPageProps<T extends { name: string; version: number }> {
  /** The link back to the list, first in the breadcrumbs. */
  list: ReactNode;
  /** What the breadcrumbs call a record not yet created. */
  newLabel: string;
  isNew: boolean;
  query: UseQueryResult<T>;
  maw: number;
  /** The editor for `record` (null while new); `onConflict` reloads it. */
  editor: (record: T | null, onConflict?: () => void) => ReactNode;
}

export function RecordPage<T extends { name: string; version: number }>({ list, newLabel, isNew, query, maw, editor }: RecordPageProps<T>) {
  const { t } = useTranslation();
  return (
    <Stack maw={maw}>
      <Breadcrumbs>
        {list}
        <span>{isNew ? newLabel : (query.data?.name ?? '…')}</span>
      </Breadcrumbs>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {!isNew && !query.data && !query.error && <Loader aria-label={t('common.loading')} />}
      {isNew && editor(null)}
      {query.data && <Fragment key={query.data.version}>{editor(query.data, () => void query.refetch())}</Fragment>}
    </Stack>
  );
}

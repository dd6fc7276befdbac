/**
 * Saved views in the console: "Save view" keeps the URL's filters under a name (for me, or shared with
 * every agent); the views menu lists mine and the shared ones and applies one; "Manage views" renames,
 * shares or deletes my own.
 */
import { useState } from 'react';
import { Button, Group, Menu, Modal, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must, mustSucceed } from '../../api/client';
import type { SavedView } from '../../api/types';
import { onSaveError, showProblem, showSuccess } from '../../forms/problem-feedback';
import { validateTicketsSearch, type TicketsSearch } from './tickets-search';

const viewsKey = ['ticket-views'] as const;

/** The URL's filters as a saved view stores them: every set parameter, as text. */
function filtersOf(search: TicketsSearch): Record<string, string> {
  return Object.fromEntries(Object.entries(search).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
}

interface SavedViewsProps {
  search: TicketsSearch;
  onApply: (search: TicketsSearch) => void;
}

export function SavedViews({ search, onApply }: SavedViewsProps) {
  const { t } = useTranslation();
  const [saving, setSaving] = useState(false);
  const [managing, setManaging] = useState(false);
  const views = useQuery({ queryKey: [...viewsKey, 'list'], queryFn: () => must(api.GET('/api/v1/ticket-views', { params: { query: { limit: 200 } } })) });
  const items = views.data?.items ?? [];
  const mine = items.filter((v) => v.mine);
  const shared = items.filter((v) => !v.mine);
  const item = (v: SavedView) => (
    <Menu.Item key={v.id} onClick={() => onApply(validateTicketsSearch(v.filters))}>
      {v.name}
      {!v.mine && (
        <Text span size="xs" c="dimmed">
          {' '}
          · {v.owner.name}
        </Text>
      )}
    </Menu.Item>
  );
  return (
    <Group gap="xs">
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button variant="default">{t('savedViews.menu')}</Button>
        </Menu.Target>
        <Menu.Dropdown>
          {views.isPending && <Menu.Label>{t('common.loading')}</Menu.Label>}
          {views.error && <Menu.Item onClick={() => void views.refetch()}>{t('savedViews.loadFailed')}</Menu.Item>}
          {views.data && items.length === 0 && <Menu.Label>{t('savedViews.none')}</Menu.Label>}
          {mine.length > 0 && <Menu.Label>{t('savedViews.mine')}</Menu.Label>}
          {mine.map(item)}
          {shared.length > 0 && <Menu.Label>{t('savedViews.shared')}</Menu.Label>}
          {shared.map(item)}
          <Menu.Divider />
          <Menu.Item onClick={() => setSaving(true)}>{t('savedViews.save')}</Menu.Item>
          {mine.length > 0 && <Menu.Item onClick={() => setManaging(true)}>{t('savedViews.manage')}</Menu.Item>}
        </Menu.Dropdown>
      </Menu>
      <SaveViewModal opened={saving} filters={filtersOf(search)} onClose={() => setSaving(false)} />
      <ManageViewsModal opened={managing} views={mine} onClose={() => setManaging(false)} />
    </Group>
  );
}

function SaveViewModal({ opened, filters, onClose }: { opened: boolean; filters: Record<string, string>; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const save = useMutation({
    mutationFn: () => must(api.POST('/api/v1/ticket-views', { body: { name: name.trim(), filters, shared } })),
    onSuccess: (view) => {
      void queryClient.invalidateQueries({ queryKey: viewsKey });
      showSuccess(t('savedViews.saved', { name: view.name }));
      setName('');
      setShared(false);
      onClose();
    },
    onError: (error) => showProblem(error),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('savedViews.save')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) save.mutate();
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {Object.keys(filters).length ? t('savedViews.keeps', { filters: Object.entries(filters).map(([k, v]) => `${k}=${v}`).join(', ') }) : t('savedViews.keepsNothing')}
          </Text>
          <TextInput label={t('savedViews.name')} required maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Switch label={t('savedViews.shareSwitch')} checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ManageViewsModal({ opened, views, onClose }: { opened: boolean; views: SavedView[]; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('savedViews.manage')} size="lg">
      <Stack>
        {views.length === 0 && <Text c="dimmed">{t('savedViews.noneMine')}</Text>}
        {views.map((v) => (
          <ViewRow key={`${v.id}-${v.version}`} view={v} />
        ))}
      </Stack>
    </Modal>
  );
}

function ViewRow({ view }: { view: SavedView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(view.name);
  const reload = () => void queryClient.invalidateQueries({ queryKey: viewsKey });
  const patch = useMutation({
    mutationFn: (body: { name?: string; shared?: boolean }) => must(api.PATCH('/api/v1/ticket-views/{id}', { params: { path: { id: view.id } }, body: { version: view.version, ...body } })),
    onSuccess: () => {
      reload();
      showSuccess(t('common.saved'));
    },
    onError: onSaveError(undefined, t('conflict.view'), reload),
  });
  const remove = useMutation({
    mutationFn: () => mustSucceed(api.DELETE('/api/v1/ticket-views/{id}', { params: { path: { id: view.id } } })),
    onSuccess: () => {
      reload();
      showSuccess(t('savedViews.deleted', { name: view.name }));
    },
    onError: (error) => showProblem(error),
  });
  return (
    <Group align="flex-end" wrap="nowrap">
      <TextInput label={t('savedViews.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={100} style={{ flex: 1 }} />
      <Button variant="default" disabled={!name.trim() || name.trim() === view.name} loading={patch.isPending} onClick={() => patch.mutate({ name: name.trim() })}>
        {t('savedViews.rename')}
      </Button>
      <Switch mb={8} label={t('savedViews.sharedShort')} checked={view.shared} disabled={patch.isPending} onChange={(e) => patch.mutate({ shared: e.currentTarget.checked })} aria-label={t('savedViews.shareNamed', { name: view.name })} />
      <Button variant="subtle" color="red" loading={remove.isPending} onClick={() => remove.mutate()} aria-label={t('savedViews.deleteNamed', { name: view.name })}>
        {t('common.delete')}
      </Button>
    </Group>
  );
}

/**
 * The fields every item has, as form inputs: name, status, environment, criticality, hosting (with
 * the cloud's provider, account and region), location (with the rack position in a rack), owner,
 * support group, tags, description, and the asset tag and serial number of asset classes.
 */
import { Select, SimpleGrid, Stack, TagsInput, TextInput, NumberInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ConfigurationItem } from '../../api/types';
import { MarkdownEditor } from '../../components/markdown-editor';
import { useCan } from '../../session/session-query';
import { useTeamOptions } from '../teams/teams-api';
import type { CiDraft } from './ci-draft';
import { assetStates, ciStatuses, criticalities, environments, hostings } from './cmdb-vocabulary';
import { LocationPicker, locationQuery } from './location-picker';
import { PersonPicker } from './person-picker';

interface CiFieldsProps {
  form: UseFormReturnType<CiDraft>;
  /** The item being edited; null while creating. */
  ci: ConfigurationItem | null;
  isAsset: boolean;
}

export function CiFields({ form, ci, isAsset }: CiFieldsProps) {
  const { t } = useTranslation();
  const can = useCan();
  const v = form.values;
  const teams = useTeamOptions(can('teams:read'));
  const teamData = ci?.supportGroup && !teams.some((o) => o.value === ci.supportGroup!.id) ? [{ value: ci.supportGroup.id, label: ci.supportGroup.name }, ...teams] : teams;
  const location = useQuery({ ...locationQuery(v.locationId ?? ''), enabled: v.locationId !== null });
  const inRack = v.locationId !== null && (location.data?.kind ?? (ci?.location?.id === v.locationId ? ci.location.kind : null)) === 'rack';
  const cloudy = v.hosting === 'cloud' || v.hosting === 'hybrid';
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('cmdb.fields.name')} required maxLength={200} data-autofocus {...form.getInputProps('name')} />
        <Select
          label={t('cmdb.fields.status')}
          data={ciStatuses.map((value) => ({ value, label: t(`cmdb.statuses.${value}`) }))}
          allowDeselect={false}
          {...form.getInputProps('status')}
        />
        <Select
          label={t('cmdb.fields.environment')}
          placeholder={t('cmdb.notSet')}
          data={environments.map((value) => ({ value, label: t(`cmdb.environments.${value}`) }))}
          clearable
          {...form.getInputProps('environment')}
        />
        <Select
          label={t('cmdb.fields.criticality')}
          placeholder={t('cmdb.notSet')}
          description={t('cmdb.criticalityHint')}
          data={criticalities.map((value) => ({ value, label: t(`cmdb.criticalities.${value}`) }))}
          clearable
          {...form.getInputProps('criticality')}
        />
        <PersonPicker label={t('cmdb.fields.owner')} value={v.ownerId} current={ci?.owner} onChange={(id) => form.setFieldValue('ownerId', id)} error={form.errors.ownerId} placeholder={t('cmdb.nobody')} />
        <Select label={t('cmdb.fields.supportGroup')} placeholder={t('cmdb.noTeam')} data={teamData} searchable clearable {...form.getInputProps('supportGroupId')} />
        <LocationPicker value={v.locationId} currentPath={ci?.location?.path} onChange={(id) => form.setFieldValue('locationId', id)} error={form.errors.locationId} />
        {inRack && <NumberInput label={t('cmdb.fields.rackPosition')} description={t('cmdb.rackPositionHint')} min={1} max={100} allowDecimal={false} {...form.getInputProps('rackPosition')} />}
        <Select
          label={t('cmdb.fields.hosting')}
          placeholder={t('cmdb.notSet')}
          data={hostings.map((value) => ({ value, label: t(`cmdb.hostings.${value}`) }))}
          clearable
          {...form.getInputProps('hosting')}
        />
      </SimpleGrid>
      {cloudy && (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('cmdb.fields.cloudProvider')} placeholder="aws" maxLength={100} {...form.getInputProps('cloudProvider')} />
          <TextInput label={t('cmdb.fields.cloudAccount')} maxLength={200} {...form.getInputProps('cloudAccount')} />
          <TextInput label={t('cmdb.fields.cloudRegion')} maxLength={100} {...form.getInputProps('cloudRegion')} />
        </SimpleGrid>
      )}
      {isAsset && (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('cmdb.fields.assetTag')} maxLength={100} {...form.getInputProps('assetTag')} />
          <TextInput label={t('cmdb.fields.serialNumber')} maxLength={100} {...form.getInputProps('serialNumber')} />
          {ci ? (
            <TextInput label={t('cmdb.fields.assetState')} value={ci.assetState ? t(`cmdb.assetStates.${ci.assetState}`) : ''} readOnly description={t('cmdb.assetStateHint')} />
          ) : (
            <Select
              label={t('cmdb.fields.assetState')}
              data={assetStates.map((value) => ({ value, label: t(`cmdb.assetStates.${value}`) }))}
              allowDeselect={false}
              {...form.getInputProps('assetState')}
            />
          )}
        </SimpleGrid>
      )}
      <TagsInput label={t('cmdb.fields.tags')} description={t('cmdb.tagsHint')} maxTags={30} clearable {...form.getInputProps('tags')} />
      <MarkdownEditor label={t('cmdb.fields.description')} value={v.description} onChange={(text) => form.setFieldValue('description', text)} error={form.errors.description} minRows={3} />
    </Stack>
  );
}

/**
 * The item's form builder: questions in order, each with its label, key, type, whether it is required,
 * a help text and its type's settings (text: maximum length and pattern; number: range; choice:
 * options; configuration item: the classes offered and whether only the requester's own). Questions move up and down with buttons, so the order is keyboard-friendly.
 */
import { ActionIcon, Button, Group, MultiSelect, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { FormFieldType } from '../../api/types';
import { ciClassOptionsQuery } from '../catalog/catalog-api';
import { emptyField, keyFromLabel, type ItemDraft } from './item-draft';

const fieldTypes: FormFieldType[] = ['text', 'number', 'choice', 'date', 'person', 'ci'];

/** Up, down and remove for one entry of a list in the editor. */
export function ListItemControls({ index, count, name, onMove, onRemove }: { index: number; count: number; name: string; onMove: (from: number, to: number) => void; onRemove: () => void }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      <ActionIcon variant="default" disabled={index === 0} onClick={() => onMove(index, index - 1)} aria-label={t('catalogAdmin.moveUp', { name })}>
        ↑
      </ActionIcon>
      <ActionIcon variant="default" disabled={index === count - 1} onClick={() => onMove(index, index + 1)} aria-label={t('catalogAdmin.moveDown', { name })}>
        ↓
      </ActionIcon>
      <Button size="xs" variant="subtle" color="red" onClick={onRemove} aria-label={t('catalogAdmin.removeNamed', { name })}>
        {t('common.remove')}
      </Button>
    </Group>
  );
}

export function FormBuilder({ form }: { form: UseFormReturnType<ItemDraft> }) {
  const { t } = useTranslation();
  const fields = form.values.form;
  const classOptions = useQuery({ ...ciClassOptionsQuery, enabled: fields.some((f) => f.type === 'ci') });
  return (
    <Stack>
      {typeof form.errors.form === 'string' && (
        <Text c="red" size="sm" role="alert">
          {form.errors.form}
        </Text>
      )}
      {fields.length === 0 && <Text c="dimmed">{t('catalogAdmin.noQuestions')}</Text>}
      {fields.map((field, i) => {
        const name = field.label || t('catalogAdmin.questionN', { n: i + 1 });
        const path = `form.${i}`;
        return (
          <Paper key={i} withBorder p="sm" component="fieldset" aria-label={name} style={{ margin: 0 }}>
            <Stack gap="xs">
              <Group justify="space-between">
                <Text fw={600} size="sm">
                  {t('catalogAdmin.questionN', { n: i + 1 })}
                </Text>
                <ListItemControls index={i} count={fields.length} name={name} onMove={(from, to) => form.reorderListItem('form', { from, to })} onRemove={() => form.removeListItem('form', i)} />
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  label={t('catalogAdmin.fieldLabel')}
                  required
                  maxLength={200}
                  {...form.getInputProps(`${path}.label`)}
                  onBlur={() => {
                    if (!field.key.trim() && field.label.trim()) form.setFieldValue(`${path}.key`, keyFromLabel(field.label));
                  }}
                />
                <TextInput label={t('catalogAdmin.fieldKey')} description={t('catalogAdmin.fieldKeyHint')} maxLength={40} {...form.getInputProps(`${path}.key`)} />
                <Select
                  label={t('catalogAdmin.fieldType')}
                  data={fieldTypes.map((value) => ({ value, label: t(`catalogAdmin.types.${value}`) }))}
                  allowDeselect={false}
                  {...form.getInputProps(`${path}.type`)}
                />
              </SimpleGrid>
              <TextInput label={t('catalogAdmin.fieldHelp')} maxLength={500} {...form.getInputProps(`${path}.help`)} />
              {field.type === 'text' && (
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <NumberInput label={t('catalogAdmin.maxLength')} min={1} max={10000} allowDecimal={false} {...form.getInputProps(`${path}.maxLength`)} />
                  <TextInput label={t('catalogAdmin.pattern')} description={t('catalogAdmin.patternHint')} maxLength={200} ff="monospace" {...form.getInputProps(`${path}.pattern`)} />
                </SimpleGrid>
              )}
              {field.type === 'number' && (
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <NumberInput label={t('catalogAdmin.min')} {...form.getInputProps(`${path}.min`)} />
                  <NumberInput label={t('catalogAdmin.max')} {...form.getInputProps(`${path}.max`)} />
                </SimpleGrid>
              )}
              {field.type === 'choice' && <Textarea label={t('catalogAdmin.options')} description={t('catalogAdmin.optionsHint')} required autosize minRows={3} {...form.getInputProps(`${path}.options`)} />}
              {field.type === 'ci' && (
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <MultiSelect
                    label={t('catalogAdmin.ciClasses')}
                    description={t('catalogAdmin.ciClassesHint')}
                    data={classOptions.data ?? []}
                    searchable
                    {...form.getInputProps(`${path}.ciClasses`)}
                  />
                  <Switch mt="xl" label={t('catalogAdmin.ownedByRequester')} {...form.getInputProps(`${path}.ownedByRequester`, { type: 'checkbox' })} />
                </SimpleGrid>
              )}
              <Switch label={t('catalogAdmin.required')} {...form.getInputProps(`${path}.required`, { type: 'checkbox' })} />
            </Stack>
          </Paper>
        );
      })}
      <Group>
        <Button variant="default" onClick={() => form.insertListItem('form', { ...emptyField })} disabled={fields.length >= 50}>
          {t('catalogAdmin.addQuestion')}
        </Button>
      </Group>
    </Stack>
  );
}

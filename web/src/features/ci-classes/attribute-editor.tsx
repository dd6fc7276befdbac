/**
 * The class's own custom attributes: each with its label, key, type, whether it is required, a help
 * text and its type's options (text: length and pattern; number: range and whole numbers; choice: the
 * values; configuration item: the class it must be of). Attributes move with buttons, so the order
 * is keyboard-friendly.
 */
import { Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { PickerOption } from '../../components/entity-picker';
import { ListItemControls } from '../catalog-admin/form-builder';
import { attributeTypes, emptyAttribute, keyFromLabel, type ClassDraft } from './class-draft';

interface AttributeEditorProps {
  form: UseFormReturnType<ClassDraft>;
  classOptions: PickerOption[];
  /** Keys the class already has from its parents or Steward, which custom attributes must not reuse. */
  takenKeys: ReadonlySet<string>;
}

export function AttributeEditor({ form, classOptions, takenKeys }: AttributeEditorProps) {
  const { t } = useTranslation();
  const attributes = form.values.customAttributes;
  return (
    <Stack>
      {typeof form.errors.customAttributes === 'string' && (
        <Text c="red" size="sm" role="alert">
          {form.errors.customAttributes}
        </Text>
      )}
      {attributes.length === 0 && <Text c="dimmed">{t('ciClasses.noCustom')}</Text>}
      {attributes.map((attribute, i) => {
        const name = attribute.label || t('ciClasses.attributeN', { n: i + 1 });
        const path = `customAttributes.${i}`;
        return (
          <Paper key={i} withBorder p="sm" component="fieldset" aria-label={name} style={{ margin: 0 }}>
            <Stack gap="xs">
              <Group justify="space-between">
                <Text fw={600} size="sm">
                  {name}
                </Text>
                <ListItemControls
                  index={i}
                  count={attributes.length}
                  name={name}
                  onMove={(from, to) => form.reorderListItem('customAttributes', { from, to })}
                  onRemove={() => form.removeListItem('customAttributes', i)}
                />
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  label={t('ciClasses.attributeLabel')}
                  required
                  maxLength={200}
                  {...form.getInputProps(`${path}.label`)}
                  onBlur={() => {
                    if (!attribute.key.trim() && attribute.label.trim()) form.setFieldValue(`${path}.key`, keyFromLabel(attribute.label));
                  }}
                />
                <TextInput
                  label={t('ciClasses.attributeKey')}
                  description={t('ciClasses.attributeKeyHint')}
                  maxLength={40}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  {...form.getInputProps(`${path}.key`)}
                  error={form.errors[`${path}.key`] ?? (takenKeys.has(attribute.key.trim()) ? t('ciClasses.keyTaken') : undefined)}
                />
                <Select
                  label={t('ciClasses.attributeType')}
                  data={attributeTypes.map((value) => ({ value, label: t(`ciClasses.types.${value}`) }))}
                  allowDeselect={false}
                  {...form.getInputProps(`${path}.type`)}
                />
              </SimpleGrid>
              <TextInput label={t('ciClasses.help')} maxLength={500} {...form.getInputProps(`${path}.help`)} />
              {attribute.type === 'text' && (
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <NumberInput label={t('ciClasses.maxLength')} min={1} max={10000} allowDecimal={false} {...form.getInputProps(`${path}.maxLength`)} />
                  <TextInput label={t('ciClasses.pattern')} description={t('ciClasses.patternHint')} maxLength={200} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} {...form.getInputProps(`${path}.pattern`)} />
                </SimpleGrid>
              )}
              {attribute.type === 'number' && (
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <NumberInput label={t('ciClasses.min')} {...form.getInputProps(`${path}.min`)} />
                  <NumberInput label={t('ciClasses.max')} {...form.getInputProps(`${path}.max`)} />
                  <Switch mt="xl" label={t('ciClasses.integer')} {...form.getInputProps(`${path}.integer`, { type: 'checkbox' })} />
                </SimpleGrid>
              )}
              {attribute.type === 'choice' && (
                <Textarea label={t('ciClasses.choices')} description={t('ciClasses.choicesHint')} required autosize minRows={3} {...form.getInputProps(`${path}.choices`)} />
              )}
              {attribute.type === 'ci' && (
                <Select
                  label={t('ciClasses.ciClass')}
                  description={t('ciClasses.ciClassHint')}
                  placeholder={t('ciClasses.anyClass')}
                  data={classOptions}
                  searchable
                  clearable
                  {...form.getInputProps(`${path}.ciClass`)}
                />
              )}
              <Switch label={t('ciClasses.required')} description={t('ciClasses.requiredHint')} {...form.getInputProps(`${path}.required`, { type: 'checkbox' })} />
            </Stack>
          </Paper>
        );
      })}
      <Group>
        <Button variant="default" onClick={() => form.insertListItem('customAttributes', { ...emptyAttribute })} disabled={attributes.length >= 100}>
          {t('ciClasses.addAttribute')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The class's attributes as a section of the item form, each input by its type. */
import { SimpleGrid, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { CiClass } from '../../api/types';
import { FormSection } from '../../components/form-section';
import { AttributeInput } from './attribute-input';
import type { CiDraft } from './ci-draft';

export function AttributeFields({ form, ciClass, selfId }: { form: UseFormReturnType<CiDraft>; ciClass: CiClass; selfId?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <FormSection title={t('cmdb.attributesOf', { name: ciClass.name })} />
      {ciClass.attributes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('cmdb.noAttributes')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {ciClass.attributes.map((attribute) => (
            <AttributeInput
              key={attribute.key}
              attribute={attribute}
              value={form.values.attributes[attribute.key] ?? null}
              onChange={(value) => form.setFieldValue(`attributes.${attribute.key}`, value)}
              error={form.errors[`attributes.${attribute.key}`]}
              selfId={selfId}
            />
          ))}
        </SimpleGrid>
      )}
    </>
  );
}

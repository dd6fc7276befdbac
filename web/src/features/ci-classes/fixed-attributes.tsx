/** The attributes a class has that its editor cannot change: Steward's built-in ones and those inherited from parents. */
import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CiAttribute } from '../../api/types';

export function FixedAttributes({ attributes }: { attributes: readonly CiAttribute[] }) {
  const { t } = useTranslation();
  if (attributes.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('ciClasses.noFixed')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table withTableBorder fz="sm" aria-label={t('ciClasses.fixedAttributes')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('ciClasses.attributeLabel')}</Table.Th>
            <Table.Th scope="col">{t('ciClasses.attributeKey')}</Table.Th>
            <Table.Th scope="col">{t('ciClasses.attributeType')}</Table.Th>
            <Table.Th scope="col">{t('ciClasses.source')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {attributes.map((a) => (
            <Table.Tr key={a.key}>
              <Table.Td>
                {a.label}
                {a.required && (
                  <Text span c="red" aria-label={t('ciClasses.required')}>
                    {' *'}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ff="monospace">{a.key}</Table.Td>
              <Table.Td>
                {t(`ciClasses.types.${a.type}`)}
                {a.choices && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    ({a.choices.join(', ')})
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={a.source === 'builtin' ? 'gray' : 'blue'}>
                  {a.source === 'inherited' ? t('ciClasses.inheritedFrom', { key: a.definedBy }) : t(`ciClasses.sources.${a.source}`)}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

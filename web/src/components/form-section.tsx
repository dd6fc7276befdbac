/** A divider and a level-two heading that open a section of a long editor form. */
import { Divider, Title } from '@mantine/core';

export function FormSection({ title }: { title: string }) {
  return (
    <>
      <Divider my="xs" />
      <Title order={2} size="h4">
        {title}
      </Title>
    </>
  );
}

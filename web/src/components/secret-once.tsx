/** A dialog that shows a secret (API token, temporary password) exactly once, with a copy button. */
import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface SecretOnceProps {
  title: string;
  /** The secret; the dialog is open while it is non-null. Clear it on close so it is gone for good. */
  secret: string | null;
  description: string;
  onClose: () => void;
}

export function SecretOnce({ title, secret, description, onClose }: SecretOnceProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={secret !== null} onClose={onClose} title={title} closeOnClickOutside={false} size="lg">
      <Stack>
        <Alert color="yellow" title={t('secret.warningTitle')}>
          {description}
        </Alert>
        <Code block data-testid="secret-value" fz="md" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {secret}
        </Code>
        <Group justify="space-between">
          <CopyButton value={secret ?? ''}>
            {({ copied, copy }) => (
              <Button variant={copied ? 'light' : 'filled'} color={copied ? 'teal' : undefined} onClick={copy} data-autofocus>
                {copied ? t('secret.copied') : t('secret.copy')}
              </Button>
            )}
          </CopyButton>
          <Button variant="default" onClick={onClose}>
            {t('secret.done')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {t('secret.notShownAgain')}
        </Text>
      </Stack>
    </Modal>
  );
}

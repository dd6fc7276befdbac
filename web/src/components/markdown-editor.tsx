/** A Markdown text field with a Write / Preview switch, so people see what their formatting will look like. */
import { useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { Box, Paper, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Markdown } from './markdown';

interface MarkdownEditorProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
  description?: ReactNode;
  placeholder?: string;
  minRows?: number;
  required?: boolean;
  onKeyDown?: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
  textareaRef?: Ref<HTMLTextAreaElement>;
  /** Extra controls shown beside the Write / Preview switch. */
  controls?: ReactNode;
  'data-autofocus'?: boolean;
}

export function MarkdownEditor(props: MarkdownEditorProps) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'write' | 'preview'>('write');
  return (
    <Stack gap={4}>
      <Box style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-end', gap: 8, flexWrap: 'wrap' }}>
        <Text component="span" size="sm" fw={500}>
          {props.label}
          {props.required && (
            <Text component="span" c="red" aria-hidden="true">
              {' *'}
            </Text>
          )}
        </Text>
        <Box style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
          {props.controls}
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(value) => setMode(value as 'write' | 'preview')}
            data={[
              { value: 'write', label: t('markdown.write') },
              { value: 'preview', label: t('markdown.preview') },
            ]}
            aria-label={t('markdown.mode', { field: props.label })}
          />
        </Box>
      </Box>
      {mode === 'write' ? (
        <Textarea
          aria-label={props.label}
          ref={props.textareaRef}
          value={props.value}
          onChange={(event) => props.onChange(event.currentTarget.value)}
          onKeyDown={props.onKeyDown}
          placeholder={props.placeholder}
          description={props.description ?? t('markdown.hint')}
          error={props.error}
          autosize
          minRows={props.minRows ?? 4}
          maxRows={20}
          required={props.required}
          data-autofocus={props['data-autofocus']}
        />
      ) : (
        <Paper withBorder p="sm" mih={80} aria-label={t('markdown.previewOf', { field: props.label })}>
          {props.value.trim() ? <Markdown text={props.value} /> : <Text c="dimmed" size="sm">{t('markdown.nothingToPreview')}</Text>}
        </Paper>
      )}
    </Stack>
  );
}

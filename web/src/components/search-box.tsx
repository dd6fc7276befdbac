/** The search field of a list page: debounced, and focused by pressing `/` anywhere on the page. */
import { useEffect, useRef, useState } from 'react';
import { Kbd, TextInput } from '@mantine/core';
import { useDebouncedCallback, useHotkeys } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

interface SearchBoxProps {
  value: string | undefined;
  onSearch: (q: string | undefined) => void;
  label?: string;
}

export function SearchBox({ value, onSearch, label }: SearchBoxProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(value ?? '');
  const commit = useDebouncedCallback((q: string) => onSearch(q.trim() || undefined), 300);
  useHotkeys([['/', () => ref.current?.focus()]]);
  useEffect(() => setText(value ?? ''), [value]);
  return (
    <TextInput
      ref={ref}
      type="search"
      label={label ?? t('common.search')}
      placeholder={t('common.searchPlaceholder')}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        commit(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          commit.cancel();
          onSearch(text.trim() || undefined);
        }
      }}
      rightSection={<Kbd size="xs">/</Kbd>}
      w={280}
    />
  );
}

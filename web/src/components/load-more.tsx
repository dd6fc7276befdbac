/** The "Load more" button under a cursor-paginated list. */
import { Button, Center } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface LoadMoreProps {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
}

export function LoadMore({ hasMore, loading, onLoad }: LoadMoreProps) {
  const { t } = useTranslation();
  if (!hasMore) return null;
  return (
    <Center mt="md">
      <Button variant="default" loading={loading} onClick={onLoad}>
        {t('common.loadMore')}
      </Button>
    </Center>
  );
}

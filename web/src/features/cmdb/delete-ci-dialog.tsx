/** Deletes an item after asking; when tickets or other items still refer to it, offers to retire it instead. */
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, must, mustSucceed } from '../../api/client';
import type { ConfigurationItem } from '../../api/types';
import { DeleteDialog } from '../../components/delete-dialog';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { cmdbKey, useCiSaved } from './cmdb-api';

export function DeleteCiDialog({ ci, onClose }: { ci: ConfigurationItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const saved = useCiSaved();
  return (
    <DeleteDialog
      record={ci}
      title={t('cmdb.delete.title')}
      message={(record) => t('cmdb.delete.message', { key: record.key, name: record.name })}
      refusedTitle={t('cmdb.delete.refused')}
      remove={(record) => mustSucceed(api.DELETE('/api/v1/configuration-items/{id}', { params: { path: { id: record.id } } }))}
      onDeleted={(record) => {
        void queryClient.invalidateQueries({ queryKey: [...cmdbKey, 'list'] });
        showSuccess(t('cmdb.delete.done', { key: record.key }));
        void navigate({ to: '/cmdb' });
      }}
      onClose={onClose}
      alternative={
        ci && ci.status !== 'retired'
          ? {
              label: t('cmdb.delete.retireInstead'),
              run: async (record) => {
                try {
                  const next = await must(api.PATCH('/api/v1/configuration-items/{id}', { params: { path: { id: record.id } }, body: { version: record.version, status: 'retired' } }));
                  saved(next);
                  showSuccess(t('cmdb.delete.retired', { key: next.key }));
                } catch (error) {
                  showProblem(error);
                  throw error;
                }
              },
            }
          : undefined
      }
    />
  );
}

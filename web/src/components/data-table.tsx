/**
 * The list grid every admin page uses: TanStack Table for the column model, Mantine's Table for markup.
 * Paging, sorting and filtering happen on the server; this only renders the page it is given.
 */
import { Fragment, type ReactNode } from 'react';
import { Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { createColumnHelper, tableFeatures, useTable, type ColumnDef, type RowData } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';

const features = tableFeatures({});
type Features = typeof features;

/** Column helper for a DataTable over rows of type T. */
export function columnsFor<T extends RowData>() {
  return createColumnHelper<Features, T>();
}

/** Columns whose value types differ, typed as TanStack's own `columns()` helper types them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a column's value type is invariant; mixed columns need `any` here
export type DataColumns<T extends RowData> = ColumnDef<Features, T, any>[];

/** Server-side sort: which columns sort under which `sort` name, and the current `sort` value. */
export interface SortSpec {
  value: string | undefined;
  byColumn: Record<string, string>;
  onChange: (sort: string) => void;
}

interface DataTableProps<T extends RowData> {
  columns: DataColumns<T>;
  data: T[];
  getRowId: (row: T) => string;
  caption: string;
  emptyText: string;
  loading?: boolean;
  sort?: SortSpec;
  /** The id of the row whose detail is open, rendered below it by `renderExpanded`. */
  expandedId?: string | null;
  renderExpanded?: (row: T) => ReactNode;
}

/** A header that sorts by its column; the direction is announced through the cell's `aria-sort`. */
function SortHeader({ label, name, sort }: { label: ReactNode; name: string; sort: SortSpec }) {
  const { t } = useTranslation();
  const direction = sort.value === name ? 'ascending' : sort.value === `-${name}` ? 'descending' : null;
  const next = direction === 'ascending' ? `-${name}` : name;
  return (
    <UnstyledButton onClick={() => sort.onChange(next)} fw={700} fz="sm" title={t('table.sortBy')}>
      {label}
      <span aria-hidden="true">{direction === 'ascending' ? ' ▲' : direction === 'descending' ? ' ▼' : ''}</span>
    </UnstyledButton>
  );
}

export function DataTable<T extends RowData>(props: DataTableProps<T>) {
  const { t } = useTranslation();
  const table = useTable({ features, columns: props.columns, data: props.data, getRowId: (row) => props.getRowId(row) });
  const columnCount = props.columns.length;
  const rows = table.getRowModel().rows;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-busy={props.loading ?? false}>
        <VisuallyHidden component="caption">{props.caption}</VisuallyHidden>
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => {
                const sortName = props.sort?.byColumn[header.column.id];
                const value = props.sort?.value;
                const ariaSort = sortName && value ? (value === sortName ? 'ascending' : value === `-${sortName}` ? 'descending' : undefined) : undefined;
                const label = header.isPlaceholder ? null : <table.FlexRender header={header} />;
                return (
                  <Table.Th key={header.id} scope="col" aria-sort={ariaSort}>
                    {sortName && props.sort ? <SortHeader label={label} name={sortName} sort={props.sort} /> : label}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={columnCount}>
                <Text c="dimmed" ta="center" py="md">
                  {props.loading ? t('common.loading') : props.emptyText}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {rows.map((row) => (
            <Fragment key={row.id}>
              <Table.Tr>
                {row.getAllCells().map((cell) => (
                  <Table.Td key={cell.id}>
                    <table.FlexRender cell={cell} />
                  </Table.Td>
                ))}
              </Table.Tr>
              {props.renderExpanded && props.expandedId === row.id && (
                <Table.Tr>
                  <Table.Td colSpan={columnCount}>{props.renderExpanded(row.original)}</Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

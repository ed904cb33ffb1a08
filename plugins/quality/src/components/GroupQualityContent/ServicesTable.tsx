import { Link, Table, TableColumn } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { SquadEntityRow } from '@quality-pulse/plugin-quality-common';
import { formatRatio } from '../formatRatio';

type Row = {
  name: string;
  path: string;
  open: number;
  critical: number;
  escaped: string;
  escapedRate: number;
};

const countOf = (row: SquadEntityRow, severities: string[]) =>
  row.openBugs.bySeverity
    .filter(s => severities.includes(s.severity))
    .reduce((sum, s) => sum + s.count, 0);

/**
 * The squad's services side by side, in name order. Columns sort on demand;
 * the table ranks services, never people.
 */
export function ServicesTable({ rows }: { rows: SquadEntityRow[] }) {
  const data: Row[] = rows
    .map(row => {
      const ref = parseEntityRef(row.entityRef);
      return {
        name: ref.name,
        path: `/catalog/${ref.namespace}/${ref.kind.toLowerCase()}/${
          ref.name
        }/quality`,
        open: row.openBugs.total,
        critical: countOf(row, ['P0', 'P1']),
        escaped: formatRatio(row.escapedDefectRate, 'new bugs escaped'),
        escapedRate: row.escapedDefectRate.rate ?? -1,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const columns: TableColumn<Row>[] = [
    {
      title: 'Service',
      field: 'name',
      render: row => <Link to={row.path}>{row.name}</Link>,
    },
    { title: 'Open bugs', field: 'open', type: 'numeric' },
    { title: 'Open P0/P1', field: 'critical', type: 'numeric' },
    {
      title: 'Escaped defect rate',
      field: 'escaped',
      customSort: (a, b) => a.escapedRate - b.escapedRate,
    },
  ];
  return (
    <Table<Row>
      title="Services"
      options={{
        paging: rows.length > 20,
        pageSize: 20,
        search: false,
        padding: 'dense',
      }}
      columns={columns}
      data={data}
    />
  );
}

import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { ReactNode, useId, useState } from 'react';

/**
 * A chart with its text alternatives: a sentence for screen readers, and the
 * same numbers as a table anyone can open with the keyboard. The drawing
 * itself is hidden from assistive technology, which cannot read SVG paths.
 */
export function ChartFigure(props: {
  title: string;
  summary: string;
  columns: string[];
  rows: Array<Array<string | number>>;
  children: ReactNode;
}) {
  const { title, summary, columns, rows, children } = props;
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  return (
    <Box component="figure" m={0} aria-label={title}>
      <Box aria-hidden="true">{children}</Box>
      <Box
        component="figcaption"
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        style={{ gap: 8 }}
      >
        <Box component="span" fontSize="0.8125rem" data-testid="chart-summary">
          {summary}
        </Box>
        <Button
          size="small"
          aria-expanded={showTable}
          aria-controls={tableId}
          onClick={() => setShowTable(shown => !shown)}
        >
          {showTable ? 'Hide table' : 'Show as table'}
        </Button>
      </Box>
      {showTable && (
        <Box maxHeight={320} overflow="auto" id={tableId}>
          <Table size="small" aria-label={title}>
            <TableHead>
              <TableRow>
                {columns.map(column => (
                  <TableCell key={column}>{column}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map(row => (
                <TableRow key={String(row[0])}>
                  {row.map((cell, i) => (
                    <TableCell key={columns[i]}>{cell}</TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
}

import MuiLink from '@material-ui/core/Link';
import { ReactNode, useState } from 'react';
import { QualityItemsRequest } from '../../api';
import { ItemsDialog } from './ItemsDialog';
import { useQualityItemsScope } from './QualityItemsScope';

/**
 * A number that opens the items behind it. Outside a scope (a view without
 * item lists) it is plain text.
 */
export function ItemsLink(props: {
  /** What the list is, as the dialog's title: "Open P2 bugs". */
  title: string;
  request: Omit<QualityItemsRequest, 'limit' | 'offset'>;
  children: ReactNode;
}) {
  const { title, request, children } = props;
  const scope = useQualityItemsScope();
  const [open, setOpen] = useState(false);
  if (!scope) {
    return <>{children}</>;
  }
  return (
    <>
      <MuiLink
        component="button"
        color="inherit"
        underline="always"
        title={`Show them: ${title}`}
        aria-label={`${children}: show them (${title})`}
        onClick={() => setOpen(true)}
        style={{ font: 'inherit', verticalAlign: 'baseline' }}
      >
        {children}
      </MuiLink>
      {open && (
        <ItemsDialog
          title={title}
          request={request}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

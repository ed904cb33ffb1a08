import { Link } from '@backstage/core-components';
import { ReactNode } from 'react';

/** Only http(s) links are followed; anything else (a `javascript:` URL from a tool) is not a link. */
export function isHttpUrl(url: string | null | undefined): url is string {
  if (!url) return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * A link into a tracker, incident tool or repository, opened in a new tab.
 * The backend refuses other schemes, but data stored before it did, or a
 * tool's odd link, must not blank the card: core-components' Link throws on
 * a `javascript:` URL, so such a URL renders as plain text.
 */
export function ExternalLink(props: {
  url: string | null | undefined;
  children: ReactNode;
}) {
  if (!isHttpUrl(props.url)) return <>{props.children}</>;
  return (
    <Link to={props.url} target="_blank" rel="noopener noreferrer">
      {props.children}
    </Link>
  );
}

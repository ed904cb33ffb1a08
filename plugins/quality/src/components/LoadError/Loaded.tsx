import { Progress } from '@backstage/core-components';
import { ReactNode } from 'react';
import { LoadError } from './LoadError';

/** A load as `useAsyncRetry` reports it. */
export interface LoadState<T> {
  value?: T;
  loading: boolean;
  error?: Error;
  retry?: () => void;
}

/**
 * A view of loaded data: while it loads, `progress` (a progress bar unless
 * said otherwise); when it failed, the backend's message titled `title`,
 * with Retry; then `children` of the value.
 */
export function Loaded<T>(props: {
  state: LoadState<T>;
  title: string;
  progress?: ReactNode;
  children: (value: T) => ReactNode;
}) {
  const { state } = props;
  if (state.error) {
    return (
      <LoadError
        error={state.error}
        title={props.title}
        onRetry={state.retry}
      />
    );
  }
  if (state.loading || state.value === undefined) {
    return <>{props.progress ?? <Progress />}</>;
  }
  return <>{props.children(state.value)}</>;
}

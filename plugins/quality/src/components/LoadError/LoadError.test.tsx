import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { LoadError } from './LoadError';

describe('LoadError', () => {
  it('shows the title and the error, and retries on demand', async () => {
    const onRetry = jest.fn();
    await renderInTestApp(
      <LoadError
        error={new Error('backend unavailable')}
        title="Could not load quality data"
        onRetry={onRetry}
      />,
    );
    expect(screen.getByText(/Could not load quality data/)).toBeInTheDocument();
    expect(screen.getAllByText(/backend unavailable/).length).toBeGreaterThan(
      0,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('offers no retry when there is nothing to retry', async () => {
    await renderInTestApp(
      <LoadError
        error={new Error('nope')}
        title="Could not load your squads"
      />,
    );
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });
});

import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { Loaded } from './Loaded';

const show = (value: { open: number }) => <p>{value.open} open bugs</p>;

describe('Loaded', () => {
  it('shows the loaded value', async () => {
    await renderInTestApp(
      <Loaded
        state={{ value: { open: 4 }, loading: false }}
        title="Could not load"
      >
        {show}
      </Loaded>,
    );
    expect(screen.getByText('4 open bugs')).toBeInTheDocument();
  });

  it('shows progress, not a stale value, while it loads', async () => {
    await renderInTestApp(
      <Loaded
        state={{ value: { open: 4 }, loading: true }}
        title="Could not load"
        progress={<p>Loading the squad</p>}
      >
        {show}
      </Loaded>,
    );
    expect(screen.getByText('Loading the squad')).toBeInTheDocument();
    expect(screen.queryByText('4 open bugs')).toBeNull();
  });

  it('shows the failure with Retry', async () => {
    const retry = jest.fn();
    await renderInTestApp(
      <Loaded
        state={{
          loading: false,
          error: new Error('backend unavailable'),
          retry,
        }}
        title="Could not load the trends"
      >
        {show}
      </Loaded>,
    );
    expect(screen.getByText(/Could not load the trends/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });
});

import '@testing-library/jest-dom';

// jsdom has no ResizeObserver; recharts' ResponsiveContainer needs one to
// mount. Charts draw nothing at jsdom's zero size: tests read their text
// alternatives (summary sentence and table), as a screen reader would.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as any).ResizeObserver ??= ResizeObserverStub;

// Tests render whole views (tabs with dialogs and lazy charts); on a loaded
// 2-core CI machine one can take longer than Jest's default 5 s.
jest.setTimeout(30_000);

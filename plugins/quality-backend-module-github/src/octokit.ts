import { LoggerService } from '@backstage/backend-plugin-api';
import { RequestBudget } from '@quality-pulse/plugin-quality-node';
import type { Octokit } from '@octokit/rest';

// The plugins are typed against whichever @octokit/core npm hoisted next to
// them (Backstage pins an older one); at run time they take any Octokit.
type OctokitPlugin = Parameters<typeof Octokit.plugin>[0];
type QualityOctokitClass = ReturnType<typeof Octokit.plugin>;
export type QualityOctokit = InstanceType<QualityOctokitClass>;

let qualityOctokit: Promise<QualityOctokitClass> | undefined;

/** Octokit ships only ESM: loaded with import(), which the CommonJS backend can do. */
function loadOctokit(): Promise<QualityOctokitClass> {
  qualityOctokit ??= Promise.all([
    import('@octokit/rest'),
    import('@octokit/plugin-throttling'),
    import('@octokit/plugin-retry'),
  ]).then(([rest, throttle, retry]) =>
    rest.Octokit.plugin(
      throttle.throttling as unknown as OctokitPlugin,
      retry.retry as unknown as OctokitPlugin,
    ),
  );
  return qualityOctokit;
}

type LimitHandler = (
  retryAfter: number,
  options: { method: string; url: string },
  octokit: unknown,
  retryCount: number,
) => boolean;

/**
 * Octokit with throttling (honours Retry-After and X-RateLimit-Reset) and
 * retries of 5xx; every request, retries included, takes from the run's
 * budget, and errors name the call and status.
 */
export async function createQualityOctokit(settings: {
  token: string | undefined;
  apiBaseUrl: string;
  maxRetries: number;
  budget: RequestBudget;
  logger: LoggerService;
  signal: AbortSignal;
}): Promise<QualityOctokit> {
  const { maxRetries, budget, logger, signal } = settings;
  const QualityOctokit = await loadOctokit();
  const octokit = new QualityOctokit({
    auth: settings.token,
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => logger.warn(message),
      error: (message: string) => logger.debug(message),
    },
    baseUrl: settings.apiBaseUrl,
    request: { signal },
    retry: { retries: maxRetries },
    throttle: {
      onRateLimit: ((retryAfter, options, _octokit, retryCount) => {
        logger.warn(
          `GitHub rate limit on ${options.method} ${options.url}; retrying in ${retryAfter} s`,
        );
        return retryCount < maxRetries;
      }) as LimitHandler,
      onSecondaryRateLimit: ((retryAfter, options, _octokit, retryCount) => {
        logger.warn(
          `GitHub secondary rate limit on ${options.method} ${options.url}; retrying in ${retryAfter} s`,
        );
        return retryCount < maxRetries;
      }) as LimitHandler,
    },
  } as ConstructorParameters<QualityOctokitClass>[0]);
  octokit.hook.before('request', (options: { method: string; url: string }) => {
    signal.throwIfAborted();
    budget.take(`GitHub ${options.method} ${options.url}`);
  });
  // Outermost: when the run is aborted, stop waiting at once. Octokit reports
  // an aborted request as a 500 and its retry plugin would back off for seconds.
  octokit.hook.wrap('request', (request: any, options: any) =>
    Promise.race([
      request(options),
      new Promise((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason), {
          once: true,
        });
      }),
    ]),
  );
  octokit.hook.error('request', (error: any, options: any) => {
    // Name the call and status in the message, as the sync status shows it.
    const url = String(options.url).replace(/\{(\w+)\}/g, (_, name) =>
      options[name] === undefined ? `{${name}}` : String(options[name]),
    );
    const what = `GitHub ${options.method} ${url}`;
    if (typeof error?.message === 'string' && !error.message.startsWith(what)) {
      error.message = `${what}: ${error.status ? `HTTP ${error.status} ` : ''}${
        error.message
      }`;
    }
    throw error;
  });
  return octokit;
}

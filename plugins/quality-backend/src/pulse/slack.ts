/**
 * Posts to a Slack incoming webhook. Slack throttles (429 with Retry-After)
 * and fails (5xx); both are retried a few times with a pause, anything else
 * is final. The URL is a secret: errors never include it.
 */
export async function postToSlack(
  webhookUrl: string,
  message: unknown,
  options: {
    attempts?: number;
    timeoutMs?: number;
    sleep?: (ms: number) => Promise<void>;
  } = {},
): Promise<void> {
  const attempts = options.attempts ?? 3;
  const sleep = options.sleep ?? (ms => new Promise(r => setTimeout(r, ms)));
  let lastError = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let response: Response;
    try {
      response = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      lastError = `request failed (${(error as Error).name})`;
      await sleep(1000 * attempt);
      continue;
    }
    if (response.ok) {
      return;
    }
    lastError = `Slack answered ${response.status}`;
    if (response.status !== 429 && response.status < 500) {
      break; // a bad request or a revoked webhook does not get better by retrying
    }
    const retryAfter = Number(response.headers.get('retry-after'));
    await sleep(
      Number.isFinite(retryAfter) && retryAfter > 0
        ? Math.min(retryAfter, 30) * 1000
        : 1000 * attempt,
    );
  }
  throw new Error(`Slack webhook delivery failed: ${lastError}`);
}

import http from 'http';
import { AddressInfo } from 'net';
import { postToSlack } from './slack';

describe('postToSlack', () => {
  let server: http.Server;
  let url: string;
  const answers: Array<{ status: number; headers?: Record<string, string> }> =
    [];
  const bodies: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        bodies.push(body);
        const answer = answers.shift() ?? { status: 200 };
        res.writeHead(answer.status, answer.headers).end();
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/secret-path`;
  });
  afterAll(() => server.close());
  beforeEach(() => {
    answers.length = 0;
    bodies.length = 0;
  });

  it('waits as long as Retry-After says on 429 and retries 5xx', async () => {
    const pauses: number[] = [];
    answers.push(
      { status: 429, headers: { 'retry-after': '3' } },
      { status: 503 },
    );
    await postToSlack(
      url,
      { text: 'hello' },
      { sleep: async ms => void pauses.push(ms) },
    );
    expect(pauses).toEqual([3000, 2000]);
    expect(bodies.map(b => JSON.parse(b))).toEqual([
      { text: 'hello' },
      { text: 'hello' },
      { text: 'hello' },
    ]);
  });

  it('gives up after the attempts with an error that does not contain the URL', async () => {
    answers.push({ status: 500 }, { status: 500 }, { status: 500 });
    const failure = postToSlack(url, { text: 'x' }, { sleep: async () => {} });
    await expect(failure).rejects.toThrow(
      'Slack webhook delivery failed: Slack answered 500',
    );
    await expect(failure).rejects.not.toThrow(/secret-path/);
    expect(bodies).toHaveLength(3);
  });

  it('does not retry a request Slack rejects', async () => {
    answers.push({ status: 404 });
    await expect(
      postToSlack(url, { text: 'x' }, { sleep: async () => {} }),
    ).rejects.toThrow('Slack answered 404');
    expect(bodies).toHaveLength(1);
  });

  it('times out a webhook that does not answer', async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    await expect(
      postToSlack(
        `http://127.0.0.1:${port}/x`,
        {},
        { attempts: 1, timeoutMs: 200, sleep: async () => {} },
      ),
    ).rejects.toThrow('request failed (TimeoutError)');
    silent.closeAllConnections();
    silent.close();
  });
});

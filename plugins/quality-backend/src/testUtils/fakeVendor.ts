import http from 'http';
import { AddressInfo } from 'net';

/** A request the fake vendor received. */
export interface FakeVendorRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** What the fake vendor answers; `body` is sent as JSON, or as plain text when it is a string. */
export interface FakeVendorResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * A vendor API stand-in on 127.0.0.1: every request is recorded and answered
 * by `handle`, which tests write to replay the vendor's documented payloads,
 * pagination, rate-limit headers and errors. One-shot faults queued with
 * `failNext` are answered before `handle` sees the request.
 */
export async function startFakeVendor(
  handle: (
    request: FakeVendorRequest,
  ) => FakeVendorResponse | Promise<FakeVendorResponse>,
) {
  const requests: FakeVendorRequest[] = [];
  const faults: Array<{
    matches: (request: FakeVendorRequest) => boolean;
    response: FakeVendorResponse;
  }> = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body: any = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // not JSON: keep the text
    }
    const request: FakeVendorRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    requests.push(request);
    let response: FakeVendorResponse;
    const fault = faults.findIndex(f => f.matches(request));
    try {
      if (fault >= 0) {
        response = faults.splice(fault, 1)[0].response;
      } else {
        response = await handle(request);
      }
    } catch (error) {
      response = { status: 500, body: { message: String(error) } };
    }
    const payload =
      typeof response.body === 'string'
        ? response.body
        : JSON.stringify(response.body ?? {});
    res.writeHead(response.status ?? 200, {
      // A text body is what proxies answer a 502/503 with: not JSON.
      'content-type':
        typeof response.body === 'string'
          ? 'text/plain; charset=utf-8'
          : 'application/json; charset=utf-8',
      ...response.headers,
    });
    res.end(payload);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Answers the next request `matches` accepts with `response`, once. */
    failNext(
      matches: (request: FakeVendorRequest) => boolean,
      response: FakeVendorResponse,
    ) {
      faults.push({ matches, response });
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeVendor = Awaited<ReturnType<typeof startFakeVendor>>;

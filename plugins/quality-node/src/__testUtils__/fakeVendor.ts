import http from 'node:http';
import { AddressInfo } from 'node:net';
import express from 'express';
import {
  VendorContract,
  VendorContractOptions,
  vendorContract,
} from './vendorContract';

/**
 * A request the fake vendor received.
 * @public
 */
export interface FakeVendorRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/**
 * What the fake vendor answers; `body` is sent as JSON, or as plain text when it is a string.
 * @public
 */
export interface FakeVendorResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /**
   * A payload the description forbids, sent on purpose (a corrupt date, to
   * test that the module skips it): sent as it is, unchecked, and listed in
   * `undocumentedResponses` instead of `contractViolations`.
   */
  offContract?: boolean;
}

/** @public */
export interface FakeVendorOptions {
  /**
   * The vendor's published description (a file of `../shared/vendor-apis`,
   * e.g. `pagerduty/rest-openapiv3.json`). Every request is then checked
   * against the operation it names and every response against what that
   * operation documents: mismatches are collected in `contractViolations`,
   * which a contract test expects to be empty.
   */
  contract?: string;
  /** Which part of the description to load (see VendorContractOptions). */
  contractOptions?: VendorContractOptions;
}

/**
 * A vendor API stand-in on 127.0.0.1: every request is recorded and answered
 * by `handle`, which tests write to replay the vendor's documented payloads,
 * pagination, rate-limit headers and errors. One-shot faults queued with
 * `failNext` are answered before `handle` sees the request; a fault with a
 * status the operation does not document (a proxy's 502, say) is sent as
 * it is and listed in `undocumentedResponses`.
 * @public
 */
export async function startFakeVendor(
  handle: (
    request: FakeVendorRequest,
  ) => FakeVendorResponse | Promise<FakeVendorResponse>,
  options: FakeVendorOptions = {},
) {
  const requests: FakeVendorRequest[] = [];
  const contractViolations: string[] = [];
  const undocumentedResponses: string[] = [];
  const faults: Array<{
    matches: (request: FakeVendorRequest) => boolean;
    response: FakeVendorResponse;
  }> = [];
  const contract: VendorContract | undefined = options.contract
    ? await vendorContract(options.contract, options.contractOptions)
    : undefined;

  const app = express();
  // Parameters keep their names as sent (`service_ids[]`, `filter[status]`):
  // the descriptions name them so; repeated ones become lists.
  app.set('query parser', (query: string) => {
    const parsed: Record<string, string | string[]> = {};
    new URLSearchParams(query).forEach((value, key) => {
      const seen = parsed[key];
      if (seen === undefined) parsed[key] = value;
      else parsed[key] = Array.isArray(seen) ? [...seen, value] : [seen, value];
    });
    return parsed;
  });
  app.use(express.raw({ type: () => true, limit: '10mb' }));
  app.use((req, _res, next) => {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    let body: any = raw || undefined;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // not JSON: keep the text
    }
    req.body = body;
    const url = new URL(req.originalUrl, 'http://127.0.0.1');
    requests.push({
      method: req.method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    });
    next();
  });
  if (contract) {
    // express-openapi-validator looks for the matched operation on the query
    // object to tell literal `name[]` parameters from nested ones; it never
    // puts it there, so it is lent here, out of sight of the parameter list.
    app.use((req, _res, next) => {
      Object.defineProperty(req.query, '_openapi', {
        get: () => (req as any).openapi,
        enumerable: false,
      });
      next();
    });
    app.use(...contract.middleware);
  }
  app.use(async (req, res, next) => {
    const request = requests[requests.length - 1];
    let response: FakeVendorResponse;
    const fault = faults.findIndex(f => f.matches(request));
    try {
      response =
        fault >= 0
          ? faults.splice(fault, 1)[0].response
          : await handle(request);
    } catch (error) {
      response = { status: 500, body: { message: String(error) } };
    }
    const status = response.status ?? 200;
    const headers = response.headers ?? {};
    const where = `${request.method} ${request.path} → ${status}`;
    const documented = contract?.responsesOf((req as any).openapi);
    if (contract) {
      contractViolations.push(
        ...contract
          .headerErrors((req as any).openapi, status, headers)
          .map(error => `${where}: ${error}`),
      );
    }
    const isDocumented =
      !documented ||
      String(status) in documented ||
      `${String(status)[0]}XX` in documented ||
      'default' in documented;
    if (
      typeof response.body === 'string' ||
      !isDocumented ||
      response.offContract
    ) {
      if (contract && (!isDocumented || response.offContract)) {
        undocumentedResponses.push(where);
      }
      // A text body is what proxies answer a 502/503 with: not JSON.
      const text = typeof response.body === 'string';
      res
        .status(status)
        .set({
          'content-type': text
            ? 'text/plain; charset=utf-8'
            : 'application/json; charset=utf-8',
          ...headers,
        })
        .end(text ? response.body : JSON.stringify(response.body ?? {}));
      return;
    }
    // Sent through res.json, so the validator checks it against the description.
    try {
      res
        .status(status)
        .set(headers)
        .json(response.body ?? {});
    } catch (error) {
      next(error);
    }
  });
  app.use(
    (
      error: any,
      req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const details = (error.errors ?? [])
        .map((e: any) => `${e.path} ${e.message}`)
        .join('; ');
      contractViolations.push(
        `${req.method} ${req.originalUrl}: ${error.message}${
          details ? ` (${details})` : ''
        }`,
      );
      res
        .status(error.status ?? 500)
        .json({ contractViolation: error.message });
    },
  );

  const server = http.createServer(app);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** The description the fake is checked against, when it is there. */
    contract,
    requests,
    /** What the description does not allow; a contract test expects none. */
    contractViolations,
    /** Faults answered with a status the operation does not document. */
    undocumentedResponses,
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

/** @public */
export type FakeVendor = Awaited<ReturnType<typeof startFakeVendor>>;

/**
 * Closes the fakes a test started (emptying the list) and fails the test
 * when any received a request, or sent an answer, off the vendor's
 * published description: for a test file's `afterEach`.
 * @public
 */
export async function closeOnContract(
  vendors: Array<Pick<FakeVendor, 'close' | 'contractViolations'>>,
  vendorName: string,
): Promise<void> {
  const closing = vendors.splice(0);
  await Promise.all(closing.map(v => v.close()));
  const violations = closing.flatMap(v => v.contractViolations);
  if (violations.length > 0) {
    throw new Error(`Off ${vendorName}'s contract:\n${violations.join('\n')}`);
  }
}

import { UrlReaderService } from '@backstage/backend-plugin-api';
import { DocumentHome, isInsideHome } from './documentLocation';
import { MAX_DOCUMENT_BYTES, NOT_ASSESSED } from './documentLimits';

const READ_TIMEOUT_MS = 10_000;

export type DocumentRead = { markdown: string } | { notAssessed: string };

/** The body of a response, or undefined as soon as it passes `maxBytes` (nothing more is read). */
export async function readCapped(
  response: { buffer(): Promise<Buffer>; stream?(): NodeJS.ReadableStream },
  maxBytes: number,
): Promise<Buffer | undefined> {
  if (!response.stream) {
    // Readers without a stream buffer the body themselves; refuse it all the same.
    const whole = await response.buffer();
    return whole.length > maxBytes ? undefined : whole;
  }
  const stream = response.stream();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += bytes.length;
    if (size > maxBytes) {
      (stream as { destroy?: () => void }).destroy?.();
      return undefined;
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a pasted post-mortem link for assessment, only when it is a Markdown
 * file in the entity's own repository; otherwise, or when it is too large or
 * unreadable, says why it stays unassessed. The reason never repeats the
 * reader's error: it would tell whether a private file exists.
 */
export async function readLinkedDocument(
  reader: UrlReaderService,
  url: string,
  home: DocumentHome | undefined,
): Promise<DocumentRead> {
  if (!/\.(md|markdown)$/i.test(new URL(url).pathname)) {
    return { notAssessed: NOT_ASSESSED.notMarkdown };
  }
  if (!home || !isInsideHome(url, home)) {
    return { notAssessed: NOT_ASSESSED.outsideRepository };
  }
  try {
    const response = await reader.readUrl(url, {
      signal: AbortSignal.timeout(READ_TIMEOUT_MS),
    });
    const body = await readCapped(response, MAX_DOCUMENT_BYTES);
    return body
      ? { markdown: body.toString('utf8') }
      : { notAssessed: NOT_ASSESSED.tooLarge };
  } catch {
    return { notAssessed: NOT_ASSESSED.unreadable };
  }
}

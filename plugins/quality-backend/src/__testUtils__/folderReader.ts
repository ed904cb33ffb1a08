// Test helper: a UrlReader over an in-memory folder.
import { NotModifiedError } from '@backstage/errors';

/**
 * Serves `readTree` from `files`; the etag changes with the files. Like
 * Backstage's archive readers it passes each file's size to the filter,
 * unless `withSizes` is false (readers that do not know sizes up front).
 */
export class FolderReader {
  readonly requested: string[] = [];
  /** Paths whose content was read. */
  readonly contentRead: string[] = [];
  constructor(
    public files: Record<string, string>,
    private readonly withSizes = true,
  ) {}
  etag() {
    return JSON.stringify(this.files).length.toString(16);
  }
  async readTree(
    url: string,
    options: {
      etag?: string;
      filter?: (path: string, info?: { size: number }) => boolean;
    } = {},
  ) {
    this.requested.push(url);
    const etag = this.etag();
    if (options.etag === etag) {
      throw new NotModifiedError();
    }
    const paths = Object.keys(this.files).filter(
      path =>
        options.filter?.(
          path,
          this.withSizes
            ? { size: Buffer.byteLength(this.files[path]) }
            : undefined,
        ) ?? true,
    );
    return {
      etag,
      files: async () =>
        paths.map(path => ({
          path,
          content: async () => {
            this.contentRead.push(path);
            return Buffer.from(this.files[path]);
          },
        })),
      archive: async () => {
        throw new Error('not used');
      },
      dir: async () => {
        throw new Error('not used');
      },
    };
  }
}

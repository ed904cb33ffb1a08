/** Documents are small; anything bigger is not a one-page root-cause note, and is not read. */
export const MAX_DOCUMENT_BYTES = 256 * 1024;

/** Why a linked or annotated document was stored without an assessment, as the post-mortem shows it. */
export const NOT_ASSESSED = {
  tooLarge: `document larger than ${
    MAX_DOCUMENT_BYTES / 1024
  } KB, not assessed`,
  outsideRepository:
    "outside the service's own repository (backstage.io/source-location), not read",
  unreadable: 'the document could not be read, not assessed',
  notMarkdown: 'not a Markdown document, not assessed',
} as const;

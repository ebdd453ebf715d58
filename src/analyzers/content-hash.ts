import { createHash } from 'node:crypto';

/**
 * A digest of a file's text. Parsed files are cached under it, so text seen before (an undone edit, a rescan
 * after a settings change) is never parsed again, and equal text is recognised without keeping two copies.
 */
export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

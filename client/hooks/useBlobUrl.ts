/** An object URL for text built in the browser (a download of filtered rows), revoked when the text changes. */
import { useEffect, useMemo } from 'react';

export function useBlobUrl(text: string | null, type: string): string | null {
  const url = useMemo(() => (text === null ? null : URL.createObjectURL(new Blob([text], { type }))), [text, type]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  return url;
}

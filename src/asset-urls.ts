// Where the files that ship beside the bundle are: the two worklets and the string tables of
// the languages other than English. Vite emits them next to the bundle and resolves these URLs
// against the script's own URL at load time (import.meta.url, or document.currentScript in the
// classic-script build), so a CDN-hosted script finds them on the CDN.
import captureWorkletUrl from '../worklets/capture-processor.ts?worker&url';
import playbackWorkletUrl from '../worklets/playback-processor.ts?worker&url';
import stringsUrl from './locales/voice-agent-strings.ts?worker&url';

export interface AssetUrls {
  capture: string;
  playback: string;
  strings: string;
}

/**
 * The asset URLs, or the same file names under `base` when the site owner hosts them
 * elsewhere (attribute `worklet-base`).
 */
export function assetUrls(base?: string | null): AssetUrls {
  if (!base) return { capture: captureWorkletUrl, playback: playbackWorkletUrl, strings: stringsUrl };
  const folder = new URL(base.endsWith('/') ? base : `${base}/`, document.baseURI);
  return {
    capture: new URL('capture-processor.js', folder).href,
    playback: new URL('playback-processor.js', folder).href,
    strings: new URL('voice-agent-strings.js', folder).href,
  };
}

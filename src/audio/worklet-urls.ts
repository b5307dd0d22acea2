// Where the worklet files are. Vite emits them next to the bundle and resolves these URLs
// against the script's own URL at load time (import.meta.url, or document.currentScript in
// the classic-script build), so a CDN-hosted script finds its worklets on the CDN.
import captureWorkletUrl from '../../worklets/capture-processor.ts?worker&url';
import playbackWorkletUrl from '../../worklets/playback-processor.ts?worker&url';

export interface WorkletUrls {
  capture: string;
  playback: string;
}

/**
 * The worklet URLs, or the same file names under `base` when the site owner hosts the
 * worklets elsewhere (attribute `worklet-base`).
 */
export function workletUrls(base?: string | null): WorkletUrls {
  if (!base) return { capture: captureWorkletUrl, playback: playbackWorkletUrl };
  const folder = new URL(base.endsWith('/') ? base : `${base}/`, document.baseURI);
  return {
    capture: new URL('capture-processor.js', folder).href,
    playback: new URL('playback-processor.js', folder).href,
  };
}

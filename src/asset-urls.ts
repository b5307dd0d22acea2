// Where the files that ship beside the bundle are: the two worklets, the provider adapters and
// the string tables of the languages other than English. Vite emits them next to the bundle
// and resolves these URLs against the script's own URL at load time (import.meta.url, or
// document.currentScript in the classic-script build), so a CDN-hosted script finds them there.
import captureWorkletUrl from '../worklets/capture-processor.ts?worker&url';
import playbackWorkletUrl from '../worklets/playback-processor.ts?worker&url';
import stringsUrl from './locales/voice-agent-strings.ts?worker&url';
import lyzrAdapterUrl from './adapters/voice-agent-lyzr.ts?worker&url';
import anunziAdapterUrl from './adapters/voice-agent-anunzi.ts?worker&url';

const BUNDLED = {
  capture: captureWorkletUrl,
  playback: playbackWorkletUrl,
  strings: stringsUrl,
  lyzr: lyzrAdapterUrl,
  anunzi: anunziAdapterUrl,
};

export type Asset = keyof typeof BUNDLED;

/**
 * The asset's URL, or the same file name under `base` when the site owner hosts the files
 * elsewhere (attribute `worklet-base`).
 */
export function assetUrl(asset: Asset, base?: string | null): string {
  const bundled = BUNDLED[asset];
  if (!base) return bundled;
  const folder = new URL(base.endsWith('/') ? base : `${base}/`, document.baseURI);
  return new URL(bundled.slice(bundled.lastIndexOf('/') + 1), folder).href;
}

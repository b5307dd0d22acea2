// Where the files that ship beside the bundle are: the two worklets, the provider adapters and
// the string tables of the languages other than English. Vite emits them next to the bundle
// and resolves these URLs against the script's own URL at load time (import.meta.url, or
// document.currentScript in the classic-script build), so a CDN-hosted script finds them there.
import captureWorkletUrl from '../worklets/capture-processor.ts?worker&url';
import playbackWorkletUrl from '../worklets/playback-processor.ts?worker&url';
import stringsUrl from './locales/voice-agent-strings.ts?worker&url';
import lyzrAdapterUrl from './adapters/voice-agent-lyzr.ts?worker&url';
import anunziAdapterUrl from './adapters/voice-agent-anunzi.ts?worker&url';

/** [URL resolved by the build, file name in dist/] of each asset. */
const ASSETS = {
  capture: [captureWorkletUrl, 'capture-processor.js'],
  playback: [playbackWorkletUrl, 'playback-processor.js'],
  strings: [stringsUrl, 'voice-agent-strings.js'],
  lyzr: [lyzrAdapterUrl, 'voice-agent-lyzr.js'],
  anunzi: [anunziAdapterUrl, 'voice-agent-anunzi.js'],
};

export type Asset = keyof typeof ASSETS;

/**
 * The asset's URL, or its file under `base` when the site owner hosts the files elsewhere
 * (attribute `worklet-base`).
 */
export function assetUrl(asset: Asset, base?: string | null): string {
  const [bundled, file] = ASSETS[asset];
  return base ? new URL(file, new URL(base.endsWith('/') ? base : `${base}/`, document.baseURI)).href : bundled;
}

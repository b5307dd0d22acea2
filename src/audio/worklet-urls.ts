// Where the two AudioWorklets are. They are always files of their own (a worklet cannot be
// part of the page's bundle); the build writes them as new URL('…-processor.js',
// import.meta.url), which Vite and webpack emit as files and rewrite, and which the
// classic-script build resolves against its own script URL, so a CDN-hosted script finds them.
import captureWorkletUrl from '../../worklets/capture-processor.ts?worker&url';
import playbackWorkletUrl from '../../worklets/playback-processor.ts?worker&url';

const WORKLETS = {
  capture: { bundled: captureWorkletUrl, file: 'capture-processor.js' },
  playback: { bundled: playbackWorkletUrl, file: 'playback-processor.js' },
};

export type Worklet = keyof typeof WORKLETS;

/**
 * The worklet's URL, or its file under `base` when the site owner hosts the worklets
 * elsewhere (attribute `worklet-base`).
 */
export function workletUrl(worklet: Worklet, base?: string | null): string {
  const { bundled, file } = WORKLETS[worklet];
  return base ? new URL(file, new URL(base.endsWith('/') ? base : `${base}/`, document.baseURI)).href : bundled;
}

// Loads the self-contained script-tag build: the ES build leaves `lit` to the app's bundler,
// and the bench pages have none.
export function loadScriptTagBuild() {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/dist/voice-agent.iife.js';
    script.onload = resolve;
    script.onerror = () => reject(new Error('could not load /dist/voice-agent.iife.js'));
    document.head.append(script);
  });
}

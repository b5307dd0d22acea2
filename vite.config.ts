import { defineConfig } from 'vite';

// Two library builds into dist/, both with the AudioWorklets as separate files beside them
// (real files, not blob:/data: URLs, so strict-CSP pages can load them):
// - `vite build`: the ES module (what `import 'voice-agent'` gives bundlers). lit stays a peer
//   import, so an app that uses lit ships it once and SSR gets lit's Node build; each provider
//   adapter and each string table is a real import() chunk the app's bundler splits itself.
// - `vite build --mode script-tag`: one self-contained classic script (lit, both adapters and
//   every language inside) for a plain <script> tag from any CDN.
/** Readable chunk names: chunks/lyzr-adapter.js, chunks/strings-es.js, chunks/<shared module>.js. */
function chunkFileName({ facadeModuleId, name }: { facadeModuleId: string | null; name: string }): string {
  const adapter = facadeModuleId?.match(/providers\/([\w-]+)\/adapter\.ts$/);
  if (adapter) return `chunks/${adapter[1]}-adapter.js`;
  const locale = facadeModuleId?.match(/locales\/([\w-]+)\.ts$/);
  if (locale) return `chunks/strings-${locale[1]}.js`;
  return `chunks/${name}.js`;
}

export default defineConfig(({ mode }) => {
  const scriptTag = mode === 'script-tag';
  return {
    base: './',
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: !scriptTag,
      sourcemap: true,
      minify: 'terser',
      terserOptions: { compress: { passes: 3, reduce_funcs: false }, module: true, format: { comments: false, preserve_annotations: false, ecma: 2020 } },
      cssMinify: 'esbuild',
      lib: {
        entry: 'src/index.ts',
        name: 'VoiceAgent',
        formats: [scriptTag ? 'iife' : 'es'],
        fileName: () => (scriptTag ? 'voice-agent.iife.js' : 'voice-agent.js'),
      },
      rolldownOptions: {
        external: scriptTag ? [] : [/^lit(\/|$)/],
        // Code the chunks share with the element stays in the entry (they import it from there).
        preserveEntrySignatures: 'allow-extension',
        output: {
          minify: { codegen: { removeWhitespace: true } },
          chunkFileNames: chunkFileName,
          ...(scriptTag ? { inlineDynamicImports: true } : {}),
        },
      },
    },
    worker: {
      format: 'es',
      rollupOptions: { output: { entryFileNames: '[name].js', minify: { compress: false, mangle: true, codegen: { removeWhitespace: true } } } },
    },
  };
});

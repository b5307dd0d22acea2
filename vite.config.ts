import { defineConfig } from 'vite';

// Library build: the element as an ES module and as a classic script (IIFE) for a plain
// <script> tag, plus the two AudioWorklets as separate files beside them. Worklets are real
// files (not blob:/data: URLs) so strict-CSP pages can load them.
export default defineConfig({
  base: './',
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: 'terser',
    terserOptions: { compress: { passes: 3, reduce_funcs: false }, module: true, format: { comments: false, preserve_annotations: false, ecma: 2020 } },
    cssMinify: 'esbuild',
    rolldownOptions: { output: { minify: { codegen: { removeWhitespace: true } } } },
    lib: {
      entry: 'src/index.ts',
      name: 'VoiceAgent',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'es' ? 'voice-agent.js' : 'voice-agent.iife.js'),
    },
  },
  worker: {
    format: 'es',
    rollupOptions: { output: { entryFileNames: '[name].js', minify: { compress: false, mangle: true, codegen: { removeWhitespace: true } } } },
  },
});

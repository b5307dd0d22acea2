// mock-socket's package entry is UMD; tests import its ES build directly.
declare module 'mock-socket/dist/mock-socket.es.mjs' {
  export * from 'mock-socket';
}

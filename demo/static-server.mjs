// A small static file server for the demo page, the "CDN" that hosts dist/, and the test
// pages that play a site owner's page. `{{NAME}}` placeholders in .html files are filled
// from `vars`, so pages stay plain HTML with no inline script.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * The strict policy a careful site owner would use: scripts only from the page itself and the
 * CDN, styles only from files, no inline anything, no eval, no blob:/data:.
 */
export function strictCsp({ scriptOrigins, connectOrigins, frameAncestors = "'none'" }) {
  return [
    "default-src 'none'",
    `script-src 'self' ${scriptOrigins.join(' ')}`,
    "style-src 'self'",
    "img-src 'self'",
    // Socket URLs are opaque (the vendor picks the host), so any ws:/wss: is allowed.
    `connect-src 'self' ${connectOrigins.join(' ')} ws: wss:`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

const valueOf = (option) => (typeof option === 'function' ? option() : option);

/**
 * @param {object} options
 * @param {string} options.root folder to serve
 * @param {number} [options.port] 0 picks a free port
 * @param {string} [options.host]
 * @param {Record<string,string> | (() => Record<string,string>)} [options.headers] added to every response (CORS, CSP…)
 * @param {Record<string,string> | (() => Record<string,string>)} [options.vars] placeholder values for .html
 * @returns {Promise<{url: string, port: number, close(): Promise<void>}>}
 */
export async function startStaticServer({ root, port = 0, host = '127.0.0.1', headers = {}, vars = {} }) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      let body = await readFile(file);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      if (extname(file) === '.html') {
        const values = valueOf(vars);
        body = body.toString('utf8').replace(/\{\{(\w+)\}\}/g, (match, name) => values[name] ?? match);
      }
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache', ...valueOf(headers) });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain', ...valueOf(headers) }).end('Not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actualPort = server.address().port;
  return {
    url: `http://${host}:${actualPort}`,
    port: actualPort,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

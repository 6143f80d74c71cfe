#!/usr/bin/env node
// A tiny same-origin server for development and end-to-end tests: serves the built app from
// `dist/` (hashed assets cached forever, index.html for every other app path) and proxies `/api`
// — plain HTTP and the WebSocket upgrade — to a Stoa server. No dependencies beyond Node.
//
//   STOA_API=http://127.0.0.1:18081 PORT=18090 node e2e/serve.mjs
//
// It follows the rules the Stoa binary follows when it serves the app itself (see README.md).

import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** The policy the app is written to run under (nothing inline, nothing from elsewhere). */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths that are never the app: the API, and files the app does not have. */
function isApiPath(p) {
  return p === '/api' || p.startsWith('/api/');
}

/**
 * Starts the server. Returns `{ url, close }`.
 * @param {{ upstream: string, port?: number, host?: string, distDir?: string }} opts
 */
export async function startServer({ upstream, port = 0, host = '127.0.0.1', distDir = path.join(here, '..', 'dist') }) {
  const up = new URL(upstream);
  const upPort = Number(up.port || (up.protocol === 'https:' ? 443 : 80));
  if (up.protocol !== 'http:') throw new Error('serve.mjs proxies to http:// upstreams only');
  const indexFile = path.join(distDir, 'index.html');
  if (!fs.existsSync(indexFile)) throw new Error(`${indexFile} is missing: run npm run build first`);
  const root = path.resolve(distDir);
  const sockets = new Set();
  let upgradesBlocked = false;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (isApiPath(url.pathname)) return proxyHttp(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    serveStatic(url.pathname, req, res);
  });

  function proxyHttp(req, res) {
    const upReq = http.request(
      { host: up.hostname, port: upPort, method: req.method, path: req.url, headers: req.headers },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    upReq.on('error', () => {
      if (!res.headersSent) {
        res.writeHead(502, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id: 'proxy.upstream', message: 'The Stoa server is not reachable.', status_code: 502 }));
      } else {
        res.destroy();
      }
    });
    req.pipe(upReq);
  }

  function serveStatic(pathname, req, res) {
    let decoded;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = path.resolve(root, '.' + decoded);
    const inside = file === root || file.startsWith(root + path.sep);
    const stat = inside && fs.existsSync(file) ? fs.statSync(file) : null;
    if (stat?.isFile() && file !== indexFile) {
      const immutable = decoded.startsWith('/assets/');
      send(res, req, file, {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
        'X-Content-Type-Options': 'nosniff',
      });
      return;
    }
    // A missing file (the last segment has an extension) is a 404, not the app: a stale page
    // must not get HTML for its JS. App paths never have one (team and channel names have no dot).
    if (path.posix.extname(decoded) !== '') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' }).end('Not found\n');
      return;
    }
    send(res, req, indexFile, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    });
  }

  function send(res, req, file, headers) {
    const body = fs.readFileSync(file);
    res.writeHead(200, { ...headers, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  // WebSocket: pass the upgrade request through byte for byte, then splice the two sockets.
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!isApiPath(url.pathname)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (upgradesBlocked) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    const upstreamSocket = net.connect(upPort, up.hostname, () => {
      let head0 = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
      for (let i = 0; i < req.rawHeaders.length; i += 2) head0 += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
      upstreamSocket.write(head0 + '\r\n');
      if (head?.length) upstreamSocket.write(head);
      socket.pipe(upstreamSocket).pipe(socket);
    });
    sockets.add(socket);
    sockets.add(upstreamSocket);
    const cleanup = () => {
      socket.destroy();
      upstreamSocket.destroy();
      sockets.delete(socket);
      sockets.delete(upstreamSocket);
    };
    socket.on('error', cleanup);
    socket.on('close', cleanup);
    upstreamSocket.on('error', cleanup);
    upstreamSocket.on('close', cleanup);
  });

  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const addr = server.address();
  const url = `http://${host}:${typeof addr === 'object' && addr ? addr.port : port}`;
  return {
    url,
    /** Drops every open connection (WebSockets too), keeping the server listening. */
    dropConnections() {
      for (const s of [...sockets]) s.destroy();
    },
    /** While blocked, WebSocket upgrades are refused (503): tests simulate an outage with it. */
    blockUpgrades(blocked) {
      upgradesBlocked = blocked;
    },
    close() {
      return new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const upstream = process.env.STOA_API ?? 'http://127.0.0.1:8065';
  const port = Number(process.env.PORT ?? 18090);
  startServer({ upstream, port }).then(
    (s) => {
      console.log(`serving dist/ at ${s.url}, /api → ${upstream}`);
      const stop = () => s.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (e) => {
      console.error(String(e.message ?? e));
      process.exit(1);
    },
  );
}

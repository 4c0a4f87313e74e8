#!/usr/bin/env node
// PREVIEW FIXTURE SERVER — serves apps/web/dist and answers the nester's API with fabricated
// sample data (preview-fixture.mjs), only to look at the UI without a real nester. Not the nester.
// Login: admin / admin. Usage: node apps/web/scripts/preview-server.mjs [--port 4173]
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleetBody } from './preview-fixture.mjs';
import { matrix, seriesFor } from './preview-series.mjs';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const COOKIE = 'seahawks_preview_session';
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
};

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  try {
    return JSON.parse(chunks.map((c) => c.toString('utf8')).join('') || '{}');
  } catch {
    return {};
  }
}

function signedIn(req) {
  return (req.headers.cookie ?? '').split(/;\s*/).includes(`${COOKIE}=admin`);
}

function queryRange(url, res) {
  const p = url.searchParams;
  const query = p.get('query') ?? '';
  const start = Number(p.get('start'));
  const end = Number(p.get('end'));
  const step = Number(p.get('step'));
  if (!query || !Number.isFinite(start) || !Number.isFinite(end) || !(step > 0) || end < start) {
    return send(res, 400, {
      status: 'error',
      errorType: 'bad_data',
      error: 'invalid query, start, end or step',
    });
  }
  if ((end - start) / step > 11000) {
    return send(res, 400, {
      status: 'error',
      errorType: 'bad_data',
      error: 'exceeded maximum resolution of 11,000 points per timeseries',
    });
  }
  const instance = /instance="([^"]*)"/.exec(query)?.[1] ?? '';
  const answer = seriesFor(query, instance);
  if ('error' in answer) {
    const { status, ...rest } = answer.error;
    return send(res, status, { status: 'error', ...rest });
  }
  return send(res, 200, {
    status: 'success',
    data: { resultType: 'matrix', result: matrix(answer.series, instance, start, end, step) },
  });
}

async function api(req, res, url) {
  if (req.method !== 'GET' && req.headers['x-seahawks-csrf'] !== '1') {
    return send(res, 403, { error: 'missing X-Seahawks-CSRF header' });
  }
  if (url.pathname === '/api/auth/login' && req.method === 'POST') {
    const { username, password } = await readJson(req);
    if (username !== 'admin' || password !== 'admin')
      return send(res, 401, { error: 'invalid username or password' });
    return send(
      res,
      200,
      { user: { name: 'admin', role: 'admin' } },
      { 'Set-Cookie': `${COOKIE}=admin; HttpOnly; SameSite=Strict; Path=/` },
    );
  }
  if (url.pathname === '/api/auth/logout' && req.method === 'POST') {
    res.writeHead(204, { 'Set-Cookie': `${COOKIE}=; Max-Age=0; Path=/` });
    return res.end();
  }
  if (!signedIn(req)) return send(res, 401, { error: 'not signed in' });
  if (url.pathname === '/api/auth/me') return send(res, 200, { user: { name: 'admin', role: 'admin' } });
  if (url.pathname === '/api/fleet') return send(res, 200, fleetBody());
  if (url.pathname === '/api/v1/query_range') return queryRange(url, res);
  return send(res, 404, { error: `no such endpoint: ${url.pathname}` });
}

async function staticFile(res, pathname) {
  const rel = normalize(pathname === '/' ? '/index.html' : pathname).replace(/^(\.\.[/\\])+/, '');
  const file = join(DIST, rel);
  if (!file.startsWith(DIST)) return send(res, 403, { error: 'forbidden' });
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    send(res, 404, { error: `not found: ${pathname} (did you run npm run build -w @seahawks/web?)` });
  }
}

/** Starts the preview server; port 0 picks a free one. Resolves to { url, close }. */
export function startPreviewServer({ port = 4173, host = '127.0.0.1' } = {}) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://preview.invalid');
    const handle = url.pathname.startsWith('/api/') ? api(req, res, url) : staticFile(res, url.pathname);
    handle.catch((error) => {
      console.error('preview fixture: cannot answer', req.url, error);
      if (!res.headersSent) send(res, 500, { error: String(error) });
    });
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        url: `http://${host}:${address.port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : 4173;
  const { url } = await startPreviewServer({ port });
  console.log(`Seahawks UI preview (fabricated fixture data, not a nester): ${url}  — login admin / admin`);
}

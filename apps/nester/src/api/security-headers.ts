import type { FastifyInstance } from 'fastify';

/**
 * The UI's Content-Security-Policy. Scripts only from the nester itself (Vite's build emits module
 * files and no inline script), so markup a hostile harvester smuggled into a page could not run
 * even if it were ever rendered as HTML. Styles allow inline ones: Preact and uPlot set `style`
 * from code and editors such as CodeMirror inject `<style>` elements; CSS cannot run script.
 * `data:` images are the favicon; `blob:` workers and images are for charts and the remote
 * desktop. Nothing may frame the UI (clickjacking), nor may it post forms elsewhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every answer of the UI port: harmless on JSON, essential on HTML. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

/** Adds {@link SECURITY_HEADERS} to every response of `app`, errors included. */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!reply.hasHeader(name)) void reply.header(name, value);
    }
    return payload;
  });
}

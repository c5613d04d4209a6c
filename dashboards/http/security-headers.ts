// Security headers on every answer: a Content-Security-Policy without inline scripts or styles
// (scripts and styles come from /static only), no framing, no MIME sniffing, no referrer, no
// caching of pages that carry personal data.
import type { MiddlewareHandler } from 'hono';

export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function securityHeaders(secure: boolean): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // A route may set a stricter policy of its own (downloads: sandbox; a report's HTML: its style hash).
    if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    if (secure) c.header('Strict-Transport-Security', 'max-age=31536000');
  };
}

// Is this survey POST cross-site? From the Fetch metadata (Sec-Fetch-Site) when the browser sends
// it, and from the Origin header compared with Host. An opaque origin (`Origin: null`) is what a
// browser sends for a form posted from a page under `Referrer-Policy: no-referrer` — which the
// survey pages are (Fetch standard, « append a request `Origin` header »): it says nothing about
// the site, so it is not a refusal by itself; the signed token in the form stays required.
export function isCrossSite(headers: { origin?: string; host?: string; secFetchSite?: string }): boolean {
  if (headers.secFetchSite === 'cross-site') return true;
  const origin = headers.origin;
  if (!origin || origin === 'null' || !headers.host) return false;
  try {
    return new URL(origin).host !== headers.host;
  } catch {
    return true;
  }
}

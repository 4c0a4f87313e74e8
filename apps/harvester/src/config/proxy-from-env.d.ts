// proxy-from-env ships no types; this is the one function the harvester uses (config/proxy.ts).
declare module 'proxy-from-env' {
  /**
   * The proxy URL for `url` from `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` (either case), or `''`
   * when none applies (no proxy set, or `NO_PROXY` matches).
   */
  export function getProxyForUrl(url: string | URL): string;
}

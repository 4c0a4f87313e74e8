/** The nester's version, reported by `/api/v1/status/buildinfo` and `--version`. */
export const NESTER_VERSION = '0.1.0';

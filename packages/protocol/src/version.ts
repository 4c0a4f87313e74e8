/**
 * Version of the harvester<->nester protocol (tunnel messages and their codecs). Bumped on any
 * change a peer of the previous version could not understand; peers exchange it in `hello`.
 */
export const PROTOCOL_VERSION = 1;

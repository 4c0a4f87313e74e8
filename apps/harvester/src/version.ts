/** The harvester's version, sent in its inventory and User-Agent. */
export const HARVESTER_VERSION = '0.1.0';

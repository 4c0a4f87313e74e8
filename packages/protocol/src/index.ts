export * from './remote-read/index.js';
export * from './remote-write/index.js';
export * from './version.js';
export * from './tunnel/index.js';

export * from './remote-write/index.js';
export * from './version.js';

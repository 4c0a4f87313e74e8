export * from './storage.js';
export * from './errors.js';

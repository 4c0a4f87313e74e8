export * from './api-time.js';
export * from './errors.js';
export * from './labels.js';
export * from './matchers.js';
export * from './sample.js';
export * from './time.js';

import { Worker } from 'node:worker_threads';

/**
 * Starts worker module `name` (no extension), which sits in the directory of the module whose
 * `import.meta.url` is `from`. From `dist` it is the compiled `.js`; running from TypeScript
 * sources (tests, `--conditions=seahawks-source`), the worker registers tsx itself, since loader
 * hooks registered by `--import` do not reach workers.
 */
export function startWorker(from: string, name: string): Worker {
  if (!from.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, from));
  const entry = new URL(`./${name}.ts`, from).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { eval: true });
}

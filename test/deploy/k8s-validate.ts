// Validates Kubernetes manifests against the API's schemas, where no cluster, kubeconform or
// kubeval can be had: kubernetes-models (npm) ships, for every kind, a validator compiled from
// the official Kubernetes OpenAPI document (types, required fields, enums, formats) and its
// TypeScript interfaces; type-checking each manifest as an object literal of that interface adds
// what those validators leave out: unknown fields (a misspelt or misplaced key) are errors,
// as with `kubectl apply --validate=strict`.
import { join } from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from './tools.js';

export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
  };
  readonly spec?: unknown;
  readonly [key: string]: unknown;
}

/** The documents of a multi-document YAML stream (empty documents dropped). */
export function parseManifests(text: string): Manifest[] {
  const out: Manifest[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`cannot parse YAML: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as Manifest | null;
    if (value !== null) out.push(value);
  }
  return out;
}

/** `kubernetes-models/apps/v1/DaemonSet` for apps/v1 DaemonSet, `kubernetes-models/v1/Service` for v1. */
function modelPath(m: Manifest): string {
  return `kubernetes-models/${m.apiVersion}/${m.kind}`;
}

/** Where a manifest is, for messages. */
export function describe(m: Manifest): string {
  return `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`;
}

/**
 * Every problem found in `manifests`, as `"<Kind> <ns>/<name>: <problem>"` lines; empty when
 * all are valid. Kinds kubernetes-models does not know are reported too.
 */
export async function validateManifests(manifests: readonly Manifest[]): Promise<string[]> {
  const problems: string[] = [];
  for (const m of manifests) {
    let Model: new (data: unknown) => { validate(): void };
    try {
      Model = ((await import(modelPath(m))) as Record<string, typeof Model>)[m.kind]!;
    } catch (err) {
      problems.push(`${describe(m)}: unknown apiVersion/kind (${(err as Error).message})`);
      continue;
    }
    try {
      new Model(m).validate();
    } catch (err) {
      problems.push(`${describe(m)}: ${(err as Error).message}`);
    }
  }
  problems.push(...strictFieldProblems(manifests));
  return problems;
}

/** Type-checks each manifest as a literal of its kind's interface; excess properties are errors. */
function strictFieldProblems(manifests: readonly Manifest[]): string[] {
  const file = join(REPO_ROOT, 'test/deploy/__manifests__.ts');
  const lines = manifests.map(
    (m, i) =>
      `import type { I${m.kind} as T${i} } from '${modelPath(m)}';\nexport const m${i}: T${i} = ${JSON.stringify(m)};`,
  );
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => (f === file ? source : readFile(f));
  host.fileExists = (f) => f === file || fileExists(f);
  host.getSourceFile = (f, v, onError, create) =>
    f === file ? ts.createSourceFile(f, source, v) : getSourceFile(f, v, onError, create);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const index = Math.floor(line / 2);
    const where = manifests[index] ? describe(manifests[index]) : 'manifests';
    return `${where}: ${message.split('\n').at(-1)}`;
  });
}

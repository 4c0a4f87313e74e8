// The architecture's rules of direction (DESIGN.md §1), checked in CI by `npm run lint`.
module.exports = {
  forbidden: [
    {
      name: 'packages-never-import-apps',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'packages-are-pure',
      comment: 'packages/* run in the agent, the server and the browser: no node:* outside tests',
      severity: 'error',
      from: { path: '^packages/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'apps-never-import-each-other',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'query-rules-api-see-only-storage-interfaces',
      // alerting/ holds DESIGN.md's rules/ and notify/ (docs/decisions/0013-alerting-layout.md).
      severity: 'error',
      from: { path: '^apps/nester/src/(query|rules|alerting|api)/' },
      to: { path: '^apps/nester/src/tsdb/' },
    },
    {
      name: 'only-main-picks-an-engine',
      // storage-factory.ts is main.ts' engine choice moved into a function of its own (main.ts
      // is its only caller), so it may import the engines too.
      severity: 'error',
      from: {
        path: '^apps/nester/src/',
        pathNot: '^apps/nester/src/(main\\.ts|storage-factory\\.ts|tsdb/|testing/)|\\.test\\.ts$',
      },
      to: { path: '^apps/nester/src/tsdb/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|testdata)/' },
    tsConfig: { fileName: 'tsconfig.base.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { conditionNames: ['seahawks-source', 'import', 'default'] },
  },
};

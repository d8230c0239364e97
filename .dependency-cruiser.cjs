// Imports point one way: lib/ (the pure core) ← db/ (the data layer) ← app/ and components/ (the web).
// The serving edge (server/) uses the core and Next's public API only. `npm test` runs this check.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be understood or changed alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'lib/ holds rules, schemas, DTO types, text and config: no Next, no React, no database, no web.',
      from: { path: '^lib/' },
      to: {
        path: ['^db/', '^app/', '^components/', '^server/', '^scripts/', '^auth\\.ts$', '^proxy\\.ts$'],
      },
    },
    {
      name: 'core-has-no-framework',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: 'node_modules/(next|next-auth|react|react-dom|drizzle-orm|better-sqlite3)/' },
    },
    {
      name: 'data-layer-is-not-the-web',
      severity: 'error',
      comment: 'db/ returns DTOs; redirects, URLs, cookies and forms belong to the web.',
      from: { path: '^db/' },
      to: { path: ['^app/', '^components/', '^server/', '^scripts/', '^auth\\.ts$', '^proxy\\.ts$', 'node_modules/(next|next-auth)/'] },
    },
    {
      name: 'serving-edge-uses-core-only',
      severity: 'error',
      comment: 'server/ stands in front of the app: the core and Next public API, never the database or routes.',
      from: { path: '^server/' },
      to: { path: ['^db/', '^app/', '^components/', '^auth\\.ts$', '^proxy\\.ts$'] },
    },
    {
      name: 'shared-components-are-not-routes',
      severity: 'error',
      comment: 'components/ is shared by several routes; route UI lives beside its route in _components/.',
      from: { path: '^components/' },
      to: { path: '^app/' },
    },
    {
      name: 'sharp-in-one-module',
      severity: 'error',
      comment: 'Untrusted images are decoded in one place, lib/image-processing.ts, with its limits; tests make their images with sharp.',
      from: { pathNot: ['^lib/image-processing\\.ts$', '^lib/test-images\\.ts$', '\\.test\\.ts$', '^e2e/'] },
      to: { path: 'node_modules/sharp/' },
    },
    {
      name: 'test-images-are-for-tests',
      severity: 'error',
      from: { path: '^(app|components|db|lib|server)/', pathNot: ['\\.test\\.ts$', '^lib/test-images\\.ts$'] },
      to: { path: '^lib/test-images\\.ts$' },
    },
    {
      name: 'test-smtp-is-for-tests',
      severity: 'error',
      from: { path: '^(app|components|db|lib|server)/', pathNot: ['\\.test\\.ts$', '^lib/test-smtp\\.ts$'] },
      to: { path: '^lib/test-smtp\\.ts$|node_modules/(smtp-server|mailparser)/' },
    },
    {
      name: 'no-tests-in-the-app',
      severity: 'error',
      from: { path: '^(app|components|db|lib|server)/', pathNot: '\\.test\\.ts$' },
      to: { path: '\\.(test|spec)\\.ts$|^e2e/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(\\.next|data|bench-results|test-results|playwright-report)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

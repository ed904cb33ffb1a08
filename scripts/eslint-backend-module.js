// Backend modules are tested through the real quality backend (the provider
// harness, the plugin itself). Newer Backstage CLIs keep
// no-mixed-plugin-imports out of tests, test utilities and dev code by default;
// this applies the same exclusions on the CLI we pin, so a module's tests need
// no per-line exemptions while its src stays checked.
module.exports = dir =>
  require('@backstage/cli/config/eslint-factory')(dir, {
    rules: {
      '@backstage/no-mixed-plugin-imports': [
        'warn',
        {
          includedFiles: ['**/src/**'],
          excludedFiles: [
            '**/dev/**',
            '**/*.test.*',
            '**/*.spec.*',
            '**/__testUtils__/**',
            '**/__mocks__/**',
            '**/setupTests.*',
          ],
        },
      ],
    },
  });

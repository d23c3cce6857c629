// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const path = require('path');
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');
const base = require('./.config/jest.config');

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...base,
  moduleNameMapper: {
    ...base.moduleNameMapper,
    // Monaco cannot run in jsdom: a stand-in with the API @grafana/ui's
    // CodeEditor and @grafana/plugin-ui's SQLEditor use (src/test/). The
    // browser test (npm run test:browser) runs the real editor.
    '^monaco-editor$': path.resolve(__dirname, 'src', 'test', 'monacoStub.ts'),
    '^@monaco-editor/react$': path.resolve(__dirname, 'src', 'test', 'monacoReactStub.tsx'),
  },
  // @grafana/plugin-ui (through @grafana/aws-sdk) imports @marcbachmann/cel-js, which ships only ES modules.
  transformIgnorePatterns: [nodeModulesToTransform([...grafanaESModules, '@marcbachmann/cel-js'])],
};

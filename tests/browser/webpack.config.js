// Builds the editors' test page (tests/browser/dist) from the real
// components. Separate from the plugin build (.config/webpack): here
// @grafana/*, React and Monaco are bundled, since no Grafana provides them.
const path = require('path');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const root = path.resolve(__dirname, '..', '..');

module.exports = {
  mode: 'development',
  devtool: false,
  context: __dirname,
  entry: { page: './page/index.tsx' },
  output: { path: path.join(__dirname, 'dist'), filename: '[name].js', publicPath: '/', clean: true },
  resolve: {
    extensions: ['.tsx', '.ts', '.js', '.jsx', '.mjs'],
    modules: [path.join(root, 'src'), 'node_modules'],
    // Some ESM builds in node_modules import without extensions.
    fullySpecified: false,
  },
  performance: { hints: false },
  stats: 'errors-warnings',
  module: {
    rules: [
      {
        test: /\.[tj]sx?$/,
        exclude: /node_modules/,
        use: {
          loader: 'swc-loader',
          options: {
            jsc: {
              parser: { syntax: 'typescript', tsx: true },
              transform: { react: { runtime: 'classic' } },
              target: 'es2020',
            },
          },
        },
      },
      { test: /\.m?js$/, resolve: { fullySpecified: false } },
      // Monaco imports its own CSS and the codicon font.
      { test: /\.css$/, use: ['style-loader', 'css-loader'] },
      { test: /\.(ttf|woff2?)$/, type: 'asset/resource' },
    ],
  },
  plugins: [
    new CopyWebpackPlugin({
      patterns: [
        { from: 'page/index.html', to: 'index.html' },
        // @grafana/ui loads icons from <public path>build/img/icons/.
        { from: path.join(root, 'node_modules/@grafana/ui/dist/public/img/icons'), to: 'public/build/img/icons' },
      ],
    }),
  ],
};

/** PostCSS for Mantine: its preset plus the breakpoint variables Mantine's CSS uses. */
module.exports = {
  plugins: {
    'postcss-preset-mantine': {},
  },
};

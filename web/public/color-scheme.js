// Applies the saved colour scheme before the first paint (an external file, so a strict CSP allows it).
try {
  var saved = localStorage.getItem('mantine-color-scheme-value');
  var dark = saved === 'dark' || (saved !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.setAttribute('data-mantine-color-scheme', dark ? 'dark' : 'light');
} catch {
  // storage unavailable: Mantine applies the scheme on mount
}

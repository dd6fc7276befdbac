#!/usr/bin/env node
// Entry point for the `steward` command: Node runs the TypeScript sources directly (type stripping).
await import(new URL('../src/main.ts', import.meta.url).href);

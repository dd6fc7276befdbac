/** Being written by another task; registers nothing yet. */
import type { Command } from 'commander';

export function registerSeed(_program: Command): void {}

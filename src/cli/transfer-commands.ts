/** Being written by another task; registers nothing yet. */
import type { Command } from 'commander';

export function registerTransfer(_program: Command): void {}

/**
 * Seed and run count of the guard fuzzers. FUZZ_SEED replays a run (default fixed, so CI is
 * reproducible); FUZZ_RUNS (through config's toolSettings) sets runs per route; FUZZ_PATH, with the
 * seed, replays one failing case as fast-check printed it.
 */
import { toolSettings } from '../../../src/config.ts';

const defaultSeed = 20_240_611;
const parsedSeed = Number.parseInt(process.env.FUZZ_SEED ?? '', 10);

const runs = toolSettings().fuzzRuns ?? 25;

export const fuzzSettings = {
  seed: Number.isSafeInteger(parsedSeed) ? parsedSeed : defaultSeed,
  runs,
  path: process.env.FUZZ_PATH || undefined,
  /** Per-test timeout: generous for big FUZZ_RUNS; a property stops generating 5 s before it. */
  testTimeoutMs: Math.max(30_000, runs * 400),
};

/** Being written by another task. */
import type { Db } from '../../db/client.ts';

export async function seedDemo(_db: Db): Promise<void> {}

import { regency } from '../../../../../reference/kutim.json';

/** Kutai Timur's kecamatan, from the project's reference data (one source of truth, bundled at build time). */
export const DISTRICTS: readonly string[] = regency.districts;

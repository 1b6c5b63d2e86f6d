import { regency } from '../../../../reference/kutim.json';
import rulesId from '../locales/id/rules.json';

/** Kutai Timur's kecamatan (reference/kutim.json), for the district filters. */
export const DISTRICTS: readonly string[] = regency.districts;

/** Every rule code of the rulebook the console knows (its names are in the `rules` catalogue). */
export const RULE_CODES: readonly string[] = Object.keys(rulesId).sort();

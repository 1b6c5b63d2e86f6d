import { z } from 'zod';
import { ConfigError } from './env';

const rupiahByKey = z.record(z.string(), z.number().nonnegative());
const programs = z.array(z.string());
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD date');

/**
 * The reference file's shape as the code reads it (other keys, such as `about` and `sources`, are kept as they
 * are). Parsed once at start (loadConfig); every consumer then reads typed values instead of casting `unknown`.
 */
export const referenceSchema = z.looseObject({
  regency: z.looseObject({
    name: z.string(),
    nikPrefix: z.string().regex(/^\d{4}$/),
    timezone: z.string(),
    districts: z.array(z.string().min(1)).min(1),
  }),
  minimumWage: z.looseObject({
    umk: rupiahByKey,
    sectoral: z.record(z.string(), rupiahByKey).optional(),
    appliesToScales: z.array(z.string()).optional(),
    sectorKbli: z.record(z.string(), z.array(z.string())).optional(),
  }),
  requiredProgramsByScale: z.looseObject({
    micro: programs,
    small: programs,
    medium: programs,
    large: programs,
  }),
  contributionRates: z.looseObject({
    JKK: z.looseObject({ byRiskGroup: z.record(z.string(), z.number()) }),
    JKM: z.looseObject({ pct: z.number() }),
    JHT: z.looseObject({ employerPct: z.number(), workerPct: z.number() }),
    JP: z.looseObject({
      employerPct: z.number(),
      workerPct: z.number(),
      wageCap: z.record(z.string(), z.number()),
      startsOn: isoDay.optional(),
    }),
  }),
  pkwt: z.looseObject({ maxTotalMonths: z.number().int().positive(), newRegimeFrom: isoDay }),
  informalCoverage: z
    .looseObject({
      monthlyPremiumRupiah: z.number().int().nonnegative().optional(),
      target: z.number().int().nonnegative().optional(),
    })
    .optional(),
});

/** The regency's reference data, validated. It satisfies the rules library's ReferenceData. */
export type Reference = z.infer<typeof referenceSchema>;

/** Validates parsed JSON as the reference data; a ConfigError naming REFERENCE_PATH and the first field at fault. */
export function parseReference(data: unknown, path: string): Reference {
  const r = referenceSchema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new ConfigError('REFERENCE_PATH', `${path}: ${issue.path.join('.') || '(root)'} ${issue.message}`);
}

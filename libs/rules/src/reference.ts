/**
 * The shape of the regency reference file (`../shared/reference/kutim.json`), limited to the fields the
 * rulebook reads. The library never reads the file: the caller loads it and passes it in.
 */
export interface ReferenceData {
  minimumWage: {
    /** UMK by year, rupiah per month. Years not listed are unknown. */
    umk: Readonly<Record<string, number>>;
  };
  /** Perpres 109/2013 Art 6. May carry an `about` string besides the four scales. */
  requiredProgramsByScale: {
    micro: readonly string[];
    small: readonly string[];
    medium: readonly string[];
    large: readonly string[];
  };
  contributionRates: {
    JKK: { byRiskGroup: Readonly<Record<string, number>> };
    JKM: { pct: number };
    JHT: { employerPct: number; workerPct: number };
    /** wageCap: effective date → monthly wage cap in rupiah. */
    JP: { employerPct: number; workerPct: number; wageCap: Readonly<Record<string, number>> };
  };
  pkwt: {
    maxTotalMonths: number;
    /** First day of the PP 35/2021 regime; chains that started earlier are judged by UU 13/2003 Art 59 too. */
    newRegimeFrom: string;
  };
  informalCoverage?: {
    /** The Pemkab's monthly JKK+JKM premium per sponsored worker. */
    monthlyPremiumRupiah?: number;
  };
}

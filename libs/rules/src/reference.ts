/**
 * The shape of the regency reference file (`../shared/reference/kutim.json`), limited to the fields the
 * rulebook reads. The library never reads the file: the caller loads it and passes it in.
 */
export interface ReferenceData {
  minimumWage: {
    /** UMK by year, rupiah per month. Years not listed are unknown. */
    umk: Readonly<Record<string, number>>;
    /** Sectoral minimums (UMSK) by year and sector; decreed figures may carry cents (rounded up to the rupiah). */
    sectoral?: Readonly<Record<string, Readonly<Record<string, number>>>>;
    /** The scales the minimum wage binds (UU 13/2003 Art 90B(1): micro and small are exempt). */
    appliesToScales?: readonly string[];
    /** KBLI codes by sector: an employer whose kbli starts with one of them is in that sector. */
    sectorKbli?: Readonly<Record<string, readonly string[]>>;
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
    JP: {
      employerPct: number;
      workerPct: number;
      wageCap: Readonly<Record<string, number>>;
      /** First day of the JP program (PP 45/2015): no JP is owed for earlier days. */
      startsOn?: string;
    };
    /** PP 86/2013: fine per month late, percent of the unpaid contribution. */
    latePaymentFinePctPerMonth?: number;
    /** Contributions of a month are due by this day of the following month. */
    paymentDueDayOfFollowingMonth?: number;
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

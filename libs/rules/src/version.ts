/**
 * The rulebook version every finding carries. Major: a rule's definition changes (cases may open or close);
 * minor: severity, evidence or summary changes; patch: fixes that change no finding.
 */
export const RULEBOOK_VERSION = '2.0.0';

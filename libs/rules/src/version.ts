/**
 * The rulebook version every finding carries. Major: a rule's definition changes (cases may open or close);
 * minor: severity, evidence or summary changes, or rules added that existing data cannot raise (2.1.0: the BPJS
 * records rules of CONTRACT §9, which fire only where a BPJS load covers an employer); patch: fixes that change
 * no finding. Only a major change resolves the cases it no longer raises as `rule_changed`.
 */
export const RULEBOOK_VERSION = '2.1.0';

/**
 * The one district canonicaliser: the regency's kecamatan names (reference data) and the canonical spelling of a
 * name given in any case with surrounding blanks ('  bengalon ' → 'Bengalon'). Unknown names give undefined; the
 * caller decides the error (a 400 naming its field, a row error in a self-report).
 */
export class Districts {
  private readonly byKey: ReadonlyMap<string, string>;

  constructor(readonly names: readonly string[]) {
    this.byKey = new Map(names.map((d) => [Districts.key(d), d]));
  }

  private static key(name: string): string {
    return name.trim().toLowerCase();
  }

  /** The canonical name, or undefined when the name is not a kecamatan of the regency. */
  canonical(name: string): string | undefined {
    return this.byKey.get(Districts.key(name));
  }

  /** True when `name` is a kecamatan spelled exactly as the reference spells it. */
  isCanonical(name: string): boolean {
    return this.byKey.get(Districts.key(name)) === name;
  }
}

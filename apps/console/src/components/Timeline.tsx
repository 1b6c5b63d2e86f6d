/** The SVG timeline (CONTRACT §8); filled in by B1's case-page work. */
export function Timeline() {
  return null;
}

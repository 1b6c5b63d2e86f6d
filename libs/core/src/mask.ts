/** 6408014107950003 → 6408********0003. Applied to every log line: NIKs never reach the logs whole. */
export function maskNiks(text: string): string {
  return text.replace(/(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)/g, '$1********$2');
}

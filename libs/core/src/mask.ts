/** 6408014107950003 → 6408********0003. Applied to every log line: NIKs never reach the logs whole. */
export function maskNiks(text: string): string {
  return text.replace(/(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)/g, '$1********$2');
}

/** Password hashes (scrypt$N$r$p$salt$hash) and employer API keys (patuh_ + 43 characters) never reach the logs. */
export function maskSecrets(text: string): string {
  return text
    .replace(/scrypt\$[A-Za-z0-9$_-]+/g, 'scrypt$[redacted]')
    .replace(/(patuh_[A-Za-z0-9_-]{6})[A-Za-z0-9_-]{30,}/g, '$1[redacted]');
}

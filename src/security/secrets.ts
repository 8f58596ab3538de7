/**
 * Keeps secrets out of everything coach prints or writes.
 *
 * Code that handles a secret (a Garmin password, a decrypted token, an API key) registers
 * it here; every error line, log line and export passes through `redact` on its way out.
 * Connection-string passwords are masked by pattern, because DATABASE_URL reaches error
 * messages from the pg driver.
 */
const registered = new Set<string>();

export function registerSecret(secret: string | undefined | null): void {
  // Very short strings would redact ordinary words; they are not worth guarding.
  if (secret && secret.length >= 4) registered.add(secret);
}

export function forgetSecrets(): void {
  registered.clear();
}

const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)([^@\s]+)(@)/gi;

export function redact(text: string): string {
  let out = text.replace(URL_PASSWORD, '$1***$3');
  for (const secret of registered) {
    if (!out.includes(secret)) continue;
    if (/^\w+$/.test(secret)) {
      // A secret made of word characters only ("pass") is masked where it stands alone, not
      // inside a longer word: "password: needs at least 8 characters" stays readable.
      out = out.replace(new RegExp(`(?<!\\w)${secret}(?!\\w)`, 'g'), '***');
    } else out = out.split(secret).join('***');
  }
  return out;
}

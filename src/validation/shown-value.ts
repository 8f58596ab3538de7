/**
 * How a rejected value appears inside an error message: on one line, control characters
 * escaped, long values cut short. Error lines must stay one line whatever the user typed.
 */
export function shownValue(value: unknown, max = 60): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === undefined) text = 'nothing';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}... (${chars.length} characters)` : text;
}

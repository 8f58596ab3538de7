/**
 * Splits an SQL script into statements at top-level semicolons (not inside quotes or $tag$
 * bodies). PGlite's `query` (extended protocol) takes one statement at a time; pg-boss's
 * schema and maintenance scripts are several.
 */
export function statementsOf(script: string): string[] {
  const out: string[] = [];
  let current = '';
  let i = 0;
  while (i < script.length) {
    const ch = script[i];
    if (ch === "'") {
      const end = script.indexOf("'", i + 1);
      current += script.slice(i, end + 1);
      i = end + 1;
    } else if (ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i))?.[0];
      if (tag) {
        const end = script.indexOf(tag, i + tag.length);
        current += script.slice(i, end + tag.length);
        i = end + tag.length;
      } else {
        current += ch;
        i++;
      }
    } else if (ch === ';') {
      out.push(current.trim());
      current = '';
      i++;
    } else {
      current += ch;
      i++;
    }
  }
  out.push(current.trim());
  return out.filter(Boolean);
}


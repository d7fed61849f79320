import { createRequire } from 'node:module';
import type { RE2JS as RE2JSClass } from 're2js';

/** re2js (260 KB of code) is loaded with the first regex rule, not at start-up. */
let re2: typeof RE2JSClass | undefined;
function engine(): typeof RE2JSClass {
  re2 ??= (createRequire(import.meta.url)('re2js') as { RE2JS: typeof RE2JSClass }).RE2JS;
  return re2;
}

/**
 * Fixture regexes run on RE2 (re2js, pure JS): matching time is linear in the input, so a rule such as
 * `^(a+)+$` cannot stall the server. RE2 has no lookaround or backreferences; such a pattern is refused when
 * the rule is loaded, with the engine's reason.
 */
export interface ValueMatcher {
  test(value: string): boolean;
}

/** Values longer than this never match a regex rule (photos are megabytes; a rule never needs them). */
export const MAX_REGEX_INPUT_CHARS = 65_536;

export function compileLinearRegex(pattern: string): ValueMatcher {
  const re = engine().compile(pattern);
  return {
    test: (value) => value.length <= MAX_REGEX_INPUT_CHARS && re.matcher(value).find(),
  };
}

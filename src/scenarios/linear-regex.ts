import { RE2JS } from 're2js';

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
  const re = RE2JS.compile(pattern);
  return {
    test: (value) => value.length <= MAX_REGEX_INPUT_CHARS && re.matcher(value).find(),
  };
}

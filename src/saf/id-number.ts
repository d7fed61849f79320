/** GB 11643-1999 resident ID number: 6-digit area, 8-digit birth date, 3-digit sequence, ISO 7064 MOD 11-2 check. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function validBirthDate(yyyymmdd: string, now: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1880) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  return date.getTime() <= now.getTime();
}

/** True for a well-formed 18-character number; a lower-case `x` check character is accepted. */
export function isValidIdNumber(value: string, now: Date = new Date()): boolean {
  if (!/^\d{17}[\dXx]$/.test(value)) return false;
  if (value.startsWith('000000')) return false;
  if (!validBirthDate(value.slice(6, 14), now)) return false;
  return checkCharacter(value.slice(0, 17)) === value[17]!.toUpperCase();
}

/** Completes 17 digits with their check character (used by the data generator and the README's magic values). */
export function withCheckCharacter(first17: string): string {
  return first17 + checkCharacter(first17);
}

// Domain: card numbers in free text — a run of 13–19 digits (spaces or dashes between) that passes
// the Luhn check is a card; anything else that a card pattern caught is left as it was.

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** For String.replace over a card-like pattern: '[card]' for a card number, the match itself otherwise. */
export function maskCard(match: string): string {
  const digits = match.replace(/\D/g, '');
  return digits.length >= 13 && digits.length <= 19 && luhn(digits) ? '[card]' : match;
}

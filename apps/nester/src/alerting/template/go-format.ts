// Go's fmt number formatting, as Prometheus' templates print values: `{{ $value }}` is a float64
// printed with %v, `humanize` uses %.4g, and `printf` takes any verb. Go rounds exact ties to
// even where JavaScript rounds them up, and spells exponents with two digits (`1e+06`).

/** Digits and decimal exponent of `|v|` (finite, non-zero) rounded to `prec` significant digits, as Go rounds. */
function roundedDigits(v: number, prec: number): { digits: string; exp: number } {
  const abs = Math.abs(v);
  const p = Math.min(prec, 101);
  const [mant, e] = abs.toExponential(p - 1).split('e') as [string, string];
  // toExponential rounds correctly but breaks an exact tie upwards; Go breaks it to the even digit.
  const [exactMant, exactE] = abs.toExponential(100).split('e') as [string, string];
  const exact = exactMant.replace('.', '');
  const tie = exact[p] === '5' && /^0*$/.test(exact.slice(p + 1));
  if (tie && Number(exact[p - 1]) % 2 === 0) return { digits: exact.slice(0, p), exp: Number(exactE) };
  return { digits: mant.replace('.', ''), exp: Number(e) };
}

/** Go's spellings of non-finite floats. */
function special(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return undefined;
}

function expSuffix(exp: number): string {
  const sign = exp < 0 ? '-' : '+';
  const a = Math.abs(exp);
  return `e${sign}${a < 10 ? `0${a}` : a}`;
}

function sign(v: number): string {
  return v < 0 || Object.is(v, -0) ? '-' : '';
}

/** `%e` with `prec` digits after the point (default 6). */
export function formatE(v: number, prec = 6): string {
  const s = special(v);
  if (s !== undefined) return s;
  if (v === 0) return `${sign(v)}${prec > 0 ? `0.${'0'.repeat(prec)}` : '0'}e+00`;
  const { digits, exp } = roundedDigits(v, prec + 1);
  const mant = prec > 0 ? `${digits[0]}.${digits.slice(1)}` : digits[0]!;
  return `${sign(v)}${mant}${expSuffix(exp)}`;
}

/** `%f` with `prec` digits after the point (default 6). */
export function formatF(v: number, prec = 6): string {
  const s = special(v);
  if (s !== undefined) return s;
  const fixed = Math.abs(v).toFixed(Math.min(prec, 100));
  // toFixed is exact except for ties, which it breaks upwards; Go breaks them to even.
  const exact = Math.abs(v).toFixed(Math.min(prec + 30, 100));
  const rest = exact.slice(exact.indexOf('.') + 1 + prec);
  const keptDigit = Number(prec === 0 ? exact.split('.')[0]!.slice(-1) : exact[exact.indexOf('.') + prec]);
  let out = fixed;
  if (/^50*$/.test(rest) && keptDigit % 2 === 0) {
    out = prec === 0 ? exact.split('.')[0]! : exact.slice(0, exact.indexOf('.') + 1 + prec);
  }
  return `${sign(v)}${out}`;
}

/**
 * `%g` with `prec` significant digits, or the shortest exact representation when `prec` is
 * undefined (what `%v` does for a float64). Exponent form below 1e-4 and from 1e`prec` on
 * (from 1e6 for the shortest form: `1e+06`, `123456`).
 */
export function formatG(v: number, prec?: number): string {
  const s = special(v);
  if (s !== undefined) return s;
  if (v === 0) return `${sign(v)}0`;
  let digits: string;
  let exp: number;
  let eprec: number;
  if (prec === undefined) {
    const [mant, e] = Math.abs(v).toExponential().split('e') as [string, string];
    digits = mant.replace('.', '');
    exp = Number(e);
    // Go (strconv, 'g' with precision -1): the shortest form decides as if the precision were 6.
    eprec = 6;
  } else {
    const p = prec === 0 ? 1 : prec;
    ({ digits, exp } = roundedDigits(v, p));
    digits = digits.replace(/0+$/, '') || '0';
    eprec = p;
    if (eprec > digits.length && digits.length >= exp + 1) eprec = digits.length;
  }
  if (exp < -4 || exp >= eprec) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign(v)}${mant}${expSuffix(exp)}`;
  }
  let text: string;
  if (exp < 0) text = `0.${'0'.repeat(-exp - 1)}${digits}`;
  else if (digits.length <= exp + 1) text = digits + '0'.repeat(exp + 1 - digits.length);
  else text = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return `${sign(v)}${text}`;
}

/** Go's `%v` of a float64: the shortest representation (`1e+06`, `0.1`, `NaN`, `+Inf`). */
export function formatFloatV(v: number): string {
  return formatG(v);
}

//! INCRBYFLOAT's arithmetic as Redis does it on x86-64: in C `long double` (x87 80-bit extended,
//! a 64-bit significand), parsed with `strtold` and printed with `%.17Lf`. An f64 gives other
//! bytes (`0.1 + 0.2` is `0.30000000000000004`, Redis replies `0.3`), so the format is emulated
//! exactly here with big integers: every step is the correctly rounded result, as on the FPU.

use num_bigint::BigUint;
use num_integer::Integer;

/// Significand bits of the x87 extended format (the integer bit is explicit).
const BITS: u64 = 64;
/// Exponent of the least significant significand bit: the smallest subnormal is 2^-16445.
const MIN_EXP: i64 = -16445;
/// Largest exponent of a finite value with a 64-bit significand: below 2^16384.
const MAX_EXP: i64 = 16384 - 64;

/// A finite or infinite extended value: `(-1)^neg * m * 2^e`, `m < 2^64`. Never NaN.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LongDouble {
    neg: bool,
    m: u64,
    e: i64,
    inf: bool,
}

impl LongDouble {
    pub const ZERO: LongDouble = LongDouble {
        neg: false,
        m: 0,
        e: 0,
        inf: false,
    };

    fn inf(neg: bool) -> LongDouble {
        LongDouble {
            neg,
            m: 0,
            e: 0,
            inf: true,
        }
    }

    pub fn is_infinite(&self) -> bool {
        self.inf
    }

    /// Rounds `num / den * 2^exp2` to nearest, ties to even (the FPU's default mode).
    fn round(neg: bool, num: BigUint, den: &BigUint, exp2: i64) -> LongDouble {
        if num.bits() == 0 {
            return LongDouble { neg, ..Self::ZERO };
        }
        // The value is in [2^(top - 2), 2^top): aim for a 64-bit significand. Far out of range it
        // is 0 (below half the smallest subnormal) or infinite, without huge shifts.
        let top = num.bits() as i64 - den.bits() as i64 + 1 + exp2;
        if top < MIN_EXP {
            return LongDouble { neg, ..Self::ZERO };
        }
        if top - 2 >= MAX_EXP + BITS as i64 {
            return Self::inf(neg);
        }
        let mut e = (top - 1 - BITS as i64).max(MIN_EXP);
        // One division; the quotient has up to 2 bits more than the significand keeps.
        let shift = exp2 - e;
        let scaled;
        let (n, d) = if shift >= 0 {
            scaled = &num << shift as u64;
            (&scaled, den)
        } else {
            scaled = den << (-shift) as u64;
            (&num, &scaled)
        };
        let (q, r) = n.div_rem(d);
        let q = u128::try_from(&q).expect("quotient of at most 66 bits");
        let extra = (128 - q.leading_zeros()).saturating_sub(BITS as u32);
        let (mut m, up) = if extra == 0 {
            let twice = r << 1u8;
            (q as u64, twice > *d || (twice == *d && q & 1 == 1))
        } else {
            let (dropped, half) = (q & ((1 << extra) - 1), 1u128 << (extra - 1));
            e += extra as i64;
            let m = (q >> extra) as u64;
            let up = dropped > half || (dropped == half && (r.bits() != 0 || m & 1 == 1));
            (m, up)
        };
        if up {
            m = m.checked_add(1).unwrap_or_else(|| {
                e += 1;
                1 << 63
            });
        }
        if e > MAX_EXP {
            return Self::inf(neg);
        }
        LongDouble {
            neg,
            m,
            e,
            inf: false,
        }
    }

    /// Redis's `string2ld`: what `strtold` reads as a whole (decimal, hex, `inf`), with no
    /// leading space, not NaN, and not out of range (overflow, or a non-zero that rounds to 0).
    pub fn parse(s: &[u8]) -> Option<LongDouble> {
        let text = std::str::from_utf8(s).ok()?.to_ascii_lowercase();
        let (neg, body) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, &text[..]),
        };
        if body == "inf" || body == "infinity" {
            return Some(Self::inf(neg));
        }
        let (hex, body) = match body.strip_prefix("0x") {
            Some(rest) => (true, rest),
            None => (false, body),
        };
        let (radix, exp_mark) = if hex { (16, 'p') } else { (10, 'e') };
        let (mantissa, exp) = match body.split_once(exp_mark) {
            Some((m, e)) => (m, Some(e)),
            None => (body, None),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = |d: &str| d.bytes().all(|c| (c as char).is_digit(radix));
        if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
            return None;
        }
        // The exponent's value only matters up to far beyond any finite result.
        let exp: i64 = match exp {
            None => 0,
            Some(e) => {
                let d = e.strip_prefix(['+', '-']).unwrap_or(e);
                if d.is_empty() || !d.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                let v = d.parse::<i64>().unwrap_or(i64::MAX).min(1 << 30);
                if e.starts_with('-') { -v } else { v }
            }
        };
        let all = format!("{int}{frac}");
        let n = BigUint::parse_bytes(all.as_bytes(), radix)?;
        if n.bits() == 0 {
            return Some(LongDouble { neg, ..Self::ZERO });
        }
        let one = BigUint::from(1u8);
        let v = if hex {
            Self::round(neg, n, &one, exp - 4 * frac.len() as i64)
        } else {
            let q = exp - frac.len() as i64;
            let magnitude = q + all.trim_start_matches('0').len() as i64;
            if magnitude > 5000 {
                return None;
            }
            if magnitude < -5000 {
                return None;
            }
            if q >= 0 {
                Self::round(neg, n * BigUint::from(10u8).pow(q as u32), &one, 0)
            } else {
                Self::round(neg, n, &BigUint::from(10u8).pow((-q) as u32), 0)
            }
        };
        (!v.inf && v.m != 0).then_some(v)
    }

    /// The correctly rounded sum; None if it is NaN (inf - inf).
    pub fn checked_add(self, other: LongDouble) -> Option<LongDouble> {
        match (self.inf, other.inf) {
            (true, true) if self.neg != other.neg => return None,
            (true, _) => return Some(self),
            (_, true) => return Some(other),
            _ => {}
        }
        if other.m == 0 {
            // x + 0 is x, except -0 + +0 which is +0.
            return Some(if self.m == 0 && self.neg != other.neg {
                Self::ZERO
            } else {
                self
            });
        }
        if self.m == 0 {
            return Some(other);
        }
        let e = self.e.min(other.e);
        let a = BigUint::from(self.m) << (self.e - e) as u64;
        let b = BigUint::from(other.m) << (other.e - e) as u64;
        let one = BigUint::from(1u8);
        Some(if self.neg == other.neg {
            Self::round(self.neg, a + b, &one, e)
        } else if a >= b {
            // An exact zero difference is +0 in round-to-nearest.
            Self::round(self.neg && a != b, a - b, &one, e)
        } else {
            Self::round(other.neg, b - a, &one, e)
        })
    }

    /// `%.17Lf` with trailing zeros (and a trailing point) removed, `-0` as `0`: Redis's
    /// `ld2string(..., LD_STR_HUMAN)`. Only for finite values.
    pub fn to_human(self) -> String {
        let scale = BigUint::from(10u64.pow(17));
        let m = BigUint::from(self.m);
        let fixed = if self.e >= 0 {
            (m << self.e as u64) * &scale
        } else {
            let shift = (-self.e) as u64;
            let total = m * &scale;
            let q = &total >> shift;
            let rem = &total - (&q << shift);
            let half = BigUint::from(1u8) << (shift - 1);
            if rem > half || (rem == half && q.bit(0)) {
                q + 1u8
            } else {
                q
            }
        };
        let (int, frac) = (&fixed / &scale, &fixed % &scale);
        let frac = frac.to_string();
        let mut text = format!("{int}.{}{frac}", "0".repeat(17 - frac.len()));
        text.truncate(text.trim_end_matches('0').trim_end_matches('.').len());
        if self.neg && text != "0" {
            text.insert(0, '-');
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::LongDouble;

    fn sum(a: &str, b: &str) -> String {
        let (a, b) = (
            LongDouble::parse(a.as_bytes()).unwrap(),
            LongDouble::parse(b.as_bytes()).unwrap(),
        );
        a.checked_add(b).unwrap().to_human()
    }

    /// Expected texts are what Redis 7.0.15 on x86-64 replies to SET a <x>; INCRBYFLOAT a <y>.
    #[test]
    fn sums_like_redis() {
        assert_eq!(sum("0.1", "0.2"), "0.3");
        assert_eq!(sum("10.5", "0.1"), "10.6");
        assert_eq!(sum("105.6", "5000"), "5105.60000000000000009");
        assert_eq!(sum("0", "123456789012345678"), "123456789012345678");
        assert_eq!(sum("1", "0x10"), "17");
        assert_eq!(sum("3", "-3"), "0");
        assert_eq!(sum("-0", "-0"), "0");
        assert_eq!(sum("0", "1e-5"), "0.00001");
        assert_eq!(
            sum("1.7976931348623157e308", "1.7976931348623157e308").len(),
            309
        );
    }

    #[test]
    fn parse_like_string2ld() {
        for ok in [
            "1",
            "-1.5",
            "+.5",
            "5.",
            "1e3",
            "1E-3",
            "0x1p4",
            "0X1.8P1",
            "inf",
            "-Infinity",
            "0e9999",
        ] {
            assert!(LongDouble::parse(ok.as_bytes()).is_some(), "{ok}");
        }
        for bad in [
            "", ".", "e3", "1e", "1e+", " 1", "1 ", "0x", "nan", "1x", "1e5000", "1e-5000", "--1",
        ] {
            assert!(LongDouble::parse(bad.as_bytes()).is_none(), "{bad}");
        }
        let inf = LongDouble::parse(b"inf").unwrap();
        let minus_inf = LongDouble::parse(b"-inf").unwrap();
        assert!(inf.checked_add(minus_inf).is_none());
        assert!(
            inf.checked_add(LongDouble::parse(b"1").unwrap())
                .unwrap()
                .is_infinite()
        );
    }
}

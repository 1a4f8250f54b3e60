//! Number parsing and formatting with Redis's exact rules (`string2ll`, `strtod`, `%.17g`), so
//! what counts as an integer or float, and how numbers print, matches Redis byte for byte.

/// Redis's `string2ll`: an optional `-`, no leading zeros, no `+`, no spaces, no overflow.
pub fn parse_i64(s: &[u8]) -> Option<i64> {
    if s.is_empty() || s.len() >= 21 {
        return None;
    }
    if s == b"0" {
        return Some(0);
    }
    let (neg, digits) = match s[0] {
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !(b'1'..=b'9').contains(&digits[0]) {
        return None;
    }
    let mut v: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add((c - b'0') as u64)?;
    }
    if neg {
        if v > i64::MAX as u64 + 1 {
            return None;
        }
        Some((v as i64).wrapping_neg())
    } else {
        i64::try_from(v).ok()
    }
}

/// Redis's `string2d`/`getDoubleFromObject`: what `strtod` accepts as a whole (including `inf`,
/// hex floats are not needed), no leading space, not NaN.
pub fn parse_f64(s: &[u8]) -> Option<f64> {
    if s.is_empty() || s.first().is_some_and(|c| c.is_ascii_whitespace()) {
        return None;
    }
    let text = std::str::from_utf8(s).ok()?;
    let lower = text.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    let v = if unsigned == "inf" || unsigned == "infinity" {
        if lower.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }
    } else {
        // Rust accepts "inf"/"nan" spellings strtod does too, and rejects what strtod would stop at.
        if unsigned.starts_with(|c: char| !c.is_ascii_digit() && c != '.') {
            return None;
        }
        lower.parse::<f64>().ok()?
    };
    (!v.is_nan()).then_some(v)
}

/// C's `printf("%.17g", d)`, which Redis 7.0 uses for doubles in replies.
pub fn fmt_double(d: f64) -> String {
    let mut buf = [0u8; DOUBLE_MAX];
    String::from_utf8_lossy(fmt_double_into(d, &mut buf)).into_owned()
}

/// Room for any "%.17g" (sign, 17 digits, point, exponent) and the C string's NUL.
pub const DOUBLE_MAX: usize = 32;

/// `fmt_double` into `buf`, without allocating: integral values (most scores) the fast way,
/// others through the C library.
pub fn fmt_double_into(d: f64, buf: &mut [u8; DOUBLE_MAX]) -> &[u8] {
    let text: &[u8] = if d.is_infinite() {
        if d > 0.0 { b"inf" } else { b"-inf" }
    } else if d.is_nan() {
        b"nan"
    } else if d == 0.0 && d.is_sign_negative() {
        b"-0"
    } else if d.fract() == 0.0 && d.abs() < 1e17 {
        // Fewer than 18 digits: "%.17g" prints the integer itself.
        let mut digits = itoa::Buffer::new();
        let s = digits.format(d as i64).as_bytes();
        buf[..s.len()].copy_from_slice(s);
        return &buf[..s.len()];
    } else {
        // SAFETY: `buf` is valid for DOUBLE_MAX bytes, which snprintf never exceeds; it returns
        // how many it wrote (without the NUL), or would have written.
        let n = unsafe { ferrokv_fmt_g17(d, buf.as_mut_ptr(), DOUBLE_MAX) };
        let n = usize::try_from(n).unwrap_or(0).min(DOUBLE_MAX - 1);
        return &buf[..n];
    };
    buf[..text.len()].copy_from_slice(text);
    &buf[..text.len()]
}

unsafe extern "C" {
    fn ferrokv_fmt_g17(d: f64, out: *mut u8, len: usize) -> i32;
    fn ferrokv_ld_incr(
        cur: *const u8,
        cur_len: usize,
        incr: *const u8,
        incr_len: usize,
        out: *mut u8,
        out_len: usize,
    ) -> i64;
    fn ferrokv_ld_timeout_ms(s: *const u8, len: usize, ms: *mut i64) -> i32;
}

/// A blocking command's timeout in seconds, converted to ms as Redis does it: parsed as a C
/// long double (so `0x10`, `1e-400` and `inf` are numbers) and rounded up. A value too large
/// for i64 ms comes out as `i64::MIN`, as Redis's cast does on x86-64 ("timeout is negative").
/// None when it is not a number.
pub fn parse_timeout_ms(s: &[u8]) -> Option<i64> {
    let mut ms = 0i64;
    // SAFETY: `s` is valid for `s.len()` bytes, which is all the C side reads; it writes `ms`.
    let ok = unsafe { ferrokv_ld_timeout_ms(s.as_ptr(), s.len(), &mut ms) };
    (ok != 0).then_some(ms)
}

/// Why INCRBYFLOAT could not compute a result.
#[derive(Debug, PartialEq)]
pub enum FloatIncrError {
    /// The stored value or the increment is not a valid float.
    NotFloat,
    /// The sum is NaN or infinite.
    NanOrInfinity,
}

/// INCRBYFLOAT's arithmetic, exactly as Redis does it: both operands parsed as C long doubles,
/// added, and printed with `%.17Lf` minus trailing zeros. `cur` None means a missing key (0).
pub fn incr_by_float(cur: Option<&[u8]>, incr: &[u8]) -> Result<Vec<u8>, FloatIncrError> {
    let mut out = vec![0u8; 5 * 1024];
    let (cur_ptr, cur_len) = cur.map_or((std::ptr::null(), 0), |c| (c.as_ptr(), c.len()));
    // SAFETY: every pointer is valid for the length passed with it; the C side reads at most
    // that many bytes of each input and writes at most `out.len()` bytes.
    let n = unsafe {
        ferrokv_ld_incr(
            cur_ptr,
            cur_len,
            incr.as_ptr(),
            incr.len(),
            out.as_mut_ptr(),
            out.len(),
        )
    };
    match n {
        -3 => Err(FloatIncrError::NanOrInfinity),
        n if n < 0 => Err(FloatIncrError::NotFloat),
        n => {
            out.truncate(n as usize);
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_like_string2ll() {
        assert_eq!(parse_i64(b"0"), Some(0));
        assert_eq!(parse_i64(b"-12"), Some(-12));
        assert_eq!(parse_i64(b"9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_i64(b"-9223372036854775808"), Some(i64::MIN));
        for bad in [
            &b"9223372036854775808"[..],
            b"01",
            b"-0",
            b"+1",
            b" 1",
            b"1 ",
            b"",
            b"-",
            b"1a",
        ] {
            assert_eq!(parse_i64(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn doubles_like_percent_17g() {
        assert_eq!(fmt_double(1.5), "1.5");
        assert_eq!(fmt_double(0.1), "0.10000000000000001");
        assert_eq!(fmt_double(3.0), "3");
        assert_eq!(fmt_double(1e20), "1e+20");
        assert_eq!(fmt_double(1.5e-7), "1.4999999999999999e-07");
        assert_eq!(fmt_double(f64::NEG_INFINITY), "-inf");
        assert_eq!(fmt_double(-0.0), "-0");
        assert_eq!(fmt_double(123456789012345680.0), "1.2345678901234568e+17");
    }

    #[test]
    fn floats_parse_like_strtod() {
        assert_eq!(parse_f64(b"1.5"), Some(1.5));
        assert_eq!(parse_f64(b"-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_f64(b"+inf"), Some(f64::INFINITY));
        assert_eq!(parse_f64(b"1e3"), Some(1000.0));
        assert_eq!(parse_f64(b".5"), Some(0.5));
        assert_eq!(parse_f64(b"nan"), None);
        assert_eq!(parse_f64(b" 1"), None);
        assert_eq!(parse_f64(b"1 "), None);
        assert_eq!(parse_f64(b"abc"), None);
    }

    #[test]
    fn incrbyfloat_in_long_double() {
        let inc =
            |cur: Option<&str>, by: &str| incr_by_float(cur.map(str::as_bytes), by.as_bytes());
        assert_eq!(inc(Some("10.5"), "0.1").unwrap(), b"10.6");
        assert_eq!(inc(Some("0.1"), "0.2").unwrap(), b"0.3");
        assert_eq!(inc(None, "3.0e3").unwrap(), b"3000");
        assert_eq!(inc(Some("5"), "-5").unwrap(), b"0");
        assert_eq!(inc(Some("abc"), "1"), Err(FloatIncrError::NotFloat));
        assert_eq!(inc(Some("1"), " 1"), Err(FloatIncrError::NotFloat));
        assert_eq!(inc(Some("1"), "nan"), Err(FloatIncrError::NotFloat));
        assert_eq!(inc(Some("1\x002"), "1"), Err(FloatIncrError::NotFloat));
        assert_eq!(inc(Some("1.7e4932"), "1"), Err(FloatIncrError::NotFloat));
        assert_eq!(
            inc(Some("1e4932"), "1e4932"),
            Err(FloatIncrError::NanOrInfinity)
        );
    }

    #[test]
    fn timeouts_read_like_redis() {
        assert_eq!(parse_timeout_ms(b"0"), Some(0));
        assert_eq!(parse_timeout_ms(b"0.0001"), Some(1));
        assert_eq!(parse_timeout_ms(b"1.5"), Some(1500));
        assert_eq!(parse_timeout_ms(b"0x10"), Some(16_000));
        assert_eq!(parse_timeout_ms(b"1e-400"), Some(1));
        assert_eq!(parse_timeout_ms(b"-0.0001"), Some(0));
        assert_eq!(parse_timeout_ms(b"-1"), Some(-1000));
        assert_eq!(parse_timeout_ms(b"inf"), Some(i64::MIN));
        assert_eq!(parse_timeout_ms(b"1e30"), Some(i64::MIN));
        assert_eq!(parse_timeout_ms(b"nan"), None);
        assert_eq!(parse_timeout_ms(b"1 "), None);
        assert_eq!(parse_timeout_ms(b""), None);
        assert_eq!(parse_timeout_ms(b"1e99999"), None);
    }

    /// "%.{prec}g" rebuilt from Rust's exact formatting: slow, but independent of the C library.
    fn reference_g17(d: f64) -> String {
        if d.is_infinite() {
            return if d > 0.0 { "inf".into() } else { "-inf".into() };
        }
        if d == 0.0 {
            return if d.is_sign_negative() { "-0" } else { "0" }.into();
        }
        let trim = |s: &str| -> String {
            match s.contains('.') {
                true => s.trim_end_matches('0').trim_end_matches('.').into(),
                false => s.into(),
            }
        };
        let sci = format!("{:.16e}", d);
        let (mantissa, exp) = sci.split_once('e').expect("an exponent");
        let exp: i32 = exp.parse().expect("a number");
        if !(-4..17).contains(&exp) {
            let sign = if exp < 0 { '-' } else { '+' };
            format!("{}e{sign}{:02}", trim(mantissa), exp.abs())
        } else {
            trim(&format!("{:.*}", (16 - exp).max(0) as usize, d))
        }
    }

    #[test]
    fn doubles_print_as_c_does() {
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut values = vec![
            0.1,
            1.1,
            2.5,
            -3.75,
            1e16,
            1e17,
            99999999999999990.0,
            1e-5,
            1e-4,
            123.456,
            1e300,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            0.0,
            9007199254740993.0,
            -1e16,
        ];
        for _ in 0..20000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let bits = f64::from_bits(x);
            if bits.is_finite() {
                values.push(bits);
            }
            values.push((x % 2_000_000) as f64 / 8.0 - 100_000.0);
            values.push((x % 1_000_000_000) as f64);
        }
        for d in values {
            assert_eq!(fmt_double(d), reference_g17(d), "{d:e}");
        }
    }
}

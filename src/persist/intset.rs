//! Intsets, Redis's encoding of small sets of integers: the element width in bytes (u32 LE:
//! 2, 4 or 8, the narrowest that holds every member), the count (u32 LE), then the members
//! sorted ascending, little-endian.

/// Encodes distinct `values` (any order).
pub fn encode(values: &mut [i64]) -> Vec<u8> {
    values.sort_unstable();
    let fits = |lo: i64, hi: i64| values.iter().all(|v| (lo..=hi).contains(v));
    let width: usize = if fits(i16::MIN as i64, i16::MAX as i64) {
        2
    } else if fits(i32::MIN as i64, i32::MAX as i64) {
        4
    } else {
        8
    };
    let mut out = Vec::with_capacity(8 + width * values.len());
    out.extend_from_slice(&(width as u32).to_le_bytes());
    out.extend_from_slice(&(values.len() as u32).to_le_bytes());
    for &v in values.iter() {
        out.extend_from_slice(&v.to_le_bytes()[..width]);
    }
    out
}

/// Decodes an intset, checking (as Redis's deep validation does) its size and that the members
/// are strictly ascending.
pub fn decode(blob: &[u8]) -> Result<Vec<i64>, String> {
    if blob.len() < 8 {
        return Err(format!("intset of {} bytes is too short", blob.len()));
    }
    let width = u32::from_le_bytes([blob[0], blob[1], blob[2], blob[3]]) as usize;
    if !matches!(width, 2 | 4 | 8) {
        return Err(format!("intset with invalid width {width}"));
    }
    let count = u32::from_le_bytes([blob[4], blob[5], blob[6], blob[7]]) as usize;
    let body = &blob[8..];
    if count.checked_mul(width) != Some(body.len()) {
        return Err(format!(
            "intset of {count} {width}-byte members in {} bytes",
            body.len()
        ));
    }
    let mut out: Vec<i64> = Vec::with_capacity(count);
    for c in body.chunks_exact(width) {
        let v = match width {
            2 => i16::from_le_bytes([c[0], c[1]]) as i64,
            4 => i32::from_le_bytes([c[0], c[1], c[2], c[3]]) as i64,
            _ => i64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
        };
        if out.last().is_some_and(|&last| last >= v) {
            return Err("intset members are not strictly ascending".into());
        }
        out.push(v);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_at_each_width() {
        for set in [
            vec![3i64, 1, 2],
            vec![-32768, 32767],
            vec![-32769, 5],
            vec![i32::MAX as i64 + 1, -7],
            vec![i64::MIN, i64::MAX, 0],
        ] {
            let mut v = set.clone();
            let blob = encode(&mut v);
            let mut want = set.clone();
            want.sort();
            assert_eq!(decode(&blob).unwrap(), want);
        }
        assert_eq!(&encode(&mut [1, 2])[..4], &2u32.to_le_bytes());
        assert_eq!(&encode(&mut [1, 1 << 20])[..4], &4u32.to_le_bytes());
    }

    #[test]
    fn rejects_bad_intsets() {
        let good = encode(&mut [1, 2, 3]);
        for cut in 0..good.len() {
            assert!(decode(&good[..cut]).is_err());
        }
        let mut unsorted = good.clone();
        unsorted.swap(8, 10);
        assert!(decode(&unsorted).is_err());
        let mut width = good.clone();
        width[0] = 3;
        assert!(decode(&width).is_err());
        let mut count = good;
        count[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&count).is_err());
    }
}

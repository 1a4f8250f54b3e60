//! LZF, the compression RDB files use for strings (`rdbcompression yes`) and compressed
//! quicklist nodes.
//!
//! A port of liblzf 3.6 as Redis builds it (`HLOG` 16, `VERY_FAST`), kept in-tree because it is
//! ~150 lines and the crates that offer it either wrap the C library or are unmaintained. The
//! format: `000LLLLL` + L+1 literal bytes; `LLLooooo oooooooo` copies L+2 bytes from o+1 bytes
//! back; `111ooooo LLLLLLLL oooooooo` copies L+9 bytes.

const HLOG: u32 = 16;
const HSIZE: usize = 1 << HLOG;
const MAX_LIT: usize = 1 << 5;
const MAX_OFF: usize = 1 << 13;
const MAX_REF: usize = (1 << 8) + (1 << 3);

/// The most output one input byte of compressed data can produce: a 3-byte back reference
/// copies at most 264 bytes. Lets the loader reject an implausible declared length before
/// allocating for it.
pub const MAX_RATIO: usize = MAX_REF.div_ceil(3);

/// A compressor with its hash table of recent positions, reused across calls.
///
/// Like Redis (`INIT_HTAB` 0) the table is not cleared between inputs: a stale position is
/// only used after the bytes at it are compared with the current input, so it can cost
/// compression ratio but never correctness, and skipping the 256 KB clear keeps compressing
/// many short strings cheap.
pub struct Compressor {
    htab: Box<[u32]>,
    out: Vec<u8>,
}

impl Default for Compressor {
    fn default() -> Self {
        Compressor::new()
    }
}

#[inline]
fn idx(h: u32) -> usize {
    ((h >> (3 * 8 - HLOG)).wrapping_sub(h.wrapping_mul(5)) as usize) & (HSIZE - 1)
}

impl Compressor {
    pub fn new() -> Compressor {
        Compressor {
            htab: vec![0u32; HSIZE].into_boxed_slice(),
            out: Vec::new(),
        }
    }

    /// Compresses `input` into at most `max_out` bytes; None if it does not fit (or the input
    /// is too short or too long to bother).
    pub fn compress(&mut self, input: &[u8], max_out: usize) -> Option<&[u8]> {
        let in_len = input.len();
        if in_len < 3 || max_out == 0 || in_len > u32::MAX as usize {
            return None;
        }
        let htab = &mut self.htab;
        // Slack past `max_out` so the checks below, which are liblzf's, can never index out of
        // bounds; the final length check rejects an overflow.
        self.out.clear();
        self.out.resize(max_out + 8, 0);
        let out = &mut self.out[..];
        let out_end = max_out;
        let (mut ip, mut op, mut lit) = (0usize, 1usize, 0usize);
        let frst = |p: usize| ((input[p] as u32) << 8) | input[p + 1] as u32;
        let next = |v: u32, p: usize| (v << 8) | input[p + 2] as u32;
        let mut hval = frst(0);
        while ip + 2 < in_len {
            hval = next(hval, ip);
            let slot = idx(hval);
            let r = htab[slot] as usize;
            htab[slot] = ip as u32;
            if r > 0 && r < ip && ip - r - 1 < MAX_OFF && input[r..r + 3] == input[ip..ip + 3] {
                let off = ip - r - 1;
                let mut len = 2;
                let maxlen = (in_len - ip - len).min(MAX_REF);
                if op + 3 + 1 >= out_end && op - usize::from(lit == 0) + 3 + 1 >= out_end {
                    return None;
                }
                out[op - lit - 1] = (lit as u8).wrapping_sub(1); // close the literal run
                op -= usize::from(lit == 0); // or drop its empty header
                loop {
                    len += 1;
                    if !(len < maxlen && input[r + len] == input[ip + len]) {
                        break;
                    }
                }
                len -= 2; // now the number of bytes to copy minus one
                ip += 1;
                if len < 7 {
                    out[op] = ((off >> 8) + (len << 5)) as u8;
                    op += 1;
                } else {
                    out[op] = ((off >> 8) + (7 << 5)) as u8;
                    out[op + 1] = (len - 7) as u8;
                    op += 2;
                }
                out[op] = off as u8;
                op += 2; // and start a new literal run
                lit = 0;
                ip += len + 1;
                if ip + 2 >= in_len {
                    break;
                }
                // Hash the last two positions of the match so later input can refer to them.
                ip -= 2;
                hval = frst(ip);
                hval = next(hval, ip);
                htab[idx(hval)] = ip as u32;
                ip += 1;
                hval = next(hval, ip);
                htab[idx(hval)] = ip as u32;
                ip += 1;
            } else {
                if op >= out_end {
                    return None;
                }
                lit += 1;
                out[op] = input[ip];
                op += 1;
                ip += 1;
                if lit == MAX_LIT {
                    out[op - lit - 1] = (lit - 1) as u8;
                    lit = 0;
                    op += 1;
                }
            }
        }
        if op + 3 > out_end {
            return None;
        }
        while ip < in_len {
            lit += 1;
            out[op] = input[ip];
            op += 1;
            ip += 1;
            if lit == MAX_LIT {
                out[op - lit - 1] = (lit - 1) as u8;
                lit = 0;
                op += 1;
            }
        }
        out[op - lit - 1] = (lit as u8).wrapping_sub(1);
        op -= usize::from(lit == 0);
        if op > max_out {
            return None;
        }
        Some(&self.out[..op])
    }
}

/// Decompresses `input`, which must expand to exactly `len` bytes.
pub fn decompress(input: &[u8], len: usize) -> Result<Vec<u8>, &'static str> {
    if len > input.len().saturating_mul(MAX_RATIO) {
        return Err("LZF length larger than the data can expand to");
    }
    let mut out: Vec<u8> = Vec::with_capacity(len);
    let mut ip = 0;
    while ip < input.len() {
        let ctrl = input[ip] as usize;
        ip += 1;
        if ctrl < 1 << 5 {
            let run = ctrl + 1;
            if out.len() + run > len {
                return Err("LZF data expands past its declared length");
            }
            let lits = input
                .get(ip..ip + run)
                .ok_or("LZF literal run past the end of the data")?;
            out.extend_from_slice(lits);
            ip += run;
        } else {
            let mut n = ctrl >> 5;
            if n == 7 {
                n += *input.get(ip).ok_or("LZF back reference cut short")? as usize;
                ip += 1;
            }
            let low = *input.get(ip).ok_or("LZF back reference cut short")? as usize;
            ip += 1;
            let back = ((ctrl & 0x1f) << 8) + low + 1;
            let n = n + 2;
            if out.len() + n > len {
                return Err("LZF data expands past its declared length");
            }
            let start = out
                .len()
                .checked_sub(back)
                .ok_or("LZF back reference before the start of the data")?;
            if start + n <= out.len() {
                out.extend_from_within(start..start + n);
            } else {
                // Overlapping copy: repeats the last `back` bytes, one at a time as LZF means.
                for i in 0..n {
                    let b = out[start + i];
                    out.push(b);
                }
            }
        }
    }
    if out.len() != len {
        return Err("LZF data shorter than its declared length");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::Rng;

    fn roundtrip(c: &mut Compressor, data: &[u8]) -> bool {
        match c.compress(data, data.len().saturating_sub(4)) {
            Some(z) => {
                let z = z.to_vec();
                assert!(z.len() <= data.len() - 4);
                assert_eq!(decompress(&z, data.len()).unwrap(), data);
                true
            }
            None => false,
        }
    }

    #[test]
    fn compresses_repetitive_data_and_round_trips() {
        let mut c = Compressor::new();
        assert!(roundtrip(&mut c, &[b'a'; 1000]));
        let text = b"hello world, hello world, hello world, hello there world!".repeat(50);
        assert!(roundtrip(&mut c, &text));
        let z = c.compress(&[b'a'; 1000], 996).unwrap();
        assert!(z.len() < 40, "{}", z.len());
    }

    #[test]
    fn random_data_round_trips_or_declines() {
        let mut rng = Rng::new();
        let mut c = Compressor::new();
        for round in 0..2000 {
            let n = rng.below(600) + 3;
            let alphabet = [2, 4, 16, 256][round % 4];
            let data: Vec<u8> = (0..n).map(|_| rng.below(alphabet) as u8).collect();
            roundtrip(&mut c, &data);
            // Any output size limit either fits or declines, never panics.
            let limit = rng.below(n + 10);
            if let Some(z) = c.compress(&data, limit) {
                let z = z.to_vec();
                assert!(z.len() <= limit);
                assert_eq!(decompress(&z, n).unwrap(), data);
            }
        }
    }

    #[test]
    fn decompress_rejects_bad_input() {
        assert!(decompress(&[0x20, 0x00], 10).is_err()); // reference before the start
        assert!(decompress(&[0x05, b'a'], 6).is_err()); // literal run cut short
        assert!(decompress(&[0x00, b'a'], 2).is_err()); // too short
        assert!(decompress(&[0x01, b'a', b'b'], 1).is_err()); // too long
        assert!(decompress(&[0x00, b'a', 0xe0], 300).is_err()); // cut-short reference
        assert!(decompress(&[0x00], usize::MAX).is_err()); // implausible length
        let mut rng = Rng::new();
        for _ in 0..5000 {
            let n = rng.below(40);
            let data: Vec<u8> = (0..n).map(|_| rng.below(256) as u8).collect();
            let _ = decompress(&data, rng.below(200));
        }
    }
}

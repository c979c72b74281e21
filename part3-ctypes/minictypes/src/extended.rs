//! x86-64's `long double`, the x87 80-bit extended format, to and from
//! an `f64`: what `c_longdouble`'s bytes hold, read and written as a
//! Python float (as ctypes does: a float has 53 bits of precision, the
//! format 64, so reading rounds). Pure arithmetic, no Python.
//!
//! The format: a 64-bit significand with its leading 1 written out (no
//! hidden bit), a 15-bit exponent biased by 16383, and a sign bit; little
//! endian, 10 bytes (the other 6 of the 16 are padding).

const BIAS: i32 = 16383;

/// The 10 bytes of `value` in the extended format (exact: every f64 has one).
pub(crate) fn from_f64(value: f64) -> [u8; 10] {
    let bits = value.to_bits();
    let sign = ((bits >> 63) as u16) << 15;
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (exponent, significand) = match exponent {
        0 if fraction == 0 => (0, 0),
        // Subnormal: value = fraction * 2^-1074; shift the leading 1 up.
        0 => {
            let top = 63 - fraction.leading_zeros() as i32;
            ((top - 1074 + BIAS) as u16, fraction << (63 - top))
        }
        0x7ff => (0x7fff, (1 << 63) | (fraction << 11)), // infinity, NaN
        _ => (
            (exponent - 1023 + BIAS) as u16,
            (1 << 63) | (fraction << 11),
        ),
    };
    let mut bytes = [0; 10];
    bytes[..8].copy_from_slice(&significand.to_le_bytes());
    bytes[8..].copy_from_slice(&(sign | exponent).to_le_bytes());
    bytes
}

/// The f64 nearest the extended value in `bytes` (infinity past its range).
pub(crate) fn to_f64(bytes: [u8; 10]) -> f64 {
    let mut significand = [0; 8];
    significand.copy_from_slice(&bytes[..8]);
    let significand = u64::from_le_bytes(significand);
    let top = u16::from_le_bytes([bytes[8], bytes[9]]);
    let sign = if top >> 15 == 1 { -1.0 } else { 1.0 };
    let exponent = i32::from(top & 0x7fff);
    if exponent == 0x7fff {
        return if significand << 1 == 0 {
            sign * f64::INFINITY
        } else {
            f64::NAN
        };
    }
    // value = significand * 2^(exponent - BIAS - 63); the integer rounds to
    // 53 bits first, then the scaling is exact unless it leaves f64's range.
    sign * scale(significand as f64, exponent - BIAS - 63)
}

/// `value * 2^power`, in steps a single `powi` cannot overflow.
fn scale(mut value: f64, mut power: i32) -> f64 {
    while power > 1000 {
        value *= 2f64.powi(1000);
        power -= 1000;
    }
    while power < -1000 {
        value *= 2f64.powi(-1000);
        power += 1000;
    }
    value * 2f64.powi(power)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_f64_round_trips() {
        for value in [
            0.0,
            -0.0,
            1.0,
            -2.5,
            1e300,
            -1e-300,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::INFINITY,
        ] {
            assert_eq!(
                to_f64(from_f64(value)).to_bits(),
                value.to_bits(),
                "{value}"
            );
        }
        assert!(to_f64(from_f64(f64::NAN)).is_nan());
    }

    #[test]
    fn one_is_the_bytes_a_c_compiler_writes() {
        // (long double)1.0: significand 1 << 63, exponent 16383.
        assert_eq!(from_f64(1.0), [0, 0, 0, 0, 0, 0, 0, 0x80, 0xff, 0x3f]);
    }
}

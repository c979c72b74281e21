//! The type set, as one table: every scalar C type mini-ctypes knows, with
//! what `_ctypes` keeps for each in `cfield.c` (its name, its size and
//! alignment, its libffi type) and the conversion that carries its values
//! across. Adding a type is one row, plus its code in `convert.rs` if no
//! existing conversion fits; the compiler then names every `match` that
//! must learn it (none of them has a `_ =>` arm to swallow it), and a
//! size that `read` and `write` cannot move fails to compile.

use std::sync::OnceLock;

use libffi::middle::Type;

use crate::layout::Extent;

// ANCHOR: conversion
/// How the values of a type cross the boundary; `convert.rs` has the code
/// for each, both ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Conversion {
    /// An `int` in range, stored in two's complement if `signed`; out of
    /// range is an OverflowError, never a wrapped value.
    Integer { signed: bool },
    /// A `float` (or an `int`), as a C `float` or `double` by size.
    Float,
    /// `True`, `False`, 0 or 1: C99's `_Bool`.
    Bool,
    /// `bytes` of length 1, or an `int` 0 to 255: one C `char`.
    Char,
    /// A `str` of length 1: one `wchar_t` (`wide.rs`).
    WChar,
    /// `bytes` with no NUL, or `None`: a `const char *` in.
    CharP,
    /// A `str` (copied for as long as C reads it) or `None`: `const wchar_t *`.
    WCharP,
    /// An address (`int`), `None`, or a `Buffer`: `void *`.
    VoidP,
    /// A `Buffer` the caller allocated: a `char *` the function writes.
    Buffer,
}
// ANCHOR_END: conversion

/// One row of the table.
pub(crate) struct Row {
    /// Its name in Python: `minictypes.c_int32`.
    pub(crate) name: &'static str,
    /// Its size in bytes; every type here is aligned to its size (LP64).
    pub(crate) size: usize,
    /// What libffi needs to know: size, alignment and register class.
    pub(crate) ffi_type: fn() -> Type,
    pub(crate) conversion: Conversion,
}

/// Writes the enum `Kind`, the list `Kind::ALL` and the lookup `Kind::row`
/// from one list of rows, so that no type can be added to one of them and
/// forgotten in another, and no count is kept by hand.
macro_rules! type_table {
    ($( $(#[$doc:meta])* $kind:ident => $name:literal, $size:literal, $ffi:path, $conversion:expr; )*) => {
        /// One scalar C type of the set: a row of the table below.
        /// Public for exercise crates, which read and convert arguments
        /// with it (`read`, `widen`, and `convert.rs`'s `to_python`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Kind {
            $( #[doc = concat!("`", $name, "`.")] $(#[$doc])* $kind, )*
        }

        impl Kind {
            /// Every kind, in the table's order.
            pub(crate) const ALL: &'static [Kind] = &[$(Kind::$kind),*];

            /// This kind's row of the table.
            pub(crate) const fn row(self) -> Row {
                use Conversion::*;
                match self {
                    $( Kind::$kind => Row {
                        name: $name,
                        size: $size,
                        ffi_type: $ffi,
                        conversion: $conversion,
                    }, )*
                }
            }
        }
    };
}

// ANCHOR: kind
type_table! {
    I8 => "c_int8", 1, Type::i8, Integer { signed: true };
    U8 => "c_uint8", 1, Type::u8, Integer { signed: false };
    I16 => "c_int16", 2, Type::i16, Integer { signed: true };
    U16 => "c_uint16", 2, Type::u16, Integer { signed: false };
    I32 => "c_int32", 4, Type::i32, Integer { signed: true };
    U32 => "c_uint32", 4, Type::u32, Integer { signed: false };
    I64 => "c_int64", 8, Type::i64, Integer { signed: true };
    U64 => "c_uint64", 8, Type::u64, Integer { signed: false };
    F32 => "c_float", 4, Type::f32, Float;
    F64 => "c_double", 8, Type::f64, Float;
    /// x86-64's `long double`: the x87 80-bit format in 16 bytes. Data
    /// only (arrays, fields, values): a call's slots are 8 bytes, so
    /// declarations refuse it. Its value is a Python float, as in ctypes.
    LongDouble => "c_longdouble", 16, Type::longdouble, Float;
    /// `char`: one byte (`c_char * n` is a fixed-size C string). Signed,
    /// as `char` is on x86-64 and in libffi's description.
    Char => "c_char", 1, Type::i8, Char;
    /// C99 `_Bool`: one byte, 0 or 1.
    Bool => "c_bool", 1, Type::u8, Bool;
    /// `wchar_t`: 4 bytes and signed on Linux.
    WChar => "c_wchar", 4, Type::i32, WChar;
    CharP => "c_char_p", 8, Type::pointer, CharP;
    WCharP => "c_wchar_p", 8, Type::pointer, WCharP;
    VoidP => "c_void_p", 8, Type::pointer, VoidP;
    /// Not in ctypes: the type of an argument that takes a `Buffer`.
    Buffer => "c_buffer", 8, Type::pointer, Buffer;
    /// The same numbers stored big-endian (`c_int16.__ctype_be__`, the
    /// fields of a `BigEndianStructure`): data only, as a file format or
    /// a network header has them; a call passes native values.
    I16Be => "c_int16_be", 2, Type::i16, Integer { signed: true };
    U16Be => "c_uint16_be", 2, Type::u16, Integer { signed: false };
    I32Be => "c_int32_be", 4, Type::i32, Integer { signed: true };
    U32Be => "c_uint32_be", 4, Type::u32, Integer { signed: false };
    I64Be => "c_int64_be", 8, Type::i64, Integer { signed: true };
    U64Be => "c_uint64_be", 8, Type::u64, Integer { signed: false };
    F32Be => "c_float_be", 4, Type::f32, Float;
    F64Be => "c_double_be", 8, Type::f64, Float;
}
// ANCHOR_END: kind

// Every size the table holds is one `read` and `write` know how to move
// (16 bytes is `long double` only): a row of another size fails to compile here.
const _: () = {
    let mut index = 0;
    while index < Kind::ALL.len() {
        let size = Kind::ALL[index].row().size;
        assert!(
            size == 1 || size == 2 || size == 4 || size == 8 || size == 16,
            "a scalar of 1, 2, 4, 8 or 16 bytes"
        );
        index += 1;
    }
};

impl Kind {
    /// The name Python knows it by, e.g. `c_int32`.
    pub const fn python_name(self) -> &'static str {
        self.row().name
    }

    /// What libffi needs to know: size, alignment, register class.
    pub(crate) fn ffi_type(self) -> Type {
        match self {
            Self::F32 => (c_float().ffi_type)(),
            _ => (self.row().ffi_type)(),
        }
    }

    /// Size and alignment in memory (a struct field, an array element).
    pub(crate) const fn extent(self) -> Extent {
        let size = self.row().size;
        Extent { size, align: size }
    }

    /// Whether C reads it as a signed number: a register must then hold it
    /// sign-extended (the direct path and callbacks widen by this).
    pub(crate) const fn is_signed(self) -> bool {
        match self.row().conversion {
            Conversion::Integer { signed } => signed,
            Conversion::Char | Conversion::WChar => true,
            Conversion::Float
            | Conversion::Bool
            | Conversion::CharP
            | Conversion::WCharP
            | Conversion::VoidP
            | Conversion::Buffer => false,
        }
    }

    /// Whether a call can pass or return it in an 8-byte slot (everything
    /// but `long double` and the big-endian kinds, which are data only).
    pub(crate) const fn fits_a_slot(self) -> bool {
        self.row().size <= 8 && self.native().is_none()
    }

    // ANCHOR: endian
    /// For a big-endian kind, the native kind with the same values.
    pub(crate) const fn native(self) -> Option<Kind> {
        match self {
            Self::I16Be => Some(Self::I16),
            Self::U16Be => Some(Self::U16),
            Self::I32Be => Some(Self::I32),
            Self::U32Be => Some(Self::U32),
            Self::I64Be => Some(Self::I64),
            Self::U64Be => Some(Self::U64),
            Self::F32Be => Some(Self::F32),
            Self::F64Be => Some(Self::F64),
            _ => None,
        }
    }

    /// The kind with the other byte order (x86-64 is little-endian): a
    /// number's big-endian twin and back; a one-byte kind is its own.
    /// None for what has no byte order to swap (strings, pointers).
    pub(crate) fn other_endian(self) -> Option<Kind> {
        if let Some(native) = self.native() {
            return Some(native);
        }
        if let Some(&big) = Kind::ALL.iter().find(|big| big.native() == Some(self)) {
            return Some(big);
        }
        match self.row().conversion {
            Conversion::Integer { .. } | Conversion::Bool | Conversion::Char
                if self.row().size == 1 =>
            {
                Some(self)
            }
            _ => None,
        }
    }
    // ANCHOR_END: endian

    /// Refuses a kind a call cannot carry (`long double`), for argtypes,
    /// restype, callback types and structs passed by value.
    pub(crate) fn check_in_calls(self) -> pyo3::PyResult<()> {
        if self.fits_a_slot() {
            return Ok(());
        }
        Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "{} is data only in mini-ctypes: a call passes values in 8-byte slots and it needs {}; \
             pass a pointer to it instead",
            self.python_name(),
            self.row().size
        )))
    }

    /// Whether it travels in a general register (everything but floats).
    pub(crate) const fn is_integer_class(self) -> bool {
        !matches!(self.row().conversion, Conversion::Float)
    }

    /// The range of an integer kind, as i128 (which holds every one).
    pub(crate) const fn range(self) -> Option<(i128, i128)> {
        let Conversion::Integer { signed } = self.row().conversion else {
            return None;
        };
        let bits = 8 * self.row().size as u32;
        Some(if signed {
            (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
        } else {
            (0, (1i128 << bits) - 1)
        })
    }

    /// The part of an integer kind's range an i64 holds (for `c_uint64`,
    /// up to `i64::MAX`; larger values take the general path). Read from a
    /// table made at compile time: every integer argument asks, and working
    /// it out in i128 arithmetic costs some 50 instructions a time.
    #[inline]
    pub(crate) const fn i64_range(self) -> Option<(i64, i64)> {
        I64_RANGES[self as usize]
    }

    /// `i64_range`, worked out (for the table).
    const fn i64_range_of(self) -> Option<(i64, i64)> {
        let Some((low, high)) = self.range() else {
            return None;
        };
        let high = if high > i64::MAX as i128 {
            i64::MAX as i128
        } else {
            high
        };
        Some((low as i64, high as i64))
    }

    /// `slot`'s low `size` bytes, sign-extended to 64 bits if the kind is
    /// signed, zero-extended if not: the value as a register holds it.
    pub const fn widen(self, slot: u64) -> u64 {
        if self.row().size >= 8 {
            return slot;
        }
        let unused = 64 - 8 * self.row().size as u32;
        if unused == 0 {
            slot
        } else if self.is_signed() {
            (((slot << unused) as i64) >> unused) as u64
        } else {
            (slot << unused) >> unused
        }
    }

    /// An in-range value, as the slot holds it: its low `size` bytes, zero
    /// above (two's complement for a negative one).
    pub(crate) const fn narrow(self, number: i64) -> u64 {
        if self.row().size >= 8 {
            return number as u64;
        }
        let unused = 64 - 8 * self.row().size as u32;
        if unused == 0 {
            number as u64
        } else {
            ((number as u64) << unused) >> unused
        }
    }

    /// Reads a value of this kind from memory into a slot (`from_slot`
    /// converts it), at its width.
    ///
    /// # Safety
    /// `address` points at `extent().size` readable bytes.
    pub unsafe fn read(self, address: *const u8) -> u64 {
        if self.native().is_some() {
            // SAFETY: the caller's promise, for the same width.
            let slot = unsafe { self.native_read(address) };
            return swap(slot, self.row().size);
        }
        // SAFETY: the caller's promise.
        unsafe { self.native_read(address) }
    }

    /// `read` in this machine's byte order.
    ///
    /// # Safety
    /// As for `read`.
    unsafe fn native_read(self, address: *const u8) -> u64 {
        // SAFETY: the caller's promise; unaligned reads, as a packed struct may need.
        unsafe {
            match self.row().size {
                1 => u64::from(address.read()),
                2 => u64::from(address.cast::<u16>().read_unaligned()),
                4 => u64::from(address.cast::<u32>().read_unaligned()),
                16 => {
                    crate::extended::to_f64(address.cast::<[u8; 10]>().read_unaligned()).to_bits()
                }
                _ => address.cast::<u64>().read_unaligned(), // 8: see the assertion above
            }
        }
    }

    /// Writes a slot (from `to_slot`) into memory at this kind's width.
    ///
    /// # Safety
    /// `address` points at `extent().size` writable bytes.
    pub(crate) unsafe fn write(self, address: *mut u8, slot: u64) {
        let slot = if self.native().is_some() {
            swap(slot, self.row().size)
        } else {
            slot
        };
        // SAFETY: the caller's promise.
        unsafe {
            match self.row().size {
                1 => address.write(slot as u8),
                2 => address.cast::<u16>().write_unaligned(slot as u16),
                4 => address.cast::<u32>().write_unaligned(slot as u32),
                16 => {
                    // The 10 bytes of the value, then 6 of padding, zeroed.
                    let bytes = crate::extended::from_f64(f64::from_bits(slot));
                    address.cast::<[u8; 10]>().write_unaligned(bytes);
                    address.add(10).write_bytes(0, 6);
                }
                _ => address.cast::<u64>().write_unaligned(slot), // 8: see the assertion above
            }
        }
    }
}

/// The low `size` bytes of `slot` in the other order.
const fn swap(slot: u64, size: usize) -> u64 {
    match size {
        2 => (slot as u16).swap_bytes() as u64,
        4 => (slot as u32).swap_bytes() as u64,
        8 => slot.swap_bytes(),
        _ => slot,
    }
}

// ANCHOR: c_float
/// `c_float`'s own decisions, the ones Part III exercise 06 makes: what
/// libffi is told, and how a Python float's value becomes the slot C reads
/// and comes back. (Its name, size and the check that the value is a
/// number are the table's and `convert.rs`'s.)
#[derive(Clone, Copy)]
pub struct FloatCodec {
    /// Its libffi type: size, alignment, register class.
    pub ffi_type: fn() -> Type,
    /// The value, as the bytes C reads from the slot's low end.
    pub to_slot: fn(f64) -> u64,
    /// The slot libffi wrote (or memory held), back as a Python float.
    pub from_slot: fn(u64) -> f64,
}
// ANCHOR_END: c_float

impl FloatCodec {
    /// mini-ctypes' own: C's 4-byte IEEE 754 single.
    pub const SINGLE: Self = Self {
        ffi_type: Type::f32,
        to_slot: |number| u64::from((number as f32).to_bits()),
        from_slot: |slot| f64::from(f32::from_bits(slot as u32)),
    };
}

/// The codec in use: mini-ctypes' own unless an exercise crate installed
/// another (`lib.rs`, `Pieces`), once, before the first conversion.
static C_FLOAT: OnceLock<FloatCodec> = OnceLock::new();

pub(crate) fn c_float() -> &'static FloatCodec {
    C_FLOAT.get_or_init(|| FloatCodec::SINGLE)
}

/// Installs an exercise's codec; the first one installed stays.
pub(crate) fn use_c_float(codec: FloatCodec) {
    let _ = C_FLOAT.set(codec);
}

/// Every kind's `i64_range`, by kind (a kind's number is its index in
/// `Kind::ALL`, as a test checks).
const I64_RANGES: [Option<(i64, i64)>; Kind::ALL.len()] = {
    let mut table = [None; Kind::ALL.len()];
    let mut index = 0;
    while index < Kind::ALL.len() {
        table[index] = Kind::ALL[index].i64_range_of();
        index += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn ranges_follow_size_and_sign() {
        assert_eq!(Kind::I8.range(), Some((-128, 127)));
        assert_eq!(Kind::U16.range(), Some((0, 65535)));
        assert_eq!(Kind::U64.range(), Some((0, u64::MAX.into())));
        assert_eq!(Kind::U64.i64_range(), Some((0, i64::MAX)));
        assert_eq!(Kind::F64.range(), None);
    }

    #[test]
    fn widening_and_narrowing_round_trip() {
        assert_eq!(Kind::I8.narrow(-5), 0xfb);
        assert_eq!(Kind::I8.widen(0xfb) as i64, -5);
        assert_eq!(Kind::U8.widen(0xfb), 0xfb);
        assert_eq!(Kind::Char.widen(0x80) as i64, -128);
        assert_eq!(Kind::I64.widen(u64::MAX), u64::MAX);
        assert_eq!(Kind::I32.narrow(-1), 0xffff_ffff);
    }

    #[test]
    fn every_kind_is_listed_once() {
        for (index, kind) in Kind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, index, "{kind:?} out of order");
        }
    }
}

//! Where each field of a struct or union goes: the C compiler's rules,
//! which `_ctypes` applies to `_fields_` (in `stgdict.c`) and mini-ctypes
//! applies here. Pure arithmetic, no Python.
//!
//! The rules, for a struct: each field starts at the next offset that is a
//! multiple of its alignment (the bytes skipped are *padding*); the struct's
//! alignment is its largest field alignment; its size is rounded up to a
//! multiple of that alignment, so that in an array every element's fields
//! stay aligned. A union puts every field at offset 0 and is as large as
//! its largest field, rounded the same way. `_pack_ = n` caps every
//! alignment at n (`#pragma pack(n)`).

/// What the rules need to know about a field's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Extent {
    pub(crate) size: usize,
    pub(crate) align: usize,
}

/// The computed layout: an offset per field, the whole size and alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placement {
    pub(crate) offsets: Vec<usize>,
    pub(crate) size: usize,
    pub(crate) align: usize,
}

/// Why a layout cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LayoutError {
    /// `_pack_` must be a power of two (as C requires), from 1 up.
    BadPack(usize),
    /// The sizes add up past what an address can hold.
    TooLarge,
}

// ANCHOR: place
/// The offsets, size and alignment of `fields`, laid out as a `struct`
/// (or a `union`), with every alignment capped at `pack` if given.
pub(crate) fn place(
    fields: &[Extent],
    union: bool,
    pack: Option<usize>,
) -> Result<Placement, LayoutError> {
    if let Some(pack) = pack
        && !pack.is_power_of_two()
    {
        return Err(LayoutError::BadPack(pack));
    }
    let capped = |align: usize| pack.map_or(align, |pack| align.min(pack));
    let mut offsets = Vec::with_capacity(fields.len());
    let (mut end, mut align) = (0_usize, 1_usize);
    for field in fields {
        let field_align = capped(field.align);
        align = align.max(field_align);
        // A union's fields all start at 0; a struct's at the next aligned offset.
        let offset = if union {
            0
        } else {
            round_up(end, field_align)?
        };
        offsets.push(offset);
        let field_end = offset
            .checked_add(field.size)
            .ok_or(LayoutError::TooLarge)?;
        end = end.max(field_end);
    }
    // Trailing padding: the next element of an array starts aligned.
    let size = round_up(end, align)?;
    Ok(Placement {
        offsets,
        size,
        align,
    })
}
// ANCHOR_END: place

// ANCHOR: bit_fields
/// Where a bit field's bits are in its storage unit (a C integer of its
/// type, at the field's offset): `width` bits from bit `shift` up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bits {
    pub(crate) shift: u32,
    pub(crate) width: u32,
}

/// `place` for fields some of which are bit fields (`Some(width)`), by the
/// rule GCC follows on x86-64 (the System V ABI): a bit field goes at the
/// next free bit, unless its bits would cross a boundary of its type's
/// size, in which case it starts at the next such boundary; its storage
/// unit is the integer of its type that holds those bits. Ordinary fields
/// start at the next aligned byte after the last bit used.
pub(crate) fn place_bit_fields(
    fields: &[(Extent, Option<u32>)],
    union: bool,
) -> Result<(Placement, Vec<Option<Bits>>), LayoutError> {
    let mut offsets = Vec::with_capacity(fields.len());
    let mut bits = Vec::with_capacity(fields.len());
    let (mut next_bit, mut end_bit, mut align) = (0_usize, 0_usize, 1_usize);
    for &(field, width) in fields {
        align = align.max(field.align);
        let unit = field.size.checked_mul(8).ok_or(LayoutError::TooLarge)?;
        let start = if union { 0 } else { next_bit };
        match width {
            Some(width) => {
                let width = width as usize;
                // Crossing a unit boundary starts the field at the next one.
                let start = if start % unit + width > unit {
                    round_up(start, unit)?
                } else {
                    start
                };
                let unit_start = start - start % unit;
                offsets.push(unit_start / 8);
                bits.push(Some(Bits {
                    shift: (start - unit_start) as u32,
                    width: width as u32,
                }));
                next_bit = start + width;
            }
            None => {
                let start = round_up(start, field.align * 8)?;
                offsets.push(start / 8);
                bits.push(None);
                next_bit = start.checked_add(unit).ok_or(LayoutError::TooLarge)?;
            }
        }
        end_bit = end_bit.max(next_bit);
    }
    let size = round_up(end_bit.div_ceil(8), align)?;
    Ok((
        Placement {
            offsets,
            size,
            align,
        },
        bits,
    ))
}
// ANCHOR_END: bit_fields

/// `value` rounded up to a multiple of `align` (a power of two).
fn round_up(value: usize, align: usize) -> Result<usize, LayoutError> {
    value
        .checked_add(align - 1)
        .map(|v| v & !(align - 1))
        .ok_or(LayoutError::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn e(size: usize, align: usize) -> Extent {
        Extent { size, align }
    }

    #[test]
    fn padding_goes_before_an_aligned_field_and_at_the_end() {
        // struct { uint32_t id; double weight; }: 4 bytes of padding after id.
        let sample = place(&[e(4, 4), e(8, 8)], false, None).unwrap();
        assert_eq!(
            sample,
            Placement {
                offsets: vec![0, 8],
                size: 16,
                align: 8
            }
        );
        // struct { double d; char c; }: 7 bytes of trailing padding.
        assert_eq!(place(&[e(8, 8), e(1, 1)], false, None).unwrap().size, 16);
    }

    #[test]
    fn a_union_overlaps_its_fields() {
        let value = place(&[e(8, 8), e(8, 8)], true, None).unwrap();
        assert_eq!(
            value,
            Placement {
                offsets: vec![0, 0],
                size: 8,
                align: 8
            }
        );
        assert_eq!(place(&[e(1, 1), e(4, 4)], true, None).unwrap().size, 4);
    }

    #[test]
    fn pack_caps_alignment() {
        let packed = place(&[e(1, 1), e(8, 8)], false, Some(1)).unwrap();
        assert_eq!(
            packed,
            Placement {
                offsets: vec![0, 1],
                size: 9,
                align: 1
            }
        );
        let two = place(&[e(1, 1), e(8, 8)], false, Some(2)).unwrap();
        assert_eq!(
            two,
            Placement {
                offsets: vec![0, 2],
                size: 10,
                align: 2
            }
        );
        assert_eq!(
            place(&[e(1, 1)], false, Some(3)),
            Err(LayoutError::BadPack(3))
        );
    }

    #[test]
    fn bit_fields_share_a_unit_until_one_would_cross_it() {
        let short = e(2, 2);
        // short a:3, b:14, c:14 -> one short each (3 + 14 > 16).
        let (placed, bits) = place_bit_fields(
            &[(short, Some(3)), (short, Some(14)), (short, Some(14))],
            false,
        )
        .unwrap();
        assert_eq!((placed.offsets, placed.size), (vec![0, 2, 4], 6));
        assert_eq!(
            bits[1],
            Some(Bits {
                shift: 0,
                width: 14
            })
        );
        // char a:4 then int b:4: b fits in the int unit at 0, bits 4..8.
        let (placed, bits) =
            place_bit_fields(&[(e(1, 1), Some(4)), (e(4, 4), Some(4))], false).unwrap();
        assert_eq!((placed.offsets, placed.size), (vec![0, 0], 4));
        assert_eq!(bits[1], Some(Bits { shift: 4, width: 4 }));
        // An ordinary field after bits starts at its next aligned byte.
        let (placed, _) = place_bit_fields(&[(short, Some(1)), (short, None)], false).unwrap();
        assert_eq!((placed.offsets, placed.size), (vec![0, 2], 4));
    }

    #[test]
    fn an_empty_struct_has_size_zero_and_align_one() {
        assert_eq!(
            place(&[], false, None).unwrap(),
            Placement {
                offsets: vec![],
                size: 0,
                align: 1
            }
        );
    }

    #[test]
    fn impossible_sizes_are_an_error_not_a_wrap() {
        assert_eq!(
            place(&[e(usize::MAX, 1), e(1, 1)], false, None),
            Err(LayoutError::TooLarge)
        );
        assert_eq!(
            place(&[e(usize::MAX - 2, 8)], false, None),
            Err(LayoutError::TooLarge)
        );
    }
}

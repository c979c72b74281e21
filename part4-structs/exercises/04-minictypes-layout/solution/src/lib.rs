//! Where each field of a C struct or union goes: the C compiler's rules,
//! as mini-ctypes' `layout.rs` applies them to `_fields_`.
//!
//! For a struct: each field starts at the next offset that is a multiple of
//! its alignment (the bytes skipped are padding); the struct's alignment is
//! its largest field alignment; its size is rounded up to a multiple of
//! that alignment. A union puts every field at offset 0. `pack` caps every
//! alignment, as `_pack_` (C's `#pragma pack`) does.

/// A field's type, as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extent {
    pub size: usize,
    pub align: usize,
}

/// An offset per field, the whole size and alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub offsets: Vec<usize>,
    pub size: usize,
    pub align: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutError {
    /// `pack` must be a power of two.
    BadPack(usize),
    /// The sizes add up past what an address can hold.
    TooLarge,
}

/// The layout of `fields` as a struct (or a union), alignments capped at `pack`.
pub fn place(
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
        // ex: starter
        // | // TODO: the struct is as aligned as its most aligned field: update `align`.
        // | // TODO: where does this field start? (In a union, every field starts at 0.)
        // | let offset = 0;
        // ex: mistake 2: "the struct's alignment is its largest field's"
        // | if offsets.is_empty() {
        // |     align = field_align; // the first field's, not the largest
        // | }
        // | let offset = if union { 0 } else { round_up(end, field_align)? };
        // ex: mistake 3: "pack caps the struct's alignment too"
        // | align = align.max(field.align); // not capped by `pack`
        // | let offset = if union { 0 } else { round_up(end, field_align)? };
        // ex: solution
        // The struct is as aligned as its most aligned field.
        align = align.max(field_align);
        // A union's fields all start at 0; a struct's at the next aligned offset.
        let offset = if union {
            0
        } else {
            round_up(end, field_align)?
        };
        // ex: end
        offsets.push(offset);
        // ex: starter
        // | // TODO: an impossible size must be Err(LayoutError::TooLarge), not wrap.
        // | let field_end = offset + field.size;
        // ex: mistake 4: "attempt to add with overflow"
        // | let field_end = offset + field.size;
        // ex: solution
        let field_end = offset
            .checked_add(field.size)
            .ok_or(LayoutError::TooLarge)?;
        // ex: end
        end = end.max(field_end);
    }
    // ex: starter
    // | // TODO: the trailing padding: round `end` up so that the next element of
    // | // an array of this struct starts aligned.
    // | let size = end;
    // ex: mistake 1: "size 9 would put the next array element's double at offset 9"
    // | let size = end;
    // ex: solution
    // Trailing padding: the next element of an array starts aligned.
    let size = round_up(end, align)?;
    // ex: end
    Ok(Placement {
        offsets,
        size,
        align,
    })
}

/// `value` rounded up to a multiple of `align` (a power of two).
pub fn round_up(value: usize, align: usize) -> Result<usize, LayoutError> {
    value
        .checked_add(align - 1)
        .map(|v| v & !(align - 1))
        .ok_or(LayoutError::TooLarge)
}

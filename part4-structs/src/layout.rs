//! The layout probe: every struct's size and alignment, and each field's
//! offset, size and alignment, as the Rust compiler actually laid them out.
//! Python compares these rows with its ctypes mirrors and with what a C
//! compiler says of the header: three witnesses, one layout.

use std::ffi::c_char;
use std::mem::{MaybeUninit, align_of, offset_of, size_of};

use crate::records::{InputRecord, OutputRecord, Point, Reading, ReadingValue, Sample};

// ANCHOR: entry
/// `LayoutEntry`: one row of the probe (`field` is "" for the struct itself).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct LayoutEntry {
    /// The struct's C name, NUL-terminated, static.
    pub type_name: *const c_char,
    /// The field's C name, or "" for the row describing the whole struct.
    pub field: *const c_char,
    /// Bytes from the start of the struct (0 for the struct row).
    pub offset: usize,
    /// `sizeof` the field (or the struct).
    pub size: usize,
    /// `_Alignof` the field (or the struct).
    pub align: usize,
}
// ANCHOR_END: entry

/// Size and alignment of the type a pointer points to, without reading it.
fn size_and_align<F>(_: *const F) -> (usize, usize) {
    (size_of::<F>(), align_of::<F>())
}

/// A static C string from a literal.
macro_rules! cstr {
    ($text:expr) => {
        concat!($text, "\0").as_ptr().cast::<c_char>()
    };
}

// ANCHOR: rows
/// The rows of one struct: itself, then each field, named as in the header.
macro_rules! rows {
    ($type:ident { $($field:tt $(as $c_name:literal)?),* }) => {{
        let uninit = MaybeUninit::<$type>::uninit();
        let base = uninit.as_ptr();
        let mut rows = vec![LayoutEntry {
            type_name: cstr!(stringify!($type)),
            field: cstr!(""),
            offset: 0,
            size: size_of::<$type>(),
            align: align_of::<$type>(),
        }];
        $(
            // SAFETY: `&raw const` on a field of the uninitialised value makes a
            // pointer only, never a reference, and nothing reads through it.
            let (size, align) = size_and_align(unsafe { &raw const (*base).$field });
            rows.push(LayoutEntry {
                type_name: cstr!(stringify!($type)),
                field: rows!(@name $field $(as $c_name)?),
                offset: offset_of!($type, $field),
                size,
                align,
            });
        )*
        rows
    }};
    (@name $field:tt) => { cstr!(stringify!($field)) };
    (@name $field:tt as $c_name:literal) => { cstr!($c_name) };
}

/// Every row, in header order.
pub fn entries() -> Vec<LayoutEntry> {
    let mut all = rows!(Point { x, y });
    all.extend(rows!(Sample { id, weight }));
    all.extend(rows!(ReadingValue { count, value }));
    all.extend(rows!(Reading { kind, r#as as "as" }));
    all.extend(rows!(InputRecord {
        name,
        version,
        origin,
        unit,
        thresholds,
        samples,
        sample_count,
        last
    }));
    all.extend(rows!(OutputRecord {
        title,
        top,
        top_count,
        origin,
        total,
        alarm_counts,
        last
    }));
    all
}
// ANCHOR_END: rows

/// `size_t structs_layout(LayoutEntry *entries, size_t capacity)`: fills up
/// to `capacity` rows and returns how many there are in all.
///
/// # Safety
/// `out` is NULL (with `capacity` 0) or has room for `capacity` entries.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn structs_layout(out: *mut LayoutEntry, capacity: usize) -> usize {
    // Building a small Vec cannot panic except on out-of-memory, which aborts
    // in Rust anyway; so there is no status to return, only the count.
    let rows = entries();
    if !out.is_null() {
        for (index, row) in rows.iter().take(capacity).enumerate() {
            // SAFETY: index < capacity, and `out` has room for `capacity` rows.
            unsafe { out.add(index).write(*row) };
        }
    }
    rows.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn row(type_name: &str, field: &str) -> LayoutEntry {
        *entries()
            .iter()
            .find(|row| {
                // SAFETY: every name in the table is a static NUL-terminated literal.
                let (t, f) = unsafe { (CStr::from_ptr(row.type_name), CStr::from_ptr(row.field)) };
                t.to_str() == Ok(type_name) && f.to_str() == Ok(field)
            })
            .expect("row exists")
    }

    #[test]
    fn padding_is_where_the_header_says() {
        assert_eq!(
            row("Sample", "weight").offset,
            8,
            "4 bytes of padding after the id"
        );
        assert_eq!(row("Sample", "").size, 16);
        assert_eq!(
            row("InputRecord", "origin").offset,
            12,
            "2 bytes of padding after version"
        );
        assert_eq!(row("Reading", "as").offset, 8);
        assert_eq!(row("InputRecord", "thresholds").size, 8);
    }

    #[test]
    fn the_probe_reports_its_row_count() {
        // SAFETY: NULL with capacity 0 is the documented size query.
        let count = unsafe { structs_layout(std::ptr::null_mut(), 0) };
        assert_eq!(count, entries().len());
    }
}

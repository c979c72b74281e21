//! Exercise 04 passes when every struct and union of Part IV's header is laid
//! out as the C compiler lays it out (the numbers part4-structs/layout/layout.c
//! prints on x86-64 Linux), and packing and impossible sizes behave.

use part4_exercise_04::{Extent, LayoutError, Placement, place};

const fn e(size: usize, align: usize) -> Extent {
    Extent { size, align }
}

fn laid_out(fields: &[Extent], union: bool) -> (Vec<usize>, usize, usize) {
    let layout = place(fields, union, None).expect("a valid layout");
    (layout.offsets, layout.size, layout.align)
}

#[test]
fn point_has_no_padding() {
    assert_eq!(laid_out(&[e(4, 4), e(4, 4)], false), (vec![0, 4], 8, 4));
}

#[test]
fn sample_pads_before_its_double_and_nowhere_else() {
    // struct Sample { uint32_t id; double weight; }: 4 bytes after id.
    assert_eq!(
        laid_out(&[e(4, 4), e(8, 8)], false),
        (vec![0, 8], 16, 8),
        "weight must start at 8 (a multiple of its alignment), not 4"
    );
}

#[test]
fn a_union_puts_every_field_at_zero() {
    // union ReadingValue { int64_t count; double value; }
    assert_eq!(laid_out(&[e(8, 8), e(8, 8)], true), (vec![0, 0], 8, 8));
    assert_eq!(
        laid_out(&[e(1, 1), e(4, 4), e(2, 2)], true),
        (vec![0, 0, 0], 4, 4)
    );
}

#[test]
fn input_record_is_72_bytes_as_the_c_compiler_says() {
    // name, version, origin (Point), unit (char[8]), thresholds (int16_t[4]),
    // samples (Sample *), sample_count (size_t), last (Reading)
    let fields = [
        e(8, 8),
        e(2, 2),
        e(8, 4),
        e(8, 1),
        e(8, 2),
        e(8, 8),
        e(8, 8),
        e(16, 8),
    ];
    assert_eq!(
        laid_out(&fields, false),
        (vec![0, 8, 12, 20, 28, 40, 48, 56], 72, 8),
        "offsets, size and alignment of InputRecord"
    );
}

#[test]
fn trailing_padding_keeps_an_array_aligned() {
    // struct { double d; char c; }: 7 bytes after c, so the next element's d is aligned.
    assert_eq!(
        laid_out(&[e(8, 8), e(1, 1)], false),
        (vec![0, 8], 16, 8),
        "size 9 would put the next array element's double at offset 9"
    );
    assert_eq!(
        laid_out(&[e(1, 1), e(8, 8), e(1, 1)], false),
        (vec![0, 8, 16], 24, 8),
        "the struct's alignment is its largest field's, wherever that field is"
    );
}

#[test]
fn pack_caps_every_alignment() {
    let packed = place(&[e(1, 1), e(8, 8)], false, Some(1)).unwrap();
    assert_eq!(
        packed,
        Placement {
            offsets: vec![0, 1],
            size: 9,
            align: 1
        },
        "pack caps the struct's alignment too, so no trailing padding beyond it"
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
fn an_empty_struct_has_size_zero_and_alignment_one() {
    assert_eq!(laid_out(&[], false), (vec![], 0, 1));
}

#[test]
fn an_impossible_size_is_an_error_not_a_wrapped_number() {
    assert_eq!(
        place(&[e(usize::MAX, 1), e(1, 1)], false, None),
        Err(LayoutError::TooLarge)
    );
    assert_eq!(
        place(&[e(usize::MAX - 2, 8)], false, None),
        Err(LayoutError::TooLarge)
    );
}

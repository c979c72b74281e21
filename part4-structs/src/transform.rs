//! The library's real work, in safe Rust: no pointers, no C types beyond
//! the plain `Point` and `Sample`. The bridge (`bridge.rs`) turns the C
//! structs into an [`Input`] first, so every rule here is ordinary code with
//! ordinary unit tests.

use crate::records::{Point, Sample, THRESHOLDS};
use crate::status::Status;

/// `STRUCTS_MAX_VERSION`.
pub const MAX_VERSION: u16 = 255;
/// `STRUCTS_MAX_SAMPLES`: the most samples one record may lend.
pub const MAX_SAMPLES: usize = 1_000_000;
/// `STRUCTS_MAX_TOP`: the largest `top_n`.
pub const MAX_TOP: usize = 1000;

/// The last reading, once its tag has been checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LastReading {
    /// `READING_COUNT`: a number of events.
    Count(i64),
    /// `READING_VALUE`: a measured value.
    Value(f64),
}

/// A validated `InputRecord`, borrowing the caller's memory.
#[derive(Debug)]
pub struct Input<'a> {
    /// The sensor's name.
    pub name: &'a str,
    /// 1..=[`MAX_VERSION`].
    pub version: u16,
    /// Where the sensor is.
    pub origin: Point,
    /// The weights' unit, e.g. "kg".
    pub unit: &'a str,
    /// Alarm levels.
    pub thresholds: [i16; THRESHOLDS],
    /// The samples, every weight finite.
    pub samples: &'a [Sample],
    /// The last reading.
    pub last: LastReading,
}

/// What `transform_record` computes, before it is handed to C.
#[derive(Debug, PartialEq)]
pub struct Output {
    /// e.g. "sensor-A v2: 2 of 3 samples >= 20 kg".
    pub title: String,
    /// The kept samples, heaviest first (ties: lower id first), at most `top_n`.
    pub top: Vec<Sample>,
    /// The origin times scale, rounded.
    pub origin: Point,
    /// The kept weights' sum, times scale.
    pub total: f64,
    /// Per threshold: kept samples at or above it.
    pub alarm_counts: [u32; THRESHOLDS],
    /// A value times scale; a count unchanged.
    pub last: LastReading,
}

// ANCHOR: transform
/// Keeps the samples at or above `min_weight` and summarises them.
pub fn transform(
    input: &Input<'_>,
    scale: f64,
    min_weight: f64,
    top_n: usize,
) -> Result<Output, Status> {
    if !scale.is_finite() || !min_weight.is_finite() {
        return Err(Status::NotFinite);
    }
    if top_n > MAX_TOP {
        return Err(Status::BadLength);
    }
    let mut kept: Vec<Sample> = input
        .samples
        .iter()
        .copied()
        .filter(|s| s.weight >= min_weight)
        .collect();
    // Heaviest first, ties by lower id. partial_cmp, not total_cmp: every
    // weight is finite (read_input refused NaN), and total_cmp would put
    // -0.0 below 0.0, though the two are equal weights.
    kept.sort_by(|a, b| {
        let heavier = b.weight.partial_cmp(&a.weight);
        heavier
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.id.cmp(&b.id))
    });
    let total = kept.iter().map(|s| s.weight).sum::<f64>() * scale;
    let mut alarm_counts = [0u32; THRESHOLDS];
    for (count, threshold) in alarm_counts.iter_mut().zip(input.thresholds) {
        // At most MAX_SAMPLES samples, so the count fits a u32.
        *count = kept
            .iter()
            .filter(|s| s.weight >= f64::from(threshold))
            .count() as u32;
    }
    let last = match input.last {
        LastReading::Count(count) => LastReading::Count(count),
        LastReading::Value(value) => LastReading::Value(finite(value * scale)?),
    };
    let title = format!(
        "{} v{}: {} of {} samples >= {} {}",
        input.name,
        input.version,
        kept.len(),
        input.samples.len(),
        min_weight,
        input.unit
    );
    kept.truncate(top_n);
    Ok(Output {
        title,
        top: kept,
        origin: Point {
            x: scaled(input.origin.x, scale)?,
            y: scaled(input.origin.y, scale)?,
        },
        total: finite(total)?,
        alarm_counts,
        last,
    })
}
// ANCHOR_END: transform

/// `value * scale`, rounded, if it fits an `int32_t`.
fn scaled(value: i32, scale: f64) -> Result<i32, Status> {
    let result = (f64::from(value) * scale).round();
    if result >= f64::from(i32::MIN) && result <= f64::from(i32::MAX) {
        Ok(result as i32)
    } else {
        Err(Status::Overflow)
    }
}

/// A result that overflowed a double to infinity is an overflow, not a value.
fn finite(value: f64) -> Result<f64, Status> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Status::Overflow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(id: u32, weight: f64) -> Sample {
        Sample { id, weight }
    }

    fn input(samples: &[Sample]) -> Input<'_> {
        Input {
            name: "sensor-A",
            version: 2,
            origin: Point { x: 10, y: 20 },
            unit: "kg",
            thresholds: [0, 25, 40, 100],
            samples,
            last: LastReading::Value(2.0),
        }
    }

    #[test]
    fn keeps_sorts_and_summarises() {
        let samples = [
            sample(1, 12.5),
            sample(2, 40.0),
            sample(3, 25.0),
            sample(4, 40.0),
        ];
        let out = transform(&input(&samples), 1.5, 20.0, 2).unwrap();
        assert_eq!(out.title, "sensor-A v2: 3 of 4 samples >= 20 kg");
        assert_eq!(out.top, vec![sample(2, 40.0), sample(4, 40.0)]);
        assert_eq!(out.origin, Point { x: 15, y: 30 });
        assert_eq!(out.total, 105.0 * 1.5);
        assert_eq!(out.alarm_counts, [3, 3, 2, 0]);
        assert_eq!(out.last, LastReading::Value(3.0));
    }

    #[test]
    fn zero_and_minus_zero_are_equal_weights() {
        // "ties: lower id first" holds for 0.0 and -0.0, which are equal.
        let samples = [sample(2, 0.0), sample(1, -0.0), sample(3, 0.0)];
        let ids: Vec<u32> = transform(&input(&samples), 1.0, 0.0, 3)
            .unwrap()
            .top
            .iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(ids, [1, 2, 3]);
    }

    #[test]
    fn no_samples_is_an_empty_summary() {
        let out = transform(&input(&[]), 1.0, 0.0, 3).unwrap();
        assert!(out.top.is_empty());
        assert_eq!(out.total, 0.0);
        assert_eq!(out.title, "sensor-A v2: 0 of 0 samples >= 0 kg");
    }

    #[test]
    fn refuses_what_has_no_answer() {
        let samples = [sample(1, 1.0)];
        assert_eq!(
            transform(&input(&samples), f64::NAN, 0.0, 1),
            Err(Status::NotFinite)
        );
        assert_eq!(
            transform(&input(&samples), 1.0, f64::INFINITY, 1),
            Err(Status::NotFinite)
        );
        assert_eq!(
            transform(&input(&samples), 1.0, 0.0, MAX_TOP + 1),
            Err(Status::BadLength)
        );
        assert_eq!(
            transform(&input(&samples), 1e9, 0.0, 1),
            Err(Status::Overflow)
        );
        assert_eq!(
            transform(&input(&[sample(1, f64::MAX)]), 10.0, 0.0, 1),
            Err(Status::Overflow)
        );
    }

    #[test]
    fn a_count_is_not_scaled() {
        let mut record = input(&[]);
        record.last = LastReading::Count(7);
        assert_eq!(
            transform(&record, 3.0, 0.0, 0).unwrap().last,
            LastReading::Count(7)
        );
    }
}

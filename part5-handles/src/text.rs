//! Text from C: UTF-8, plus the one thing a Python `str` has that UTF-8
//! cannot say, a lone surrogate. Python encodes those with
//! `encode("utf-8", "surrogatepass")` (three bytes, 0xED 0xA0..0xBF ..), and
//! the Config core reports them by position, as Parts I and VII do.

/// The text as a `&str` when it is UTF-8, else its code points, surrogates
/// included; `None` when the bytes are not even that.
pub enum Text<'a> {
    /// Plain UTF-8.
    Utf8(&'a str),
    /// UTF-8 with lone surrogates, decoded to code points.
    WithSurrogates(Vec<u32>),
}

/// Decodes `bytes` as UTF-8 that may contain encoded surrogates.
pub fn decode(bytes: &[u8]) -> Option<Text<'_>> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(Text::Utf8(text));
    }
    let mut code_points = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                code_points.extend(text.chars().map(u32::from));
                break;
            }
            Err(error) => {
                let (valid, after) = rest.split_at(error.valid_up_to());
                // from_utf8 just said these bytes are UTF-8: this cannot fail.
                code_points.extend(std::str::from_utf8(valid).ok()?.chars().map(u32::from));
                // A surrogate is 0xED, then 0xA0..=0xBF, then a continuation byte.
                match after {
                    [0xED, second @ 0xA0..=0xBF, third @ 0x80..=0xBF, ..] => {
                        code_points.push(
                            0xD000 | (u32::from(second & 0x3F) << 6) | u32::from(third & 0x3F),
                        );
                        rest = &after[3..];
                    }
                    _ => return None,
                }
            }
        }
    }
    Some(Text::WithSurrogates(code_points))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_borrowed_and_surrogates_are_decoded() {
        assert!(matches!(
            decode("http://h/é".as_bytes()),
            Some(Text::Utf8("http://h/é"))
        ));
        // "a\udc80b" encoded with surrogatepass.
        let Some(Text::WithSurrogates(points)) = decode(b"a\xed\xb2\x80b") else {
            panic!("decodes")
        };
        assert_eq!(points, vec![0x61, 0xDC80, 0x62]);
        assert!(decode(b"\xff").is_none());
        assert!(
            decode(b"\xed\xb2").is_none(),
            "a cut-off surrogate is not text"
        );
    }
}

//! `scheme://host[:port][/path]`, checked character by character.

use crate::{ConfigError, URL_MAX_CHARS};

/// A URL that passed every check; borrowed from the caller's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url<'a> {
    /// `"http"` or `"https"`, lower case whatever the input's case.
    pub scheme: &'static str,
    /// As written (callers lower-case it when they need to).
    pub host: &'a str,
    /// The explicit port, if any.
    pub port: Option<u16>,
    /// Everything from the first `/` after the host; empty when absent.
    pub path: &'a str,
}

// ANCHOR: code_points
/// The length and character checks, on code points rather than a `&str`:
/// a Python `str` may hold lone surrogates that no `&str` can, and a route
/// that could not get UTF-8 out of Python still gets the precise message.
pub fn check_url_code_points(
    code_points: impl IntoIterator<Item = u32>,
) -> Result<(), ConfigError> {
    let mut count = 0;
    let mut first_error = None;
    for (position, code_point) in code_points.into_iter().enumerate() {
        count += 1;
        if first_error.is_none() {
            first_error = match char::from_u32(code_point) {
                None => Some(ConfigError::UrlNotUnicode { position }),
                Some(c) if c.is_whitespace() || c.is_control() => {
                    Some(ConfigError::UrlBadCharacter {
                        position,
                        code_point,
                    })
                }
                Some(_) => None,
            };
        }
    }
    // Too long is reported first: it is the error a caller can see at a glance.
    if count > URL_MAX_CHARS {
        return Err(ConfigError::UrlTooLong { chars: count });
    }
    first_error.map_or(Ok(()), Err)
}
// ANCHOR_END: code_points

// ANCHOR: parse_url
/// Checks `url` against the contract and splits it into its parts.
pub fn parse_url(url: &str) -> Result<Url<'_>, ConfigError> {
    check_url_code_points(url.chars().map(u32::from))?;
    let (scheme, rest) = url.split_once("://").ok_or(ConfigError::UrlShape)?;
    let scheme = match scheme.to_ascii_lowercase().as_str() {
        "http" => "http",
        "https" => "https",
        _ => {
            return Err(ConfigError::UrlScheme {
                scheme: scheme.to_owned(),
            });
        }
    };
    let (authority, path) = rest
        .find('/')
        .map_or((rest, ""), |slash| rest.split_at(slash));
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if host.is_empty() {
        return Err(ConfigError::UrlEmptyHost);
    }
    if !host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return Err(ConfigError::UrlHostCharacter {
            host: host.to_owned(),
        });
    }
    // The port is checked last: a URL is read left to right.
    let port = port.map(parse_port).transpose()?;
    Ok(Url {
        scheme,
        host,
        port,
        path,
    })
}

/// 1..=65535, digits only (no sign, no spaces, no `0x`).
fn parse_port(port: &str) -> Result<u16, ConfigError> {
    let invalid = || ConfigError::UrlPort {
        port: port.to_owned(),
    };
    if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    match port.parse::<u16>() {
        Ok(0) | Err(_) => Err(invalid()),
        Ok(number) => Ok(number),
    }
}
// ANCHOR_END: parse_url

#[cfg(test)]
mod tests {
    use super::*;

    fn message(url: &str) -> String {
        parse_url(url).unwrap_err().to_string()
    }

    #[test]
    fn accepts_the_contract_shapes() {
        let url = parse_url("HTTPS://Example.com:8443/a/b?q=1").unwrap();
        assert_eq!(
            url,
            Url {
                scheme: "https",
                host: "Example.com",
                port: Some(8443),
                path: "/a/b?q=1"
            }
        );
        assert_eq!(parse_url("http://h").unwrap().path, "");
        assert_eq!(parse_url("http://h:65535").unwrap().port, Some(65535));
    }

    #[test]
    fn names_each_problem() {
        assert_eq!(
            message("example.com"),
            "url must look like scheme://host[:port][/path]"
        );
        assert_eq!(
            message("ftp://h"),
            "url scheme must be http or https, got \"ftp\""
        );
        assert_eq!(message("http:///path"), "url host must not be empty");
        assert_eq!(message("http://:80"), "url host must not be empty");
        assert_eq!(
            message("http://a_b"),
            "url host may contain only ASCII letters, digits, '-' and '.', got \"a_b\""
        );
        for port in ["", "0", "65536", "+80", "8o"] {
            assert_eq!(
                message(&format!("http://h:{port}")),
                format!("url port must be a number from 1 to 65535, got \"{port}\"")
            );
        }
        assert_eq!(
            message("http://h/a b"),
            "url must not contain whitespace or control characters, found U+0020 at position 10"
        );
        assert_eq!(
            message("http://h\0"),
            "url must not contain whitespace or control characters, found U+0000 at position 8"
        );
    }

    #[test]
    fn length_is_counted_in_code_points() {
        let ok = format!("http://h/{}", "é".repeat(URL_MAX_CHARS - 9));
        assert!(
            parse_url(&ok).is_ok(),
            "2048 code points is allowed, even at 2 bytes each"
        );
        let long = format!("{ok}é");
        assert_eq!(
            parse_url(&long).unwrap_err(),
            ConfigError::UrlTooLong { chars: 2049 }
        );
    }

    #[test]
    fn lone_surrogates_are_named() {
        let code_points = "http://h/".chars().map(u32::from).chain([0xDC80]);
        assert_eq!(
            check_url_code_points(code_points).unwrap_err().to_string(),
            "url must be valid Unicode, found a lone surrogate at position 9"
        );
    }
}

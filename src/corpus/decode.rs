//! Bytes to text: UTF-8 with or without BOM, UTF-16 with BOM, and Windows-1256 (older Arabic
//! corpora) when a file is not valid UTF-8. Binary files are refused.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1256};

/// Why a file's bytes are not text we can load.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("binary file (contains NUL bytes)")]
    Nul,
    #[error("binary file (mostly control characters)")]
    Controls,
    #[error("invalid {0} text")]
    Malformed(&'static str),
}

/// Decodes `bytes`, returning the text and the name of the encoding used.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), DecodeError> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(enc, &bytes[bom_len..]);
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Nul);
    }
    let (text, name) = match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), UTF_8.name()),
        Err(_) => match mostly_utf8(bytes) {
            Some(text) => (text, UTF8_REPAIRED),
            None => decode_with(WINDOWS_1256, bytes)?,
        },
    };
    if mostly_controls(&text) {
        return Err(DecodeError::Controls);
    }
    Ok((text, name))
}

/// The encoding name given for UTF-8 text in which a few invalid bytes were replaced.
pub const UTF8_REPAIRED: &str = "UTF-8 (invalid bytes replaced by U+FFFD)";

/// What the user is told of text read as UTF-8 with replaced bytes.
pub fn repaired_note(text: &str) -> String {
    let n = text.chars().filter(|&c| c == '\u{FFFD}').count();
    let s = if n == 1 { "" } else { "s" };
    format!("read as UTF-8 with {n} invalid byte sequence{s} shown as \u{FFFD}")
}

/// UTF-8 with a few bad bytes (a truncated copy, one stray Latin-1 byte) is UTF-8, not
/// Windows-1256: decoded whole as 1256 every Arabic letter would turn to mojibake. Text is
/// read as UTF-8 with U+FFFD for the bad bytes when there are at most three of them, or under
/// 1% of its characters.
fn mostly_utf8(bytes: &[u8]) -> Option<String> {
    let (text, _) = UTF_8.decode_without_bom_handling(bytes);
    let total = text.chars().count();
    let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
    (total > 0 && (bad <= 3 || bad * 100 <= total)).then(|| text.into_owned())
}

fn decode_with(
    enc: &'static Encoding,
    bytes: &[u8],
) -> Result<(String, &'static str), DecodeError> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError::Malformed(enc.name()));
    }
    if enc != UTF_8 && enc != WINDOWS_1256 && text.contains('\0') {
        // UTF-16 text with NULs in it is as binary as any other.
        return Err(DecodeError::Nul);
    }
    Ok((text.into_owned(), enc.name()))
}

/// A text where more than a tenth of the characters are C0/C1 controls (other than line breaks
/// and tabs) is a binary file that happened to decode.
fn mostly_controls(text: &str) -> bool {
    let mut total = 0usize;
    let mut controls = 0usize;
    for c in text.chars().take(64 * 1024) {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0c}') {
            controls += 1;
        }
    }
    total > 0 && controls * 10 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bad_byte_in_utf8_is_replaced_not_read_as_1256() {
        let mut bytes = format!("{TITLE} {TITLE} {TITLE}").into_bytes();
        bytes.insert(10, 0xFF);
        let (text, name) = decode(&bytes).unwrap();
        assert_eq!(name, UTF8_REPAIRED);
        assert!(text.contains('\u{FFFD}'), "{text}");
        assert!(text.contains("لافروف"), "{text}");
    }

    const TITLE: &str = "بلينكن يبلغ لافروف ضرورة رؤية";

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(TITLE.as_bytes()).unwrap().0, TITLE);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(TITLE.as_bytes());
        assert_eq!(decode(&bom).unwrap().0, TITLE);
    }

    #[test]
    fn utf16_with_bom_both_endians() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in TITLE.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap(), (TITLE.to_string(), "UTF-16LE"));
        assert_eq!(decode(&be).unwrap(), (TITLE.to_string(), "UTF-16BE"));
    }

    #[test]
    fn windows_1256_when_not_utf8() {
        let (bytes, _, _) = WINDOWS_1256.encode(TITLE);
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(decode(&bytes).unwrap(), (TITLE.to_string(), "windows-1256"));
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(DecodeError::Nul)
        );
        let junk: Vec<u8> = (1u8..9).cycle().take(400).collect();
        assert_eq!(decode(&junk), Err(DecodeError::Controls));
    }
}

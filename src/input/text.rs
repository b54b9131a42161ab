//! Turns file bytes into text: UTF-8 (with or without BOM) or Windows-1252,
//! the two encodings French public files come in.

use crate::error::{InputError, Location};
use encoding_rs::Encoding;
use std::borrow::Cow;
use std::path::Path;

/// The encoding named by a manifest label (`utf-8`, `windows-1252`, `latin1`, `cp1252`...).
pub fn encoding_for(label: &str, file: &Path) -> Result<&'static Encoding, InputError> {
    Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        InputError::file(
            file,
            format!("unknown text encoding `{label}` (use utf-8 or windows-1252)"),
        )
        .field("encoding")
    })
}

/// Reads a whole file.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, InputError> {
    std::fs::read(path).map_err(|e| InputError::file(path, format!("cannot read the file: {e}")))
}

/// Decodes `bytes` as `encoding` (UTF-8 when `None`), skipping a BOM. Invalid
/// UTF-8 is an error naming the line, with the fix to make.
pub fn decode<'a>(
    bytes: &'a [u8],
    encoding: Option<&str>,
    path: &Path,
) -> Result<Cow<'a, str>, InputError> {
    let encoding = match encoding {
        Some(label) => encoding_for(label, path)?,
        None => encoding_rs::UTF_8,
    };
    if encoding == encoding_rs::UTF_8 {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        return std::str::from_utf8(body)
            .map(Cow::Borrowed)
            .map_err(|e| not_utf8(path, 1, &body[..e.valid_up_to()]));
    }
    let (text, _, _) = encoding.decode(bytes);
    Ok(text)
}

/// The error for bytes that are not UTF-8, at the line after `valid` (the
/// text read correctly from line `first_line` on), with the fix to make.
pub fn not_utf8(path: &Path, first_line: u64, valid: &[u8]) -> InputError {
    let line = first_line + valid.iter().filter(|&&b| b == b'\n').count() as u64;
    InputError::at(
        path,
        Location::Line(line),
        "the file is not UTF-8; add `encoding = \"windows-1252\"` to its layer in the manifest",
    )
}

//! CSV answers, ready for a spreadsheet: the dialect a `sep` parameter asks
//! for, a file name in `Content-Disposition`, and for French spreadsheets
//! (`sep=semicolon`) a UTF-8 byte-order mark and, with `labels=true`, a first
//! header row of French labels with their units.
//!
//! Why the mark: a French Excel opens a double-clicked CSV file in the
//! Windows-1252 code page unless the file starts with one, and shows
//! "LameilhÃ©" for "Lameilhé". LibreOffice reads both.

use super::error::ApiError;
use crate::report::Separator;
use crate::typography::slug;
use actix_web::HttpResponse;

/// The media type of CSV answers.
pub const CSV_TYPE: &str = "text/csv; charset=utf-8";
/// UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV download being written.
pub struct CsvDownload {
    sep: Separator,
    file_name: String,
    header: Vec<String>,
    labels: Option<Vec<String>>,
}

impl CsvDownload {
    /// A download in the dialect of `sep` (`comma`, the default, or
    /// `semicolon`), named `<parts joined by ->.csv` (ASCII, for every
    /// browser and file system), with the identifiers in `header`.
    pub fn new(
        sep: Option<&str>,
        name_parts: &[&str],
        header: Vec<String>,
    ) -> Result<Self, ApiError> {
        let stem: Vec<String> = name_parts
            .iter()
            .map(|p| slug(p))
            .filter(|p| !p.is_empty())
            .collect();
        Ok(CsvDownload {
            sep: separator(sep)?,
            file_name: format!("{}.csv", stem.join("-")),
            header,
            labels: None,
        })
    }

    /// Adds the row of French labels above the identifiers when `wanted`
    /// (a `labels` parameter: `true` or `false`).
    pub fn with_labels(
        mut self,
        wanted: Option<&str>,
        labels: impl FnOnce() -> Vec<String>,
    ) -> Result<Self, ApiError> {
        match wanted.unwrap_or("false") {
            "true" | "1" => self.labels = Some(labels()),
            "false" | "0" => {}
            other => {
                return Err(ApiError::bad(
                    "labels",
                    format!("«\u{a0}{other}\u{a0}»\u{a0}: true ou false"),
                ))
            }
        }
        Ok(self)
    }

    /// The dialect, to write the cells.
    pub fn separator(&self) -> Separator {
        self.sep
    }

    /// The file's bytes: the mark (semicolon dialect), the header rows, `rows`.
    pub fn bytes(&self, rows: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
        let mut out = Vec::new();
        if self.sep == Separator::Semicolon {
            out.extend_from_slice(BOM);
        }
        let mut w = csv::WriterBuilder::new()
            .delimiter(self.sep.byte())
            .from_writer(out);
        for record in self.labels.iter().chain([&self.header]) {
            w.write_record(record).expect("writing to memory");
        }
        for record in rows {
            w.write_record(&record).expect("writing to memory");
        }
        w.into_inner().expect("writing to memory")
    }

    /// The `Content-Disposition` header's value: a download with the file name.
    pub fn content_disposition(&self) -> String {
        format!("attachment; filename=\"{}\"", self.file_name)
    }

    /// The answer carrying `bytes` (from [`CsvDownload::bytes`]).
    pub fn response(&self, bytes: Vec<u8>) -> HttpResponse {
        HttpResponse::Ok()
            .content_type(CSV_TYPE)
            .insert_header(("Content-Disposition", self.content_disposition()))
            .body(bytes)
    }
}

/// The CSV dialect of a `sep` parameter: `comma` (default) or `semicolon`.
pub fn separator(raw: Option<&str>) -> Result<Separator, ApiError> {
    match raw.unwrap_or("comma") {
        "comma" => Ok(Separator::Comma),
        "semicolon" => Ok(Separator::Semicolon),
        other => Err(ApiError::bad(
            "sep",
            format!("«\u{a0}{other}\u{a0}»\u{a0}: comma ou semicolon"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain_ascii() {
        let d = CsvDownload::new(
            Some("semicolon"),
            &["zonage", "qpv", "", "décembre 2024"],
            vec!["code".into()],
        )
        .unwrap();
        assert_eq!(d.file_name, "zonage-qpv-decembre-2024.csv");
    }

    #[test]
    fn semicolon_files_start_with_the_mark_and_labels() {
        let d = CsvDownload::new(
            Some("semicolon"),
            &["x"],
            vec!["code".into(), "part".into()],
        )
        .unwrap()
        .with_labels(Some("true"), || vec!["Code".into(), "Part (%)".into()])
        .unwrap();
        let text = String::from_utf8(d.bytes([vec!["1".into(), "2,5".into()]])).unwrap();
        assert_eq!(text, "\u{feff}Code;Part (%)\ncode;part\n1;2,5\n");
        let plain = CsvDownload::new(None, &["x"], vec!["code".into()]).unwrap();
        assert!(plain.bytes([]).starts_with(b"code"));
    }
}

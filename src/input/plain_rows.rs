//! Rows of a CSV piece with no quote character, split at line breaks and
//! delimiters without the `csv` crate's state machine.
//!
//! Why our own code: with no quote in a piece, a field can hold neither a
//! delimiter nor a line break, so splitting is all its rows need; the `csv`
//! crate's byte-by-byte state machine was the largest single cost of the
//! national report (5 million rows, 255 MB: `csv_core` 10 % of the
//! processor time). Pieces with a quote, or with a carriage return that
//! does not end a line (old Mac files), still go through the `csv` crate.

/// The rows of one piece of text, with their line numbers.
pub struct PlainRows<'a> {
    text: &'a [u8],
    /// Delimiters and line feeds, found 32 bytes at a time: one pass over
    /// the piece instead of a search per row and per field (rows of ~50
    /// bytes are too short for a search to pay for its start).
    breaks: memchr::Memchr2<'a>,
    /// Where the next field starts.
    at: usize,
    line: u64,
    delimiter: u8,
}

impl<'a> PlainRows<'a> {
    /// The rows of `text` (whose first line is `first_line`), or `None` when
    /// the piece needs a real CSV reader: a quote, or a carriage return not
    /// followed by a line feed (the `csv` crate ends a record there).
    pub fn new(text: &'a str, delimiter: u8, first_line: u64) -> Option<Self> {
        let bytes = text.as_bytes();
        let lone_return =
            memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'));
        if lone_return || memchr::memchr(b'"', bytes).is_some() {
            return None;
        }
        Some(PlainRows {
            text: bytes,
            breaks: memchr::memchr2_iter(delimiter, b'\n', bytes),
            at: 0,
            line: first_line,
            delimiter,
        })
    }

    /// Puts the next row's fields in `fields` and gives its line number;
    /// empty lines are skipped, as the `csv` crate does. `None` at the end.
    pub fn next_row(&mut self, fields: &mut Vec<&'a [u8]>) -> Option<u64> {
        fields.clear();
        while self.at < self.text.len() {
            let end = self.breaks.next().unwrap_or(self.text.len());
            let field = &self.text[self.at..end];
            self.at = end + 1;
            if self.text.get(end) == Some(&self.delimiter) {
                fields.push(field);
                continue;
            }
            let line = self.line;
            self.line += 1;
            let field = field.strip_suffix(b"\r").unwrap_or(field);
            if fields.is_empty() && field.is_empty() {
                continue;
            }
            fields.push(field);
            return Some(line);
        }
        if fields.is_empty() {
            return None;
        }
        // The text ended just after a delimiter: the row's last field is empty.
        fields.push(&self.text[self.text.len()..]);
        self.line += 1;
        Some(self.line - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row's line and fields, read by [`PlainRows`].
    fn plain(text: &str, first_line: u64) -> Vec<(u64, Vec<String>)> {
        let mut rows = PlainRows::new(text, b';', first_line).expect("plain text");
        let mut fields = Vec::new();
        let mut out = Vec::new();
        while let Some(line) = rows.next_row(&mut fields) {
            let text = fields
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned());
            out.push((line, text.collect()));
        }
        out
    }

    /// The fields of each row, read by the `csv` crate.
    fn with_csv_crate(text: &str) -> Vec<Vec<String>> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let records = reader.records().map(|r| r.unwrap());
        records
            .map(|r| r.iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn rows_are_split_as_the_csv_crate_splits_them() {
        let cases = [
            "a;b;c\n1;2;3\n",
            "a;b;c\r\n1;2;3\r\n4;5;6",
            "\n\na;;\n\r\n;x\n  \n;\nlast;",
            "é;ü\n1 206;à\n",
            "",
            "\n",
            "one field\n",
        ];
        for text in cases {
            let fields: Vec<_> = plain(text, 7).into_iter().map(|(_, f)| f).collect();
            assert_eq!(fields, with_csv_crate(text), "{text:?}");
        }
    }

    #[test]
    fn rows_keep_their_line_numbers_across_empty_lines() {
        let lines: Vec<u64> = plain("\n\na;;\n\r\n;x\n  \n;\nlast;", 7)
            .into_iter()
            .map(|(line, _)| line)
            .collect();
        assert_eq!(lines, [9, 11, 12, 13, 14]);
    }

    proptest::proptest! {
        /// Any text of the kinds these files hold (fields, delimiters, LF
        /// and CRLF line ends, empty lines, spaces, accents; no quote) is
        /// split as the `csv` crate splits it, each row named by its line.
        #[test]
        fn any_text_without_quotes_is_split_as_the_csv_crate_splits_it(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", "12", ";", "\n", "\r\n", " ", "é", ""]),
                0..40,
            )
        ) {
            let text = parts.concat();
            let rows = plain(&text, 1);
            let fields: Vec<_> = rows.iter().map(|(_, f)| f.clone()).collect();
            proptest::prop_assert_eq!(fields, with_csv_crate(&text));
            // Each row on its own line: the non-empty lines, numbered from 1.
            let lines: Vec<u64> = text
                .split('\n')
                .zip(1..)
                .filter(|(line, _)| !line.trim_end_matches('\r').is_empty())
                .map(|(_, number)| number)
                .collect();
            let got: Vec<u64> = rows.iter().map(|(line, _)| *line).collect();
            proptest::prop_assert_eq!(got, lines);
        }
    }

    #[test]
    fn quotes_and_lone_carriage_returns_need_the_csv_crate() {
        assert!(PlainRows::new("a;\"b\"\n", b';', 1).is_none());
        assert!(PlainRows::new("a;b\r1;2\n", b';', 1).is_none());
        assert!(PlainRows::new("a;b\r\n1;2\r\n", b';', 1).is_some());
        assert!(PlainRows::new("a;b\r", b';', 1).is_none());
    }
}

//! Reads a text file as blocks of whole lines, decoded, so that a big CSV is
//! parsed while the next block is read and is never held whole in memory.
//!
//! Why not `std::fs::read` and one decode: the national job-seekers' file is
//! 255 MB; reading it whole cost 0.6 s of page faults and copying before any
//! row was parsed, and 255 MB more peak memory. Blocks of a few megabytes are
//! read beside the parsing of the previous one.

use super::text::{encoding_for, not_utf8};
use crate::error::InputError;
use encoding_rs::Encoding;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Bytes read at a time (a block ends at the first line break after them).
const BLOCK_BYTES: u64 = 8 << 20;

/// Whole lines of a file, decoded, and the number of the first one.
#[derive(Debug, Default)]
pub struct Block {
    /// Line number (from 1) of the block's first line.
    pub first_line: u64,
    /// The lines, each with its line break (the file's last one may lack it).
    pub text: String,
}

/// A file read block by block.
pub struct LineBlocks {
    file: File,
    path: PathBuf,
    encoding: &'static Encoding,
    /// Bytes read after the last line break handed out.
    carry: Vec<u8>,
    /// Line number of the next block's first line.
    line: u64,
    /// Bytes read at a time (tests make it small).
    block_bytes: u64,
    /// False until the first read (which looks for a byte order mark).
    started: bool,
    at_end: bool,
}

impl LineBlocks {
    /// Opens `path`, to be decoded as `encoding` (a manifest label; UTF-8
    /// when `None`). A byte order mark overrides the label, as
    /// `encoding_rs` does: a UTF-8 file saved by Excel reads right whatever
    /// the manifest says.
    pub fn open(path: &Path, encoding: Option<&str>) -> Result<LineBlocks, InputError> {
        let encoding = match encoding {
            Some(label) => encoding_for(label, path)?,
            None => encoding_rs::UTF_8,
        };
        let file = File::open(path)
            .map_err(|e| InputError::file(path, format!("cannot read the file: {e}")))?;
        Ok(LineBlocks {
            file,
            path: path.to_path_buf(),
            encoding,
            carry: Vec::new(),
            line: 1,
            block_bytes: BLOCK_BYTES,
            started: false,
            at_end: false,
        })
    }

    /// The next block of whole lines, or `None` after the last one.
    pub fn next_block(&mut self) -> Result<Option<Block>, InputError> {
        let mut bytes = std::mem::take(&mut self.carry);
        loop {
            let searched = bytes.len();
            self.fill(&mut bytes, self.block_bytes)?;
            // UTF-16 cannot be cut at a 0x0A byte: such a file is one block.
            if !self.encoding.is_ascii_compatible() {
                return self.rest_after(bytes);
            }
            if self.at_end {
                break;
            }
            if let Some(i) = bytes[searched..].iter().rposition(|&b| b == b'\n') {
                self.carry = bytes.split_off(searched + i + 1);
                break;
            }
        }
        self.decode(bytes)
    }

    /// The next block for a CSV reader: as [`LineBlocks::next_block`], but
    /// a block with a quote character runs to the end of the file, since a
    /// quoted field may hold a line break.
    pub fn next_csv_block(&mut self) -> Result<Option<Block>, InputError> {
        let Some(mut block) = self.next_block()? else {
            return Ok(None);
        };
        if block.text.contains('"') {
            if let Some(rest) = self.rest()? {
                block.text.push_str(&rest.text);
            }
        }
        Ok(Some(block))
    }

    /// Everything left in the file, as one block (or `None`).
    fn rest(&mut self) -> Result<Option<Block>, InputError> {
        let bytes = std::mem::take(&mut self.carry);
        self.rest_after(bytes)
    }

    fn rest_after(&mut self, mut bytes: Vec<u8>) -> Result<Option<Block>, InputError> {
        self.fill(&mut bytes, u64::MAX)?;
        self.decode(bytes)
    }

    /// Reads up to `want` more bytes (fewer only at the end of the file), and
    /// looks for a byte order mark on the first read.
    fn fill(&mut self, bytes: &mut Vec<u8>, want: u64) -> Result<(), InputError> {
        if self.at_end {
            return Ok(());
        }
        let read = (&mut self.file)
            .take(want)
            .read_to_end(bytes)
            .map_err(|e| InputError::file(&self.path, format!("cannot read the file: {e}")))?;
        self.at_end = (read as u64) < want;
        if !self.started {
            self.started = true;
            if let Some((encoding, length)) = Encoding::for_bom(bytes) {
                self.encoding = encoding;
                bytes.drain(..length);
            }
        }
        Ok(())
    }

    /// Decodes whole lines and advances the line count.
    fn decode(&mut self, bytes: Vec<u8>) -> Result<Option<Block>, InputError> {
        if bytes.is_empty() {
            return Ok(None);
        }
        let first_line = self.line;
        self.line += bytes.iter().filter(|&&b| b == b'\n').count() as u64;
        let text = if self.encoding == encoding_rs::UTF_8 {
            String::from_utf8(bytes).map_err(|e| {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                not_utf8(&self.path, first_line, valid)
            })?
        } else {
            self.encoding
                .decode_without_bom_handling(&bytes)
                .0
                .into_owned()
        };
        Ok(Some(Block { first_line, text }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocks of `bytes` read `size` bytes at a time, as (first line, text).
    fn blocks_of(bytes: &[u8], encoding: Option<&str>, size: u64) -> Vec<(u64, String)> {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), bytes).unwrap();
        let mut blocks = LineBlocks::open(file.path(), encoding).unwrap();
        blocks.block_bytes = size;
        std::iter::from_fn(|| blocks.next_block().unwrap())
            .map(|b| (b.first_line, b.text))
            .collect()
    }

    #[test]
    fn blocks_are_whole_lines_numbered_from_one() {
        let text = "id,x\n1,10\n22,200\n333,3000\nlast,no break";
        for size in [1, 3, 7, 12, 1000] {
            let blocks = blocks_of(text.as_bytes(), None, size);
            let joined: String = blocks.iter().map(|(_, t)| t.as_str()).collect();
            assert_eq!(joined, text, "size {size}");
            let mut line = 1;
            for (first, block) in &blocks {
                assert_eq!(*first, line, "size {size}: {blocks:?}");
                assert!(
                    block.ends_with('\n') || block.ends_with("no break"),
                    "{block:?}"
                );
                line += block.matches('\n').count() as u64;
            }
        }
    }

    #[test]
    fn a_byte_order_mark_is_dropped_and_wins_over_the_label() {
        let blocks = blocks_of(b"\xEF\xBB\xBFnom\nL\xC3\xA9a\n", Some("windows-1252"), 4);
        let joined: String = blocks.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(joined, "nom\nLéa\n");
    }

    #[test]
    fn windows_1252_is_decoded_block_by_block() {
        let blocks = blocks_of(b"nom\nB\xE9thune\n\x92\n", Some("windows-1252"), 2);
        let joined: String = blocks.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(joined, "nom\nBéthune\n’\n");
    }

    #[test]
    fn utf_16_is_read_in_one_block() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("a\nb\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(blocks_of(&bytes, None, 2), vec![(1, "a\nb\n".to_string())]);
    }

    #[test]
    fn invalid_utf8_names_its_line_in_a_later_block() {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), b"a\nb\nc\xE9\n").unwrap();
        let mut blocks = LineBlocks::open(file.path(), None).unwrap();
        blocks.block_bytes = 2;
        let error = std::iter::from_fn(|| blocks.next_block().transpose())
            .find_map(Result::err)
            .unwrap();
        assert!(error.to_string().contains("line 3"), "{error}");
    }

    #[test]
    fn a_quoted_block_runs_to_the_end_of_the_file() {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), "id\n\"a\nb\"\nc\nd\n").unwrap();
        let mut blocks = LineBlocks::open(file.path(), None).unwrap();
        blocks.block_bytes = 3;
        assert_eq!(blocks.next_csv_block().unwrap().unwrap().text, "id\n");
        let quoted = blocks.next_csv_block().unwrap().unwrap();
        assert_eq!(
            (quoted.first_line, quoted.text.as_str()),
            (2, "\"a\nb\"\nc\nd\n")
        );
        assert!(blocks.next_csv_block().unwrap().is_none());
    }
}

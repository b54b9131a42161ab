//! Request bodies read as a stream, with bounded memory and time.
//!
//! An upload is never held whole: the request thread forwards the body's
//! chunks through a channel of `CHANNEL_CHUNKS` chunks to a blocking task,
//! which reads them as a [`std::io::Read`] (decompressing `gzip` or `deflate`
//! bodies on the way) and parses rows as they come. The channel is bounded, so
//! a client sending faster than the parser reads is slowed down by TCP, not
//! buffered. Three limits stop an upload, each with its own status:
//! - more than [`Limits::max_bytes`] bytes *after* decompression: 413 (a small
//!   compressed body cannot inflate past the limit);
//! - the whole body not received within [`Limits::deadline`]: 408 (a client
//!   sending one byte every few seconds holds nothing for long);
//! - a `Content-Encoding` other than identity, gzip or deflate: 415.
//!
//! How many uploads run at once is bounded by the caller (a semaphore in
//! [`crate::server::state::AppState`]), so the memory held by uploads in
//! progress is bounded too.

use crate::server::error::ApiError;
use actix_web::http::header::{HeaderMap, CONTENT_ENCODING};
use actix_web::web::{self, Bytes};
use futures_util::StreamExt;
use std::io::{self, Read};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

/// Chunks in flight between the request thread and the parser.
const CHANNEL_CHUNKS: usize = 4;

/// The limits of one upload.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The most bytes a body may hold once decompressed.
    pub max_bytes: usize,
    /// The longest the whole body may take to arrive.
    pub deadline: Duration,
}

/// Why an upload stopped before its end.
#[derive(Debug, Clone, PartialEq)]
pub enum Stopped {
    /// Over [`Limits::max_bytes`].
    TooLarge(usize),
    /// Not received within [`Limits::deadline`].
    TimedOut(Duration),
    /// The connection failed or the body was malformed (chunked encoding…).
    Broken(String),
}

impl Stopped {
    /// The answer to give the client.
    pub fn into_error(self) -> ApiError {
        match self {
            Stopped::TooLarge(max) => {
                ApiError::TooLarge(format!("{} Mio au plus par requête", max / (1024 * 1024)))
            }
            Stopped::TimedOut(d) => ApiError::Timeout(d.as_secs()),
            Stopped::Broken(e) => ApiError::bad("body", e),
        }
    }
}

/// How a body is compressed (`Content-Encoding`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Encoding {
    /// Not compressed.
    Identity,
    /// `gzip` (or `x-gzip`).
    Gzip,
    /// `deflate` (zlib, as HTTP defines it).
    Deflate,
}

/// The body's encoding, or 415 for one zonage does not decode.
pub fn encoding(headers: &HeaderMap) -> Result<Encoding, ApiError> {
    let Some(raw) = headers.get(CONTENT_ENCODING) else {
        return Ok(Encoding::Identity);
    };
    let value = raw.to_str().unwrap_or("?").trim().to_ascii_lowercase();
    match value.as_str() {
        "" | "identity" => Ok(Encoding::Identity),
        "gzip" | "x-gzip" => Ok(Encoding::Gzip),
        "deflate" => Ok(Encoding::Deflate),
        _ => Err(ApiError::UnsupportedEncoding(value)),
    }
}

/// The body being received: read it (on a blocking thread) with [`Read`];
/// `Upload::stopped` says why reading failed, if a limit was the cause.
pub struct Upload {
    chunks: mpsc::Receiver<Bytes>,
    current: Bytes,
    received: usize,
    limits: Limits,
    stopped: StopReason,
}

impl Upload {
    /// Starts forwarding `payload` on the current (request) thread.
    pub fn start(mut payload: web::Payload, limits: Limits) -> Upload {
        let (sender, chunks) = mpsc::channel(CHANNEL_CHUNKS);
        let stopped = StopReason::default();
        let slot = stopped.clone();
        actix_web::rt::spawn(async move {
            let deadline = tokio::time::Instant::now() + limits.deadline;
            loop {
                let stop = match tokio::time::timeout_at(deadline, payload.next()).await {
                    Err(_) => Stopped::TimedOut(limits.deadline),
                    Ok(None) => return,
                    Ok(Some(Err(e))) => Stopped::Broken(e.to_string()),
                    Ok(Some(Ok(chunk))) => match sender.send(chunk).await {
                        Ok(()) => continue,
                        Err(_) => return, // the parser stopped first
                    },
                };
                slot.set(stop);
                return;
            }
        });
        Upload {
            chunks,
            current: Bytes::new(),
            received: 0,
            limits,
            stopped,
        }
    }

    /// A reader of the decoded body, bounded by [`Limits::max_bytes`].
    pub fn decoded(self, encoding: Encoding) -> Box<dyn Read + Send> {
        let (max, reason) = (self.limits.max_bytes, self.stopped.clone());
        let bounded = |inner: Box<dyn Read + Send>| -> Box<dyn Read + Send> {
            Box::new(Bounded {
                inner,
                max,
                read: 0,
                reason,
            })
        };
        match encoding {
            Encoding::Identity => Box::new(self),
            Encoding::Gzip => bounded(Box::new(flate2::read::MultiGzDecoder::new(self))),
            Encoding::Deflate => bounded(Box::new(flate2::read::ZlibDecoder::new(self))),
        }
    }

    /// Why the body could not be read to its end, if a limit or the
    /// connection was the cause (rather than its content).
    pub fn why_stopped(&self) -> StopReason {
        self.stopped.clone()
    }
}

/// A handle on why an upload stopped, kept after its reader is consumed.
#[derive(Clone, Default)]
pub struct StopReason(Arc<Mutex<Option<Stopped>>>);

impl StopReason {
    /// The reason, if the upload was stopped by a limit or its connection.
    pub fn get(&self) -> Option<Stopped> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Records `why` (the first reason wins) and returns it as a read error.
    fn set(&self, why: Stopped) -> io::Error {
        let message = format!("{why:?}");
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_or_insert(why);
        io::Error::other(message)
    }
}

impl Read for Upload {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.current.is_empty() {
            match self.chunks.blocking_recv() {
                Some(chunk) => self.current = chunk,
                None => {
                    return match self.stopped.get() {
                        Some(why) => Err(io::Error::other(format!("{why:?}"))),
                        None => Ok(0),
                    }
                }
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current.split_to(n));
        self.received += n;
        if self.received > self.limits.max_bytes {
            return Err(self.stopped.set(Stopped::TooLarge(self.limits.max_bytes)));
        }
        Ok(n)
    }
}

/// A decoder whose output is bounded like the raw body.
struct Bounded<R> {
    inner: R,
    max: usize,
    read: usize,
    reason: StopReason,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n;
        if self.read > self.max {
            return Err(self.reason.set(Stopped::TooLarge(self.max)));
        }
        Ok(n)
    }
}

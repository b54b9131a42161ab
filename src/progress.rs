//! Progress on a terminal for long steps (reading, joining, computing).
//!
//! Spinners draw on standard error only when it is a terminal, so piped or
//! redirected runs stay quiet; `--quiet` hides them everywhere.

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::{Duration, Instant};

/// Shows steps; a hidden instance costs nothing. Steps may run at the same
/// time on several threads (a territory reads its zone and point files
/// together): each has its own line.
#[derive(Clone)]
pub struct Progress {
    lines: Option<MultiProgress>,
}

impl Progress {
    /// Progress on standard error when it is a terminal and `quiet` is off.
    pub fn new(quiet: bool) -> Progress {
        use std::io::IsTerminal;
        let visible = !quiet && std::io::stderr().is_terminal();
        Progress {
            lines: visible.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr())),
        }
    }

    /// No output at all (library use, tests).
    pub fn hidden() -> Progress {
        Progress { lines: None }
    }

    /// Starts a step; finish it with [`Step::done`].
    pub fn step(&self, message: impl Into<String>) -> Step {
        let bar = match &self.lines {
            Some(lines) => {
                let bar = lines.add(ProgressBar::new_spinner());
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                        .expect("valid template"),
                );
                bar.enable_steady_tick(Duration::from_millis(120));
                bar
            }
            None => ProgressBar::hidden(),
        };
        let message = message.into();
        bar.set_message(message.clone());
        tracing::debug!("{message}");
        Step {
            bar,
            lines: self.lines.clone(),
            message,
            start: Instant::now(),
        }
    }
}

/// One running step.
pub struct Step {
    bar: ProgressBar,
    lines: Option<MultiProgress>,
    message: String,
    start: Instant,
}

impl Step {
    /// Ends the step with a summary (e.g. "616,032 rows").
    pub fn done(self, summary: impl AsRef<str>) {
        let elapsed = self.start.elapsed();
        let line = format!(
            "✓ {} — {} ({:.2} s)",
            self.message,
            summary.as_ref(),
            elapsed.as_secs_f64()
        );
        tracing::info!("{line}");
        let Some(lines) = &self.lines else { return };
        // Clear the spinner and print the summary as a plain line above the
        // running steps, so that finished steps stay listed.
        self.bar.finish_and_clear();
        lines.remove(&self.bar);
        if !tracing::enabled!(tracing::Level::INFO) {
            let _ = lines.println(&line); // with -v, the log line above says it already
        }
    }
}

/// Formats a count with thin French-style grouping: 616 032.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// `1 zone`, `2 zones`, `12 345 zones`: a count with its noun agreed (French
/// and English alike take the plural from 2 on), joined by a no-break space.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{}\u{a0}{}", thousands(n), if n >= 2 { many } else { one })
}

//! Captures every log line of the test process — `tracing` events and, through the `log`
//! bridge, teloxide's and reqwest's `log` records — at TRACE level into one buffer, so a test
//! can assert what was (and was not) logged.
//!
//! The subscriber is global (the bot logs from tokio worker threads), installed once per test
//! binary by [`install`]; tests running in parallel share the buffer, so assertions either look
//! for something no test may log (the token) or for lines that name the test's own ids.

#![allow(dead_code)]

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

#[derive(Clone, Default)]
pub struct LogCapture {
    buffer: Arc<Mutex<Vec<u8>>>,
}

struct Writer(Arc<Mutex<Vec<u8>>>);

impl Write for Writer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut buffer = self.0.lock().unwrap_or_else(|p| p.into_inner());
        buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl LogCapture {
    /// Everything logged so far.
    pub fn contents(&self) -> String {
        let buffer = self.buffer.lock().unwrap_or_else(|p| p.into_inner());
        String::from_utf8_lossy(&buffer).into_owned()
    }

    /// The logged lines that contain `needle`.
    pub fn lines_with(&self, needle: &str) -> Vec<String> {
        self.contents()
            .lines()
            .filter(|line| line.contains(needle))
            .map(str::to_owned)
            .collect()
    }

    /// # Panics
    /// If any logged line contains `secret` (the line is shown with the secret masked).
    pub fn assert_never_logged(&self, secret: &str) {
        let leaks = self.lines_with(secret);
        assert!(
            leaks.is_empty(),
            "{} log line(s) contain the secret, e.g. {}",
            leaks.len(),
            leaks[0].replace(secret, "<SECRET>")
        );
    }
}

/// Installs the capturing subscriber (once per process) and returns the capture.
///
/// # Panics
/// If another global subscriber was installed first.
pub fn install() -> LogCapture {
    static CAPTURE: OnceLock<LogCapture> = OnceLock::new();
    CAPTURE
        .get_or_init(|| {
            let capture = LogCapture::default();
            let buffer = Arc::clone(&capture.buffer);
            tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_ansi(false)
                .with_writer(move || Writer(Arc::clone(&buffer)))
                .try_init()
                .expect("no other global subscriber");
            capture
        })
        .clone()
}

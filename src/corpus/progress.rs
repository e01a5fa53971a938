//! How far a load has got, shared between the loader's threads and whoever shows it (the
//! explorer's loading screen, the headless progress bar). Counters only: reading them never
//! waits on the loader. A cancel flag lets the explorer stop a load the user quit.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::time::Duration;

/// The shared counters of one load.
#[derive(Debug, Default)]
pub struct LoadProgress {
    total_bytes: AtomicU64,
    total_files: AtomicU64,
    bytes: AtomicU64,
    files: AtomicU64,
    articles: AtomicU64,
    phase: AtomicU8,
    cancel: AtomicBool,
}

/// What a load is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Listing the corpus files.
    Walking,
    /// Reading and cleaning the articles.
    Reading,
    /// Indexing titles and dates.
    Indexing,
}

/// The counters at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub phase: Phase,
    pub bytes: u64,
    pub total_bytes: u64,
    pub files: u64,
    pub total_files: u64,
    pub articles: u64,
}

impl LoadProgress {
    pub fn set_totals(&self, files: u64, bytes: u64) {
        self.total_files.store(files, Ordering::Relaxed);
        self.total_bytes.store(bytes, Ordering::Relaxed);
        self.phase.store(1, Ordering::Relaxed);
    }

    /// Bytes read and articles made of them.
    pub fn add(&self, bytes: u64, articles: u64) {
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        self.articles.fetch_add(articles, Ordering::Relaxed);
    }

    pub fn file_done(&self) {
        self.files.fetch_add(1, Ordering::Relaxed);
    }

    pub fn indexing(&self) {
        self.phase.store(2, Ordering::Relaxed);
    }

    /// Asks the loader to stop at the next batch or file.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    pub fn snapshot(&self) -> Snapshot {
        let phase = match self.phase.load(Ordering::Relaxed) {
            0 => Phase::Walking,
            1 => Phase::Reading,
            _ => Phase::Indexing,
        };
        Snapshot {
            phase,
            bytes: self.bytes.load(Ordering::Relaxed),
            total_bytes: self.total_bytes.load(Ordering::Relaxed),
            files: self.files.load(Ordering::Relaxed),
            total_files: self.total_files.load(Ordering::Relaxed),
            articles: self.articles.load(Ordering::Relaxed),
        }
    }
}

impl Snapshot {
    /// The share of the bytes read, 0 to 1.
    pub fn ratio(&self) -> f64 {
        if self.total_bytes == 0 {
            return 0.0;
        }
        (self.bytes as f64 / self.total_bytes as f64).clamp(0.0, 1.0)
    }

    /// One line for a person watching: `read 61 of 122 MB · 2 of 3 files · 49,812 articles ·
    /// 80 MB/s · about 1 s left`.
    pub fn describe(&self, elapsed: Duration) -> String {
        match self.phase {
            Phase::Walking => format!("listing files… {:.1} s", elapsed.as_secs_f64()),
            Phase::Indexing => format!(
                "{} articles read; indexing titles and dates…",
                thousands(self.articles)
            ),
            Phase::Reading => self.reading(elapsed),
        }
    }

    fn reading(&self, elapsed: Duration) -> String {
        let secs = elapsed.as_secs_f64();
        let rate = if secs > 0.0 {
            self.bytes as f64 / secs
        } else {
            0.0
        };
        let mut parts = vec![
            format!("read {} of {}", mb(self.bytes), mb(self.total_bytes)),
            format!("{} of {} files", self.files, self.total_files),
            format!("{} articles", thousands(self.articles)),
        ];
        if secs >= 0.2 && rate > 0.0 {
            parts.push(format!("{}/s", mb(rate as u64)));
            let left = self.total_bytes.saturating_sub(self.bytes) as f64 / rate;
            parts.push(format!("about {} left", seconds(left)));
        }
        parts.join(" · ")
    }
}

fn mb(bytes: u64) -> String {
    let m = bytes as f64 / 1e6;
    if m < 10.0 {
        format!("{m:.1} MB")
    } else {
        format!("{m:.0} MB")
    }
}

fn seconds(s: f64) -> String {
    if s < 90.0 {
        format!("{} s", s.ceil() as u64)
    } else {
        format!("{} min", (s / 60.0).ceil() as u64)
    }
}

/// `49812` as `49,812`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_for_each_phase() {
        let p = LoadProgress::default();
        assert!(p
            .snapshot()
            .describe(Duration::from_millis(50))
            .starts_with("listing files"));
        p.set_totals(3, 122_000_000);
        p.add(61_000_000, 49_812);
        p.file_done();
        let line = p.snapshot().describe(Duration::from_secs(1));
        assert_eq!(
            line,
            "read 61 MB of 122 MB · 1 of 3 files · 49,812 articles · 61 MB/s · about 1 s left"
        );
        assert!((p.snapshot().ratio() - 0.5).abs() < 1e-9);
        p.indexing();
        assert_eq!(
            p.snapshot().describe(Duration::from_secs(2)),
            "49,812 articles read; indexing titles and dates…"
        );
    }

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}

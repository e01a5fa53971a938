//! A progress bar on standard error while a headless command loads a corpus, and only when
//! standard error is a terminal: scripts and pipes get no control sequences. The bar waits a
//! moment before it shows, so a small corpus opens without a flash.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::corpus::LoadProgress;
use crate::library::OpenOptions;

/// How long a load runs before the bar appears.
const SHOW_AFTER: Duration = Duration::from_millis(300);

/// Runs `load` with `opts`, drawing its progress on standard error when that is a terminal.
pub fn with_bar<T>(opts: &mut OpenOptions, load: impl FnOnce(&OpenOptions) -> T) -> T {
    if !std::io::stderr().is_terminal() {
        return load(opts);
    }
    let progress = Arc::new(LoadProgress::default());
    opts.progress = Some(Arc::clone(&progress));
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| draw_until(&progress, &done));
        let result = load(opts);
        done.store(true, Ordering::Relaxed);
        result
    })
}

fn draw_until(progress: &LoadProgress, done: &AtomicBool) {
    let start = Instant::now();
    // Made only once it is to show: a bar never drawn leaves nothing on the terminal.
    let mut bar: Option<ProgressBar> = None;
    while !done.load(Ordering::Relaxed) {
        if start.elapsed() >= SHOW_AFTER {
            let snap = progress.snapshot();
            let b = bar.get_or_insert_with(new_bar);
            b.set_length(snap.total_bytes.max(1));
            b.set_position(snap.bytes);
            b.set_message(snap.describe(start.elapsed()));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
}

fn new_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{bar:24} {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("█▌ ");
    bar.set_style(style);
    bar
}

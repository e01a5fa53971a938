//! The title search, off the UI thread. At a hundred thousand titles a fuzzy search can take
//! longer than a frame; run in `update` it would hold the query line still while the user
//! types. Here `update` only asks (`Effect::Search`), the event loop
//! hands the job to a [`Searcher`], and the results come back as an action. Only the newest
//! job matters: older ones still queued are skipped and one being run stops at its next chunk.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::time::Duration;

use crate::index::{Filter, Results};
use crate::library::Library;

/// A search for the list: the filter to apply, numbered so that answers to old questions can
/// be told apart, and the last results the UI had (a narrowing query starts from them).
#[derive(Clone, Debug, PartialEq)]
pub struct SearchJob {
    pub generation: u64,
    pub filter: Filter,
    pub prev: Option<(Filter, Results)>,
}

/// The answer to a [`SearchJob`].
#[derive(Clone, Debug, PartialEq)]
pub struct SearchDone {
    pub generation: u64,
    pub filter: Filter,
    pub results: Results,
}

/// A background thread that runs [`SearchJob`]s, newest first. Dropping it ends the thread.
pub struct Searcher {
    jobs: Sender<SearchJob>,
    /// The answers, when they are kept here rather than given away (see `spawn_with`).
    done: Option<Receiver<SearchDone>>,
    newest: Arc<AtomicU64>,
}

impl Searcher {
    /// Starts the thread; `None` when the system refuses one (the explorer then searches in
    /// `update`, as tests do).
    pub fn spawn(lib: Arc<Library>) -> Option<Searcher> {
        let (done_tx, done) = mpsc::channel();
        let mut s = Searcher::spawn_with(lib, move |d| done_tx.send(d).is_ok())?;
        s.done = Some(done);
        Some(s)
    }

    /// Like [`Searcher::spawn`], with each answer given to `answer` (the explorer sends it on
    /// its one channel) instead of kept for [`Searcher::try_recv`]; `answer` returns false
    /// when nobody listens any more, which ends the thread.
    pub fn spawn_with(
        lib: Arc<Library>,
        answer: impl FnMut(SearchDone) -> bool + Send + 'static,
    ) -> Option<Searcher> {
        let (jobs, job_rx) = mpsc::channel::<SearchJob>();
        let newest = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&newest);
        std::thread::Builder::new()
            .name("akhbar-search".into())
            .spawn(move || work(&lib, &job_rx, answer, &seen))
            .map_err(|e| tracing::warn!("no search thread, searching in the UI thread: {e}"))
            .ok()?;
        Some(Searcher {
            jobs,
            done: None,
            newest,
        })
    }

    /// Queues a job; any job asked before it is now stale.
    pub fn submit(&self, job: SearchJob) {
        self.cancel(job.generation);
        // A send fails only when the thread is gone; the list then keeps its last results.
        let _ = self.jobs.send(job);
    }

    /// Makes every job numbered below `generation` stale; a running one stops at its next
    /// chunk.
    pub fn cancel(&self, generation: u64) {
        self.newest.fetch_max(generation, Ordering::SeqCst);
    }

    /// A finished search, if one is ready.
    pub fn try_recv(&self) -> Option<SearchDone> {
        self.done.as_ref()?.try_recv().ok()
    }

    /// Waits up to `timeout` for a finished search.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<SearchDone> {
        self.done.as_ref()?.recv_timeout(timeout).ok()
    }
}

fn work(
    lib: &Library,
    jobs: &Receiver<SearchJob>,
    mut answer: impl FnMut(SearchDone) -> bool,
    newest: &AtomicU64,
) {
    // The last results computed here: typing "لاف" after "لا" narrows from them even when the
    // UI has not shown them yet.
    let mut last: Option<(Filter, Results)> = None;
    while let Ok(mut job) = jobs.recv() {
        while let Ok(next) = jobs.try_recv() {
            job = next;
        }
        let stale = || newest.load(Ordering::SeqCst) != job.generation;
        if stale() {
            continue;
        }
        let prev = last
            .as_ref()
            .filter(|(f, _)| f.narrows_to(&job.filter))
            .or(job.prev.as_ref())
            .map(|(f, r)| (f, r));
        let Some(results) = lib
            .index
            .apply_until(lib.articles(), &job.filter, prev, &stale)
        else {
            continue;
        };
        last = Some((job.filter.clone(), results.clone()));
        let done = SearchDone {
            generation: job.generation,
            filter: job.filter,
            results,
        };
        if !answer(done) {
            return;
        }
    }
}

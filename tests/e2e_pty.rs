//! End-to-end: the real binary in a pseudo-terminal, driven by keys, read as a screen.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::pty::{contains, Session};

fn repo() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn search_toggle_a_facet_and_quit_cleanly() {
    let mut s = Session::start(&[], repo(), 120, 32, &[]);
    s.wait_for("the article list", 20, |sc| sc.contains("Articles 5/5"));
    assert!(s.parser.screen().alternate_screen());
    // Entities are extracted beside the explorer and fill the facet pane when done.
    s.wait_for("the entity facets", 20, |sc| {
        sc.contains("PER people") && sc.contains("entities found in")
    });

    // A Latin query narrows the list to the articles whose title names Lavrov.
    s.send(b"/");
    for c in "lavrov".bytes() {
        s.send(&[c]);
    }
    s.wait_for("the narrowed list", 10, |sc| sc.contains("Articles 2/5"));
    s.send(b"\r");
    s.wait_for("the query chip", 5, |sc| sc.contains("title: lavrov"));

    // Esc-free way back: remove the chip, then select the month facet of the dated articles.
    s.send(b"x");
    s.wait_for("the full list", 5, |sc| sc.contains("Articles 5/5"));
    s.send(b"\t\t"); // list -> body -> facets
    s.send(b"G"); // last facet row: a date bucket
    s.send(b" ");
    s.wait_for("a date filter", 5, |sc| {
        !sc.contains("Articles 5/5") && sc.contains("Articles ")
    });

    s.send(b"q");
    assert_eq!(s.wait_exit(10), 0);
    assert!(
        !s.parser.screen().alternate_screen(),
        "alternate screen left on"
    );
    assert!(
        contains(&s.raw, b"\x1b[?1049l"),
        "no leave-alternate-screen sequence"
    );
    assert!(
        contains(&s.raw, b"\x1b[?1000l"),
        "mouse capture not disabled"
    );
}

#[test]
fn hostile_article_text_never_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let title =
        "لافروف \u{1b}]0;pwned\u{7} يحذر \u{1b}[5;7;31mRED\u{1b}[0m \u{202e}مقلوب\u{202c} \u{9b}2J";
    let body = "نص \u{1b}]52;c;ZXZpbA==\u{7} و\u{202d}LRO\u{202c} و\u{2067}عزل\u{2069} \u{1b}[?1049l نهاية";
    std::fs::write(dir.path().join("evil.txt"), format!("{title}\n\n{body}\n")).unwrap();
    let mut s = Session::start(
        &[dir.path().to_str().unwrap()],
        repo(),
        120,
        30,
        &[("NO_COLOR", "1")],
    );
    s.wait_for("the article", 20, |sc| {
        sc.contains("Articles 1/1") && sc.contains("RED")
    });
    s.send(b"\t"); // focus the body, drawn again
    s.send(b"q");
    assert_eq!(s.wait_exit(10), 0);
    let raw = &s.raw;
    for bad in [
        "\u{1b}]0;pwned".as_bytes(),
        b"\x1b[5;7;31m",
        "\u{1b}]52;".as_bytes(),
        "\u{9b}".as_bytes(),
        "\u{202e}".as_bytes(),
        "\u{202d}".as_bytes(),
        "\u{2067}".as_bytes(),
        b"\x07",
    ] {
        assert!(
            !contains(raw, bad),
            "{:?} from the article reached the terminal",
            String::from_utf8_lossy(bad)
        );
    }
    // ?1049l appears once: akhbar's own leave-alternate-screen at exit, not the article's.
    let leaves = raw.windows(8).filter(|w| *w == b"\x1b[?1049l").count();
    assert_eq!(leaves, 1);
}

#[test]
fn resizing_down_to_1x1_and_back_never_panics() {
    let mut s = Session::start(&[], repo(), 100, 30, &[]);
    s.wait_for("the article list", 20, |sc| sc.contains("Articles 5/5"));
    for (w, h) in [
        (79, 24),
        (60, 20),
        (30, 8),
        (19, 5),
        (10, 3),
        (2, 2),
        (1, 1),
        (45, 12),
        (120, 40),
    ] {
        s.resize(w, h);
        assert!(
            s.child.try_wait().unwrap().is_none(),
            "akhbar exited at {w}x{h}:\n{}",
            s.screen()
        );
    }
    s.wait_for("the list again", 10, |sc| sc.contains("Articles 5/5"));
    s.resize(15, 4);
    s.wait_for("the too-small notice", 10, |sc| sc.contains("too small"));
    s.resize(100, 30);
    s.send(b"q");
    assert_eq!(s.wait_exit(10), 0);
}

#[test]
fn sigterm_restores_the_terminal_and_exits() {
    let mut s = Session::start(&[], repo(), 100, 30, &[]);
    s.wait_for("the article list", 20, |sc| sc.contains("Articles 5/5"));
    let pid = s.child.process_id().expect("pid") as i32;
    std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    s.wait_exit(10);
    assert!(
        !s.parser.screen().alternate_screen(),
        "alternate screen left on"
    );
    assert!(contains(&s.raw, b"\x1b[?1049l"));
}

#[test]
fn sighup_from_an_ssh_drop_ends_the_explorer_cleanly() {
    let mut s = Session::start(&[], repo(), 100, 30, &[]);
    s.wait_for("the article list", 20, |sc| sc.contains("Articles 5/5"));
    let pid = s.child.process_id().expect("pid");
    std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    s.wait_exit(10);
    assert!(
        !s.parser.screen().alternate_screen(),
        "alternate screen left on"
    );
}

fn signal(s: &Session, sig: &str) {
    let pid = s.child.process_id().expect("pid");
    std::process::Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .unwrap();
}

#[test]
fn sigint_and_sigquit_restore_the_terminal() {
    for sig in ["-INT", "-QUIT"] {
        let mut s = Session::start(&[], repo(), 100, 30, &[]);
        s.wait_for("the article list", 20, |sc| sc.contains("Articles 5/5"));
        signal(&s, sig);
        s.wait_exit(10);
        assert!(
            !s.parser.screen().alternate_screen(),
            "{sig}: alternate screen left on"
        );
        assert!(contains(&s.raw, b"\x1b[?1049l"), "{sig}");
        assert!(contains(&s.raw, b"\x1b[?25h"), "{sig}: cursor left hidden");
    }
}

#[test]
fn sigtstp_from_outside_gives_the_terminal_back_and_sigcont_redraws() {
    let mut s = Session::start(&[], repo(), 100, 30, &[]);
    s.wait_for("the article list", 20, |sc| sc.contains("Articles 5/5"));
    signal(&s, "-TSTP");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while s.parser.screen().alternate_screen() && std::time::Instant::now() < deadline {
        s.pump(std::time::Duration::from_millis(50));
    }
    assert!(
        !s.parser.screen().alternate_screen(),
        "alternate screen kept while stopped"
    );
    // The terminal is given back just before the process stops: wait until it has stopped,
    // or the CONT could come first and be lost.
    let pid = s.child.process_id().expect("pid");
    let stopped = || {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|st| {
                st.rsplit(')')
                    .next()
                    .map(|r| r.trim_start().starts_with('T'))
            })
            .unwrap_or(true)
    };
    while !stopped() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    signal(&s, "-CONT");
    s.wait_for("the redrawn list after fg", 10, |sc| {
        sc.contains("Articles 5/5")
    });
    assert!(s.parser.screen().alternate_screen());
    s.send(b"q");
    assert_eq!(s.wait_exit(10), 0);
}

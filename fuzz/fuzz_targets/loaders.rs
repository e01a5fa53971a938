//! The loaders on arbitrary bytes: `.txt`, `.json` and `.jsonl`, chosen by the first byte,
//! including decoding, boilerplate removal, datelines, bylines and dates.
#![no_main]

use std::sync::OnceLock;

use akhbar::corpus::{load_bytes, LoadOptions, Rules};
use libfuzzer_sys::fuzz_target;

fn opts() -> &'static LoadOptions {
    static OPTS: OnceLock<LoadOptions> = OnceLock::new();
    OPTS.get_or_init(|| {
        let mut o = LoadOptions::new(Rules::builtin().expect("built-in rules"));
        o.max_line_bytes = 64 * 1024;
        o
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else { return };
    let name = match kind % 3 {
        0 => "fuzz.txt",
        1 => "fuzz.json",
        _ => "fuzz.jsonl",
    };
    let (articles, _) = load_bytes(name, bytes, opts());
    for a in articles {
        assert!(a.body.is_char_boundary(a.body.len()));
    }
});

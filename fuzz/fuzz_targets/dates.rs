//! The date parser and finder, and publication-date inference, on arbitrary text.
#![no_main]

use akhbar::arabic::dates::{find_dates, infer_publication_date, parse_date};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = parse_date(text);
    let _ = infer_publication_date(text);
    for m in find_dates(text) {
        assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
    }
});

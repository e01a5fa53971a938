//! The entity matcher on arbitrary text: spans are in bounds and in order.
#![no_main]

use std::sync::OnceLock;

use akhbar::entities::{tag, Extractor, Gazetteer};
use libfuzzer_sys::fuzz_target;

fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| Extractor::new(&Gazetteer::builtin().expect("built-in gazetteer")))
}

fuzz_target!(|text: &str| {
    let chars = text.chars().count();
    for m in tag(extractor(), text) {
        assert!(m.start < m.end && m.end <= chars);
    }
});

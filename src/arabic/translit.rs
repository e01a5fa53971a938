//! Latin transliteration of Arabic, for search by users without an Arabic keyboard. (Stub.)

/// Consonant skeleton of `s` for matching, with the byte offset of each output char's source.
/// (Placeholder until the transliteration work lands: returns no skeleton.)
pub fn skeleton_with_map(s: &str) -> (String, Vec<usize>) {
    (String::new(), vec![s.len()])
}

/// The user's Latin query in the skeleton alphabet. (Placeholder.)
pub fn latin_query_skeleton(q: &str) -> String {
    q.to_string()
}

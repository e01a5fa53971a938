//! The title query syntax, as fzf users know it:
//!
//! | syntax | meaning |
//! |---|---|
//! | `word` | a title word starts with `word` (after proclitics), or is a spelling variant of it |
//! | `'word` | a title word is exactly `word` (proclitics allowed) |
//! | `^word` | the title's first word matches |
//! | `word$` | the title's last word matches |
//! | `!word` | no title word matches (exclude) |
//! | `a \| b` | either |
//! | `~text` | the whole query as loose letters in order (fuzzy subsequence, the old search) |
//!
//! Words are ANDed in any order; `|` binds tighter than the space (`a b | c` = a and (b or c)).

/// A parsed title query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// `~text`: the loose subsequence search over the whole text.
    pub loose: Option<String>,
    /// Terms a title must match: each group is a list of alternatives (`a | b`).
    pub groups: Vec<Vec<Term>>,
    /// Terms no title word may match (`!word`).
    pub excluded: Vec<Term>,
}

/// One word of a query with its operators.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Term {
    /// The word as typed, operators taken off.
    pub text: String,
    /// `'word`: the exact word only.
    pub exact: bool,
    /// `^word`: the first word of the title.
    pub first: bool,
    /// `word$`: the last word of the title.
    pub last: bool,
}

impl Query {
    pub fn parse(q: &str) -> Query {
        let q = q.trim();
        if let Some(rest) = q.strip_prefix('~') {
            return Query {
                loose: Some(rest.trim().to_string()),
                ..Query::default()
            };
        }
        let mut out = Query::default();
        let mut join = false;
        for word in q.split_whitespace() {
            if word == "|" {
                join = !out.groups.is_empty();
                continue;
            }
            let (negated, term) = match word.strip_prefix('!') {
                Some(rest) => (true, Term::parse(rest)),
                None => (false, Term::parse(word)),
            };
            let Some(term) = term else { continue };
            if negated {
                out.excluded.push(term);
                join = false;
                continue;
            }
            match out.groups.last_mut() {
                Some(group) if join => group.push(term),
                _ => out.groups.push(vec![term]),
            }
            join = false;
        }
        out
    }

    /// Nothing to match: every title passes.
    pub fn is_empty(&self) -> bool {
        self.loose.as_deref().is_none_or(str::is_empty)
            && self.groups.is_empty()
            && self.excluded.is_empty()
    }
}

impl Term {
    /// A term from one query word; `None` when nothing but operators and punctuation is left.
    fn parse(word: &str) -> Option<Term> {
        let mut t = Term::default();
        let mut w = word;
        if let Some(rest) = w.strip_prefix('\'') {
            t.exact = true;
            w = rest;
        }
        if let Some(rest) = w.strip_prefix('^') {
            t.first = true;
            w = rest;
        }
        if let Some(rest) = w.strip_suffix('$') {
            t.last = true;
            w = rest;
        }
        let text = w.trim_matches(|c: char| !c.is_alphanumeric());
        (!text.is_empty()).then(|| Term {
            text: text.to_string(),
            ..t
        })
    }
}

/// True when every title the query `longer` matches is sure to match `shorter`: `longer`
/// adds whole words, none of them an alternative (`|`), to a word query. Typing a word
/// further is not such a step: a longer word may match a spelling variant or a typo that the
/// shorter did not.
pub fn narrows(shorter: &str, longer: &str) -> bool {
    let (s, l) = (shorter.trim_start(), longer.trim_start());
    let Some(added) = l.strip_prefix(s) else {
        return false;
    };
    !s.trim().is_empty()
        && !s.starts_with('~')
        && !s.trim_end().ends_with('|')
        && added.starts_with(char::is_whitespace)
        && !added.split_whitespace().any(|w| w == "|")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str) -> Term {
        Term {
            text: text.into(),
            ..Term::default()
        }
    }

    #[test]
    fn words_are_anded_and_bars_join_alternatives() {
        let q = Query::parse("تونس الحكومة | الوزارة");
        assert_eq!(
            q.groups,
            vec![vec![term("تونس")], vec![term("الحكومة"), term("الوزارة")]]
        );
        assert!(q.excluded.is_empty() && q.loose.is_none());
    }

    #[test]
    fn operators_set_their_flags() {
        let q = Query::parse("'السبسي ^تونس إرهاب$ !كرة");
        let g: Vec<&Term> = q.groups.iter().map(|g| &g[0]).collect();
        assert!(g[0].exact && g[0].text == "السبسي");
        assert!(g[1].first && g[1].text == "تونس");
        assert!(g[2].last && g[2].text == "إرهاب");
        assert_eq!(q.excluded, vec![term("كرة")]);
    }

    #[test]
    fn a_tilde_asks_for_the_loose_search() {
        let q = Query::parse("~لفرف بلن");
        assert_eq!(q.loose.as_deref(), Some("لفرف بلن"));
        assert!(q.groups.is_empty());
    }

    #[test]
    fn stray_operators_and_punctuation_are_ignored() {
        assert!(Query::parse("! ' ^ $ | ،").is_empty());
        assert_eq!(Query::parse("| تونس").groups, vec![vec![term("تونس")]]);
        assert_eq!(Query::parse("«تونس»،").groups, vec![vec![term("تونس")]]);
    }

    #[test]
    fn only_added_words_narrow() {
        assert!(narrows("تونس", "تونس الحكومة"));
        assert!(narrows("تونس", "تونس !كرة"));
        assert!(!narrows("تونس", "تونس | ليبيا"));
        assert!(!narrows("تونس |", "تونس | ليبيا"));
        assert!(
            !narrows("تون", "تونس"),
            "a word typed further may match variants"
        );
        assert!(!narrows("~تون", "~تون س"));
        assert!(!narrows("", "تونس"));
    }

    proptest::proptest! {
        /// Parsing never panics, and every term it keeps has text.
        #[test]
        fn every_term_has_text(q in "[!'^$|~ تونسabc،]{0,24}") {
            let p = Query::parse(&q);
            for t in p.groups.iter().flatten().chain(&p.excluded) {
                proptest::prop_assert!(!t.text.is_empty());
            }
        }
    }
}

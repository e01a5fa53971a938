//! Named entities: gazetteer, matching, discovery, corpus linking.
//!
//! [`Gazetteer`] holds known entities and the word lists of the context patterns (data, not
//! code). [`Extractor`] finds mentions in one text: gazetteer phrases on normalised tokens
//! with proclitics stripped, longest first, then names introduced by titles and head words.
//! [`extract_corpus`] runs it per document in parallel and links across the corpus.

use serde::{Deserialize, Serialize};

/// The type of a named entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityKind {
    #[serde(rename = "PER")]
    Per,
    #[serde(rename = "LOC")]
    Loc,
    #[serde(rename = "ORG")]
    Org,
}

impl EntityKind {
    /// The short name used in JSON and in text output: PER, LOC, ORG.
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Per => "PER",
            EntityKind::Loc => "LOC",
            EntityKind::Org => "ORG",
        }
    }
}

pub use crate::corpus::{Field, Mention};

mod extract;
mod gazetteer;
mod link;
mod phrases;
pub mod tagger;

pub use extract::Extractor;
pub use gazetteer::{EntityDef, Gazetteer, Patterns};
pub use link::{extract_corpus, extract_corpus_counting, tag, Entity, EntityTable, TaggedMention};

#[cfg(test)]
mod tests;

#[cfg(test)]
mod label_tests {
    use super::EntityKind;

    #[test]
    fn label_is_the_json_name() {
        for k in [EntityKind::Per, EntityKind::Loc, EntityKind::Org] {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.label())
            );
        }
    }
}

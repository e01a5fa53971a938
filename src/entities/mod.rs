//! Named entities: gazetteer, matching, discovery. (Stub: filled in by the entities work.)

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

/// Which text of an article a mention is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Title,
    Body,
}

/// One mention of an entity: byte offsets into the article's title or body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub entity: u32,
    pub field: Field,
    pub start: u32,
    pub end: u32,
}

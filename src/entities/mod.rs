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

/// A canonical entity. (Placeholder shape; the entities work fills the module in.)
#[derive(Clone, Debug, Serialize)]
pub struct Entity {
    pub id: String,
    pub kind: EntityKind,
    pub name: String,
    pub name_en: Option<String>,
    pub aliases: Vec<String>,
    pub discovered: bool,
}

/// The entities of a corpus; `Mention::entity` indexes `entities`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct EntityTable {
    pub entities: Vec<Entity>,
}

impl EntityTable {
    /// The entity with this id, Arabic name or alias (compared normalised), or English name.
    pub fn lookup(&self, name: &str) -> Option<u32> {
        let n = crate::arabic::normalize(name.trim());
        self.entities
            .iter()
            .position(|e| {
                e.id == name
                    || crate::arabic::normalize(&e.name) == n
                    || e.aliases.iter().any(|a| crate::arabic::normalize(a) == n)
                    || e.name_en
                        .as_deref()
                        .is_some_and(|en| en.eq_ignore_ascii_case(name.trim()))
            })
            .map(|i| i as u32)
    }
}

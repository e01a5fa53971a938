//! The gazetteer: known entities with their spellings, and the word lists of the context
//! patterns. Both are data (TOML), built in from `data/` and extendable by user files.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use super::EntityKind;

/// The TOML sources, for the test that the JSON built from them says the same.
#[cfg(test)]
const BUILTIN_ENTITIES: &str = include_str!("../../data/gazetteer.toml");
#[cfg(test)]
const BUILTIN_PATTERNS: &str = include_str!("../../data/entity_patterns.toml");
const BUILTIN_ENTITIES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/gazetteer.json"));
const BUILTIN_PATTERNS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/entity_patterns.json"));

/// A set of known entities and pattern word lists.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gazetteer {
    #[serde(default, rename = "entity")]
    pub entities: Vec<EntityDef>,
    #[serde(default)]
    pub patterns: Patterns,
}

/// One known entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityDef {
    /// Stable id, such as `loc:russia` or `per:sergei-lavrov`.
    pub id: String,
    pub kind: EntityKind,
    /// Arabic display name.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Every spelling that names it; the display name is always one of them.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Nisba adjectives of a country (روسي, أميركي), masculine singular without the article.
    /// They are not mentions of the country; they merge spellings of discovered names
    /// (وزارة الدفاع الأمريكية = وزارة الدفاع الأميركية) and are never names themselves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjectives: Vec<String>,
}

/// Word lists of the discovery patterns; see `data/entity_patterns.toml`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patterns {
    #[serde(default)]
    pub person_titles: Vec<String>,
    #[serde(default)]
    pub title_words: Vec<String>,
    #[serde(default)]
    pub org_heads: Vec<String>,
    #[serde(default)]
    pub org_quote_heads: Vec<String>,
    #[serde(default)]
    pub loc_heads: Vec<String>,
    #[serde(default)]
    pub stopwords: Vec<String>,
    #[serde(default)]
    pub verbs: Vec<String>,
    #[serde(default)]
    pub given_names: Vec<String>,
    #[serde(default)]
    pub place_prefixes: Vec<String>,
    #[serde(default)]
    pub name_particles: Vec<String>,
    #[serde(default)]
    pub not_surnames: Vec<String>,
}

impl Patterns {
    fn extend(&mut self, other: Patterns) {
        self.person_titles.extend(other.person_titles);
        self.title_words.extend(other.title_words);
        self.org_heads.extend(other.org_heads);
        self.org_quote_heads.extend(other.org_quote_heads);
        self.loc_heads.extend(other.loc_heads);
        self.stopwords.extend(other.stopwords);
        self.verbs.extend(other.verbs);
        self.given_names.extend(other.given_names);
        self.place_prefixes.extend(other.place_prefixes);
        self.name_particles.extend(other.name_particles);
        self.not_surnames.extend(other.not_surnames);
    }
}

impl Gazetteer {
    /// The gazetteer built into the binary: every country and capital (from CLDR), major
    /// organisations, the people of the default corpus, and the pattern word lists.
    pub fn builtin() -> Result<Gazetteer> {
        // build.rs converts the TOML files to JSON, which parses in a fraction of the time:
        // this runs on every start.
        const ORIGIN: &str = "built-in data/gazetteer.toml";
        let mut g: Gazetteer = serde_json::from_str(BUILTIN_ENTITIES_JSON)
            .with_context(|| format!("invalid gazetteer {ORIGIN}"))?;
        g.validate()
            .with_context(|| format!("invalid gazetteer {ORIGIN}"))?;
        let patterns: Gazetteer = serde_json::from_str(BUILTIN_PATTERNS_JSON)
            .context("invalid gazetteer built-in data/entity_patterns.toml")?;
        g.merge(patterns);
        Ok(g)
    }

    /// Reads a gazetteer file (same format as `data/gazetteer.toml`, optionally with a
    /// `[patterns]` table). Errors name the file and say what is wrong.
    pub fn load(path: &Path) -> Result<Gazetteer> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read gazetteer file {}", path.display()))?;
        Gazetteer::parse(&text, &path.display().to_string())
    }

    /// Parses gazetteer TOML; `origin` names the source in error messages.
    pub fn parse(text: &str, origin: &str) -> Result<Gazetteer> {
        let g: Gazetteer =
            toml::from_str(text).with_context(|| format!("invalid gazetteer {origin}"))?;
        g.validate()
            .with_context(|| format!("invalid gazetteer {origin}"))?;
        Ok(g)
    }

    fn validate(&self) -> Result<()> {
        let mut ids = HashSet::new();
        for e in &self.entities {
            if e.id.trim().is_empty() {
                bail!("an entity named {:?} has an empty id", e.name);
            }
            if e.name.trim().is_empty() {
                bail!("entity {:?} has an empty name", e.id);
            }
            if !ids.insert(e.id.as_str()) {
                bail!("entity id {:?} is defined twice", e.id);
            }
            if let Some(a) = e.aliases.iter().find(|a| a.trim().is_empty()) {
                bail!("entity {:?} has an empty alias {:?}", e.id, a);
            }
        }
        Ok(())
    }

    /// Adds `other` to this gazetteer. An entity with an id already present is updated: its
    /// kind and names are replaced by the new ones and its aliases and adjectives are added.
    /// Pattern lists are added to.
    pub fn merge(&mut self, other: Gazetteer) {
        for e in other.entities {
            match self.entities.iter_mut().find(|x| x.id == e.id) {
                Some(x) => {
                    x.kind = e.kind;
                    x.name = e.name;
                    if e.name_en.is_some() {
                        x.name_en = e.name_en;
                    }
                    add_missing(&mut x.aliases, e.aliases);
                    add_missing(&mut x.adjectives, e.adjectives);
                }
                None => self.entities.push(e),
            }
        }
        self.patterns.extend(other.patterns);
    }
}

fn add_missing(into: &mut Vec<String>, from: Vec<String>) {
    for s in from {
        if !into.contains(&s) {
            into.push(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_from_json_equals_the_toml_files() {
        let mut whole = Gazetteer::parse(BUILTIN_ENTITIES, "entities").unwrap();
        whole.merge(Gazetteer::parse(BUILTIN_PATTERNS, "patterns").unwrap());
        assert_eq!(Gazetteer::builtin().unwrap(), whole);
    }

    #[test]
    fn builtin_loads_and_has_every_country_and_capital() {
        let g = Gazetteer::builtin().unwrap();
        let has = |id: &str| g.entities.iter().any(|e| e.id == id);
        for id in [
            "loc:russia",
            "loc:ukraine",
            "loc:moscow",
            "loc:kyiv",
            "loc:washington",
        ] {
            assert!(has(id), "{id}");
        }
        assert!(g.entities.len() > 450);
        assert!(!g.patterns.person_titles.is_empty());
    }

    #[test]
    fn merge_updates_and_adds() {
        let mut g = Gazetteer::builtin().unwrap();
        let user = Gazetteer::parse(
            r#"
            [[entity]]
            id = "per:sergei-lavrov"
            kind = "PER"
            name = "سيرغي لافروف"
            aliases = ["س. لافروف"]
            [[entity]]
            id = "per:adnan"
            kind = "PER"
            name = "عدنان الوحيشي"
            [patterns]
            stopwords = ["كذلك"]
            "#,
            "user.toml",
        )
        .unwrap();
        let n = g.entities.len();
        g.merge(user);
        assert_eq!(g.entities.len(), n + 1);
        let lavrov = g
            .entities
            .iter()
            .find(|e| e.id == "per:sergei-lavrov")
            .unwrap();
        assert!(lavrov.aliases.iter().any(|a| a == "س. لافروف"));
        assert!(lavrov.aliases.iter().any(|a| a == "سيرجي لافروف"));
        assert!(g.patterns.stopwords.iter().any(|s| s == "كذلك"));
    }

    #[test]
    fn errors_name_the_file_and_the_problem() {
        let err = Gazetteer::parse(
            "[[entity]]\nid = \"x\"\nkind = \"PERSON\"\nname = \"y\"",
            "my.toml",
        )
        .unwrap_err();
        let msg = format!("{err:#}");
        assert!(msg.contains("my.toml") && msg.contains("PERSON"), "{msg}");
        let err = Gazetteer::parse(
            "[[entity]]\nid = \"x\"\nkind = \"PER\"\nname = \"a\"\n[[entity]]\nid = \"x\"\nkind = \"PER\"\nname = \"b\"",
            "dup.toml",
        )
        .unwrap_err();
        let msg = format!("{err:#}");
        assert!(
            msg.contains("dup.toml") && msg.contains("defined twice"),
            "{msg}"
        );
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.toml");
        let msg = format!("{:#}", Gazetteer::load(&missing).unwrap_err());
        assert!(msg.contains("nope.toml"), "{msg}");
    }
}

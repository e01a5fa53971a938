//! Export for a search cluster: Elasticsearch / OpenSearch `_bulk` NDJSON, and the index
//! mapping that goes with it. An archive that outgrows one server keeps akhbar's entities
//! and dates as keyword fields, so the engine's aggregations (and Dashboards) facet on them.

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::entities::EntityKind;
use crate::library::Library;
use crate::report::Row;

/// The index name `_bulk` lines and the mapping use unless `--index` says otherwise.
pub const DEFAULT_INDEX: &str = "akhbar";

/// How the engine indexes a field.
#[derive(Clone, Copy)]
enum Kind {
    /// Full text, with the engine's built-in Arabic analyzer (normalisation, stop words,
    /// light stemming).
    ArabicText,
    /// Exact values for filters and aggregations.
    Keyword,
    /// A day, a month or a year, as precise as akhbar knows it.
    Date,
    Boolean,
}

/// Every field of an exported document, with its mapping. The documents and `--mapping`
/// both come from this table, so they cannot drift apart.
const FIELDS: [(&str, Kind); 20] = [
    ("title", Kind::ArabicText),
    ("body", Kind::ArabicText),
    ("date", Kind::Date),
    ("date_precision", Kind::Keyword),
    ("date_inferred", Kind::Boolean),
    ("date_source", Kind::Keyword),
    ("source", Kind::Keyword),
    ("agency", Kind::Keyword),
    ("place", Kind::Keyword),
    ("byline", Kind::Keyword),
    ("url", Kind::Keyword),
    ("file", Kind::Keyword),
    ("person_ids", Kind::Keyword),
    ("person_names", Kind::Keyword),
    ("location_ids", Kind::Keyword),
    ("location_names", Kind::Keyword),
    ("organisation_ids", Kind::Keyword),
    ("organisation_names", Kind::Keyword),
    ("entity_ids", Kind::Keyword),
    ("akhbar_id", Kind::Keyword),
];

/// The field names of one entity type: ids, then names.
fn entity_fields(kind: EntityKind) -> (&'static str, &'static str) {
    match kind {
        EntityKind::Per => ("person_ids", "person_names"),
        EntityKind::Loc => ("location_ids", "location_names"),
        EntityKind::Org => ("organisation_ids", "organisation_names"),
    }
}

fn field_mapping(kind: Kind) -> Value {
    match kind {
        Kind::ArabicText => json!({
            "type": "text",
            "analyzer": "arabic",
        }),
        Kind::Keyword => json!({ "type": "keyword", "ignore_above": 1024 }),
        Kind::Date => json!({
            "type": "date",
            "format": "strict_date||strict_year_month||strict_year",
        }),
        Kind::Boolean => json!({ "type": "boolean" }),
    }
}

/// The body of `PUT /<index>`: settings and the mapping of every exported field.
pub fn mapping() -> Value {
    let mut props = Map::new();
    for (name, kind) in FIELDS {
        let mut m = field_mapping(kind);
        // The title keeps an exact copy too, for sorting and terms aggregations.
        if name == "title" {
            m["fields"] = json!({ "raw": { "type": "keyword", "ignore_above": 1024 } });
        }
        props.insert(name.to_string(), m);
    }
    json!({
        "mappings": {
            "dynamic": "strict",
            "properties": props,
        }
    })
}

#[derive(Serialize)]
struct Action<'a> {
    index: Target<'a>,
}

#[derive(Serialize)]
struct Target<'a> {
    #[serde(rename = "_index")]
    index: &'a str,
    #[serde(rename = "_id")]
    id: &'a str,
}

/// One document: the fields of `FIELDS`, with null or empty arrays where akhbar knows nothing.
fn document(lib: &Library, i: u32, row: &Row) -> Value {
    let mut doc = Map::new();
    doc.insert("akhbar_id".into(), json!(row.id));
    doc.insert("title".into(), json!(row.title));
    let body = lib
        .articles()
        .get(i as usize)
        .map_or("", |a| a.body.as_str());
    doc.insert("body".into(), json!(body));
    doc.insert("date".into(), json!(row.date));
    doc.insert("date_precision".into(), json!(row.date_precision));
    doc.insert("date_inferred".into(), json!(row.date_inferred));
    doc.insert("date_source".into(), json!(row.date_source));
    doc.insert("source".into(), json!(row.source));
    doc.insert("agency".into(), json!(row.agency));
    doc.insert("place".into(), json!(row.place));
    doc.insert("byline".into(), json!(row.byline));
    doc.insert("url".into(), json!(row.url));
    doc.insert("file".into(), json!(row.file));
    let mut all_ids = Vec::new();
    for kind in [EntityKind::Per, EntityKind::Loc, EntityKind::Org] {
        let (ids_field, names_field) = entity_fields(kind);
        let of_kind: Vec<_> = lib
            .index
            .entities_of(i)
            .iter()
            .filter_map(|&e| lib.entities().entities.get(e as usize))
            .filter(|e| e.kind == kind)
            .collect();
        let ids: Vec<&str> = of_kind.iter().map(|e| e.id.as_str()).collect();
        let names: Vec<&str> = of_kind.iter().map(|e| e.name.as_str()).collect();
        all_ids.extend(ids.iter().copied());
        doc.insert(ids_field.into(), json!(ids));
        doc.insert(names_field.into(), json!(names));
    }
    doc.insert("entity_ids".into(), json!(all_ids));
    Value::Object(doc)
}

/// The `_bulk` body: an `index` action line, then the document, for each article.
pub fn bulk(lib: &Library, ids: &[u32], index: &str) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    for &i in ids {
        let Some(a) = lib.articles().get(i as usize) else {
            continue;
        };
        let row = Row::new(a);
        let action = Action {
            index: Target { index, id: &a.id },
        };
        serde_json::to_writer(&mut out, &action)?;
        out.push(b'\n');
        serde_json::to_writer(&mut out, &document(lib, i, &row))?;
        out.push(b'\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entity_field_is_mapped() {
        let mapped: Vec<&str> = FIELDS.iter().map(|(n, _)| *n).collect();
        for kind in [EntityKind::Per, EntityKind::Loc, EntityKind::Org] {
            let (ids, names) = entity_fields(kind);
            assert!(mapped.contains(&ids) && mapped.contains(&names), "{ids}");
        }
    }
}

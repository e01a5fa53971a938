//! The tagger's model: quantised feature weights, tag transitions and the word table (word
//! clusters and frequency bands learned from unlabeled news), in one compact binary file.
//!
//! Layout (little-endian): magic `AKNER\x02\0\0`; `f32` weight scale; transitions as
//! `(TAGS + 1) * TAGS` `f32` (the last row is the start of a sentence); `u32` feature count,
//! then per feature its `u64` hash and `TAGS` `i8` weights; `u32` word count, then per word
//! its length (`u8`), UTF-8 bytes, frequency band (`u8`), cluster depth (`u8`), cluster
//! path (`u32`, the first branch in the lowest bit) and gazetteer bits (`u8`).

use super::TAGS;
use crate::entities::phrases::FxMap;

const MAGIC: &[u8; 8] = b"AKNER\x02\0\0";

/// What the word table knows of a normalised word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordInfo {
    /// log2 of its count in the unlabeled corpus, plus one (0: unseen).
    pub band: u8,
    /// Depth of its cluster path (0: no cluster).
    pub depth: u8,
    /// Cluster path, one bit per level from the root, first level in bit 0.
    pub path: u32,
    /// Membership in the training gazetteer (ANERgazet): bit 0..3 a one-word PER, LOC, ORG
    /// entry, bit 3..6 a word of a longer one.
    pub gaz: u8,
}

/// A trained model.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub(crate) weights: FxMap<u64, [f32; TAGS]>,
    /// `trans[prev][next]`; row `TAGS` is the start of a sentence.
    pub(crate) trans: [[f32; TAGS]; TAGS + 1],
    pub(crate) words: FxMap<Box<str>, WordInfo>,
}

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not an akhbar NER model (bad magic bytes); make one with `akhbar train-ner`")]
    Magic,
    #[error("the model file ends early (truncated at byte {0})")]
    Truncated(usize),
    #[error("the model file has a word that is not UTF-8 (at byte {0})")]
    Utf8(usize),
}

impl Model {
    /// The model built into the binary (see the README on how it was trained).
    /// Read once per process and shared: every extractor holds the same copy.
    pub fn builtin() -> std::sync::Arc<Model> {
        static MODEL: std::sync::OnceLock<std::sync::Arc<Model>> = std::sync::OnceLock::new();
        MODEL
            .get_or_init(|| {
                // The committed file is checked by a test; an unreadable one means no
                // tagger rather than a panic.
                let bytes = include_bytes!("../../../data/ner.model");
                std::sync::Arc::new(Model::from_bytes(bytes).unwrap_or_default())
            })
            .clone()
    }

    /// Reads a model file (`--ner-model`); the error names the file and says what is wrong.
    pub fn load(path: &std::path::Path) -> anyhow::Result<Model> {
        let bytes = std::fs::read(path)
            .map_err(|e| anyhow::anyhow!("{}: cannot read the NER model: {e}", path.display()))?;
        Model::from_bytes(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8)? != MAGIC {
            return Err(ModelError::Magic);
        }
        let scale = r.f32()?;
        let mut trans = [[0.0; TAGS]; TAGS + 1];
        for row in trans.iter_mut() {
            for t in row.iter_mut() {
                *t = r.f32()?;
            }
        }
        let n = r.u32()? as usize;
        let mut weights = FxMap::default();
        weights.reserve(n.min(bytes.len() / 15));
        for _ in 0..n {
            let key = r.u64()?;
            let mut w = [0.0; TAGS];
            for (x, &q) in w.iter_mut().zip(r.take(TAGS)?) {
                *x = f32::from(q as i8) * scale;
            }
            weights.insert(key, w);
        }
        let n = r.u32()? as usize;
        let mut words = FxMap::default();
        words.reserve(n.min(bytes.len() / 8));
        for _ in 0..n {
            let len = r.u8()? as usize;
            let at = r.at;
            let w = std::str::from_utf8(r.take(len)?).map_err(|_| ModelError::Utf8(at))?;
            let band = r.u8()?;
            let depth = r.u8()?;
            let path = r.u32()?;
            let gaz = r.u8()?;
            words.insert(
                w.into(),
                WordInfo {
                    band,
                    depth,
                    path,
                    gaz,
                },
            );
        }
        Ok(Model {
            weights,
            trans,
            words,
        })
    }

    /// Writes the model, weights quantised to 8 bits: features are sorted by hash and words
    /// by their bytes, so the same model always gives the same file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self
            .weights
            .values()
            .flatten()
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        let mut out = MAGIC.to_vec();
        out.extend(scale.to_le_bytes());
        for t in self.trans.iter().flatten() {
            out.extend(t.to_le_bytes());
        }
        let mut keys: Vec<(&u64, &[f32; TAGS])> = self.weights.iter().collect();
        keys.sort_unstable_by_key(|(k, _)| **k);
        out.extend((keys.len() as u32).to_le_bytes());
        for (k, w) in keys {
            out.extend(k.to_le_bytes());
            out.extend(
                w.iter()
                    .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8 as u8),
            );
        }
        let mut words: Vec<(&Box<str>, &WordInfo)> =
            self.words.iter().filter(|(w, _)| w.len() <= 255).collect();
        words.sort_unstable_by_key(|(w, _)| w.as_bytes());
        out.extend((words.len() as u32).to_le_bytes());
        for (w, info) in words {
            out.push(w.len() as u8);
            out.extend(w.as_bytes());
            out.push(info.band);
            out.push(info.depth);
            out.extend(info.path.to_le_bytes());
            out.push(info.gaz);
        }
        out
    }

    /// Whether the model has any weights (the fallback when the built-in one is unreadable).
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    pub fn features(&self) -> usize {
        self.weights.len()
    }

    pub(crate) fn word(&self, w: &str) -> WordInfo {
        self.words.get(w).copied().unwrap_or_default()
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let s = self
            .bytes
            .get(self.at..self.at + n)
            .ok_or(ModelError::Truncated(self.at))?;
        self.at += n;
        Ok(s)
    }

    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        let mut b = [0; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b))
    }

    fn u64(&mut self) -> Result<u64, ModelError> {
        let mut b = [0; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }

    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_reads_back_what_was_written() {
        let mut m = Model::default();
        m.weights.insert(42, [1.0, -2.0, 0.5, 0.0, 0.0, 0.0, 2.0]);
        m.trans[TAGS][1] = -3.5;
        m.words.insert(
            "تونس".into(),
            WordInfo {
                band: 9,
                depth: 3,
                path: 5,
                gaz: 2,
            },
        );
        let back = Model::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.trans, m.trans);
        assert_eq!(back.word("تونس"), m.word("تونس"));
        let w = back.weights[&42];
        assert!(
            (w[1] + 2.0).abs() < 0.02 && (w[2] - 0.5).abs() < 0.02,
            "{w:?}"
        );
    }

    #[test]
    fn a_truncated_or_foreign_file_is_an_error_not_a_panic() {
        let bytes = Model::default().to_bytes();
        assert!(matches!(
            Model::from_bytes(&bytes[..bytes.len() - 1]),
            Err(ModelError::Truncated(_))
        ));
        assert!(matches!(
            Model::from_bytes(b"PK\x03\x04 not a model"),
            Err(ModelError::Magic)
        ));
    }

    #[test]
    fn the_builtin_model_is_readable_and_not_empty() {
        let bytes = include_bytes!("../../../data/ner.model");
        let m = Model::from_bytes(bytes).expect("data/ner.model must be a valid model");
        assert!(m.features() > 10_000, "{} features", m.features());
    }
}

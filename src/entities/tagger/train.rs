//! Training and evaluating the tagger: CoNLL files in, a [`Model`] out.
//!
//! Deterministic: the same files and options give the same model, byte for byte. Sentences
//! are aligned to the project's own tokeniser (what the tagger sees at run time), so the
//! training data's tokenisation (punctuation split off, clitics attached or not) only
//! decides the labels.

use std::path::Path;

use anyhow::{Context, Result};

use crate::arabic::tokens::{tokenize_into, Tokens};
use crate::entities::extract::Extractor;
use crate::entities::phrases::FxMap;
use crate::entities::EntityKind;

use super::features::{at_offset, pad_features, position_keys, type_features};
use super::model::{Model, WordInfo};
use super::{spans, viterbi, Span, TAGS, WINDOW};

/// One sentence of a CoNLL file: tokens and their tags (0 = O, see [`super::TAGS`]).
#[derive(Clone, Debug, Default)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub tags: Vec<u8>,
}

/// Reads `token TAG` lines, a blank line between sentences. MISC and unknown tags are O;
/// an I- tag that does not continue its kind starts a span (as conlleval reads it).
/// `desegment` joins split proclitics (`و هب` → `وهب`) back onto their word, for WikiFANE.
pub fn read_conll(text: &str, desegment: bool) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        let Some((tok, tag)) = line.rsplit_once(' ') else {
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        };
        let tok = tok.trim();
        if tok.is_empty() {
            continue;
        }
        cur.tokens.push(tok.to_string());
        cur.tags.push(parse_tag(tag));
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    for s in &mut out {
        if desegment {
            join_proclitics(s);
        }
        repair_bio(&mut s.tags);
    }
    out
}

fn parse_tag(tag: &str) -> u8 {
    let (bi, kind) = match tag.split_once('-') {
        Some(p) => p,
        None => return 0,
    };
    let base = match kind {
        "PERS" | "PER" => 1,
        "LOC" | "GPE" => 3,
        "ORG" => 5,
        _ => return 0,
    };
    if bi == "I" {
        base + 1
    } else {
        base
    }
}

/// I-X after anything but X becomes B-X.
fn repair_bio(tags: &mut [u8]) {
    let mut prev = None;
    for t in tags.iter_mut() {
        if !super::allowed(prev, *t) {
            *t -= 1;
        }
        prev = Some(*t);
    }
}

/// `و` `هب` → `وهب`: a lone proclitic letter or article is written onto the next token and
/// takes that token's tag.
fn join_proclitics(s: &mut Sentence) {
    let mut tokens = Vec::with_capacity(s.tokens.len());
    let mut tags = Vec::with_capacity(s.tags.len());
    let mut pending = String::new();
    for (t, &g) in s.tokens.iter().zip(&s.tags) {
        let clitic = matches!(t.as_str(), "و" | "ف" | "ب" | "ل" | "ك" | "ال");
        if clitic {
            pending.push_str(t);
            continue;
        }
        tokens.push(format!("{pending}{t}"));
        tags.push(g);
        pending.clear();
    }
    if !pending.is_empty() {
        tokens.push(pending);
        tags.push(0);
    }
    s.tokens = tokens;
    s.tags = tags;
}

/// A sentence as the tagger sees it: the project's tokens of the joined text, each with the
/// tag of the training token it falls in (B- only on the first piece).
pub fn align(s: &Sentence, toks: &mut Tokens) -> (String, Vec<u8>) {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(s.tokens.len());
    for t in &s.tokens {
        if !text.is_empty() {
            text.push(' ');
        }
        starts.push(text.len() as u32);
        text.push_str(t);
    }
    tokenize_into(&text, toks);
    let mut tags = Vec::with_capacity(toks.len());
    let mut g = 0;
    let mut last_gold = usize::MAX;
    for t in &toks.tokens {
        while g + 1 < starts.len() && starts[g + 1] <= t.start {
            g += 1;
        }
        let gold = s.tags.get(g).copied().unwrap_or(0);
        let tag = if gold != 0 && gold % 2 == 1 && last_gold == g {
            gold + 1
        } else {
            gold
        };
        tags.push(tag);
        last_gold = g;
    }
    repair_bio(&mut tags);
    (text, tags)
}

/// Exact-span scores per kind and overall.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

/// Span scores: PER, LOC, ORG, then all.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    pub by_kind: [Counts; 3],
    pub all: Counts,
}

impl Scores {
    /// Adds one sentence's gold and predicted spans.
    pub fn add(&mut self, gold: &[Span], pred: &[Span]) {
        for p in pred {
            let hit = gold.contains(p);
            let c = &mut self.by_kind[kind_index(p.kind)];
            if hit {
                c.tp += 1;
                self.all.tp += 1;
            } else {
                c.fp += 1;
                self.all.fp += 1;
            }
        }
        for g in gold.iter().filter(|g| !pred.contains(g)) {
            self.by_kind[kind_index(g.kind)].fn_ += 1;
            self.all.fn_ += 1;
        }
    }

    /// `PER P/R/F ...` on one line.
    pub fn line(&self) -> String {
        let mut s = String::new();
        for (name, c) in ["PER", "LOC", "ORG", "all"]
            .iter()
            .zip(self.by_kind.iter().chain([&self.all]))
        {
            s += &format!(
                "{name} P={:.3} R={:.3} F1={:.3}  ",
                c.precision(),
                c.recall(),
                c.f1()
            );
        }
        s.trim_end().to_string()
    }
}

fn kind_index(k: EntityKind) -> usize {
    match k {
        EntityKind::Per => 0,
        EntityKind::Loc => 1,
        EntityKind::Org => 2,
    }
}

/// A training sentence with its feature indices per position.
struct Example {
    /// Feature indices of each position, flattened; `ends[i]` is where position i's end.
    feats: Vec<u32>,
    ends: Vec<u32>,
    gold: Vec<u8>,
    breaks: Vec<bool>,
}

/// Options of a training run.
#[derive(Clone, Debug)]
pub struct Options {
    pub epochs: usize,
    /// Features seen fewer times than this in the training data are dropped.
    pub min_count: u32,
    /// Averaged weights smaller than this (in absolute value, every tag) are pruned.
    pub prune: f32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 8,
            min_count: 2,
            prune: 0.05,
        }
    }
}

/// The keys of every position of a tokenised sentence.
fn sentence_keys(
    ex: &Extractor,
    words: &Model,
    toks: &Tokens,
    cache: &mut FxMap<String, Vec<(u64, u8)>>,
    out: &mut Vec<Vec<u64>>,
) {
    let gaz = ex.gazetteer_tags(toks);
    let mut pad = Vec::new();
    pad_features(&mut pad);
    for i in 0..toks.len() {
        let mut keys = Vec::with_capacity(64);
        for k in 0..WINDOW {
            let j = (i + k).checked_sub(2).filter(|&j| j < toks.len());
            let feats = match j {
                Some(j) => {
                    let w = toks.norm(j);
                    if !cache.contains_key(w) {
                        let mut f = Vec::new();
                        type_features(ex, words, w, &mut f);
                        cache.insert(w.to_string(), f);
                    }
                    &cache[w]
                }
                None => &pad,
            };
            for &(h, mask) in feats {
                if mask & (1 << k) != 0 {
                    keys.push(at_offset(h, k));
                }
            }
        }
        position_keys(toks, &gaz, i, &mut keys);
        out.push(keys);
    }
}

/// Trains a model on `train` (sentences with a weight each: how many times an epoch sees
/// it), reporting dev scores after each epoch to `log`. `words` is the word table (clusters
/// and bands); its copy is the returned model's.
pub fn train(
    ex: &Extractor,
    words: &Model,
    train: &[(&Sentence, u32)],
    dev: &[Sentence],
    opts: &Options,
    log: &mut dyn FnMut(&str),
) -> Model {
    let mut toks = Tokens::default();
    let mut cache = FxMap::default();
    // Per sentence: the feature keys of each position, gold tags, breaks, weight.
    type Raw = (Vec<Vec<u64>>, Vec<u8>, Vec<bool>, u32);
    let mut raw: Vec<Raw> = Vec::with_capacity(train.len());
    let mut counts: FxMap<u64, u32> = FxMap::default();
    for &(s, weight) in train {
        let (_, gold) = align(s, &mut toks);
        if gold.is_empty() {
            continue;
        }
        let mut keys = Vec::new();
        sentence_keys(ex, words, &toks, &mut cache, &mut keys);
        for k in keys.iter().flatten() {
            *counts.entry(*k).or_default() += weight;
        }
        let mut b = Vec::new();
        super::breaks(&toks, &mut b);
        raw.push((keys, gold, b, weight));
    }
    let mut index: FxMap<u64, u32> = FxMap::default();
    let mut keys_of: Vec<u64> = Vec::new();
    let mut sorted: Vec<(u64, u32)> = counts.into_iter().collect();
    sorted.sort_unstable();
    for (k, c) in sorted {
        if c >= opts.min_count {
            index.insert(k, keys_of.len() as u32);
            keys_of.push(k);
        }
    }
    log(&format!(
        "{} sentences, {} features kept",
        raw.len(),
        keys_of.len()
    ));
    let mut examples: Vec<(Example, u32)> = raw
        .into_iter()
        .map(|(keys, gold, breaks, weight)| {
            let mut feats = Vec::new();
            let mut ends = Vec::new();
            for pos in keys {
                feats.extend(pos.iter().filter_map(|k| index.get(k).copied()));
                ends.push(feats.len() as u32);
            }
            (
                Example {
                    feats,
                    ends,
                    gold,
                    breaks,
                },
                weight,
            )
        })
        .collect();
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let mut p = Perceptron::new(keys_of.len());
    for epoch in 1..=opts.epochs {
        shuffle(&mut examples, &mut rng);
        let mut wrong = 0usize;
        for (ex_, weight) in &examples {
            for _ in 0..*weight {
                wrong += usize::from(p.learn(ex_));
            }
        }
        let model = p.averaged(&keys_of, words, 0.0);
        let scores = evaluate(ex, &model, dev);
        log(&format!(
            "epoch {epoch}: {wrong} sentences wrong; dev {}",
            scores.line()
        ));
    }
    p.averaged(&keys_of, words, opts.prune)
}

/// Fisher-Yates with xorshift: the same order on every machine.
fn shuffle<T>(v: &mut [T], state: &mut u64) {
    for i in (1..v.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        let j = (*state % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

/// The averaged perceptron's running weights: `w` and the time-weighted sums `u`, so that
/// the average is `w - u / c` (Daumé's trick).
struct Perceptron {
    w: Vec<[f32; TAGS]>,
    u: Vec<[f32; TAGS]>,
    tw: [[f32; TAGS]; TAGS + 1],
    tu: [[f32; TAGS]; TAGS + 1],
    c: f32,
    scores: Vec<[f32; TAGS]>,
    back: Vec<[u8; TAGS]>,
    pred: Vec<u8>,
}

impl Perceptron {
    fn new(features: usize) -> Perceptron {
        Perceptron {
            w: vec![[0.0; TAGS]; features],
            u: vec![[0.0; TAGS]; features],
            tw: [[0.0; TAGS]; TAGS + 1],
            tu: [[0.0; TAGS]; TAGS + 1],
            c: 1.0,
            scores: Vec::new(),
            back: Vec::new(),
            pred: Vec::new(),
        }
    }

    /// Decodes one example and updates towards its gold tags; true when it was wrong.
    fn learn(&mut self, e: &Example) -> bool {
        self.scores.clear();
        let mut from = 0;
        for &end in &e.ends {
            let mut s = [0.0; TAGS];
            for &f in &e.feats[from as usize..end as usize] {
                for (a, b) in s.iter_mut().zip(&self.w[f as usize]) {
                    *a += b;
                }
            }
            self.scores.push(s);
            from = end;
        }
        viterbi(
            &self.tw,
            &self.scores,
            &e.breaks,
            &mut self.back,
            &mut self.pred,
        );
        let wrong = self.pred != e.gold;
        if wrong {
            let c = self.c;
            let mut from = 0;
            let mut prev = (TAGS, TAGS);
            for (i, &end) in e.ends.iter().enumerate() {
                let (g, p) = (e.gold[i] as usize, self.pred[i] as usize);
                if g != p {
                    for &f in &e.feats[from as usize..end as usize] {
                        let f = f as usize;
                        self.w[f][g] += 1.0;
                        self.u[f][g] += c;
                        self.w[f][p] -= 1.0;
                        self.u[f][p] -= c;
                    }
                }
                if (prev.0, g) != (prev.1, p) {
                    self.tw[prev.0][g] += 1.0;
                    self.tu[prev.0][g] += c;
                    self.tw[prev.1][p] -= 1.0;
                    self.tu[prev.1][p] -= c;
                }
                prev = (g, p);
                from = end;
            }
        }
        self.c += 1.0;
        wrong
    }

    fn averaged(&self, keys: &[u64], words: &Model, prune: f32) -> Model {
        let avg = |w: &[f32; TAGS], u: &[f32; TAGS]| {
            let mut a = [0.0; TAGS];
            for t in 0..TAGS {
                a[t] = w[t] - u[t] / self.c;
            }
            a
        };
        let mut m = Model {
            words: words.words.clone(),
            ..Model::default()
        };
        for (r, (w, u)) in m.trans.iter_mut().zip(self.tw.iter().zip(&self.tu)) {
            *r = avg(w, u);
        }
        for (k, (w, u)) in keys.iter().zip(self.w.iter().zip(&self.u)) {
            let a = avg(w, u);
            if a.iter().any(|x| x.abs() > prune) {
                m.weights.insert(*k, a);
            }
        }
        m
    }
}

/// Tagger-only scores of a model on gold sentences, on the project's tokens.
pub fn evaluate(ex: &Extractor, model: &Model, dev: &[Sentence]) -> Scores {
    let mut scores = Scores::default();
    let mut toks = Tokens::default();
    let mut scratch = super::TagScratch::default();
    for s in dev {
        let (_, gold) = align(s, &mut toks);
        let gaz = ex.gazetteer_tags(&toks);
        super::tag(ex, model, &toks, &gaz, &mut scratch);
        let (g, p) = (spans(&gold), spans(&scratch.tags));
        scores.add(&g, &p);
    }
    scores
}

/// The word table from unlabeled text: the frequency band of every normalised word seen at
/// least `min_count` times.
pub fn word_table(texts: &[String], min_count: u32) -> Model {
    let mut counts: FxMap<String, u32> = FxMap::default();
    let mut toks = Tokens::default();
    for t in texts {
        for line in t.lines() {
            tokenize_into(line, &mut toks);
            for i in 0..toks.len() {
                let w = toks.norm(i);
                match counts.get_mut(w) {
                    Some(c) => *c += 1,
                    None => {
                        counts.insert(w.to_string(), 1);
                    }
                }
            }
        }
    }
    let mut m = Model::default();
    for (w, c) in counts {
        if c >= min_count {
            let band = (32 - c.leading_zeros()) as u8;
            m.words.insert(
                w.into(),
                WordInfo {
                    band,
                    ..WordInfo::default()
                },
            );
        }
    }
    m
}

/// Marks the words of the training gazetteers (`gazetteers/ANERgazet_{PERS,LOC,ORG}.txt`,
/// one entry a line) in the word table; a missing folder adds nothing.
pub fn add_gazetteer_words(data: &Path, words: &mut Model) -> Result<()> {
    let mut toks = Tokens::default();
    for (n, kind) in ["PERS", "LOC", "ORG"].iter().enumerate() {
        let path = data
            .join("gazetteers")
            .join(format!("ANERgazet_{kind}.txt"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for line in text.lines() {
            tokenize_into(line, &mut toks);
            let bit = if toks.len() == 1 { 1 << n } else { 8 << n };
            for i in 0..toks.len() {
                words.words.entry(toks.norm(i).into()).or_default().gaz |= bit;
            }
        }
    }
    Ok(())
}

/// Reads a CoNLL file, naming it in the error.
pub fn read_file(path: &Path, desegment: bool) -> Result<Vec<Sentence>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the training file", path.display()))?;
    Ok(read_conll(&text, desegment))
}

/// A labeled file of the NER data folder, and how many times an epoch sees each sentence.
#[derive(Clone, Debug)]
pub struct Source {
    pub file: &'static str,
    pub weight: u32,
    /// The file splits proclitics off their words (WikiFANE).
    pub segmented: bool,
}

/// The training files, under `labeled/` of the data folder. ANERcorp's last sixth is the dev
/// split and is never trained on.
pub const SOURCES: [Source; 6] = [
    Source {
        file: "anercorp_camel_train.txt",
        weight: 1,
        segmented: false,
    },
    Source {
        file: "aqmar.txt",
        weight: 1,
        segmented: false,
    },
    Source {
        file: "wikifane_gold_coarse.txt",
        weight: 1,
        segmented: true,
    },
    Source {
        file: "wojood_sample_train.txt",
        weight: 1,
        segmented: false,
    },
    Source {
        file: "wojood_sample_val.txt",
        weight: 1,
        segmented: false,
    },
    Source {
        file: "wojood_sample_test.txt",
        weight: 1,
        segmented: false,
    },
];

/// What the built-in model is trained on: ANERcorp alone. Adding WikiFANE (ANERcorp twice,
/// WikiFANE once) scored better on a hand-annotated sample of Tunisian news (0.76 against
/// 0.72) but lower on dev (0.714 against 0.717) and listed junk on ANT; `--sources
/// anercorp:2,wikifane:1` trains it.
pub const DEFAULT_SOURCES: [Source; 1] = [Source {
    file: "anercorp_camel_train.txt",
    weight: 1,
    segmented: false,
}];

/// The dev split: the last sixth of ANERcorp's train file, by sentence.
pub fn split_dev(sentences: Vec<Sentence>) -> (Vec<Sentence>, Vec<Sentence>) {
    let cut = sentences.len() * 5 / 6;
    let mut train = sentences;
    let dev = train.split_off(cut);
    (train, dev)
}

/// The unlabeled news text of the data folder (`unlabeled/*.txt`), in file-name order.
pub fn read_unlabeled(data: &Path) -> Result<Vec<String>> {
    let dir = data.join("unlabeled");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .with_context(|| format!("{}: cannot list the unlabeled text", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            std::fs::read_to_string(p).with_context(|| format!("{}: cannot read", p.display()))
        })
        .collect()
}

/// Trains on the NER data folder (see the README: `akhbar train-ner`) and returns the model
/// with its dev scores. `sources` picks the training files and their weights.
pub fn run(
    ex: &Extractor,
    data: &Path,
    sources: &[Source],
    opts: &Options,
    log: &mut dyn FnMut(&str),
) -> Result<(Model, Scores)> {
    let unlabeled = read_unlabeled(data)?;
    let mut words = word_table(&unlabeled, 3);
    log(&format!("word table: {} words", words.words.len()));
    super::clusters::learn(&unlabeled, &mut words, log);
    drop(unlabeled);
    add_gazetteer_words(data, &mut words)?;
    let mut sets = Vec::new();
    let mut dev = Vec::new();
    for src in sources {
        let sentences = read_file(&data.join("labeled").join(src.file), src.segmented)?;
        let sentences = if src.file == SOURCES[0].file {
            let (train, d) = split_dev(sentences);
            dev = d;
            train
        } else {
            sentences
        };
        log(&format!("{}: {} sentences", src.file, sentences.len()));
        sets.push((sentences, src.weight));
    }
    if dev.is_empty() {
        let (_, d) = split_dev(read_file(
            &data.join("labeled").join(SOURCES[0].file),
            false,
        )?);
        dev = d;
    }
    let train_set: Vec<(&Sentence, u32)> = sets
        .iter()
        .flat_map(|(s, w)| s.iter().map(move |s| (s, *w)))
        .collect();
    let model = train(ex, &words, &train_set, &dev, opts, log);
    let scores = evaluate(ex, &model, &dev);
    Ok((model, scores))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conll_tags_are_read_and_repaired() {
        let s = read_conll(
            "فرانكفورت B-LOC\n( O\nأعلن I-PERS\nاتحاد B-ORG\nصناعة I-ORG\n\nx B-MISC\n",
            false,
        );
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tags, vec![3, 0, 1, 5, 6]);
        assert_eq!(s[1].tags, vec![0]);
    }

    #[test]
    fn split_proclitics_are_joined_onto_their_word() {
        let s = read_conll("و O\nاوغندا B-LOC\nو O\nال O\nسودان B-LOC\n", true);
        assert_eq!(s[0].tokens, vec!["واوغندا", "والسودان"]);
        assert_eq!(s[0].tags, vec![3, 3]);
    }

    #[test]
    fn alignment_gives_b_only_to_the_first_piece() {
        let s = Sentence {
            tokens: vec!["(د".into(), "ب".into(), "أ)".into(), "جان-إيف".into()],
            tags: vec![0, 0, 0, 1],
        };
        let mut toks = Tokens::default();
        let (_, tags) = align(&s, &mut toks);
        assert_eq!(toks.len(), 5, "{:?}", toks.tokens);
        assert_eq!(tags, vec![0, 0, 0, 1, 2]);
    }

    #[test]
    fn scores_count_exact_spans_only() {
        let per = |a, b| Span {
            start: a,
            end: b,
            kind: EntityKind::Per,
        };
        let mut s = Scores::default();
        s.add(&[per(0, 2), per(3, 4)], &[per(0, 2), per(3, 5)]);
        assert_eq!(
            s.all,
            Counts {
                tp: 1,
                fp: 1,
                fn_: 1
            }
        );
    }
}

//! Retrieval evaluation (`fangtan eval`): how well the bot's own retrieval finds the gold passage
//! of benchmark questions in BEIR layout.
//!
//! Owns: reading BEIR files (`corpus.jsonl` `{_id,title,text}`, `queries.jsonl`
//! `{_id,text,split,answers}`, `qrels.tsv` with a `query-id corpus-id score` header; any of them
//! may be `.xz`-compressed), indexing the passages into a temporary folder with the analyzer the
//! bot uses, and the metrics: Recall@1/5/10, MRR@10, the evidence gate's no-answer rate and
//! per-question latency.
//!
//! Every question goes through [`Engine::ask`], exactly as the bot asks it. Rank metrics are
//! taken with the evidence gate open (the gate may cut the list below ten), the no-answer rate
//! and the latency with the engine's normal settings.
//!
//! Must not import: teloxide, tokio, rendering.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize};

use crate::admin::Resources;
use crate::answer::Engine;
use crate::rank::Example;
use crate::search::{
    self, ArticleRef, Manifest, RankParams, SearchError, SearchIndex, StoredPassage,
};

/// The deepest rank any metric looks at.
pub const DEPTH: usize = 10;

/// What `fangtan eval` is run on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalArgs {
    /// Passage files; their passages are indexed together (ids must be unique across them).
    pub corpus: Vec<PathBuf>,
    pub queries: PathBuf,
    pub qrels: PathBuf,
    /// Only questions of this split (e.g. `dev`); all questions when `None`.
    pub split: Option<String>,
    /// Where to write the questions whose relevant passage is not ranked first (JSON lines:
    /// id, question, relevant ids, the ids ranked first), for failure analysis.
    pub misses: Option<PathBuf>,
}

/// A question whose relevant passage was not ranked first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    pub id: String,
    pub question: String,
    pub relevant: Vec<String>,
    /// The ids ranked first (up to three), best first.
    pub ranked: Vec<String>,
}

/// The figures of one evaluation run. Rates are shares (0..=1), latencies milliseconds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    /// Questions evaluated: those of the split that have at least one relevant passage.
    pub queries: usize,
    #[serde(rename = "recall@1")]
    pub recall_at_1: f64,
    #[serde(rename = "recall@5")]
    pub recall_at_5: f64,
    #[serde(rename = "recall@10")]
    pub recall_at_10: f64,
    #[serde(rename = "mrr@10")]
    pub mrr_at_10: f64,
    /// Share of questions the evidence gate answers with nothing.
    pub no_answer_rate: f64,
    /// Median time of one [`Engine::ask`] (analysis, retrieval, re-rank, gate, quotes).
    pub p50_ms: f64,
    pub p99_ms: f64,
}

impl EvalReport {
    /// The report as aligned lines for a terminal.
    pub fn to_text(&self) -> String {
        format!(
            "queries         {}\n\
             Recall@1        {:.4}\n\
             Recall@5        {:.4}\n\
             Recall@10       {:.4}\n\
             MRR@10          {:.4}\n\
             no answer       {:.4}\n\
             latency p50     {:.2} ms\n\
             latency p99     {:.2} ms\n",
            self.queries,
            self.recall_at_1,
            self.recall_at_5,
            self.recall_at_10,
            self.mrr_at_10,
            self.no_answer_rate,
            self.p50_ms,
            self.p99_ms,
        )
    }
}

/// A problem at one line of an input, before the file is known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct LineError {
    /// 1-based.
    pub line: usize,
    pub reason: String,
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{file}: {}", crate::corpus::io_reason(source))]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}: cannot decompress: {reason}")]
    Xz { file: String, reason: String },
    #[error("{file}: not UTF-8 text")]
    NotUtf8 { file: String },
    #[error("{file}:{line}: {reason}")]
    Line {
        file: String,
        line: usize,
        reason: String,
    },
    #[error("{file}:{line}: passage `{id}` was already read (line {first_line} of {first_file})")]
    DuplicatePassage {
        file: String,
        line: usize,
        id: String,
        first_file: String,
        first_line: usize,
    },
    #[error("{file}:{line}: question `{id}` appears twice")]
    DuplicateQuery {
        file: String,
        line: usize,
        id: String,
    },
    #[error("{file}:{line}: passage `{passage}` (relevant to `{query}`) is not in the corpus")]
    UnknownPassage {
        file: String,
        line: usize,
        query: String,
        passage: String,
    },
    #[error("{file}: no passages")]
    EmptyCorpus { file: String },
    #[error("{queries}: no question{split} has a relevant passage in {qrels}")]
    NoQueries {
        queries: String,
        qrels: String,
        /// ` of split "dev"`, or empty.
        split: String,
    },
    #[error("evaluation index: {0}")]
    Search(#[from] SearchError),
}

/// One line of `corpus.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CorpusDoc {
    #[serde(rename = "_id", deserialize_with = "id_string")]
    pub id: String,
    #[serde(default)]
    pub title: String,
    pub text: String,
}

/// One line of `queries.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EvalQuery {
    #[serde(rename = "_id", deserialize_with = "id_string")]
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub split: Option<String>,
    /// Answer spans (kept for reference; the metrics judge passages, not spans).
    #[serde(default)]
    pub answers: Vec<String>,
}

/// One judgment of `qrels.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Qrel {
    pub query_id: String,
    pub corpus_id: String,
    /// Relevant when above zero.
    pub score: f64,
    /// 1-based line in the file.
    pub line: usize,
}

/// BEIR ids are strings, but some exports write numbers.
fn id_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(match Id::deserialize(d)? {
        Id::Text(s) => s,
        Id::Number(n) => n.to_string(),
    })
}

fn json_reason(e: &serde_json::Error) -> String {
    // serde_json appends "at line 1 column N"; the line is ours to tell, the column is useful.
    format!("{e}").replace(" at line 1 column ", " at column ")
}

/// Parses one line of a corpus file; `None` for a blank line.
pub fn parse_corpus_line(line: &str) -> Result<Option<CorpusDoc>, String> {
    let line = line.trim();
    if line.is_empty() {
        return Ok(None);
    }
    let doc: CorpusDoc = serde_json::from_str(line).map_err(|e| json_reason(&e))?;
    if doc.id.is_empty() {
        return Err("empty `_id`".into());
    }
    Ok(Some(doc))
}

/// Parses a whole corpus file, with the line of every passage.
pub fn parse_corpus(text: &str) -> Result<Vec<(usize, CorpusDoc)>, LineError> {
    let mut docs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        match parse_corpus_line(line) {
            Ok(Some(doc)) => docs.push((i + 1, doc)),
            Ok(None) => {}
            Err(reason) => {
                return Err(LineError {
                    line: i + 1,
                    reason,
                })
            }
        }
    }
    Ok(docs)
}

/// Parses `queries.jsonl`, with the line of every question.
pub fn parse_queries(text: &str) -> Result<Vec<(usize, EvalQuery)>, LineError> {
    let mut queries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let error = |reason: String| LineError {
            line: i + 1,
            reason,
        };
        let query: EvalQuery = serde_json::from_str(line).map_err(|e| error(json_reason(&e)))?;
        if query.id.is_empty() {
            return Err(error("empty `_id`".into()));
        }
        queries.push((i + 1, query));
    }
    Ok(queries)
}

/// Parses `qrels.tsv`: `query-id`, `corpus-id`, `score` separated by tabs (or spaces). A first
/// line whose score is not a number is the header.
pub fn parse_qrels(text: &str) -> Result<Vec<Qrel>, LineError> {
    let mut qrels = Vec::new();
    let mut first = true;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let is_first = std::mem::replace(&mut first, false);
        let error = |reason: String| LineError {
            line: i + 1,
            reason,
        };
        let columns: Vec<&str> = if line.contains('\t') {
            line.split('\t').map(str::trim).collect()
        } else {
            line.split_whitespace().collect()
        };
        if columns.len() != 3 {
            return Err(error(format!(
                "expected 3 columns (query-id, corpus-id, score), found {}",
                columns.len()
            )));
        }
        let score = match columns[2].parse::<f64>() {
            Ok(s) if s.is_finite() => s,
            _ if is_first => continue,
            _ => return Err(error(format!("score `{}` is not a number", columns[2]))),
        };
        if columns[0].is_empty() || columns[1].is_empty() {
            return Err(error("empty id".into()));
        }
        qrels.push(Qrel {
            query_id: columns[0].to_string(),
            corpus_id: columns[1].to_string(),
            score,
            line: i + 1,
        });
    }
    Ok(qrels)
}

/// Reads a file as text, decompressing it when its name ends in `.xz`.
fn read_text(path: &Path) -> Result<String, EvalError> {
    let file = path.display().to_string();
    let io = |source| EvalError::Io {
        file: file.clone(),
        source,
    };
    let bytes = if path.extension().is_some_and(|e| e == "xz") {
        let mut reader = BufReader::new(fs::File::open(path).map_err(io)?);
        let mut out = Vec::new();
        lzma_rs::xz_decompress(&mut reader, &mut out).map_err(|e| EvalError::Xz {
            file: file.clone(),
            reason: e.to_string(),
        })?;
        out
    } else {
        fs::read(path).map_err(io)?
    };
    String::from_utf8(bytes).map_err(|_| EvalError::NotUtf8 { file })
}

fn line_error(path: &Path) -> impl Fn(LineError) -> EvalError + '_ {
    move |e| EvalError::Line {
        file: path.display().to_string(),
        line: e.line,
        reason: e.reason,
    }
}

/// A benchmark passage as the index stores it: no speaker, no host question; the title is the
/// article title (indexed with the passage's context) and the id is its path.
pub fn stored_passage(doc: CorpusDoc) -> StoredPassage {
    StoredPassage {
        id: doc.id.clone(),
        text: doc.text,
        speaker: String::new(),
        role: None,
        question: None,
        section: None,
        article: ArticleRef {
            title: doc.title,
            source: None,
            date: None,
            url: None,
            path: doc.id,
        },
        start: 0,
        in_turn: 0,
        lead: false,
        host_turn: false,
        lead_in: false,
        narration: false,
        relayed_by: None,
        unquoted: None,
    }
}

/// A folder under the system temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, EvalError> {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path = std::env::temp_dir().join(format!(
            "fangtan-eval-{}-{nanos}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        fs::create_dir_all(&path).map_err(|source| EvalError::Io {
            file: path.display().to_string(),
            source,
        })?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A question to evaluate and its relevant passages.
struct Judged {
    id: String,
    text: String,
    relevant: HashSet<String>,
}

/// Reads the inputs, indexes the corpus into a temporary folder with `resources`' analyzer, asks
/// every question of the split and measures. `progress(done, total)` is called after each
/// question.
pub fn run(
    resources: &Resources,
    args: &EvalArgs,
    progress: &dyn Fn(usize, usize),
) -> Result<EvalReport, EvalError> {
    let (passages, known) = read_corpus(&args.corpus)?;
    let judged = read_judged(args, &known)?;
    drop(known);
    let (dir, mut engine) = engine_over(resources, passages)?;
    let (report, misses) = measure(&mut engine, &judged, progress)?;
    drop(engine);
    drop(dir);
    if let Some(path) = &args.misses {
        write_json_lines(path, &misses)?;
    }
    Ok(report)
}

/// Indexes `passages` into a temporary folder with `resources`' analyzer (on every core) and
/// opens the engine the bot would run over it. The folder lives as long as the `TempDir`.
fn engine_over(
    resources: &Resources,
    passages: Vec<StoredPassage>,
) -> Result<(TempDir, Engine), EvalError> {
    let dir = TempDir::new()?;
    let bytes = passages.iter().map(|p| p.text.len() as u64).sum();
    let started = Instant::now();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    search::build_index(&dir.0, &resources.segmenter, passages, threads, &())?;
    let manifest = Manifest {
        schema_version: search::SCHEMA_VERSION,
        fingerprint: "eval".into(),
        built_at: 0,
        build_ms: started.elapsed().as_millis() as u64,
        bytes,
        articles: Vec::new(),
        problems: Vec::new(),
    };
    let index = SearchIndex::open(&dir.0, &resources.segmenter)?;
    let engine = Engine::new(
        index,
        Arc::clone(&resources.analyzer),
        manifest,
        resources.config.answers,
    );
    Ok((dir, engine))
}

type Known = HashMap<String, (usize, usize)>;

/// All passages of all corpus files, and where each id was read (file index, line).
fn read_corpus(files: &[PathBuf]) -> Result<(Vec<StoredPassage>, Known), EvalError> {
    let mut passages = Vec::new();
    let mut known: Known = HashMap::new();
    for (f, path) in files.iter().enumerate() {
        let text = read_text(path)?;
        let docs = parse_corpus(&text).map_err(line_error(path))?;
        if docs.is_empty() {
            return Err(EvalError::EmptyCorpus {
                file: path.display().to_string(),
            });
        }
        for (line, doc) in docs {
            if let Some(&(first_f, first_line)) = known.get(&doc.id) {
                return Err(EvalError::DuplicatePassage {
                    file: path.display().to_string(),
                    line,
                    id: doc.id,
                    first_file: files[first_f].display().to_string(),
                    first_line,
                });
            }
            known.insert(doc.id.clone(), (f, line));
            passages.push(stored_passage(doc));
        }
    }
    if passages.is_empty() {
        return Err(EvalError::EmptyCorpus {
            file: String::from("(no corpus file)"),
        });
    }
    Ok((passages, known))
}

/// The questions of the split that have at least one relevant passage, in file order.
fn read_judged(args: &EvalArgs, known: &Known) -> Result<Vec<Judged>, EvalError> {
    let queries = parse_queries(&read_text(&args.queries)?).map_err(line_error(&args.queries))?;
    let qrels = parse_qrels(&read_text(&args.qrels)?).map_err(line_error(&args.qrels))?;
    let mut wanted: HashMap<&str, usize> = HashMap::new();
    let mut seen = HashSet::new();
    for (i, (line, q)) in queries.iter().enumerate() {
        if !seen.insert(q.id.as_str()) {
            return Err(EvalError::DuplicateQuery {
                file: args.queries.display().to_string(),
                line: *line,
                id: q.id.clone(),
            });
        }
        if args.split.is_none() || q.split == args.split {
            wanted.insert(q.id.as_str(), i);
        }
    }
    let mut relevant: Vec<HashSet<String>> = vec![HashSet::new(); queries.len()];
    for qrel in qrels {
        let Some(&i) = wanted.get(qrel.query_id.as_str()) else {
            continue;
        };
        if qrel.score <= 0.0 {
            continue;
        }
        if !known.contains_key(&qrel.corpus_id) {
            return Err(EvalError::UnknownPassage {
                file: args.qrels.display().to_string(),
                line: qrel.line,
                query: qrel.query_id,
                passage: qrel.corpus_id,
            });
        }
        relevant[i].insert(qrel.corpus_id);
    }
    let judged: Vec<Judged> = queries
        .into_iter()
        .zip(relevant)
        .filter(|(_, relevant)| !relevant.is_empty())
        .map(|((_, q), relevant)| Judged {
            id: q.id,
            text: q.text,
            relevant,
        })
        .collect();
    if judged.is_empty() {
        return Err(EvalError::NoQueries {
            queries: args.queries.display().to_string(),
            qrels: args.qrels.display().to_string(),
            split: args
                .split
                .as_ref()
                .map(|s| format!(" of split {s:?}"))
                .unwrap_or_default(),
        });
    }
    Ok(judged)
}

/// Asks every question twice: with the engine's settings (no-answer rate, latency), then with
/// the evidence gate open for the ranked list the metrics judge.
fn measure(
    engine: &mut Engine,
    judged: &[Judged],
    progress: &dyn Fn(usize, usize),
) -> Result<(EvalReport, Vec<Miss>), EvalError> {
    let gated = engine.params;
    let open = open_gate(gated);
    let mut ranks = Vec::with_capacity(judged.len());
    let mut unanswered = 0;
    let mut times_ms = Vec::with_capacity(judged.len());
    let mut misses = Vec::new();
    progress(0, judged.len());
    for (i, q) in judged.iter().enumerate() {
        engine.params = gated;
        let started = Instant::now();
        let reply = engine.ask(&q.text, engine.limits.top.max(1));
        times_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        if reply?.answers.is_empty() {
            unanswered += 1;
        }
        engine.params = open;
        let ranked: Vec<String> = engine
            .ask(&q.text, DEPTH)?
            .answers
            .into_iter()
            .map(|a| a.passage.id)
            .collect();
        let ranking = Ranking::new(&ranked, &q.relevant);
        if !ranking.found.contains(&1) {
            let mut relevant: Vec<String> = q.relevant.iter().cloned().collect();
            relevant.sort();
            misses.push(Miss {
                id: q.id.clone(),
                question: q.text.clone(),
                relevant,
                ranked: ranked.into_iter().take(3).collect(),
            });
        }
        ranks.push(ranking);
        progress(i + 1, judged.len());
    }
    engine.params = gated;
    Ok((report(&ranks, unanswered, &mut times_ms), misses))
}

/// Writes `items` as JSON lines (misses, re-rank examples).
pub fn write_json_lines<T: Serialize>(path: &Path, items: &[T]) -> Result<(), EvalError> {
    let mut out = String::new();
    for item in items {
        out.push_str(&serde_json::to_string(item).unwrap_or_default());
        out.push('\n');
    }
    fs::write(path, out).map_err(|source| EvalError::Io {
        file: path.display().to_string(),
        source,
    })
}

/// The re-rank's training data: every question of the split with its retrieved candidates'
/// features (the evidence gate open, all [`search::CANDIDATES`]) and which are relevant. Ask
/// it of a train split; [`crate::rank::train`] fits the model on it.
pub fn examples(
    resources: &Resources,
    args: &EvalArgs,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<Example>, EvalError> {
    let (passages, known) = read_corpus(&args.corpus)?;
    let judged = read_judged(args, &known)?;
    drop(known);
    let (_dir, mut engine) = engine_over(resources, passages)?;
    engine.params = open_gate(engine.params);
    let mut out = Vec::with_capacity(judged.len());
    progress(0, judged.len());
    for (i, q) in judged.iter().enumerate() {
        let hits = engine.hits(&q.text, search::CANDIDATES)?;
        out.push(Example {
            id: q.id.clone(),
            relevant: hits
                .iter()
                .map(|h| q.relevant.contains(&h.passage.id))
                .collect(),
            features: hits.iter().map(|h| h.features).collect(),
            candidates: hits.into_iter().map(|h| h.passage.id).collect(),
        });
        progress(i + 1, judged.len());
    }
    Ok(out)
}

/// Reads examples written by `fangtan eval --examples` ([`write_json_lines`]).
pub fn read_examples(path: &Path) -> Result<Vec<Example>, EvalError> {
    let text = read_text(path)?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let example = serde_json::from_str(line).map_err(|e| EvalError::Line {
            file: path.display().to_string(),
            line: i + 1,
            reason: e.to_string(),
        })?;
        out.push(example);
    }
    Ok(out)
}

/// How one setting of the evidence gate separates answerable from unanswerable questions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GatePoint {
    pub min_coverage: f32,
    pub min_focus: f32,
    /// Of the questions answered, the share that were answerable.
    pub precision: f64,
    /// Of the answerable questions, the share answered.
    pub recall: f64,
    /// Of the unanswerable questions, the share answered anyway.
    pub false_answer_rate: f64,
    /// Of the answerable questions, the share answered with a relevant passage first.
    pub right_first: f64,
}

/// The evidence gate measured on labelled pairs: the gold passages of about half the
/// questions are left out of the index, which makes those questions unanswerable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateReport {
    pub answerable: usize,
    pub unanswerable: usize,
    /// The gate as configured (`RankParams::default`).
    pub configured: GatePoint,
    /// The same with other coverage floors, for calibration.
    pub sweep: Vec<GatePoint>,
}

impl GateReport {
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "answerable {}, unanswerable {} (their gold passages left out of the index)\n\
             min coverage  min focus  precision  recall  false answers  right first\n",
            self.answerable, self.unanswerable
        );
        for point in &self.sweep {
            let mark = if point.min_coverage == self.configured.min_coverage
                && point.min_focus == self.configured.min_focus
            {
                " (configured)"
            } else {
                ""
            };
            out.push_str(&format!(
                "{:>12.2}  {:>9.2}  {:>9.4}  {:>6.4}  {:>13.4}  {:>11.4}{mark}\n",
                point.min_coverage,
                point.min_focus,
                point.precision,
                point.recall,
                point.false_answer_rate,
                point.right_first
            ));
        }
        out
    }
}

/// Coverage floors the calibration tries besides the configured one.
const GATE_SWEEP: [f32; 7] = [0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6];
/// Single-sentence floors it tries with each.
const FOCUS_SWEEP: [f32; 3] = [0.0, 0.3, 0.5];

/// Leaves out the relevant passages of about half the questions (chosen by a stable hash of
/// the passage id), then asks every question through the gated engine at each coverage floor.
/// Questions with relevant passages on both sides of the split are skipped.
pub fn calibrate_gate(
    resources: &Resources,
    args: &EvalArgs,
    progress: &dyn Fn(usize, usize),
) -> Result<GateReport, EvalError> {
    let (passages, known) = read_corpus(&args.corpus)?;
    let judged = read_judged(args, &known)?;
    drop(known);
    let mut labelled: Vec<(&Judged, bool)> = Vec::new();
    for q in &judged {
        let held = q.relevant.iter().filter(|id| is_held_out(id)).count();
        if held == 0 {
            labelled.push((q, true));
        } else if held == q.relevant.len() {
            labelled.push((q, false));
        }
    }
    let kept: Vec<StoredPassage> = passages
        .into_iter()
        .filter(|p| !is_held_out(&p.id))
        .collect();
    let (_dir, mut engine) = engine_over(resources, kept)?;
    let configured = engine.params;
    let mut floors: Vec<(f32, f32)> = GATE_SWEEP
        .iter()
        .flat_map(|&c| FOCUS_SWEEP.iter().map(move |&f| (c, f)))
        .collect();
    let own = (configured.min_coverage, configured.min_focus);
    if !floors.contains(&own) {
        floors.push(own);
        floors.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    }
    let total = floors.len() * labelled.len();
    progress(0, total);
    let mut sweep = Vec::with_capacity(floors.len());
    for (f, &(min_coverage, min_focus)) in floors.iter().enumerate() {
        engine.params = RankParams {
            min_coverage,
            min_focus,
            ..configured
        };
        let mut outcomes = Vec::with_capacity(labelled.len());
        for (i, &(q, answerable)) in labelled.iter().enumerate() {
            let reply = engine.ask(&q.text, 1)?;
            let first = reply.answers.first().map(|a| &a.passage.id);
            outcomes.push(GateOutcome {
                answerable,
                answered: first.is_some(),
                right: first.is_some_and(|id| q.relevant.contains(id)),
            });
            progress(f * labelled.len() + i + 1, total);
        }
        sweep.push(gate_point(min_coverage, min_focus, &outcomes));
    }
    let configured = sweep
        .iter()
        .find(|p| (p.min_coverage, p.min_focus) == own)
        .cloned()
        .unwrap_or_else(|| gate_point(own.0, own.1, &[]));
    Ok(GateReport {
        answerable: labelled.iter().filter(|(_, a)| *a).count(),
        unanswerable: labelled.iter().filter(|(_, a)| !*a).count(),
        configured,
        sweep,
    })
}

/// What the gate did with one labelled question.
#[derive(Debug, Clone, Copy)]
pub struct GateOutcome {
    pub answerable: bool,
    pub answered: bool,
    /// Answered with a relevant passage first.
    pub right: bool,
}

pub fn gate_point(min_coverage: f32, min_focus: f32, outcomes: &[GateOutcome]) -> GatePoint {
    let count = |f: &dyn Fn(&GateOutcome) -> bool| outcomes.iter().filter(|o| f(o)).count();
    let answerable = count(&|o| o.answerable);
    let unanswerable = outcomes.len() - answerable;
    let true_answers = count(&|o| o.answerable && o.answered);
    let false_answers = count(&|o| !o.answerable && o.answered);
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    GatePoint {
        min_coverage,
        min_focus,
        precision: ratio(true_answers, true_answers + false_answers),
        recall: ratio(true_answers, answerable),
        false_answer_rate: ratio(false_answers, unanswerable),
        right_first: ratio(count(&|o| o.answerable && o.right), answerable),
    }
}

/// Half the passages, the same on every machine and every run. (A high bit of the hash: FNV's
/// lowest bit is only the parity of the bytes.)
fn is_held_out(id: &str) -> bool {
    (stable_hash(id) >> 40) & 1 == 1
}

/// FNV-1a.
fn stable_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

/// The engine's settings with the evidence gate open: every candidate passes.
pub fn open_gate(params: RankParams) -> RankParams {
    RankParams {
        min_coverage: 0.0,
        named_coverage: 0.0,
        single_word_coverage: 0.0,
        min_focus: 0.0,
        min_relative_score: 0.0,
        ..params
    }
}

/// Where one question's relevant passages stand in its ranked list.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    /// 1-based ranks (within [`DEPTH`]) of the relevant passages found.
    pub found: Vec<usize>,
    /// How many passages are relevant.
    pub relevant: usize,
}

impl Ranking {
    pub fn new(ranked: &[String], relevant: &HashSet<String>) -> Ranking {
        let found = ranked
            .iter()
            .take(DEPTH)
            .enumerate()
            .filter(|(_, id)| relevant.contains(id.as_str()))
            .map(|(i, _)| i + 1)
            .collect();
        Ranking {
            found,
            relevant: relevant.len(),
        }
    }

    /// Share of the relevant passages within the first `k`.
    pub fn recall(&self, k: usize) -> f64 {
        if self.relevant == 0 {
            return 0.0;
        }
        self.found.iter().filter(|&&r| r <= k).count() as f64 / self.relevant as f64
    }

    /// Reciprocal rank of the first relevant passage within the first `k`, 0 if none.
    pub fn reciprocal_rank(&self, k: usize) -> f64 {
        self.found
            .iter()
            .find(|&&r| r <= k)
            .map_or(0.0, |&r| 1.0 / r as f64)
    }
}

/// Nearest-rank percentile (`p` in 0..=1) of sorted values.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The figures from every question's ranking, the unanswered count and the latencies.
pub fn report(ranks: &[Ranking], unanswered: usize, times_ms: &mut [f64]) -> EvalReport {
    let n = ranks.len().max(1) as f64;
    let mean = |f: &dyn Fn(&Ranking) -> f64| ranks.iter().map(f).sum::<f64>() / n;
    times_ms.sort_by(f64::total_cmp);
    EvalReport {
        queries: ranks.len(),
        recall_at_1: mean(&|r| r.recall(1)),
        recall_at_5: mean(&|r| r.recall(5)),
        recall_at_10: mean(&|r| r.recall(10)),
        mrr_at_10: mean(&|r| r.reciprocal_rank(10)),
        no_answer_rate: unanswered as f64 / n,
        p50_ms: percentile(times_ms, 0.5),
        p99_ms: percentile(times_ms, 0.99),
    }
}

/// A progress callback for [`run`] that draws a bar on stderr when it is a terminal, and does
/// nothing otherwise.
pub fn terminal_progress() -> impl Fn(usize, usize) {
    use std::io::IsTerminal;
    let bar: std::sync::OnceLock<Option<indicatif::ProgressBar>> = std::sync::OnceLock::new();
    move |done, total| {
        let bar = bar.get_or_init(|| {
            if !std::io::stderr().is_terminal() {
                return None;
            }
            let bar = indicatif::ProgressBar::new(total as u64);
            let style = indicatif::ProgressStyle::with_template(
                "{msg} [{bar:40}] {pos}/{len} questions ({eta})",
            )
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            bar.set_style(style);
            bar.set_message("evaluating");
            Some(bar)
        });
        if let Some(bar) = bar {
            bar.set_position(done as u64);
            if done >= total {
                bar.finish_and_clear();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn corpus_lines_parse_with_optional_title_and_numeric_ids() {
        let doc = parse_corpus_line(
            r#"{"_id": "cmrc-p0", "title": "范廷颂", "text": "范廷颂枢机……", "split": "dev"}"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(doc.id, "cmrc-p0");
        assert_eq!(doc.title, "范廷颂");
        assert_eq!(doc.text, "范廷颂枢机……");
        let doc = parse_corpus_line(r#"{"_id": 17, "text": "x"}"#)
            .unwrap()
            .unwrap();
        assert_eq!((doc.id.as_str(), doc.title.as_str()), ("17", ""));
        assert_eq!(parse_corpus_line("   "), Ok(None));
    }

    #[test]
    fn bad_corpus_lines_are_reported_with_their_line() {
        assert!(parse_corpus_line(r#"{"title": "t", "text": "x"}"#)
            .unwrap_err()
            .contains("_id"));
        assert!(parse_corpus_line(r#"{"_id": "", "text": "x"}"#).is_err());
        let text = "{\"_id\": \"a\", \"text\": \"x\"}\n\n{\"_id\": \"b\", \"text\": ";
        let err = parse_corpus(text).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(!err.reason.contains("line 1"), "{}", err.reason);
    }

    #[test]
    fn queries_parse_with_split_and_answers() {
        let text = concat!(
            r#"{"_id": "q1", "text": "范廷颂是什么时候被任为主教的？", "split": "dev", "answers": ["1963年"]}"#,
            "\n",
            r#"{"_id": "q2", "text": "谁？"}"#,
            "\n"
        );
        let queries = parse_queries(text).unwrap();
        assert_eq!(queries.len(), 2);
        assert_eq!(queries[0].0, 1);
        assert_eq!(queries[0].1.split.as_deref(), Some("dev"));
        assert_eq!(queries[0].1.answers, vec!["1963年".to_string()]);
        assert_eq!(queries[1].1.split, None);
        let err = parse_queries("\n{\"_id\": \"q\"}\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.reason.contains("text"), "{}", err.reason);
    }

    #[test]
    fn qrels_skip_the_header_and_keep_lines() {
        let text = "query-id\tcorpus-id\tscore\nq1\tp1\t1\nq2\tp2\t0\n\nq3 p3 2\n";
        let qrels = parse_qrels(text).unwrap();
        let got: Vec<(&str, &str, f64, usize)> = qrels
            .iter()
            .map(|q| (q.query_id.as_str(), q.corpus_id.as_str(), q.score, q.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("q1", "p1", 1.0, 2),
                ("q2", "p2", 0.0, 3),
                ("q3", "p3", 2.0, 5)
            ]
        );
        // Without a header, the first line is data.
        assert_eq!(parse_qrels("q1\tp1\t1\n").unwrap().len(), 1);
    }

    #[test]
    fn bad_qrels_name_their_line() {
        let err = parse_qrels("query-id\tcorpus-id\tscore\nq1\tp1\tyes\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.reason.contains("yes"), "{}", err.reason);
        let err = parse_qrels("q1\tp1\t1\nq2\tp2\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.reason.contains("3 columns"), "{}", err.reason);
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn set(list: &[&str]) -> HashSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recall_and_reciprocal_rank() {
        let r = Ranking::new(&ids(&["a", "b", "c", "d", "e", "f"]), &set(&["c"]));
        assert_eq!(r.found, vec![3]);
        assert_eq!((r.recall(1), r.recall(5)), (0.0, 1.0));
        assert!((r.reciprocal_rank(10) - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(r.reciprocal_rank(2), 0.0);
        // Two relevant passages, one found: recall is a share.
        let r = Ranking::new(&ids(&["x", "b"]), &set(&["b", "z"]));
        assert_eq!((r.recall(1), r.recall(10)), (0.0, 0.5));
        assert_eq!(r.reciprocal_rank(10), 0.5);
        // Beyond the depth nothing counts.
        let mut long = ids(&["n"; 10]);
        long.push("g".into());
        assert_eq!(Ranking::new(&long, &set(&["g"])).recall(10), 0.0);
    }

    #[test]
    fn report_averages_and_takes_percentiles() {
        let rankings = vec![
            Ranking::new(&ids(&["a"]), &set(&["a"])),
            Ranking::new(&ids(&["x", "a"]), &set(&["a"])),
            Ranking::new(&ids(&["x"]), &set(&["a"])),
            Ranking::new(&ids(&["x", "y", "z", "w", "v", "a"]), &set(&["a"])),
        ];
        let mut times: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        let r = report(&rankings, 1, &mut times);
        assert_eq!(r.queries, 4);
        assert_eq!(r.recall_at_1, 0.25);
        assert_eq!(r.recall_at_5, 0.5);
        assert_eq!(r.recall_at_10, 0.75);
        assert!((r.mrr_at_10 - (1.0 + 0.5 + 1.0 / 6.0) / 4.0).abs() < 1e-12);
        assert_eq!(r.no_answer_rate, 0.25);
        assert_eq!((r.p50_ms, r.p99_ms), (50.0, 99.0));
        assert_eq!(percentile(&[], 0.5), 0.0);
        assert_eq!(percentile(&[7.0], 0.99), 7.0);
    }

    #[test]
    fn report_serializes_with_the_documented_keys() {
        let mut times = vec![1.0];
        let r = report(&[Ranking::new(&ids(&["a"]), &set(&["a"]))], 0, &mut times);
        let json = serde_json::to_value(&r).unwrap();
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            vec![
                "mrr@10",
                "no_answer_rate",
                "p50_ms",
                "p99_ms",
                "queries",
                "recall@1",
                "recall@10",
                "recall@5"
            ]
        );
        assert!(r.to_text().contains("Recall@10"));
    }

    fn shipped_resources() -> Resources {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        Resources::load(Config::load(&root.join("config/fangtan.toml")).unwrap()).unwrap()
    }

    /// Writes the files of a tiny benchmark into a fresh folder.
    fn tiny_benchmark(qrels: &str) -> (TempDir, EvalArgs) {
        let dir = TempDir::new().unwrap();
        let corpus = [
            (
                "p-tea",
                "茶",
                "普洱茶产于云南，以西双版纳的勐海县最为有名，发酵后可以存放多年。",
            ),
            (
                "p-rail",
                "铁路",
                "京沪高速铁路于2011年6月30日开通运营，全长1318公里，连接北京与上海。",
            ),
            (
                "p-panda",
                "大熊猫",
                "大熊猫主要生活在四川的竹林里，每天要吃十几公斤竹子。",
            ),
            (
                "p-law",
                "条例",
                "第七条 市口岸服务部门应当会同有关部门组织编制口岸开放规划。",
            ),
        ];
        let corpus: String = corpus
            .iter()
            .map(|(id, title, text)| {
                serde_json::json!({"_id": id, "title": title, "text": text}).to_string() + "\n"
            })
            .collect();
        let queries = [
            ("q1", "普洱茶产于哪个省？", "dev"),
            ("q2", "京沪高速铁路什么时候开通？", "dev"),
            ("q3", "大熊猫每天吃多少竹子？", "train"),
            ("q4", "今天股市行情怎么样？", "dev"),
        ];
        let queries: String = queries
            .iter()
            .map(|(id, text, split)| {
                serde_json::json!({"_id": id, "text": text, "split": split, "answers": []})
                    .to_string()
                    + "\n"
            })
            .collect();
        fs::write(dir.0.join("corpus.jsonl"), corpus).unwrap();
        fs::write(dir.0.join("queries.jsonl"), queries).unwrap();
        fs::write(dir.0.join("qrels.tsv"), qrels).unwrap();
        let args = EvalArgs {
            corpus: vec![dir.0.join("corpus.jsonl")],
            queries: dir.0.join("queries.jsonl"),
            qrels: dir.0.join("qrels.tsv"),
            split: Some("dev".into()),
            misses: None,
        };
        (dir, args)
    }

    #[test]
    fn a_tiny_benchmark_is_measured_through_the_engine() {
        let qrels = "query-id\tcorpus-id\tscore\nq1\tp-tea\t1\nq2\tp-rail\t1\nq3\tp-panda\t1\nq4\tp-law\t1\n";
        let (_dir, args) = tiny_benchmark(qrels);
        let resources = shipped_resources();
        let calls = std::cell::Cell::new(0);
        let report = run(&resources, &args, &|done, total| {
            assert_eq!(total, 3);
            calls.set(calls.get() + 1);
            assert!(done <= total);
        })
        .unwrap();
        assert_eq!(calls.get(), 4);
        // q3 is train: filtered out. q1, q2 are found first; q4 has no answer at all.
        assert_eq!(report.queries, 3);
        assert!((report.recall_at_1 - 2.0 / 3.0).abs() < 1e-9, "{report:?}");
        assert!(
            (report.no_answer_rate - 1.0 / 3.0).abs() < 1e-9,
            "{report:?}"
        );
        assert!(report.p50_ms > 0.0 && report.p99_ms >= report.p50_ms);

        let all = EvalArgs {
            split: None,
            ..args.clone()
        };
        assert_eq!(run(&resources, &all, &|_, _| {}).unwrap().queries, 4);
    }

    #[test]
    fn gate_points_count_true_and_false_answers() {
        let o = |answerable, answered, right| GateOutcome {
            answerable,
            answered,
            right,
        };
        let outcomes = [
            o(true, true, true),
            o(true, true, false),
            o(true, false, false),
            o(false, true, false),
            o(false, false, false),
            o(false, false, false),
        ];
        let p = gate_point(0.35, 0.0, &outcomes);
        assert!((p.precision - 2.0 / 3.0).abs() < 1e-9, "{p:?}");
        assert!((p.recall - 2.0 / 3.0).abs() < 1e-9, "{p:?}");
        assert!((p.false_answer_rate - 1.0 / 3.0).abs() < 1e-9, "{p:?}");
        assert!((p.right_first - 1.0 / 3.0).abs() < 1e-9, "{p:?}");
        assert_eq!(gate_point(0.35, 0.0, &[]).precision, 0.0);
    }

    #[test]
    fn gate_calibration_leaves_gold_passages_out() {
        let qrels = "query-id\tcorpus-id\tscore\nq1\tp-tea\t1\nq2\tp-rail\t1\nq3\tp-panda\t1\nq4\tp-law\t1\n";
        let (_dir, mut args) = tiny_benchmark(qrels);
        args.split = None;
        let report = calibrate_gate(&shipped_resources(), &args, &|_, _| {}).unwrap();
        let held = ["p-tea", "p-rail", "p-panda", "p-law"]
            .iter()
            .filter(|id| is_held_out(id))
            .count();
        assert_eq!(report.unanswerable, held);
        assert_eq!(report.answerable, 4 - held);
        assert!(
            held > 0 && held < 4,
            "the split should label both ways here"
        );
        assert!(report.sweep.len() >= GATE_SWEEP.len());
        assert!(report
            .sweep
            .iter()
            .any(|p| p.min_coverage == report.configured.min_coverage
                && p.min_focus == report.configured.min_focus));
        // A question whose passage is gone can never be answered with it.
        for point in &report.sweep {
            assert!(point.right_first <= point.recall + 1e-9);
        }
    }

    #[test]
    fn misses_name_the_question_its_passage_and_what_won() {
        let qrels = "query-id\tcorpus-id\tscore\nq1\tp-tea\t1\nq2\tp-law\t1\n";
        let (dir, mut args) = tiny_benchmark(qrels);
        let path = dir.0.join("misses.jsonl");
        args.misses = Some(path.clone());
        run(&shipped_resources(), &args, &|_, _| {}).unwrap();
        let written = fs::read_to_string(&path).unwrap();
        let lines: Vec<serde_json::Value> = written
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 1, "{written}");
        assert_eq!(lines[0]["id"], "q2");
        assert_eq!(lines[0]["relevant"], serde_json::json!(["p-law"]));
        assert_eq!(lines[0]["ranked"][0], "p-rail");
    }

    #[test]
    fn input_problems_name_the_file_and_line() {
        let resources = shipped_resources();
        let qrels = "query-id\tcorpus-id\tscore\nq1\tp-tea\t1\nq2\tp-missing\t1\n";
        let (_dir, args) = tiny_benchmark(qrels);
        let err = run(&resources, &args, &|_, _| {}).unwrap_err().to_string();
        assert!(
            err.contains("qrels.tsv:3") && err.contains("p-missing"),
            "{err}"
        );

        let mut twice = args.clone();
        twice.corpus.push(args.corpus[0].clone());
        let err = run(&resources, &twice, &|_, _| {}).unwrap_err().to_string();
        assert!(
            err.contains("corpus.jsonl:1") && err.contains("p-tea"),
            "{err}"
        );

        let none = EvalArgs {
            split: Some("test".into()),
            ..args.clone()
        };
        let err = run(&resources, &none, &|_, _| {}).unwrap_err().to_string();
        assert!(err.contains("\"test\""), "{err}");

        let missing = EvalArgs {
            queries: args.queries.with_file_name("nope.jsonl"),
            ..args
        };
        let err = run(&resources, &missing, &|_, _| {})
            .unwrap_err()
            .to_string();
        assert!(err.contains("nope.jsonl"), "{err}");
    }

    #[test]
    fn xz_files_are_decompressed() {
        let dir = TempDir::new().unwrap();
        let text = "{\"_id\": \"a\", \"text\": \"文本\"}\n";
        let mut packed = Vec::new();
        lzma_rs::xz_compress(&mut text.as_bytes(), &mut packed).unwrap();
        let path = dir.0.join("corpus.jsonl.xz");
        fs::write(&path, &packed).unwrap();
        assert_eq!(read_text(&path).unwrap(), text);
        fs::write(&path, b"not xz").unwrap();
        let err = read_text(&path).unwrap_err().to_string();
        assert!(err.contains("corpus.jsonl.xz"), "{err}");
    }
}

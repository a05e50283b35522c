//! The benchmark behind `fangtan bench`: indexing throughput next to raw segmentation, answer
//! latency over the full `ask` path, memory, start-up, and scaling — on a corpus given as a path.
//!
//! Owns: the interview-shaped article generator (prose paragraphs wrapped into speaker turns),
//! timing and memory probes. Must not import: teloxide, tokio (bot throughput is measured by an
//! ignored test against the fake Bot API, see `tests/bench_bot.rs`).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jieba_rs::TokenizeMode;
use serde::Serialize;

use crate::admin::{self, Resources};
use crate::answer::Engine;
use crate::corpus;
use crate::render;
use crate::search::{self, ArticleRef, SearchIndex, StoredPassage};

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("{path}: {}", corpus::io_reason(source))]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Admin(#[from] admin::AdminError),
    #[error(transparent)]
    Search(#[from] search::SearchError),
    #[error(transparent)]
    Corpus(#[from] corpus::CorpusError),
    #[error("{0}: no text files found")]
    Empty(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BenchError + '_ {
    move |source| BenchError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Paragraphs of the prose corpus at `source` (every `.txt`/`.md` file, recursively), with the
/// file stem each came from.
pub fn read_paragraphs(source: &Path) -> Result<Vec<(String, Vec<String>)>, BenchError> {
    let files = corpus::article_files(source)?;
    if files.is_empty() {
        return Err(BenchError::Empty(source.display().to_string()));
    }
    let mut out = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).map_err(io(&file))?;
        let paragraphs: Vec<String> = text
            .lines()
            .map(|l| l.trim().trim_start_matches('#').trim())
            .filter(|l| l.chars().count() >= 20)
            .map(str::to_string)
            .collect();
        let stem = corpus::relative_label(source, &file);
        out.push((stem, paragraphs));
    }
    Ok(out)
}

/// Writes each source file as an interview: a host asks about every third paragraph, two
/// experts answer in turn. `copies` > 1 repeats the corpus under new names (for scaling runs).
pub fn generate_interviews(
    sources: &[(String, Vec<String>)],
    target: &Path,
    copies: usize,
) -> Result<u64, BenchError> {
    fs::create_dir_all(target).map_err(io(target))?;
    let mut bytes = 0;
    for copy in 0..copies {
        for (i, (name, paragraphs)) in sources.iter().enumerate() {
            if paragraphs.is_empty() {
                continue;
            }
            let article = interview(name, paragraphs, copy);
            bytes += article.len() as u64;
            let path = target.join(format!("c{copy}-{i:05}.md"));
            fs::write(&path, article).map_err(io(&path))?;
        }
    }
    Ok(bytes)
}

fn interview(name: &str, paragraphs: &[String], copy: usize) -> String {
    let title = name.trim_end_matches(".txt").trim_end_matches(".md");
    let mut out = format!(
        "---\ntitle: \"{} ({copy})\"\nsource: bench\ndate: 2026-01-01\nhost: 主持人\nspeakers:\n  主持人: 主持\n  专家甲: 法学教授\n  专家乙: 执业律师\n---\n\n",
        title.replace('"', "'")
    );
    for (i, p) in paragraphs.iter().enumerate() {
        if i % 3 == 0 {
            let topic: String = p.chars().take(12).collect();
            out.push_str(&format!("**主持人：请谈谈「{topic}」这部分？**\n\n"));
        }
        let speaker = if i % 2 == 0 { "专家甲" } else { "专家乙" };
        out.push_str(&format!("**{speaker}：**{p}\n\n"));
    }
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexRun {
    pub threads: usize,
    pub seconds: f64,
    pub mb_per_s: f64,
    pub articles: usize,
    pub passages: usize,
}

/// Raw jieba-rs search-mode segmentation of the same passage text on one thread: the ceiling
/// single-threaded indexing is measured against.
pub fn raw_segmentation(resources: &Resources, texts: &[&str]) -> (f64, f64) {
    let jieba = crate::segment::base_jieba();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let started = Instant::now();
    let mut tokens = 0usize;
    for text in texts {
        tokens += jieba.tokenize(text, TokenizeMode::Search, true).len();
    }
    let secs = started.elapsed().as_secs_f64();
    // Keep the result observable so the loop cannot be optimized away.
    let _ = (tokens, resources);
    (secs, bytes as f64 / 1e6 / secs)
}

/// Parses the article folder and indexes it with `threads` parsing and segmentation threads,
/// end to end (parse → segment → index → commit), into `index_dir`.
pub fn index_run(
    resources: &Resources,
    articles_dir: &Path,
    index_dir: &Path,
    threads: usize,
) -> Result<IndexRun, BenchError> {
    let _ = fs::remove_dir_all(index_dir);
    fs::create_dir_all(index_dir).map_err(io(index_dir))?;
    let started = Instant::now();
    let corpus = corpus::load_dir_with(articles_dir, threads)?;
    let passages = corpus
        .articles
        .iter()
        .flat_map(|a| a.passages.iter().map(move |p| StoredPassage::of(a, p)));
    let count = corpus.passage_count();
    let bytes: usize = corpus.articles.iter().map(|a| a.text.len()).sum();
    search::build_index(index_dir, &resources.segmenter, passages, threads, &())?;
    let seconds = started.elapsed().as_secs_f64();
    Ok(IndexRun {
        threads,
        seconds,
        mb_per_s: bytes as f64 / 1e6 / seconds,
        articles: corpus.articles.len(),
        passages: count,
    })
}

/// Plain passages (no interview structure): every paragraph one passage.
pub fn plain_passages(sources: &[(String, Vec<String>)]) -> Vec<StoredPassage> {
    let mut out = Vec::new();
    for (name, paragraphs) in sources {
        for (i, p) in paragraphs.iter().enumerate() {
            out.push(StoredPassage {
                id: format!("{name}#{i}"),
                text: p.clone(),
                speaker: String::new(),
                role: None,
                question: None,
                section: None,
                article: ArticleRef {
                    title: name.clone(),
                    source: None,
                    date: None,
                    url: None,
                    path: name.clone(),
                },
                start: 0,
                in_turn: 0,
                lead: false,
                host_turn: false,
                lead_in: false,
                narration: false,
                relayed_by: None,
                unquoted: None,
            });
        }
    }
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct Latency {
    pub questions: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub answered: usize,
}

/// The full `ask` path per question: analysis, search, quote selection and Telegram rendering.
pub fn latency(engine: &Engine, questions: &[String], top: usize) -> Result<Latency, BenchError> {
    let mut times = Vec::with_capacity(questions.len());
    let mut answered = 0;
    for q in questions {
        let started = Instant::now();
        let reply = engine.ask(q, top)?;
        let messages = render::telegram_messages(&reply);
        times.push(started.elapsed());
        answered += usize::from(!reply.answers.is_empty());
        std::hint::black_box(messages);
    }
    Ok(Latency {
        questions: questions.len(),
        p50_ms: percentile(&mut times, 0.50),
        p99_ms: percentile(&mut times, 0.99),
        answered,
    })
}

pub fn percentile(times: &mut [Duration], q: f64) -> f64 {
    if times.is_empty() {
        return 0.0;
    }
    times.sort();
    let i = ((times.len() as f64 - 1.0) * q).round() as usize;
    times[i].as_secs_f64() * 1000.0
}

/// Questions drawn from the corpus itself (a few words of a random passage, phrased as a
/// question), so they exercise real postings; deterministic for a given corpus.
pub fn sample_questions(sources: &[(String, Vec<String>)], count: usize) -> Vec<String> {
    let all: Vec<&String> = sources.iter().flat_map(|(_, p)| p.iter()).collect();
    if all.is_empty() {
        return Vec::new();
    }
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..count)
        .map(|_| {
            let p = all[(next() % all.len() as u64) as usize];
            let chars: Vec<char> = p.chars().collect();
            let len = 6 + (next() % 8) as usize;
            let start = (next() % chars.len().saturating_sub(len).max(1) as u64) as usize;
            let words: String = chars[start..(start + len).min(chars.len())]
                .iter()
                .collect();
            format!("{words}是什么意思？")
        })
        .collect()
}

/// Resident memory of this process: (current, peak) in MB, from /proc (Linux).
pub fn rss_mb() -> (f64, f64) {
    let Ok(status) = fs::read_to_string("/proc/self/status") else {
        return (0.0, 0.0);
    };
    let field = |name: &str| -> f64 {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Opens an existing index the way `serve` does (for the serving-memory and start-up probes).
pub fn open_engine(resources: &Resources) -> Result<Engine, BenchError> {
    admin::open_current(resources)?
        .ok_or_else(|| BenchError::Empty(resources.config.index_dir.display().to_string()))
}

/// Opens an index folder built by [`index_run`] directly.
pub fn open_index(
    resources: &Resources,
    dir: &Path,
    manifest: search::Manifest,
) -> Result<Engine, BenchError> {
    let index = SearchIndex::open(dir, &resources.segmenter)?;
    Ok(Engine::new(
        index,
        Arc::clone(&resources.analyzer),
        manifest,
        resources.config.answers,
    ))
}

/// A scratch folder under the system temp dir, removed on drop.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Result<Scratch, BenchError> {
        let path =
            std::env::temp_dir().join(format!("fangtan-bench-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).map_err(io(&path))?;
        Ok(Scratch(path))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

//! The search index: schema, building an index from a parsed corpus, and retrieving ranked
//! candidate passages for a question.
//!
//! Owns: the tantivy schema and documents, query analysis (segmentation, stop words, speaker
//! detection), query construction (never `QueryParser`: user text only ever becomes term
//! queries), BM25 retrieval with a coverage/proximity re-rank, and the evidence gate.
//!
//! Must not import: teloxide, tokio, rendering. Quote selection lives in `answer`.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::mpsc;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::tokenizer::{PreTokenizedString, TextAnalyzer, Token};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, TantivyDocument};

use crate::corpus::{Article, Passage};
use crate::segment::{self, JiebaTokenizer, Segmenter, Term, TOKENIZER_NAME};

/// Bumped whenever the schema or the analyzer changes meaning, so old indexes are rebuilt.
pub const SCHEMA_VERSION: u32 = 1;

/// Candidates fetched by BM25 before the re-rank.
const CANDIDATES: usize = 40;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("index folder: {0}")]
    Io(#[from] std::io::Error),
    #[error("index document {0} is missing field `{1}`")]
    MissingField(String, &'static str),
}

#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub text: Field,
    pub question: Field,
    pub speaker: Field,
    pub context: Field,
    pub speaker_key: Field,
    pub stored_text: Field,
    pub stored_question: Field,
    pub speaker_name: Field,
    pub role: Field,
    pub section: Field,
    pub title: Field,
    pub source: Field,
    pub date: Field,
    pub url: Field,
    pub path: Field,
    pub start: Field,
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let indexed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        text: b.add_text_field("text", indexed.clone()),
        question: b.add_text_field("question", indexed.clone()),
        speaker: b.add_text_field("speaker", indexed.clone()),
        context: b.add_text_field("context", indexed),
        speaker_key: b.add_text_field("speaker_key", STRING),
        stored_text: b.add_text_field("stored_text", STORED),
        stored_question: b.add_text_field("stored_question", STORED),
        speaker_name: b.add_text_field("speaker_name", STORED),
        role: b.add_text_field("role", STORED),
        section: b.add_text_field("section", STORED),
        title: b.add_text_field("title", STORED),
        source: b.add_text_field("source", STORED),
        date: b.add_text_field("date", STORED),
        url: b.add_text_field("url", STORED),
        path: b.add_text_field("path", STORED),
        start: b.add_u64_field("start", STORED),
    };
    (b.build(), fields)
}

/// A passage as stored in the index: everything an answer needs, without the corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredPassage {
    pub id: String,
    pub text: String,
    pub speaker: String,
    pub role: Option<String>,
    pub question: Option<String>,
    pub section: Option<String>,
    pub article: ArticleRef,
    /// Byte offset of the passage in its article's cleaned text.
    pub start: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRef {
    pub title: String,
    pub source: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub path: String,
}

impl ArticleRef {
    pub fn of(article: &Article) -> ArticleRef {
        ArticleRef {
            title: article.meta.title.clone(),
            source: article.meta.source.clone(),
            date: article.meta.date.clone(),
            url: article.meta.url.clone(),
            path: article.path.clone(),
        }
    }
}

impl StoredPassage {
    pub fn of(article: &Article, passage: &Passage) -> StoredPassage {
        StoredPassage {
            id: passage.id.clone(),
            text: article.passage_text(passage).to_string(),
            speaker: passage.speaker.clone(),
            role: passage.role.clone(),
            question: passage.question.clone(),
            section: passage.section.clone(),
            article: ArticleRef::of(article),
            start: passage.range.start,
        }
    }
}

/// Registers the analyzer with an index. Needed after every `Index::open`: tantivy does not
/// persist custom tokenizers.
pub fn register_tokenizer(index: &Index, segmenter: &Arc<Segmenter>) {
    index.tokenizers().register(
        TOKENIZER_NAME,
        TextAnalyzer::from(JiebaTokenizer::new(Arc::clone(segmenter))),
    );
}

/// Progress of an index build, reported per passage.
pub trait Progress: Sync {
    fn passages_done(&self, _count: usize) {}
}

impl Progress for () {}

/// Writes `passages` into a new index in `dir` (which must exist and be empty). Segmentation runs
/// on `threads` worker threads; one writer receives pre-tokenized documents.
pub fn build_index(
    dir: &Path,
    segmenter: &Arc<Segmenter>,
    passages: Vec<StoredPassage>,
    threads: usize,
    progress: &dyn Progress,
) -> Result<(), SearchError> {
    let (schema, fields) = schema();
    let index = Index::create_in_dir(dir, schema)?;
    register_tokenizer(&index, segmenter);
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 128 * 1024 * 1024)?;
    let threads = threads.max(1);
    let chunk = passages.len().div_ceil(threads).max(1);
    let (tx, rx) = mpsc::sync_channel::<TantivyDocument>(1024);
    let outcome: Result<(), SearchError> = std::thread::scope(|scope| {
        for part in passages.chunks(chunk) {
            let tx = tx.clone();
            scope.spawn(move || {
                for passage in part {
                    if tx.send(document(&fields, segmenter, passage)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut done = 0;
        for doc in rx {
            writer.add_document(doc)?;
            done += 1;
            progress.passages_done(done);
        }
        Ok(())
    });
    outcome?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

fn document(fields: &Fields, segmenter: &Segmenter, p: &StoredPassage) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, &p.id);
    doc.add_pre_tokenized_text(fields.text, pre_tokenized(segmenter, &p.text));
    let question = p.question.clone().unwrap_or_default();
    doc.add_pre_tokenized_text(fields.question, pre_tokenized(segmenter, &question));
    doc.add_pre_tokenized_text(fields.speaker, pre_tokenized(segmenter, &p.speaker));
    let context = format!(
        "{} {}",
        p.article.title,
        p.section.as_deref().unwrap_or_default()
    );
    doc.add_pre_tokenized_text(fields.context, pre_tokenized(segmenter, &context));
    doc.add_text(fields.speaker_key, segment::normalize_text(&p.speaker));
    doc.add_text(fields.stored_text, &p.text);
    doc.add_text(fields.speaker_name, &p.speaker);
    doc.add_text(fields.title, &p.article.title);
    doc.add_text(fields.path, &p.article.path);
    doc.add_u64(fields.start, p.start as u64);
    let optional = [
        (fields.stored_question, &p.question),
        (fields.role, &p.role),
        (fields.section, &p.section),
        (fields.source, &p.article.source),
        (fields.date, &p.article.date),
        (fields.url, &p.article.url),
    ];
    for (field, value) in optional {
        if let Some(value) = value {
            doc.add_text(field, value);
        }
    }
    doc
}

fn pre_tokenized(segmenter: &Segmenter, text: &str) -> PreTokenizedString {
    let tokens = segmenter
        .terms(text)
        .into_iter()
        .enumerate()
        .map(|(position, t)| Token {
            offset_from: t.range.start,
            offset_to: t.range.end,
            position,
            text: t.text,
            position_length: 1,
        })
        .collect();
    PreTokenizedString {
        text: text.to_string(),
        tokens,
    }
}

/// Query-side analysis settings, shared by every search.
pub struct Analyzer {
    pub segmenter: Arc<Segmenter>,
    stopwords: HashSet<String>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Analyzer({} stop words)", self.stopwords.len())
    }
}

impl Analyzer {
    pub fn new(segmenter: Arc<Segmenter>, stopwords: &str) -> Analyzer {
        let stopwords = stopwords
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .flat_map(str::split_whitespace)
            .map(segment::normalize_text)
            .collect();
        Analyzer {
            segmenter,
            stopwords,
        }
    }

    /// Splits a question into the speakers it names and its content terms.
    pub fn analyze(&self, question: &str, speakers: &[String]) -> QueryPlan {
        let normalized = segment::normalize_text(question);
        let mut rest = normalized.clone();
        let mut named = Vec::new();
        // Longest names first, so "DeepSeek 团队" never hides a longer name containing it.
        let mut by_length: Vec<&String> = speakers.iter().collect();
        by_length.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        for speaker in by_length {
            let key = segment::normalize_text(speaker);
            if !key.is_empty() && rest.contains(&key) {
                rest = rest.replace(&key, " ");
                named.push(speaker.clone());
            }
        }
        let mut seen = HashSet::new();
        let terms = self
            .segmenter
            .terms(&rest)
            .into_iter()
            .map(|t| t.text)
            .filter(|t| !self.stopwords.contains(t))
            .filter(|t| seen.insert(t.clone()))
            .collect();
        QueryPlan {
            terms,
            speakers: named,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPlan {
    /// Normalized content terms, stop words removed, in question order, without duplicates.
    pub terms: Vec<String>,
    /// Speakers the question names (as spelled in the corpus).
    pub speakers: Vec<String>,
}

/// A passage that survived retrieval, re-ranking and the evidence gate.
#[derive(Debug, Clone)]
pub struct Hit {
    pub passage: StoredPassage,
    pub score: f32,
    /// The passage's terms (offsets relative to the passage text).
    pub passage_terms: Vec<Term>,
    /// Query term → its weight (IDF).
    pub weights: Arc<HashMap<String, f32>>,
    /// Share of the query's weight found in the passage (and its host question): 0..=1.
    pub coverage: f32,
}

/// Evidence gate and re-rank settings. Tuned on the dev question set (see docs/quality.md).
#[derive(Debug, Clone, Copy)]
pub struct RankParams {
    /// A passage must cover at least this share of the question's term weight.
    pub min_coverage: f32,
    /// Later answers must score at least this share of the best answer.
    pub min_relative_score: f32,
    pub question_boost: f32,
    pub speaker_boost: f32,
    pub context_boost: f32,
}

impl Default for RankParams {
    fn default() -> Self {
        RankParams {
            min_coverage: 0.5,
            min_relative_score: 0.35,
            question_boost: 0.5,
            speaker_boost: 0.3,
            context_boost: 0.2,
        }
    }
}

/// An open, searchable index. Cheap to share behind `Arc`; every search sees one consistent
/// snapshot.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SearchIndex")
    }
}

impl SearchIndex {
    pub fn open(dir: &Path, segmenter: &Arc<Segmenter>) -> Result<SearchIndex, SearchError> {
        let index = Index::open_in_dir(dir)?;
        register_tokenizer(&index, segmenter);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let fields = schema().1;
        Ok(SearchIndex {
            index,
            reader,
            fields,
        })
    }

    pub fn num_passages(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Retrieves, re-ranks and gates passages for `plan`; returns at most `limit` hits, the
    /// named speakers' passages first.
    pub fn search(
        &self,
        analyzer: &Analyzer,
        plan: &QueryPlan,
        limit: usize,
        params: &RankParams,
    ) -> Result<Vec<Hit>, SearchError> {
        if plan.terms.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let weights = Arc::new(self.term_weights(&searcher, &plan.terms)?);
        let mut hits = Vec::new();
        let mut seen = HashSet::new();
        let passes: Vec<Option<&String>> = if plan.speakers.is_empty() {
            vec![None]
        } else {
            plan.speakers.iter().map(Some).chain([None]).collect()
        };
        for speaker in passes {
            let query = self.query(plan, speaker, params);
            let top = searcher.search(&query, &TopDocs::with_limit(CANDIDATES).order_by_score())?;
            let mut pass = Vec::new();
            for (score, address) in top {
                if !seen.insert(address) {
                    continue;
                }
                let passage = self.stored(&searcher, address)?;
                pass.push(self.rerank(analyzer, passage, score, &weights));
            }
            pass.sort_by(|a, b| b.score.total_cmp(&a.score));
            hits.extend(gate(pass, params));
        }
        hits.truncate(limit);
        Ok(hits)
    }

    fn term_weights(
        &self,
        searcher: &tantivy::Searcher,
        terms: &[String],
    ) -> Result<HashMap<String, f32>, SearchError> {
        let n = searcher.num_docs() as f32;
        let mut weights = HashMap::new();
        for term in terms {
            let df = searcher.doc_freq(&self.term(self.fields.text, term))? as f32;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            weights.insert(term.clone(), idf);
        }
        Ok(weights)
    }

    fn term(&self, field: Field, text: &str) -> tantivy::Term {
        tantivy::Term::from_field_text(field, text)
    }

    fn query(&self, plan: &QueryPlan, speaker: Option<&String>, p: &RankParams) -> BooleanQuery {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for term in &plan.terms {
            for (field, boost) in [
                (f.text, 1.0),
                (f.question, p.question_boost),
                (f.speaker, p.speaker_boost),
                (f.context, p.context_boost),
            ] {
                let q = TermQuery::new(self.term(field, term), IndexRecordOption::WithFreqs);
                clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost))));
            }
        }
        let content = BooleanQuery::new(clauses);
        match speaker {
            None => content,
            Some(name) => {
                let key = self.term(f.speaker_key, &segment::normalize_text(name));
                let filter = TermQuery::new(key, IndexRecordOption::Basic);
                BooleanQuery::new(vec![
                    (Occur::Must, Box::new(content) as Box<dyn Query>),
                    (
                        Occur::Must,
                        Box::new(BoostQuery::new(Box::new(filter), 0.0)),
                    ),
                ])
            }
        }
    }

    fn rerank(
        &self,
        analyzer: &Analyzer,
        passage: StoredPassage,
        bm25: f32,
        weights: &Arc<HashMap<String, f32>>,
    ) -> Hit {
        let passage_terms = analyzer.segmenter.terms(&passage.text);
        let mut found: HashSet<&str> = passage_terms
            .iter()
            .map(|t| t.text.as_str())
            .filter(|t| weights.contains_key(*t))
            .collect();
        let question_terms = passage
            .question
            .as_deref()
            .map(|q| analyzer.segmenter.terms(q))
            .unwrap_or_default();
        let in_question: HashSet<&str> = question_terms.iter().map(|t| t.text.as_str()).collect();
        let total: f32 = weights.values().sum();
        let text_weight: f32 = found.iter().map(|t| weights[*t]).sum();
        found.extend(
            weights
                .keys()
                .map(String::as_str)
                .filter(|t| in_question.contains(t)),
        );
        let covered: f32 = found.iter().map(|t| weights[*t]).sum();
        let coverage = if total > 0.0 { covered / total } else { 0.0 };
        let text_share = if total > 0.0 {
            text_weight / total
        } else {
            0.0
        };
        let score = bm25 * (0.5 + coverage) * (0.75 + 0.25 * text_share);
        Hit {
            passage,
            score,
            passage_terms,
            weights: Arc::clone(weights),
            coverage,
        }
    }

    fn stored(
        &self,
        searcher: &tantivy::Searcher,
        address: DocAddress,
    ) -> Result<StoredPassage, SearchError> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let f = &self.fields;
        let text = |field: Field| -> Option<String> {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let id = text(f.id).unwrap_or_default();
        let required = |field: Field, name: &'static str| {
            text(field).ok_or_else(|| SearchError::MissingField(id.clone(), name))
        };
        Ok(StoredPassage {
            text: required(f.stored_text, "stored_text")?,
            speaker: required(f.speaker_name, "speaker_name")?,
            role: text(f.role),
            question: text(f.stored_question),
            section: text(f.section),
            article: ArticleRef {
                title: required(f.title, "title")?,
                source: text(f.source),
                date: text(f.date),
                url: text(f.url),
                path: required(f.path, "path")?,
            },
            start: doc
                .get_first(f.start)
                .and_then(|v| v.as_u64())
                .unwrap_or_default() as usize,
            id,
        })
    }

    /// For tests and tools: the underlying tantivy index.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }
}

/// Keeps hits with enough evidence: coverage above the floor, and a score not far below the best.
fn gate(sorted: Vec<Hit>, params: &RankParams) -> Vec<Hit> {
    let best = sorted
        .iter()
        .find(|h| h.coverage >= params.min_coverage)
        .map(|h| h.score);
    let Some(best) = best else {
        return Vec::new();
    };
    sorted
        .into_iter()
        .filter(|h| {
            h.coverage >= params.min_coverage && h.score >= best * params.min_relative_score
        })
        .collect()
}

/// What an index was built from: written next to it as `manifest.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    /// Fingerprint of the corpus files and the analyzer settings the index was built from.
    pub fingerprint: String,
    /// Unix seconds.
    pub built_at: u64,
    pub build_ms: u64,
    /// Bytes of article text indexed.
    pub bytes: u64,
    pub articles: Vec<ArticleEntry>,
    /// Files that were skipped, one message each (file and line included).
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleEntry {
    pub path: String,
    pub title: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub date: Option<String>,
    pub passages: usize,
    pub speakers: Vec<String>,
    /// Content hash, to tell a changed article from an unchanged one on reload.
    pub hash: String,
}

impl Manifest {
    pub fn passages(&self) -> usize {
        self.articles.iter().map(|a| a.passages).sum()
    }

    /// Every speaker of every article, without duplicates, sorted.
    pub fn speakers(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .articles
            .iter()
            .flat_map(|a| a.speakers.iter().cloned())
            .collect();
        all.sort();
        all.dedup();
        all
    }
}

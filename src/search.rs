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
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, TantivyDocument};

use crate::corpus::{Article, Passage};
use crate::question::{self, AnswerKind};
use crate::segment::{self, JiebaTokenizer, Segmenter, TOKENIZER_NAME};

/// Bumped whenever the schema or the analyzer changes meaning, so old indexes are rebuilt.
pub const SCHEMA_VERSION: u32 = 2;

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
    pub in_turn: Field,
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
        in_turn: b.add_u64_field("in_turn", STORED),
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
    /// Position in its speaker's turn: 0 for the passage that opens the answer.
    pub in_turn: usize,
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
            in_turn: passage.in_turn,
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

/// Writes `passages` into a new index in `dir` (which must exist and be empty), with `threads`
/// tantivy indexing threads. Segmentation happens inside them (the registered jieba
/// tokenizer), so it runs in parallel; this thread only assembles documents.
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
    let threads = threads.clamp(1, 8);
    let mut writer = index
        .writer_with_num_threads::<TantivyDocument>(threads, threads * WRITER_MEMORY_PER_THREAD)?;
    for (done, passage) in passages.iter().enumerate() {
        writer.add_document(document(&fields, passage))?;
        progress.passages_done(done + 1);
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

/// Indexing memory per tantivy thread: enough for large segments, small enough for a 2-core box.
const WRITER_MEMORY_PER_THREAD: usize = 96 * 1024 * 1024;

fn document(fields: &Fields, p: &StoredPassage) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, &p.id);
    doc.add_text(fields.text, &p.text);
    doc.add_text(fields.question, p.question.as_deref().unwrap_or_default());
    doc.add_text(fields.speaker, &p.speaker);
    let context = format!(
        "{} {}",
        p.article.title,
        p.section.as_deref().unwrap_or_default()
    );
    doc.add_text(fields.context, &context);
    doc.add_text(fields.speaker_key, segment::normalize_text(&p.speaker));
    doc.add_text(fields.stored_text, &p.text);
    doc.add_text(fields.speaker_name, &p.speaker);
    doc.add_text(fields.title, &p.article.title);
    doc.add_text(fields.path, &p.article.path);
    doc.add_u64(fields.start, p.start as u64);
    doc.add_u64(fields.in_turn, p.in_turn as u64);
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

/// Query-side analysis settings, shared by every search.
pub struct Analyzer {
    pub segmenter: Arc<Segmenter>,
    stopwords: HashSet<String>,
    aliases: HashMap<String, Vec<String>>,
    plain: bool,
}

/// How much an alias from the synonyms file counts, relative to the word the user typed.
pub const SYNONYM_WEIGHT: f32 = 0.7;

fn content_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Analyzer({} stop words)", self.stopwords.len())
    }
}

impl Analyzer {
    /// `stopwords`: words separated by whitespace; `synonyms`: one set of equivalent terms per
    /// line, separated by commas. Lines starting with `#` are comments in both.
    pub fn new(segmenter: Arc<Segmenter>, stopwords: &str, synonyms: &str) -> Analyzer {
        let stopwords = content_lines(stopwords)
            .flat_map(str::split_whitespace)
            .map(segment::normalize_text)
            .collect();
        let mut aliases: HashMap<String, Vec<String>> = HashMap::new();
        for line in content_lines(synonyms) {
            let set: Vec<String> = line
                .split([',', '，'])
                .map(|s| segment::normalize_text(s.trim()))
                .filter(|s| !s.is_empty())
                .collect();
            for term in &set {
                let others = set.iter().filter(|o| *o != term).cloned();
                aliases.entry(term.clone()).or_default().extend(others);
            }
        }
        Analyzer {
            segmenter,
            stopwords,
            aliases,
            plain: false,
        }
    }

    /// A term's weight factor from how specific it is in the language (0.5 to 1).
    fn specificity_boost(&self, term: &str) -> f32 {
        if self.plain {
            return 1.0;
        }
        0.5 + 0.5 * self.segmenter.specificity(term)
    }

    /// The baseline's analyzer: every jieba search-mode token of the question, unweighted —
    /// no stop words, no aliases, no specificity, no speaker detection.
    pub fn plain(segmenter: Arc<Segmenter>) -> Analyzer {
        Analyzer {
            plain: true,
            ..Analyzer::new(segmenter, "", "")
        }
    }

    /// Adds each term's aliases, segmented, to the term's word at [`SYNONYM_WEIGHT`].
    fn expand(&self, plan: &mut QueryPlan) {
        let originals = plan.terms.len();
        for i in 0..originals {
            let Some(aliases) = self.aliases.get(&plan.terms[i]) else {
                continue;
            };
            let group = plan.groups[i];
            for alias in aliases {
                for term in self.segmenter.terms(alias) {
                    if !plan.terms.contains(&term.text) && !self.stopwords.contains(&term.text) {
                        plan.boosts
                            .push(SYNONYM_WEIGHT * self.specificity_boost(&term.text));
                        plan.terms.push(term.text);
                        plan.groups.push(group);
                    }
                }
            }
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
        for speaker in by_length.into_iter().filter(|_| !self.plain) {
            let key = segment::normalize_text(speaker);
            if !key.is_empty() && rest.contains(&key) {
                rest = rest.replace(&key, " ");
                named.push(speaker.clone());
            }
        }
        let mut terms: Vec<String> = Vec::new();
        let mut groups: Vec<usize> = Vec::new();
        let mut group_end = 0;
        let mut skip = question::question_word_ranges(&rest);
        for term in self.segmenter.terms(&rest) {
            if self.stopwords.contains(&term.text) {
                skip.push(term.range);
                continue;
            }
            if terms.is_empty() || term.range.start >= group_end {
                groups.push(groups.last().map_or(0, |g| g + 1));
            } else {
                groups.push(*groups.last().unwrap_or(&0));
            }
            group_end = group_end.max(term.range.end);
            match terms.iter().position(|t| *t == term.text) {
                // A repeated word keeps its first group.
                Some(_) => {
                    groups.pop();
                }
                None => terms.push(term.text),
            }
        }
        let boosts = terms.iter().map(|t| self.specificity_boost(t)).collect();
        let (asks, bigrams) = if self.plain {
            (None, Vec::new())
        } else {
            (question::asks(&rest), question::bigrams(&rest, &skip))
        };
        let mut plan = QueryPlan {
            own_terms: terms.len(),
            terms,
            groups,
            boosts,
            speakers: named,
            asks,
            bigrams,
        };
        self.expand(&mut plan);
        plan
    }

    /// Whether a term is weak evidence: a single Chinese character (ambiguous on its own), or a
    /// word the index has never seen that is not in the dictionary either (a fragment jieba's
    /// HMM made up, see [`Segmenter::knows`]). ASCII words are never fragments.
    pub fn is_fragment(&self, term: &str, unseen: bool) -> bool {
        if term.is_ascii() {
            return false;
        }
        term.chars().count() == 1 || (unseen && !self.segmenter.knows(term))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct QueryPlan {
    /// Normalized content terms, stop words removed, in question order, without duplicates.
    pub terms: Vec<String>,
    /// For each term, the word of the question it belongs to: search mode yields overlapping
    /// sub-words (开源模型 → 开源, 模型, 开源模型) that count as one word for coverage.
    pub groups: Vec<usize>,
    /// For each term, its weight factor: how specific it is, and less for aliases.
    pub boosts: Vec<f32>,
    /// The first `own_terms` terms are the question's; aliases follow.
    pub own_terms: usize,
    /// Speakers the question names (as spelled in the corpus).
    pub speakers: Vec<String>,
    /// The kind of answer the question word asks for (何年 → a time).
    pub asks: Option<AnswerKind>,
    /// The question's Chinese character bigrams outside stop words and question words,
    /// sorted (looked up for every character of every candidate).
    pub bigrams: Vec<(char, char)>,
}

/// A passage that survived retrieval, re-ranking and the evidence gate.
#[derive(Debug, Clone)]
pub struct Hit {
    pub passage: StoredPassage,
    pub score: f32,
    /// Query term → its weight (IDF).
    pub weights: Arc<HashMap<String, f32>>,
    /// Share of the query's weight found in the passage (and its host question): 0..=1.
    pub coverage: f32,
    /// How many of the question's words the passage (or its host question) contains.
    pub matched_words: usize,
    /// Share of the question's weight that its best single sentence holds: 0..=1.
    pub focus: f32,
}

/// Evidence gate and re-rank settings. Tuned on the dev question set (see docs/quality.md).
#[derive(Debug, Clone, Copy)]
pub struct RankParams {
    /// A passage must cover at least this share of the question's term weight.
    pub min_coverage: f32,
    /// ... and when it matches a single word of the question, at least this share.
    pub single_word_coverage: f32,
    /// ... and one of its sentences must hold at least this share.
    pub min_focus: f32,
    /// Later answers must score at least this share of the best answer.
    pub min_relative_score: f32,
    pub question_boost: f32,
    pub speaker_boost: f32,
    pub context_boost: f32,
    /// The baseline fangtan is measured against: BM25 over the passage text only, no re-rank,
    /// no speaker preference, no gate. Not for serving.
    pub plain: bool,
}

impl Default for RankParams {
    fn default() -> Self {
        RankParams {
            min_coverage: 0.35,
            single_word_coverage: 0.5,
            min_focus: 0.0,
            min_relative_score: 0.35,
            question_boost: 0.5,
            speaker_boost: 0.3,
            context_boost: 1.0,
            plain: false,
        }
    }
}

impl RankParams {
    /// Plain BM25 over jieba search-mode tokens (k1 1.2, b 0.75): the baseline in
    /// docs/quality.md. Pair it with [`Analyzer::plain`].
    pub fn plain_bm25() -> RankParams {
        RankParams {
            min_coverage: 0.0,
            single_word_coverage: 0.0,
            min_focus: 0.0,
            min_relative_score: 0.0,
            question_boost: 0.0,
            speaker_boost: 0.0,
            context_boost: 0.0,
            plain: true,
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
        let weights = self.query_weights(analyzer, &searcher, plan)?;
        let mut hits = Vec::new();
        let mut seen = HashSet::new();
        let passes: Vec<Option<&String>> = if plan.speakers.is_empty() || params.plain {
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
                let mut hit = rerank(passage, score, &weights);
                if params.plain {
                    hit.score = score;
                }
                pass.push(hit);
            }
            pass.sort_by(|a, b| b.score.total_cmp(&a.score));
            if params.plain {
                hits.extend(pass);
            } else {
                hits.extend(gate(pass, params));
            }
        }
        hits.truncate(limit);
        Ok(hits)
    }

    /// Term weights: BM25's IDF over passage text, cut for fragments that are neither in the
    /// index nor in the dictionary (jieba's HMM invents them from unusual character runs).
    fn query_weights(
        &self,
        analyzer: &Analyzer,
        searcher: &tantivy::Searcher,
        plan: &QueryPlan,
    ) -> Result<Arc<QueryWeights>, SearchError> {
        let n = searcher.num_docs() as f32;
        let mut terms = HashMap::new();
        let mut groups: Vec<Word> = Vec::new();
        for (i, ((term, &group), &boost)) in plan
            .terms
            .iter()
            .zip(&plan.groups)
            .zip(&plan.boosts)
            .enumerate()
        {
            let alias = i >= plan.own_terms;
            let df = searcher.doc_freq(&self.term(self.fields.text, term))? as f32;
            let mut idf = boost * (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            if analyzer.is_fragment(term, df == 0.0) {
                idf *= FRAGMENT_WEIGHT;
            }
            terms.insert(term.clone(), idf);
            if groups.len() <= group {
                groups.resize_with(group + 1, Word::default);
            }
            let slot = &mut groups[group];
            slot.terms.push(Matcher::new(term, idf));
            // A word weighs what the user's own terms weigh: an alias can earn credit, but an
            // alias the corpus lacks must not make the word heavier.
            if !alias {
                slot.weight = slot.weight.max(idf);
            }
        }
        groups.retain(|word| !word.terms.is_empty());
        let total: f32 = groups.iter().map(|word| word.weight).sum();
        let han: f32 = groups
            .iter()
            .filter(|word| {
                word.terms
                    .iter()
                    .any(|t| t.text.chars().any(segment::is_han))
            })
            .map(|word| word.weight)
            .sum();
        Ok(Arc::new(QueryWeights {
            terms: Arc::new(terms),
            groups,
            asks: plan.asks,
            bigrams: plan.bigrams.clone(),
            han_share: if total > 0.0 { han / total } else { 0.0 },
        }))
    }

    fn term(&self, field: Field, text: &str) -> tantivy::Term {
        tantivy::Term::from_field_text(field, text)
    }

    fn query(&self, plan: &QueryPlan, speaker: Option<&String>, p: &RankParams) -> BooleanQuery {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (term, &weight) in plan.terms.iter().zip(&plan.boosts) {
            for (field, boost) in [
                (f.text, 1.0),
                (f.question, p.question_boost),
                (f.speaker, p.speaker_boost),
                (f.context, p.context_boost),
            ] {
                if boost == 0.0 {
                    continue;
                }
                let q = TermQuery::new(self.term(field, term), IndexRecordOption::WithFreqs);
                let boosted = BoostQuery::new(Box::new(q), boost * weight);
                clauses.push((Occur::Should, Box::new(boosted)));
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
            in_turn: doc
                .get_first(f.in_turn)
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

/// Weight given to a fragment term (see [`SearchIndex::query_weights`]), relative to its IDF.
const FRAGMENT_WEIGHT: f32 = 0.3;

/// The question's terms with weights, and its words (groups of overlapping terms).
#[derive(Debug, Clone, Default)]
pub struct QueryWeights {
    pub terms: Arc<HashMap<String, f32>>,
    /// Each word of the question: its terms and its weight (the largest of theirs).
    pub groups: Vec<Word>,
    pub asks: Option<AnswerKind>,
    /// As in [`QueryPlan::bigrams`].
    pub bigrams: Vec<(char, char)>,
    /// The share of the question's weight in Chinese words: bigrams speak only for those (in
    /// 「GRPO 为什么重要」 the bigram 重要 must not outweigh GRPO).
    pub han_share: f32,
}

/// One word of the question: the terms that spell it (with sub-words and aliases).
#[derive(Debug, Clone, Default)]
pub struct Word {
    pub terms: Vec<Matcher>,
    /// The largest weight of the question's own terms.
    pub weight: f32,
}

/// A query term, ready to be found in many candidate texts.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub text: String,
    /// What finding it earns: its weight, halved for a single Chinese character (帮 hides
    /// inside 帮忙).
    pub credit: f32,
    finder: memchr::memmem::Finder<'static>,
    /// An ASCII term must stand alone: `ai` does not occur in `openai`.
    ascii_edges: bool,
}

impl Matcher {
    fn new(term: &str, weight: f32) -> Matcher {
        Matcher {
            text: term.to_string(),
            credit: if is_single_han(term) {
                weight / 2.0
            } else {
                weight
            },
            finder: memchr::memmem::Finder::new(term.as_bytes()).into_owned(),
            ascii_edges: term.starts_with(|c: char| c.is_ascii_alphanumeric())
                || term.ends_with(|c: char| c.is_ascii_alphanumeric()),
        }
    }

    /// Byte offsets where the term occurs in `text` (normalized).
    fn matches<'t>(&'t self, text: &'t str) -> impl Iterator<Item = usize> + 't {
        let len = self.text.len();
        self.finder
            .find_iter(text.as_bytes())
            .filter(move |&i| !self.ascii_edges || stands_alone(text, i, i + len))
    }
}

/// No ASCII letter or digit touches `text[start..end]` on either side.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_ascii_alphanumeric())
        && !after.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Scores a candidate beyond BM25: the share of the question's words it covers (in its text or
/// in the host question it answers) scales the score, so a passage that matches one frequent
/// word many times does not beat one that matches every word once.
fn rerank(passage: StoredPassage, bm25: f32, q: &Arc<QueryWeights>) -> Hit {
    // Matching by position in the normalized text, not by segmenting every candidate again:
    // this runs for every candidate of every question, and segmentation would dominate it.
    let text = segment::normalize_text(&passage.text);
    let question = passage
        .question
        .as_deref()
        .map(segment::normalize_text)
        .unwrap_or_default();
    let total: f32 = q.groups.iter().map(|word| word.weight).sum();
    let mut covered: f32 = 0.0;
    let mut covered_in_text: f32 = 0.0;
    let mut covered_in_question: f32 = 0.0;
    let mut matched_words = 0;
    let mut positions: Vec<Vec<usize>> = Vec::with_capacity(q.groups.len());
    // (byte offset, word, credit) of every occurrence, for the best sentence's coverage.
    let mut sentence_hits: Vec<(usize, usize, f32)> = Vec::new();
    for (g, word) in q.groups.iter().enumerate() {
        let weight = word.weight;
        let mut text_credit: f32 = 0.0;
        let mut question_credit: f32 = 0.0;
        let mut at = Vec::new();
        for term in &word.terms {
            let credit = term.credit;
            let found: Vec<usize> = term.matches(&text).collect();
            sentence_hits.extend(found.iter().map(|&offset| (offset, g, credit.min(weight))));
            if !found.is_empty() {
                text_credit = text_credit.max(credit);
                at.extend(found);
            }
            if term.matches(&question).next().is_some() {
                question_credit = question_credit.max(credit);
            }
        }
        // A word counts with the weight of its best matched term: 人工标注 matched only
        // through 人工 earns 人工's weight, not the whole word's.
        let text_credit = text_credit.min(weight);
        let best = text_credit.max(question_credit).min(weight);
        covered_in_text += text_credit;
        covered_in_question += question_credit.min(weight);
        if best > 0.0 {
            covered += best;
            matched_words += 1;
        }
        at.sort_unstable();
        positions.push(at);
    }
    let share = |x: f32| if total > 0.0 { x / total } else { 0.0 };
    let coverage = share(covered);
    // The passage that opens an answer usually answers the host question most directly — the
    // more so the more the host question is the user's question.
    let lead = if passage.in_turn == 0 {
        1.1 + LEAD_QUESTION_BONUS * share(covered_in_question)
    } else {
        1.0
    };
    let near = 1.0 + PROXIMITY_BONUS * proximity(&positions);
    // An answer of the kind the question asks for (a year for 何年) counts as one more word of
    // the sentence that holds the question's words.
    let mut words = q.groups.len();
    let mut sentence_total = total;
    if let (Some(kind), false) = (q.asks, q.groups.is_empty()) {
        let credit = ANSWER_KIND_WEIGHT * total / q.groups.len() as f32;
        sentence_hits.extend(
            question::evidence(&text, kind)
                .into_iter()
                .map(|offset| (offset, words, credit)),
        );
        words += 1;
        sentence_total += credit;
    }
    let one_sentence = if sentence_total > 0.0 {
        sentence_coverage(&text, sentence_hits, words) / sentence_total
    } else {
        0.0
    };
    let near = near * (1.0 + SENTENCE_BONUS * one_sentence);
    let near = near
        * (1.0
            + BIGRAM_BONUS
                * q.han_share
                * share(covered_in_text)
                * sentence_bigram_share(&text, &q.bigrams));
    let score = bm25 * (0.5 + coverage) * (0.75 + 0.25 * share(covered_in_text)) * lead * near;
    Hit {
        passage,
        score,
        weights: Arc::clone(&q.terms),
        coverage,
        matched_words,
        focus: one_sentence,
    }
}

/// Extra lead factor for the opening passage of an answer, times the share of the user's
/// question its host question covers (0.2–0.5 all measured alike on the dev set).
const LEAD_QUESTION_BONUS: f32 = 0.3;

/// Score factor for a passage with one sentence that holds the question's words: the answer to
/// a question usually sits in the sentence that shares its words, in any order.
const SENTENCE_BONUS: f32 = 1.0;

/// The most question weight a single sentence of `text` (normalized) covers: each word counts
/// once per sentence, with its best credit. `hits` are (byte offset, word, credit).
fn sentence_coverage(text: &str, mut hits: Vec<(usize, usize, f32)>, words: usize) -> f32 {
    hits.sort_unstable_by_key(|h| h.0);
    let mut ends = text
        .char_indices()
        .filter(|(_, c)| matches!(c, '。' | '!' | '?' | ';' | '\n'))
        .map(|(i, c)| i + c.len_utf8())
        .peekable();
    let mut current = vec![0.0f32; words];
    let mut best: f32 = 0.0;
    for (at, word, credit) in hits {
        while ends.peek().is_some_and(|&end| at >= end) {
            ends.next();
            best = best.max(current.iter().sum());
            current.iter_mut().for_each(|c| *c = 0.0);
        }
        current[word] = current[word].max(credit);
    }
    best.max(current.iter().sum())
}

/// Weight of the answer-kind evidence in a sentence, relative to an average question word.
const ANSWER_KIND_WEIGHT: f32 = 1.0;

/// Score factor for the sentence that shares most of the question's character bigrams.
const BIGRAM_BONUS: f32 = 1.0;

/// The largest share of the question's bigrams (`bigrams`, sorted) that one sentence of `text`
/// (normalized) holds.
fn sentence_bigram_share(text: &str, bigrams: &[(char, char)]) -> f32 {
    if bigrams.is_empty() {
        return 0.0;
    }
    let mut best = 0;
    let mut seen = vec![false; bigrams.len()];
    let mut count = 0;
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if matches!(c, '。' | '!' | '?' | ';' | '\n') {
            best = best.max(count);
            seen.iter_mut().for_each(|s| *s = false);
            count = 0;
            previous = None;
            continue;
        }
        if let Some(p) = previous {
            if let Ok(i) = bigrams.binary_search(&(p, c)) {
                if !seen[i] {
                    seen[i] = true;
                    count += 1;
                }
            }
        }
        previous = Some(c);
    }
    best.max(count) as f32 / bigrams.len() as f32
}

fn is_single_han(term: &str) -> bool {
    let mut chars = term.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if !c.is_ascii())
}

/// Score factor for a passage whose words follow the question's order closely (see
/// [`proximity`]); plain BM25 ignores word order entirely.
const PROXIMITY_BONUS: f32 = 0.3;

/// Bytes within which two consecutive question words count as "close" (about sixteen Chinese
/// characters).
const NEAR_BYTES: usize = 48;

/// The share of consecutive question-word pairs (in question order, among the words the passage
/// contains) that occur in that order within [`NEAR_BYTES`], over all the question's pairs.
fn proximity(positions: &[Vec<usize>]) -> f32 {
    if positions.len() < 2 {
        return 0.0;
    }
    // Consecutive pairs among the words the passage has: a word the passage lacks does not
    // break the chain between its neighbours.
    let present: Vec<&Vec<usize>> = positions.iter().filter(|p| !p.is_empty()).collect();
    let close_pairs = present
        .windows(2)
        .filter(|pair| {
            pair[0]
                .iter()
                .any(|&a| pair[1].iter().any(|&b| b > a && b - a <= NEAR_BYTES))
        })
        .count();
    close_pairs as f32 / (positions.len() - 1) as f32
}

/// Decides whether the corpus answers at all, on the strongest candidate: enough of the
/// question's weight covered, by at least two of its words unless coverage is high. Once it
/// does, runners-up need only a share of the best score and half the coverage floor.
fn gate(sorted: Vec<Hit>, params: &RankParams) -> Vec<Hit> {
    let answers = |h: &Hit| {
        h.coverage >= params.min_coverage
            && h.focus >= params.min_focus
            && (h.matched_words >= 2 || h.coverage >= params.single_word_coverage)
    };
    let Some(best) = sorted.iter().find(|h| answers(h)).map(|h| h.score) else {
        return Vec::new();
    };
    sorted
        .into_iter()
        .filter(|h| {
            h.coverage >= params.min_coverage / 2.0 && h.score >= best * params.min_relative_score
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigram_share_is_the_best_single_sentence() {
        let q = question::bigrams("淞沪会战爆发", &[]);
        assert_eq!(q.len(), 5);
        // Split across two sentences: each holds only part of the question.
        let apart = "淞沪会战很有名。后来爆发了战争。";
        assert!((sentence_bigram_share(apart, &q) - 3.0 / 5.0).abs() < 1e-6);
        let together = "1937年8月,淞沪会战爆发。";
        assert!((sentence_bigram_share(together, &q) - 1.0).abs() < 1e-6);
        assert_eq!(sentence_bigram_share(together, &[]), 0.0);
    }
}

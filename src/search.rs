//! The search index: schema, building an index from a parsed corpus, and retrieving ranked
//! candidate passages for a question.
//!
//! Owns: the tantivy schema and documents, query analysis (segmentation, stop words, speaker
//! detection), query construction (never `QueryParser`: user text only ever becomes term
//! queries), BM25 retrieval with a coverage/proximity re-rank, and the evidence gate.
//!
//! Must not import: teloxide, tokio, rendering. Quote selection lives in `answer`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{
    Bm25StatisticsProvider, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, INDEXED, STORED,
    STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocAddress, Index, IndexReader, IndexSettings, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use crate::corpus::{Article, Passage};
use crate::homophones::Homophones;
use crate::question::{self, AnswerKind};
use crate::rank::{self, Candidate, Features, Matcher, QueryWeights, RankModel, Word};
use crate::segment::{self, JiebaTokenizer, Segmenter, TOKENIZER_NAME};
use crate::speakers::SpeakerNames;

/// Bumped whenever the schema, the analyzer, what the corpus parser makes passages of, or an
/// index setting that serving depends on changes, so old indexes are rebuilt (3: 4 KiB
/// doc-store blocks; 4: speakers' roles in the manifest; 5: hosts in the manifest; 6: the
/// articles' leads; 7: the hosts' turns as passages; 8: the articles' unquoted text; 9: speaker
/// labels as outlets write them, end matter and narration as nobody's words; 10: speech
/// transcripts, hosts named in a byline; 11: a short paragraph joins a neighbour only across
/// a paragraph break, never across a caption; 12: editors' notes in brackets and what follows
/// a speech's end matter are nobody's words; 13: nor are bylines, datelines and timelines,
/// and a lead's guest list gives roles; 14: bylines read as such, the outlet's calls to follow
/// it, a reporter's notes after the interview; 15: a dialogue retold inside an answer).
pub const SCHEMA_VERSION: u32 = 69;

/// Candidates fetched by BM25 before the re-rank.
pub const CANDIDATES: usize = 40;

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
    pub lead: Field,
    pub host_turn: Field,
    pub lead_in: Field,
    /// The writer's narration between the turns: its text, searched in a pass of its own
    /// ([`SearchIndex::search`]), and its flag.
    pub narration_text: Field,
    pub narration: Field,
    pub relayed_by: Field,
    /// An article's text outside its passages (the lead's list of teasers, captions),
    /// indexed with its first passage: never searched, only asked whether the article uses
    /// a word ([`SearchIndex::unmentioned`]).
    pub unquoted: Field,
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
        context: b.add_text_field("context", indexed.clone()),
        narration_text: b.add_text_field("narration_text", indexed),
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
        lead: b.add_u64_field("lead", STORED),
        host_turn: b.add_u64_field("host_turn", INDEXED | STORED),
        lead_in: b.add_u64_field("lead_in", STORED),
        narration: b.add_u64_field("narration", INDEXED | STORED),
        relayed_by: b.add_text_field("relayed_by", STORED),
        unquoted: b.add_text_field(
            "unquoted",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(TOKENIZER_NAME)
                    .set_index_option(IndexRecordOption::Basic),
            ),
        ),
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
    /// From the article's lead (its introduction before the first turn; `speaker` is empty).
    /// Benchmark paragraphs have no speaker either, but are no lead.
    #[serde(default)]
    pub lead: bool,
    /// The host's own turn (see [`crate::corpus::Passage::host_turn`]).
    #[serde(default)]
    pub host_turn: bool,
    /// `question` is the writer's lead-in to a reported quotation (see
    /// [`crate::corpus::Passage::lead_in`]).
    #[serde(default)]
    pub lead_in: bool,
    /// The writer's narration between the turns (see [`crate::corpus::Passage::narration`]).
    #[serde(default)]
    pub narration: bool,
    /// Whose answer these words are quoted in (see [`crate::corpus::Passage::relayed_by`]).
    #[serde(default)]
    pub relayed_by: Option<String>,
    /// For an article's first passage, when indexing: the article's text outside its
    /// passages ([`Article::unquoted_text`]); `None` otherwise and when read back.
    #[serde(default, skip_serializing)]
    pub unquoted: Option<String>,
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
            lead: passage.is_lead(),
            host_turn: passage.host_turn,
            lead_in: passage.lead_in,
            narration: passage.narration,
            relayed_by: passage.relayed_by.clone(),
            unquoted: None,
        }
    }

    /// [`Self::of`] for each passage of `article`, the first carrying the article's unquoted
    /// text.
    pub fn all_of(article: &Article) -> impl Iterator<Item = StoredPassage> + '_ {
        article.passages.iter().enumerate().map(|(i, p)| {
            let mut stored = StoredPassage::of(article, p);
            if i == 0 {
                stored.unquoted = Some(article.unquoted_text());
            }
            stored
        })
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
    passages: impl IntoIterator<Item = StoredPassage>,
    threads: usize,
    progress: &dyn Progress,
) -> Result<(), SearchError> {
    let (schema, fields) = schema();
    let index = Index::builder()
        .schema(schema)
        .settings(IndexSettings {
            docstore_blocksize: DOCSTORE_BLOCK_BYTES,
            ..IndexSettings::default()
        })
        .create_in_dir(dir)?;
    register_tokenizer(&index, segmenter);
    let threads = threads.clamp(1, 8);
    let mut writer = index
        .writer_with_num_threads::<TantivyDocument>(threads, threads * WRITER_MEMORY_PER_THREAD)?;
    for (done, passage) in passages.into_iter().enumerate() {
        writer.add_document(document(&fields, &passage))?;
        progress.passages_done(done + 1);
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

/// Compressed doc-store block size. Every answer reads its [`CANDIDATES`] from the store, as a
/// rule each from a different block, and decompresses whole blocks: with tantivy's 16 KiB
/// default that was 8 % of answer time on the 63 MB bench index. 4 KiB costs 25 % more store
/// (44.7 → 55.8 MB there) and 8 MB more serving RSS (docs/performance.md, fourth session).
const DOCSTORE_BLOCK_BYTES: usize = 4096;

/// Indexing memory per tantivy thread: enough for large segments, small enough for a 2-core box.
const WRITER_MEMORY_PER_THREAD: usize = 96 * 1024 * 1024;

fn document(fields: &Fields, p: &StoredPassage) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, &p.id);
    // A host's turn is searched where host questions are, so that the panel's words keep their
    // weights: host turns restate the topics, and counted as passages they would make every
    // topic word look common.
    // The writer's narration has fields of its own: searched only when no turn answers
    // ([`SearchIndex::search`]), it must not move the weights the turns are ranked by either.
    match (p.host_turn, p.narration) {
        (_, true) => doc.add_text(fields.narration_text, &p.text),
        (false, false) => {
            doc.add_text(fields.text, &p.text);
            doc.add_text(fields.question, p.question.as_deref().unwrap_or_default());
        }
        (true, false) => doc.add_text(fields.question, &p.text),
    }
    if !p.narration {
        doc.add_text(fields.speaker, &p.speaker);
        let context = format!(
            "{} {}",
            p.article.title,
            p.section.as_deref().unwrap_or_default()
        );
        doc.add_text(fields.context, &context);
    }
    doc.add_text(fields.speaker_key, segment::normalize_text(&p.speaker));
    doc.add_text(fields.stored_text, &p.text);
    doc.add_text(fields.speaker_name, &p.speaker);
    doc.add_text(fields.title, &p.article.title);
    doc.add_text(fields.path, &p.article.path);
    doc.add_u64(fields.start, p.start as u64);
    doc.add_u64(fields.in_turn, p.in_turn as u64);
    doc.add_u64(fields.lead, u64::from(p.lead));
    doc.add_u64(fields.host_turn, u64::from(p.host_turn));
    doc.add_u64(fields.lead_in, u64::from(p.lead_in));
    // Only narration carries the flag: a field every benchmark paragraph held would cost
    // indexing time and serving memory for nothing.
    if p.narration {
        doc.add_u64(fields.narration, 1);
    }
    if let Some(unquoted) = &p.unquoted {
        doc.add_text(fields.unquoted, unquoted);
    }
    let optional = [
        (fields.stored_question, &p.question),
        (fields.role, &p.role),
        (fields.relayed_by, &p.relayed_by),
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
    /// Words that ask about an aspect of the topic (作用, 意义, 好处): see
    /// [`SearchIndex::query_weights`].
    aspects: HashSet<String>,
    aliases: HashMap<String, Vec<String>>,
    /// Every alias of the synonyms file, whole (强化学习, reinforcement learning).
    alias_words: HashSet<String>,
    /// The synonyms file's entries of several words (chain of thought), longest first: a
    /// question that says one means it as one word.
    phrases: Vec<String>,
    plain: bool,
}

impl Analyzer {
    /// The other spellings the synonyms file gives `word` (normalized): 财务总监 for cfo.
    pub fn synonyms_of(&self, word: &str) -> &[String] {
        self.aliases.get(word).map_or(&[], Vec::as_slice)
    }
}

/// An aspect word weighs at most this share of the question's lightest topic word: never more
/// than a topic word (docs/quality.md, "Sixth session", for 0.5 and 0.75).
const ASPECT_SHARE: f32 = 1.0;

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
    /// `stopwords`: words separated by whitespace, aspect words marked with a leading `~`;
    /// `synonyms`: one set of equivalent terms per line, separated by commas. Lines starting
    /// with `#` are comments in both.
    pub fn new(segmenter: Arc<Segmenter>, stopwords: &str, synonyms: &str) -> Analyzer {
        let mut aspects = HashSet::new();
        let mut stops = HashSet::new();
        for word in content_lines(stopwords).flat_map(str::split_whitespace) {
            match word.strip_prefix('~') {
                Some("") => false,
                Some(aspect) => aspects.insert(segment::normalize_text(aspect)),
                None => stops.insert(segment::normalize_text(word)),
            };
        }
        let mut aliases: HashMap<String, Vec<String>> = HashMap::new();
        let mut alias_words = HashSet::new();
        for line in content_lines(synonyms) {
            let set: Vec<String> = line
                .split([',', '，'])
                .map(|s| segment::normalize_text(s.trim()))
                .filter(|s| !s.is_empty())
                .collect();
            alias_words.extend(set.iter().cloned());
            for term in &set {
                let others = set.iter().filter(|o| *o != term).cloned();
                aliases.entry(term.clone()).or_default().extend(others);
            }
        }
        let mut phrases: Vec<String> = alias_words
            .iter()
            .filter(|w| w.contains(' '))
            .cloned()
            .collect();
        phrases.sort_by_key(|p| (std::cmp::Reverse(p.len()), p.clone()));
        Analyzer {
            segmenter,
            stopwords: stops,
            aspects,
            aliases,
            alias_words,
            phrases,
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
    /// no stop or aspect words, no aliases or phrases, no specificity, no speaker detection.
    pub fn plain(segmenter: Arc<Segmenter>) -> Analyzer {
        Analyzer {
            plain: true,
            ..Analyzer::new(segmenter, "", "")
        }
    }

    /// Adds each term's aliases, segmented, to the term's word at [`SYNONYM_WEIGHT`]; a number
    /// in Chinese numerals also gets its Arabic spelling at full weight (两千 → 2000).
    fn expand(&self, plan: &mut QueryPlan) {
        let originals = plan.terms.len();
        for i in 0..originals {
            let in_figures: Vec<String> = match self.plain {
                true => Vec::new(),
                false => match question::numeral_value(&plan.terms[i]) {
                    Some(value) => vec![value.to_string()],
                    // 二号线 → 2, 号线: the words of 2号线 as the index holds them.
                    None => question::numbered_in_figures(&plan.terms[i])
                        .map(|figures| self.segmenter.terms(&figures))
                        .unwrap_or_default()
                        .into_iter()
                        .map(|term| term.text)
                        .filter(|term| {
                            term.chars().count() > 1 || term.chars().all(|c| c.is_ascii_digit())
                        })
                        .collect(),
                },
            };
            for term in in_figures {
                if !plan.terms.contains(&term) {
                    plan.boosts.push(plan.boosts[i]);
                    plan.groups.push(plan.groups[i]);
                    plan.terms.push(term);
                }
            }
            let Some(aliases) = self.aliases.get(&plan.terms[i]) else {
                continue;
            };
            let group = plan.groups[i];
            // A phrase (chain of thought) also searches its own words, for passages that say it
            // in English: the phrase itself is no token of the index.
            let own_words = Some(&plan.terms[i]).filter(|t| t.contains(' ')).cloned();
            for alias in aliases.iter().chain(own_words.as_ref()) {
                let terms = self.segmenter.terms(alias);
                // A Chinese alias jieba splits (排到: 排, 到) is no token of the index, but the
                // re-rank finds it whole in a candidate's text.
                let whole = (terms.len() > 1 && !alias.contains(' '))
                    .then(|| alias.clone())
                    .into_iter();
                for term in terms.into_iter().map(|t| t.text).chain(whole) {
                    if !plan.terms.contains(&term) && !self.stopwords.contains(&term) {
                        plan.boosts
                            .push(SYNONYM_WEIGHT * self.specificity_boost(&term));
                        plan.terms.push(term);
                        plan.groups.push(group);
                    }
                }
            }
        }
    }

    /// A figure also searches the other ways articles write its value, in the group of the
    /// question's word for it: 2600万 → 两千六百万, 26w → 二十六万, 1.2万 → 一万二千, 45% →
    /// 百分之四十五; 两千六百万 → 2600 (万), 26000000; 一亿三千六百万 → 1.36 (亿).
    fn expand_figures(
        &self,
        plan: &mut QueryPlan,
        question: &str,
        ranges: &[std::ops::Range<usize>],
    ) {
        let in_digits = question::figures_in_digits(question)
            .into_iter()
            .map(|(range, value)| {
                let spellings = question::spelt_in_numerals(value);
                // 45% → 百分之四十五.
                let spellings = match question[range.end..].starts_with(['%', '％']) {
                    true => spellings
                        .into_iter()
                        .map(|s| format!("百分之{s}"))
                        .collect(),
                    false => spellings,
                };
                (range, value, spellings)
            });
        let in_numerals = question::large_figures_in_numerals(question)
            .into_iter()
            .map(|(range, value)| {
                let figures = question::in_figures_of_wan(value)
                    .into_iter()
                    .chain(question::in_figures_of_yi(value))
                    .chain([value.to_string()]);
                (range, value, figures.collect())
            });
        for (range, value, spellings) in in_digits.chain(in_numerals) {
            // The question's word for the figure: inside it (2600 of 2600万) or around it
            // (15m).
            let Some(at) = term_over(ranges, &range) else {
                continue;
            };
            let (group, boost) = (plan.groups[at], plan.boosts[at]);
            for spelling in spellings {
                let terms = self.segmenter.terms(&spelling).into_iter().map(|t| t.text);
                // The spelling whole, as the re-rank finds it in a passage, and its words as
                // the index holds them.
                for term in std::iter::once(spelling.clone()).chain(terms) {
                    // A part of the spelling that says another value (一万 of 一万二千, 四十
                    // of 百分之四十五) finds the passage, but weighs less: it may stand for
                    // another figure. A unit alone (百万, 百分之) says no figure.
                    let weight = match term == spelling || says_the_value(&term, value) {
                        true => boost,
                        false if term.chars().any(is_a_digit) && term.chars().count() > 1 => {
                            boost * PART_OF_A_FIGURE
                        }
                        false => continue,
                    };
                    if !plan.terms.contains(&term) {
                        plan.terms.push(term);
                        plan.groups.push(group);
                        plan.boosts.push(weight);
                    }
                }
            }
        }
    }

    /// Whether `word` asks about an aspect of the topic, also as jieba glues an aspect word to
    /// a question word or a particle (啥意思, 有用吗).
    pub fn is_aspect(&self, word: &str) -> bool {
        let bare = word
            .trim_start_matches("什么")
            .trim_start_matches('啥')
            .trim_end_matches(['吗', '呢', '吧', '啊', '么']);
        self.aspects.contains(word) || (!bare.is_empty() && self.aspects.contains(bare))
    }

    /// Splits a question into the speakers it names and its content terms.
    pub fn analyze(&self, question: &str, speakers: &SpeakerNames) -> QueryPlan {
        let (named, mut rest) = match self.plain {
            true => (Vec::new(), segment::normalize_text(question)),
            false => speakers.find(question, &|w| self.segmenter.knows(w)),
        };
        let phrases = self.take_phrases(&mut rest);
        let versions = match self.plain {
            true => Vec::new(),
            false => join_versions(&mut rest),
        };
        if !self.plain {
            rest = question::with_figures_apart(&question::with_units_spelt_out(&rest));
        }
        let mut terms: Vec<String> = Vec::new();
        // Where each of `terms` stands in `rest`.
        let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
        let mut groups: Vec<usize> = Vec::new();
        let mut group_end = 0;
        let mut skip = question::question_word_ranges(&rest);
        // WHAT IS GRPO shouts: capitals name nothing there.
        let typed = as_typed(question);
        let names_in_capitals = self.stop_words_in_capitals(&typed) < 2;
        let question_words = skip.clone();
        let mut found = self.segmenter.terms(&rest);
        // jieba cuts llama-4 at a dictionary word (llama): the joined version is one word.
        for (joined, _) in &versions {
            if let (false, Some(at)) = (
                found.iter().any(|t| t.text == *joined),
                rest.find(joined.as_str()),
            ) {
                found.push(segment::Term {
                    text: joined.clone(),
                    range: at..at + joined.len(),
                });
            }
        }
        found.sort_by_key(|t| t.range.start);
        let straddling = segment::straddles_a_seam(&found);
        for (mut term, straddles) in found.into_iter().zip(straddling) {
            // 天天 in 今天天气: the question never said it, and a passage that says it is not
            // about today's weather.
            if straddles && !self.plain {
                continue;
            }
            if !self.plain {
                // 几层 → 层, 哪一年 → nothing: what a term says beyond its question word.
                let Some(said) = beyond_question_words(&rest, term.range.clone(), &question_words)
                else {
                    continue;
                };
                term.text = rest[said.clone()].to_string();
                term.range = said;
            }
            let filler = self.stopwords.contains(&term.text)
                && !(names_in_capitals && written_in_capitals(&typed, &term.text));
            if filler || question::points_at_the_source(&rest, term.range.clone()) && !self.plain {
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
                None => {
                    ranges.push(term.range.clone());
                    terms.push(term.text);
                }
            }
        }
        for phrase in phrases {
            // 「思维链（chain of thought）」 says one word twice: the phrase joins the word of
            // its synonym.
            let said = self.aliases.get(&phrase).and_then(|synonyms| {
                let at = terms.iter().position(|t| synonyms.contains(t))?;
                Some(groups[at])
            });
            let next = groups.iter().max().map_or(0, |g| g + 1);
            groups.push(said.unwrap_or(next));
            terms.push(phrase);
        }
        let boosts = terms.iter().map(|t| self.specificity_boost(t)).collect();
        let (asks, demands, runs) = if self.plain {
            (None, None, Vec::new())
        } else {
            (
                question::asks(&rest),
                question::demands(&rest),
                question::runs(&rest, &skip),
            )
        };
        let names = match self.plain {
            true => Vec::new(),
            false => terms
                .iter()
                .filter(|t| written_as_name(&typed, t) || self.segmenter.is_name(t))
                .cloned()
                .collect(),
        };
        let (asked_of, compares) = match (self.plain, demands) {
            (false, Some(AnswerKind::Number | AnswerKind::Time)) => (
                figure_subject(&rest, &question_words, &ranges).map(|i| groups[i]),
                false,
            ),
            (false, _) => match yes_no_subject(&rest, &ranges) {
                Some(i) => (Some(groups[i]), false),
                None => {
                    let compared = compared_subject(&rest, &ranges).map(|i| groups[i]);
                    (compared, compared.is_some())
                }
            },
            _ => (None, false),
        };
        let mut plan = QueryPlan {
            own_terms: terms.len(),
            asked_of,
            compares,
            names,
            terms,
            groups,
            boosts,
            speakers: named,
            asks,
            demands,
            counted_in: match self.plain {
                true => None,
                false => question::counted_in(&rest),
            },
            counted_thing: match self.plain {
                true => None,
                false => question::counted_thing(&rest),
            },
            asks_how_long: !self.plain && question::asks_how_long(&rest),
            asks_the_hour: !self.plain && question::asks_the_hour(&rest),
            asks_the_day: !self.plain && question::asks_the_day(&rest),
            asks_a_name: !self.plain && question::asks_a_name(&rest),
            asks_why_or_how: !self.plain && question::asks_why_or_how(&rest),
            asks_own_words: !self.plain && question::asks_own_words(&rest),
            asks_what_was_said: !self.plain && question::asks_what_was_said(&rest),
            which_one: match self.plain {
                true => None,
                false => question::asks_which_one(&rest),
            },
            bigrams: question::bigrams(&runs),
            runs,
        };
        self.expand(&mut plan);
        if !self.plain {
            self.expand_figures(&mut plan, &rest, &ranges);
            join_split_verbs(&mut plan, &rest, &ranges);
        }
        // 「Llama 4」 as the corpus may write it, worth what llama-4 is.
        for (joined, spaced) in versions {
            if let Some(at) = plan.terms.iter().position(|t| *t == joined) {
                plan.boosts.push(plan.boosts[at]);
                plan.groups.push(plan.groups[at]);
                plan.terms.push(spaced);
            }
        }
        plan
    }

    /// How many English stop words the question ([`as_typed`]) writes in capitals (IT, US;
    /// WHAT, IS).
    fn stop_words_in_capitals(&self, typed: &str) -> usize {
        typed
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_uppercase()))
            .filter(|w| self.stopwords.contains(&w.to_ascii_lowercase()))
            .count()
    }

    /// What a word jieba's HMM made up (会火, 很火, 太贵) says beside the stop words it glued on
    /// at either end: a single character, or a dictionary word. `None` when the word is a
    /// dictionary word, has no such ends, or would keep nothing that stands alone.
    fn without_stop_characters<'t>(&self, word: &'t str) -> Option<&'t str> {
        if self.segmenter.knows(word) || !word.chars().all(segment::is_han) {
            return None;
        }
        let is_stop = |c: char| self.stopwords.contains(c.encode_utf8(&mut [0; 4]) as &str);
        let kept = word.trim_start_matches(is_stop).trim_end_matches(is_stop);
        let stands_alone = kept.chars().count() == 1 || self.segmenter.knows(kept);
        (kept.len() < word.len() && !kept.is_empty() && stands_alone).then_some(kept)
    }

    /// The verb of a verb and its complement (卖出去 → 卖, 提上去 → 提, 扛过来 → 扛): a
    /// passage says 卖了 or 提高 where the question says 卖出去. `None` when the word has no
    /// such end or what is left is neither one character nor a dictionary word.
    fn without_complement<'t>(&self, word: &'t str) -> Option<&'t str> {
        if !word.chars().all(segment::is_han) {
            return None;
        }
        let kept = COMPLEMENTS.iter().find_map(|c| word.strip_suffix(c))?;
        let stands_alone = kept.chars().count() == 1 || self.segmenter.knows(kept);
        (!kept.is_empty() && stands_alone).then_some(kept)
    }

    /// Whether `term` reads as a name in Chinese, and then whether jieba's HMM made it up:
    /// `Some(true)` for a made-up word of two to four characters (宇树, 芯澜) that neither
    /// starts with a verb or an adverb (带猫) nor ends in a very common word (唐时);
    /// `Some(false)` for a word the dictionary tags as a proper noun (湘雅, 深圳).
    /// Whether jieba's dictionary lacks `word`: its HMM made it up from the characters.
    pub(crate) fn made_up(&self, word: &str) -> bool {
        !self.segmenter.knows(word)
    }

    pub(crate) fn reads_as_a_name(&self, term: &str) -> Option<bool> {
        let chars = term.chars().count();
        if !(2..=MOST_NAME_CHARS).contains(&chars) || !term.chars().all(segment::is_han) {
            return None;
        }
        if self.segmenter.knows(term) {
            return self.segmenter.may_be_a_name(term).then_some(false);
        }
        let (first, last) = (term.chars().next()?, term.chars().next_back()?);
        let phrase = self.segmenter.starts_a_phrase(first) || self.segmenter.common_alone(last);
        (!phrase).then_some(true)
    }

    /// Whether `word` is one jieba's HMM made up with a stop word at an end (能火, 上能): a
    /// seam of the segmentation more than a word the user typed.
    fn glued_to_stop_word(&self, word: &str) -> bool {
        let is_stop = |c: char| self.stopwords.contains(c.encode_utf8(&mut [0; 4]) as &str);
        !self.segmenter.knows(word) && (word.starts_with(is_stop) || word.ends_with(is_stop))
    }

    /// The synonyms file's phrases (chain of thought) that `question` (normalized) says as whole
    /// words, blanked out of it: each is one word of the question, whose synonyms (思维链, CoT)
    /// are what passages say.
    fn take_phrases(&self, question: &mut String) -> Vec<String> {
        let mut found = Vec::new();
        for phrase in &self.phrases {
            while let Some(at) = find_whole(question, phrase) {
                question.replace_range(at..at + phrase.len(), &" ".repeat(phrase.len()));
                if !found.contains(phrase) {
                    found.push(phrase.clone());
                }
            }
        }
        found
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

/// Where `phrase` first occurs in `text` with no ASCII letter or digit touching it.
fn find_whole(text: &str, phrase: &str) -> Option<usize> {
    text.match_indices(phrase)
        .map(|(at, _)| at)
        .find(|&at| rank::stands_alone(text, at, at + phrase.len()))
}

/// The part of `term` (a byte range of `question`) after the question words that start or
/// cover it and before those that end it (第二点 → 第二); `None` when nothing is left.
fn beyond_question_words(
    question: &str,
    mut term: std::ops::Range<usize>,
    question_words: &[std::ops::Range<usize>],
) -> Option<std::ops::Range<usize>> {
    for word in question_words {
        if word.start <= term.start && term.start < word.end {
            term.start = term.start.max(word.end);
        }
    }
    for word in question_words {
        if term.start < word.start && word.start < term.end && term.end <= word.end {
            term.end = word.start;
        }
    }
    (term.start < term.end
        && question.is_char_boundary(term.start)
        && question.is_char_boundary(term.end))
    .then_some(term)
}

#[derive(Debug, Clone, PartialEq)]
pub struct QueryPlan {
    /// Normalized content terms, stop words removed, in question order (the synonyms file's
    /// phrases after the rest), without duplicates.
    pub terms: Vec<String>,
    /// For each term, the word of the question it belongs to: search mode yields overlapping
    /// sub-words (开源模型 → 开源, 模型, 开源模型) that count as one word for coverage.
    pub groups: Vec<usize>,
    /// For each term, its weight factor: how specific it is, and less for aliases.
    pub boosts: Vec<f32>,
    /// The first `own_terms` terms are the question's; aliases follow.
    pub own_terms: usize,
    /// The question's terms that name things: written as names (CUDA, H800, Gemini, see
    /// [`written_as_name`]) or tagged as names in the user dictionary (豆包, 智谱). The corpus
    /// answers a question naming things only if it holds them, and only with passages that
    /// hold one (or whose host question, section or title does).
    pub names: Vec<String>,
    /// Speakers the question names (as spelled in the corpus).
    pub speakers: Vec<String>,
    /// The kind of answer the question word asks for (何年 → a time).
    pub asks: Option<AnswerKind>,
    /// The kind of value an answer must state (哪年 → a date; see [`question::demands`]).
    pub demands: Option<AnswerKind>,
    /// The measure word a figure is asked in (几步 → 步; see [`question::counted_in`]).
    pub counted_in: Option<char>,
    /// What a figure counts (多少卡 → 卡; see [`question::counted_thing`]).
    pub counted_thing: Option<char>,
    /// Whether it asks a length of time (多久: see [`question::asks_how_long`]).
    pub asks_how_long: bool,
    /// Whether it asks the hour of the day (几点: see [`question::asks_the_hour`]).
    pub asks_the_hour: bool,
    /// Whether it asks the day of the month (几号: see [`question::asks_the_day`]).
    pub asks_the_day: bool,
    /// Whether it asks what someone or something is called (叫什么名字: see
    /// [`question::asks_a_name`]).
    pub asks_a_name: bool,
    /// Whether the question asks why or how (为什么, 怎么, 如何 …), see
    /// [`question::asks_why_or_how`].
    pub asks_why_or_how: bool,
    /// Whether it asks for someone's own words (自己是怎么说的, see
    /// [`question::asks_own_words`]): only a speaker has any.
    pub asks_own_words: bool,
    /// Whether it asks what someone said (see [`question::asks_what_was_said`]).
    pub asks_what_was_said: bool,
    /// The kind a question asks which one of, which only a name answers (哪所学校; see
    /// [`question::asks_which_one`]).
    pub which_one: Option<question::WhichOne>,
    /// The group of the word the question asks something of: whose figure or date it asks
    /// (日活 in 「DeepSeek 日活有多少」, see [`figure_subject`]), or what a yes/no question ends
    /// on (收费 in 「DeepSeek 会开始收费吗」, see [`yes_no_subject`]).
    pub asked_of: Option<usize>,
    /// Whether `asked_of` is what the question compares things in (营收 in 「昆仑万维和秘塔谁
    /// 的营收更高」, see [`compared_subject`]).
    pub compares: bool,
    /// The question's Chinese character bigrams outside stop words and question words,
    /// sorted (looked up for every character of every candidate).
    pub bigrams: Vec<(char, char)>,
    /// The question's runs of Chinese characters outside stop words and question words.
    pub runs: Vec<Vec<char>>,
}

/// A word of the question read as another: what was typed (幻放) and the corpus word meant
/// (幻方).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadAs {
    pub typed: String,
    pub meant: String,
}

impl QueryPlan {
    /// Whether term `j` spells `word` (one of [`Self::words`]) whole: the word itself, or an
    /// alias (aliases follow the question's own terms). 商业 inside 商业化 does not.
    pub fn spells_whole(&self, j: usize, word: &str) -> bool {
        j >= self.own_terms || self.terms[j] == word
    }

    /// Each word of the question, by group: the longest of its own terms (人工标注, not 人工).
    pub fn words(&self) -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for (term, &group) in self.terms.iter().zip(&self.groups).take(self.own_terms) {
            if words.len() <= group {
                words.resize(group + 1, String::new());
            }
            if term.chars().count() > words[group].chars().count() {
                words[group] = term.clone();
            }
        }
        words
    }
}

/// BM25's statistics without the hosts' turns and the writer's narration: indexed only where
/// host questions are, or in fields of their own (see [`document`]), they would still count as
/// documents and move every word's weight, so that quoting the host could change which guest
/// answers a question.
struct PanelStatistics<'s> {
    searcher: &'s Searcher,
    /// Documents without the panel's text: host turns and narration.
    outside_the_panel: u64,
}

impl<'s> PanelStatistics<'s> {
    fn of(searcher: &'s Searcher, fields: &Fields) -> tantivy::Result<PanelStatistics<'s>> {
        let outside_the_panel = searcher.doc_freq(&Term::from_field_u64(fields.host_turn, 1))?
            + searcher.doc_freq(&Term::from_field_u64(fields.narration, 1))?;
        Ok(PanelStatistics {
            searcher,
            outside_the_panel,
        })
    }
}

impl Bm25StatisticsProvider for PanelStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.searcher.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self
            .searcher
            .num_docs()
            .saturating_sub(self.outside_the_panel)
            .max(1))
    }

    /// Host turns do count where they are indexed (host questions, speakers, titles): capped,
    /// since BM25 panics on a word in more documents than there are.
    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Ok(self.searcher.doc_freq(term)?.min(self.total_num_docs()?))
    }
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
    /// How many more only its article's title holds, and their share of the query's weight
    /// (see [`rank::Evidence::titled_words`]).
    pub titled_words: usize,
    pub title_coverage: f32,
    /// Holds a topic word of the question (not only aspect words like 好处).
    pub on_topic: bool,
    /// Share of the question's weight that its best single sentence (or its host question's) holds: 0..=1.
    pub focus: f32,
    /// What the re-rank scored it on.
    pub features: Features,
}

/// Evidence gate and re-rank settings. Tuned on the dev question set (see docs/quality.md).
#[derive(Debug, Clone, Copy)]
pub struct RankParams {
    /// A passage must cover at least this share of the question's term weight.
    pub min_coverage: f32,
    /// What a passage of a speaker the question names must cover instead (at most
    /// `min_coverage`): the name was evidence too, and it left the question's terms.
    pub named_coverage: f32,
    /// ... and when it matches a single word of the question, at least this share.
    pub single_word_coverage: f32,
    /// ... and one of its sentences must hold at least this share.
    pub min_focus: f32,
    /// Later answers must score at least this share of the best answer.
    pub min_relative_score: f32,
    pub question_boost: f32,
    pub speaker_boost: f32,
    pub context_boost: f32,
    /// The re-rank's weights.
    pub model: RankModel,
    /// The baseline fangtan is measured against: BM25 over the passage text only, no re-rank,
    /// no speaker preference, no gate. Not for serving.
    pub plain: bool,
}

impl Default for RankParams {
    fn default() -> Self {
        RankParams {
            min_coverage: 0.35,
            named_coverage: 0.30,
            single_word_coverage: 0.5,
            min_focus: 0.0,
            min_relative_score: 0.35,
            question_boost: 0.5,
            speaker_boost: 0.3,
            context_boost: 1.0,
            model: RankModel::default(),
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
            named_coverage: 0.0,
            single_word_coverage: 0.0,
            min_focus: 0.0,
            min_relative_score: 0.0,
            question_boost: 0.0,
            speaker_boost: 0.0,
            context_boost: 0.0,
            model: RankModel::default(),
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
        admits: &dyn Fn(&Hit) -> bool,
    ) -> Result<Vec<Hit>, SearchError> {
        if plan.terms.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = &self.reader.searcher();
        let with_fallback = match params.plain {
            true => None,
            false => self.with_fallbacks(analyzer, plan, searcher)?,
        };
        let plan = with_fallback.as_ref().unwrap_or(plan);
        if self.names_what_no_passage_holds(plan, searcher)? {
            tracing::debug!("refused: names what no passage holds");
            return Ok(Vec::new());
        }
        if self.asks_what_no_passage_holds(analyzer, plan, searcher)? {
            tracing::debug!("refused: asks what no passage holds");
            return Ok(Vec::new());
        }
        // 「守门员邰宁自己是怎么说扑点球的」, of a goalkeeper others only talk about.
        let names_someone = || {
            !plan.names.is_empty()
                || plan.terms[..plan.own_terms]
                    .iter()
                    .any(|t| analyzer.reads_as_a_name(t).is_some())
        };
        if plan.asks_own_words && plan.speakers.is_empty() && names_someone() {
            tracing::debug!("refused: asks the own words of someone who does not speak");
            return Ok(Vec::new());
        }
        // Checked against the candidates' text too: the corpus may hold the name segmented
        // otherwise (阪神 in 「年阪神大地震後」).
        let mut stranger = self.stranger_named(analyzer, plan, searcher)?;
        let (weights, factors) = self.query_weights(analyzer, searcher, plan)?;
        let mut named_passes: Vec<Vec<Hit>> = Vec::new();
        let mut seen = HashSet::new();
        let passes: Vec<Option<&String>> = if plan.speakers.is_empty() || params.plain {
            vec![None]
        } else {
            plan.speakers.iter().map(Some).chain([None]).collect()
        };
        let statistics = PanelStatistics::of(searcher, &self.fields)?;
        let mut candidates = |query: &dyn Query, stranger: &mut Option<String>| {
            let top = searcher.search_with_statistics_provider(
                query,
                &TopDocs::with_limit(CANDIDATES).order_by_score(),
                &statistics,
            )?;
            let mut pass = Vec::new();
            for (score, address) in top {
                if !seen.insert(address) {
                    continue;
                }
                let passage = self.stored(searcher, address)?;
                if stranger
                    .as_ref()
                    .is_some_and(|name| mentions(&passage, name))
                {
                    *stranger = None;
                }
                let mut hit = rerank(passage, score, &weights, &params.model);
                if !admits(&hit) {
                    continue;
                }
                if params.plain {
                    hit.score = score;
                } else if hit.passage.lead {
                    hit.score *= LEAD_DISCOUNT;
                } else if introduces_the_speaker(&hit.passage) && !asks_about_someone(plan) {
                    hit.score *= INTRODUCTION_DISCOUNT;
                }
                pass.push(hit);
            }
            pass.sort_by(|a, b| b.score.total_cmp(&a.score));
            if !params.plain {
                quotation_before_its_telling(&mut pass);
            }
            Ok::<_, SearchError>(pass)
        };
        for speaker in passes {
            let pass = candidates(&self.query(plan, &factors, speaker, params), &mut stranger)?;
            // 「栾芷的博士生是怎么吐槽的」 of someone quoted once, in another's answer: those
            // words are what they said, whatever words the question puts it in.
            let quoted_once = speaker.is_some()
                && plan.asks_what_was_said
                && matches!(&pass[..], [one] if one.passage.relayed_by.is_some());
            named_passes.push(match params.plain || quoted_once {
                true => pass,
                false => gate(
                    pass,
                    weights.groups.len(),
                    speaker.is_some() && plan.asks_why_or_how,
                    speaker.is_some(),
                    params,
                ),
            });
        }
        // The writer's narration answers only what no turn and no lead does: it tells the
        // story around the answers (「采访间隙，一个男孩跑过来……」), and facts it states
        // (「林场经营面积四万三千六百亩」) are quoted as the writer's.
        if !params.plain && named_passes.iter().all(Vec::is_empty) {
            let query = self.narration_query(plan, &factors);
            let pass = candidates(&query, &mut stranger)?;
            trace_best(&pass, "narration candidate");
            let pass = pass.into_iter().filter(states_it_plainly).collect();
            named_passes.push(gate(pass, weights.groups.len(), false, false, params));
        }
        if let Some(name) = stranger {
            tracing::debug!(name, "refused: a name no article uses");
            return Ok(Vec::new());
        }
        // The last pass is everyone's; a question naming two speakers (方汉和闵可锐怎么看)
        // wants both heard before either says more.
        let everyone = named_passes.pop().unwrap_or_default();
        let mut hits = take_turns(named_passes);
        hits.extend(everyone);
        drop_repeats(&mut hits);
        hits.truncate(limit);
        Ok(hits)
    }

    /// Whether the question names a thing (CUDA, H800) that no passage, host question or title
    /// mentions under any spelling: then the corpus does not answer it, however well its other words match
    /// (「DeepSeek 的 CUDA 优化是怎么做的」 is not answered by a passage on DeepSeek's
    /// optimizations).
    fn names_what_no_passage_holds(
        &self,
        plan: &QueryPlan,
        searcher: &tantivy::Searcher,
    ) -> Result<bool, SearchError> {
        for name in &plan.names {
            if let Some(at) = plan.terms.iter().position(|t| t == name) {
                // Its own spelling, an alias, a name inside it (gpt of GPT-4o) or a part
                // with letters; 中文 does not hold 北大中文系, nor 2 qwen2.5-max.
                let spells = |j: usize| {
                    let term = &plan.terms[j];
                    (j == at || j >= plan.own_terms || plan.names.contains(term) || term.is_ascii())
                        && spells_a_name(term)
                };
                if !self.held(plan, at, searcher, &spells)? {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// The name the question opens with, in Chinese, when no article uses it: a word jieba's
    /// HMM made up (宇树, 瑞幸, 西贝) or one its dictionary tags as a proper noun (湘雅, 深圳),
    /// that no article uses under any spelling. Unless a candidate passage says it after all
    /// ([`mentions`]), the corpus does not cover what the question is about, however well its
    /// other words match (「宇树的人形机器人卖多少钱一台」 is not answered by another company's
    /// prices). A made-up word counts only when it does not start with a verb or an adverb
    /// (带猫 of 带猫看病) nor end in a very common word (唐时, 隋国), no article uses two
    /// characters of it and no stop word ends it: jieba may have glued together text that
    /// passages hold split differently.
    fn stranger_named(
        &self,
        analyzer: &Analyzer,
        plan: &QueryPlan,
        searcher: &Searcher,
    ) -> Result<Option<String>, SearchError> {
        for i in (0..plan.own_terms).filter(|&i| plan.groups[i] == 0) {
            let term = &plan.terms[i];
            let Some(made_up) = analyzer.reads_as_a_name(term) else {
                continue;
            };
            let spellings = (0..plan.terms.len())
                .filter(|&j| j == i || (j >= plan.own_terms && plan.groups[j] == plan.groups[i]));
            if self.uses_any(plan, spellings, searcher)? {
                continue;
            }
            if made_up
                && (analyzer.glued_to_stop_word(term) || self.uses_a_bigram_of(term, searcher)?)
            {
                continue;
            }
            if self.spelled_otherwise(term, made_up, searcher)? {
                continue;
            }
            return Ok(Some(term.clone()));
        }
        Ok(None)
    }

    /// Whether the corpus may spell `word`, a name it does not use, another way: a word that
    /// reads alike (塞斯纳 for 赛斯纳, 满洲 for 满州) or, from three characters on, one
    /// character apart (毕卡索 for 毕加索, 李飞飞 for 李飞非). A made-up word of two characters
    /// reads like too many words (西贝, 西北); a question that meant one is asked again as
    /// such after the refusal ([`Self::with_homophones`]).
    fn spelled_otherwise(
        &self,
        word: &str,
        made_up: bool,
        searcher: &Searcher,
    ) -> Result<bool, SearchError> {
        let long = word.chars().count() > 2;
        if (long || !made_up) && self.commonest_homophone(word, searcher)?.is_some() {
            return Ok(true);
        }
        Ok(long && self.one_typo_away(word, searcher)?.is_some())
    }

    /// Whether a question that names things asks a figure or a date of, ends a yes/no
    /// question or a follow-up on, or compares them in, a word that no passage, host question
    /// or title holds under any spelling (「DeepSeek 日活有多少万」, 「R1 正式版是哪一天发布的」,
    /// 「DeepSeek 会开始收费吗」, 「那 DeepSeek 的商业化呢」, 「昆仑万维和秘塔谁的营收更高」): the corpus
    /// cannot say, and a passage with DeepSeek and some number is no answer. A word of one
    /// character (高, 万) or an aspect word (行得通, 重要) says too little to tell.
    fn asks_what_no_passage_holds(
        &self,
        analyzer: &Analyzer,
        plan: &QueryPlan,
        searcher: &tantivy::Searcher,
    ) -> Result<bool, SearchError> {
        let Some(group) = plan.asked_of.filter(|_| !plan.names.is_empty()) else {
            return Ok(false);
        };
        let words = plan.words();
        let word = words.get(group).map_or("", String::as_str);
        let named = (0..plan.own_terms)
            .any(|i| plan.groups[i] == group && plan.names.contains(&plan.terms[i]));
        if named || word.chars().count() < 2 || analyzer.is_aspect(word) {
            return Ok(false);
        }
        match (0..plan.own_terms).find(|&i| plan.groups[i] == group) {
            Some(i) => {
                let spells = |j: usize| plan.spells_whole(j, word);
                Ok(!self.held(plan, i, searcher, &spells)?)
            }
            None => Ok(false),
        }
    }

    /// The question's words with what the search falls back on when the corpus lacks them
    /// ([`Self::without_glued_stop_words`], then [`Self::with_bigram_fallback`]); `None` when
    /// no word needs it (most questions: no copy of the plan then).
    fn with_fallbacks(
        &self,
        analyzer: &Analyzer,
        plan: &QueryPlan,
        searcher: &tantivy::Searcher,
    ) -> Result<Option<QueryPlan>, SearchError> {
        let fixed = self.with_typos_fixed(analyzer, plan, searcher)?;
        let base = fixed.as_ref().unwrap_or(plan);
        let unglued = self
            .without_glued_stop_words(analyzer, base, searcher)?
            .or(fixed);
        let base = unglued.as_ref().unwrap_or(plan);
        Ok(self
            .with_bigram_fallback(analyzer, base, searcher)?
            .or(unglued))
    }

    /// `plan` with each of its own Latin-letter words that nothing in the corpus holds, but
    /// that is one typo (a letter added, dropped, changed, or two swapped) away from a word
    /// passages do hold, replaced by the commonest such word: GPRO → grpo, deepseak →
    /// deepseek. Only words written as names (GPRO) or of seven letters or more: a short
    /// lowercase word (cost) is English more often than a typo (of cot). A code of letters
    /// then digits typed without the hyphen the corpus writes it with is replaced too:
    /// qh302 → qh-302.
    fn with_typos_fixed(
        &self,
        analyzer: &Analyzer,
        plan: &QueryPlan,
        searcher: &tantivy::Searcher,
    ) -> Result<Option<QueryPlan>, SearchError> {
        let mut fixed: Option<QueryPlan> = None;
        for i in 0..plan.own_terms {
            let term = &plan.terms[i];
            // A code typed without its hyphen (qh302 for QH-302).
            if let Some(code) = with_hyphen(term) {
                if !plan.terms.contains(&code)
                    && self.holds(&code, searcher)?
                    && !self.held(plan, i, searcher, &|_| true)?
                {
                    let out = fixed.get_or_insert_with(|| plan.clone());
                    replace_term(out, i, code, analyzer);
                }
                continue;
            }
            let letters = term.len() >= 4 && term.bytes().all(|b| b.is_ascii_lowercase());
            let named = plan.names.contains(term);
            if !letters || !(named || term.len() >= 7) || self.held(plan, i, searcher, &|_| true)? {
                continue;
            }
            let Some(word) = self
                .one_typo_away(term, searcher)?
                .filter(|word| term.len() >= SHORT_TYPO_LETTERS || swaps_two_letters(term, word))
            else {
                continue;
            };
            if plan.terms.contains(&word) {
                continue;
            }
            let out = fixed.get_or_insert_with(|| plan.clone());
            replace_term(out, i, word, analyzer);
        }
        Ok(fixed)
    }

    /// The question's words that no article uses anywhere (a passage, a host question, a
    /// title, or its text outside the passages) under any spelling of the whole word (see
    /// [`QueryPlan::spells_whole`]), in the question's order: what a refusal can name as missing (「北京」「天气」 for 「今天北京天气怎么
    /// 样」). Only words a reader would call words: Chinese words of two characters or more,
    /// and ASCII words with a letter. A Chinese word outside the dictionary (营收) only when
    /// none of its two-character parts is used either and no stop word ends it: jieba's HMM
    /// may have glued together text that the passages hold split differently (王连字 beside
    /// 王连, 上能 of 手机上能跑).
    pub fn unmentioned(
        &self,
        analyzer: &Analyzer,
        plan: &QueryPlan,
    ) -> Result<Vec<String>, SearchError> {
        let searcher = &self.reader.searcher();
        let mut missing: Vec<String> = Vec::new();
        for (group, word) in plan.words().into_iter().enumerate() {
            let is_word = if word.is_ascii() {
                word.len() >= 2 && word.chars().any(|c| c.is_ascii_alphabetic())
            } else {
                word.chars().count() >= 2 && word.chars().all(segment::is_han)
            };
            let spellings = (0..plan.terms.len())
                .filter(|&j| plan.groups[j] == group && plan.spells_whole(j, &word));
            if !is_word || missing.contains(&word) || self.uses_any(plan, spellings, searcher)? {
                continue;
            }
            if word.is_ascii()
                || analyzer.segmenter.knows(&word)
                || (!analyzer.glued_to_stop_word(&word)
                    && !self.uses_a_bigram_of(&word, searcher)?)
            {
                missing.push(word);
            }
        }
        Ok(missing)
    }

    /// `plan` with its Chinese words that read like a corpus word replaced by it
    /// ([`Self::homophone_meant`]), and what was read as what (幻放 → 幻方); `None` when no
    /// word does. For a question nothing answers: names the corpus segments differently (硕塞,
    /// 王沈) look just like such typos, and are found as typed.
    pub fn with_homophones(
        &self,
        analyzer: &Analyzer,
        plan: &QueryPlan,
    ) -> Result<Option<(QueryPlan, Vec<ReadAs>)>, SearchError> {
        let searcher = &self.reader.searcher();
        let mut fixed: Option<(QueryPlan, Vec<ReadAs>)> = None;
        for i in 0..plan.own_terms {
            let Some(read) = self
                .homophone_meant(analyzer, plan, i, searcher)?
                .filter(|read| !plan.terms.contains(&read.meant))
            else {
                continue;
            };
            let (out, reads) = fixed.get_or_insert_with(|| (plan.clone(), Vec::new()));
            replace_term(out, i, read.meant.clone(), analyzer);
            reads.push(read);
        }
        Ok(fixed)
    }

    /// The word a pinyin input method gave `plan`'s term `i` in place of: when the term is a
    /// Chinese word outside the dictionary (jieba's HMM guessed it) that nothing in the corpus
    /// holds, the corpus word that reads like it — or like its longest stretch that is no
    /// dictionary word either — held by the most passages (幻放有 → 幻方, 文比好 → 文笔). A
    /// dictionary word the corpus lacks (营收) is a word it does not use, not a typo.
    fn homophone_meant(
        &self,
        analyzer: &Analyzer,
        plan: &QueryPlan,
        i: usize,
        searcher: &tantivy::Searcher,
    ) -> Result<Option<ReadAs>, SearchError> {
        let term = &plan.terms[i];
        let chars: Vec<char> = term.chars().collect();
        let unknown = |word: &str| !analyzer.segmenter.knows(word);
        if !(2..=MOST_TYPO_CHARS).contains(&chars.len())
            || !chars.iter().copied().all(segment::is_han)
            || !unknown(term)
            || self.held(plan, i, searcher, &|_| true)?
        {
            return Ok(None);
        }
        for len in (2..=chars.len()).rev() {
            for start in 0..=chars.len() - len {
                let stretch: String = chars[start..start + len].iter().collect();
                if !unknown(&stretch) || self.holds(&stretch, searcher)? {
                    continue;
                }
                if let Some(meant) = self.commonest_homophone(&stretch, searcher)? {
                    return Ok(Some(ReadAs {
                        typed: stretch,
                        meant,
                    }));
                }
            }
        }
        Ok(None)
    }

    /// Whether an article uses one of `plan`'s terms `spellings` anywhere: in a passage, a
    /// host question, a title or outside the passages (a caption, a teaser).
    fn uses_any(
        &self,
        plan: &QueryPlan,
        spellings: impl Iterator<Item = usize>,
        searcher: &Searcher,
    ) -> Result<bool, SearchError> {
        for j in spellings {
            if self.uses(&plan.terms[j], searcher)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether an article uses `term` anywhere ([`Self::uses_any`]).
    fn uses(&self, term: &str, searcher: &Searcher) -> Result<bool, SearchError> {
        Ok(self.holds(term, searcher)?
            || searcher.doc_freq(&self.term(self.fields.unquoted, term))? > 0)
    }

    /// Whether an article uses two consecutive characters of `word` as a term.
    fn uses_a_bigram_of(&self, word: &str, searcher: &Searcher) -> Result<bool, SearchError> {
        let chars: Vec<char> = word.chars().collect();
        for pair in chars.windows(2) {
            if self.uses(&pair.iter().collect::<String>(), searcher)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether some passage, host question or title holds `term`.
    fn holds(&self, term: &str, searcher: &tantivy::Searcher) -> Result<bool, SearchError> {
        for field in [self.fields.text, self.fields.question, self.fields.context] {
            if searcher.doc_freq(&self.term(field, term))? > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The corpus word other than `word` that reads like it, written with at least half of
    /// its characters in place ([`keeps_half`]), and that the most passages hold.
    fn commonest_homophone(
        &self,
        word: &str,
        searcher: &tantivy::Searcher,
    ) -> Result<Option<String>, SearchError> {
        let Some(automaton) = Homophones::of(word) else {
            return Ok(None);
        };
        let fields = [self.fields.text, self.fields.question, self.fields.context];
        self.commonest_term(&automaton, &fields, searcher, &|found| {
            found != word && keeps_half(word, found)
        })
    }

    /// The term of `fields` that `automaton` accepts, `keep` admits and the most passages
    /// hold; the first in byte order among equals.
    fn commonest_term<A>(
        &self,
        automaton: &A,
        fields: &[Field],
        searcher: &tantivy::Searcher,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Option<String>, SearchError>
    where
        A: tantivy_fst::Automaton,
        A::State: Clone,
    {
        let mut passages: BTreeMap<String, u64> = BTreeMap::new();
        for segment in searcher.segment_readers() {
            for &field in fields {
                let index = segment.inverted_index(field)?;
                let mut stream = index.terms().search(automaton).into_stream()?;
                while stream.advance() {
                    if let Ok(found) = std::str::from_utf8(stream.key()) {
                        *passages.entry(found.to_string()).or_default() +=
                            u64::from(stream.value().doc_freq);
                    }
                }
            }
        }
        Ok(passages
            .into_iter()
            .filter(|(found, _)| keep(found))
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(found, _)| found))
    }

    /// Whether some passage, host question or title holds the word of `plan`'s term `i`,
    /// under any of its spellings (the term, its parts, its aliases: the terms `j` of its
    /// group for which `spells(j)`).
    fn held(
        &self,
        plan: &QueryPlan,
        i: usize,
        searcher: &tantivy::Searcher,
        spells: &dyn Fn(usize) -> bool,
    ) -> Result<bool, SearchError> {
        let group = plan.groups[i];
        for (_, term) in plan
            .terms
            .iter()
            .enumerate()
            .filter(|&(j, _)| plan.groups[j] == group && spells(j))
        {
            if self.holds(term, searcher)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The passage word one typo away from `word` that the most passages hold.
    fn one_typo_away(
        &self,
        word: &str,
        searcher: &tantivy::Searcher,
    ) -> Result<Option<String>, SearchError> {
        let query = FuzzyTermQuery::new(self.term(self.fields.text, word), 1, true);
        self.commonest_term(
            &query.automaton()?,
            &[self.fields.text],
            searcher,
            &|found| found != word,
        )
    }

    /// `plan` with each of its own words that jieba's HMM glued to a stop word (为什么会火 →
    /// 会火) and that no passage holds replaced by what it says beside the stop word (火).
    /// Made-up words that passages do hold (过适, 仁王) are how the corpus says them too.
    fn without_glued_stop_words(
        &self,
        analyzer: &Analyzer,
        plan: &QueryPlan,
        searcher: &tantivy::Searcher,
    ) -> Result<Option<QueryPlan>, SearchError> {
        let mut unglued: Option<QueryPlan> = None;
        for i in 0..plan.own_terms {
            let term = &plan.terms[i];
            let Some(kept) = analyzer
                .without_stop_characters(term)
                .or_else(|| analyzer.without_complement(term))
            else {
                continue;
            };
            if plan.terms.iter().any(|t| t == kept)
                || searcher.doc_freq(&self.term(self.fields.text, &plan.terms[i]))? > 0
            {
                continue;
            }
            let out = unglued.get_or_insert_with(|| plan.clone());
            out.boosts[i] = analyzer.specificity_boost(kept);
            out.terms[i] = kept.to_string();
        }
        Ok(unglued)
    }

    /// `plan` plus, for each of its own Chinese words of three or more characters that no
    /// passage contains (a name jieba's HMM glued together differently in the question: 王连字
    /// for 「王连，字文仪」), the word's character bigrams that passages do contain, as aliases
    /// of the word. Without them such a question retrieves nothing. `None` when no word
    /// needs them (most questions: no copy of the plan then).
    fn with_bigram_fallback(
        &self,
        analyzer: &Analyzer,
        plan: &QueryPlan,
        searcher: &tantivy::Searcher,
    ) -> Result<Option<QueryPlan>, SearchError> {
        let mut extended: Option<QueryPlan> = None;
        for i in 0..plan.own_terms {
            let term = &plan.terms[i];
            let chars: Vec<char> = term.chars().collect();
            // A dictionary word no passage contains is simply absent (今天天气): its bigrams
            // would only find other words (天天). Only words jieba's HMM made up get them.
            if chars.len() < 3
                || !chars.iter().all(|&c| segment::is_han(c))
                || analyzer.segmenter.knows(term)
            {
                continue;
            }
            if searcher.doc_freq(&self.term(self.fields.text, term))? > 0 {
                continue;
            }
            for pair in chars.windows(2) {
                let bigram: String = pair.iter().collect();
                let known = extended.as_ref().unwrap_or(plan).terms.contains(&bigram);
                if known || searcher.doc_freq(&self.term(self.fields.text, &bigram))? == 0 {
                    continue;
                }
                let out = extended.get_or_insert_with(|| plan.clone());
                out.terms.push(bigram);
                out.boosts.push(SYNONYM_WEIGHT * plan.boosts[i]);
                out.groups.push(plan.groups[i]);
            }
        }
        Ok(extended)
    }

    /// Term weights: BM25's IDF over passage text, cut for fragments that are neither in the
    /// index nor in the dictionary (jieba's HMM invents them from unusual character runs).
    ///
    /// An aspect word (作用 in 「GRPO 的作用」) says what the user wants to know about the topic,
    /// not what the topic is: it weighs at most [`ASPECT_SHARE`] of the lightest topic word,
    /// so a rare 好处 cannot make a passage about something else look like most of the answer
    /// (and the gate wants a topic word in every answer, see [`gate`]); when no passage holds
    /// it at all it is left out, so its absence does not hide the topic.
    ///
    /// Also returns each word's factor (by group; 1 but for aspect words) for the first-stage
    /// query, so an aspect word cannot fill the candidates with passages about something else.
    fn query_weights(
        &self,
        analyzer: &Analyzer,
        searcher: &tantivy::Searcher,
        plan: &QueryPlan,
    ) -> Result<(Arc<QueryWeights>, Vec<f32>), SearchError> {
        let n = PanelStatistics::of(searcher, &self.fields)?.total_num_docs()? as f32;
        let mut weighed: Vec<(String, usize, f32)> = Vec::new();
        let mut groups: Vec<Word> = Vec::new();
        let mut seen: Vec<InCorpus> = Vec::new();
        let words = plan.words();
        let name_groups: Vec<usize> = (0..plan.own_terms)
            .filter(|&i| plan.names.contains(&plan.terms[i]))
            .map(|i| plan.groups[i])
            .collect();
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
            weighed.push((term.clone(), group, idf));
            if groups.len() <= group {
                groups.resize_with(group + 1, Word::default);
                seen.resize(group + 1, InCorpus::default());
            }
            let spelling = match (alias, analyzer.alias_words.contains(term)) {
                (false, _) => Spelling::Own,
                (true, true) => Spelling::Synonym,
                (true, false) => Spelling::Other,
            };
            // A host's question counts: what it says is found and shown with the answer.
            let present =
                df > 0.0 || searcher.doc_freq(&self.term(self.fields.question, term))? > 0;
            seen[group].note(spelling, present, idf);
            let slot = &mut groups[group];
            let share = match alias {
                true => 1.0,
                false => part_of_word_share(term, words.get(group).map_or("", |w| w.as_str())),
            };
            let mut matcher = Matcher::new(term, idf * share);
            // The family alone (llama of llama-4, gpt of gpt-4o) does not name the version.
            matcher.names = name_groups.contains(&group)
                && (alias || plan.names.contains(term))
                && spells_a_name(term)
                && share >= 1.0;
            slot.terms.push(matcher);
            // A word weighs what the user's own terms weigh: an alias can earn credit, but an
            // alias the corpus lacks must not make the word heavier.
            if !alias {
                slot.weight = slot.weight.max(idf);
            }
        }
        // A word the corpus spells only through a synonym (RL, found as 强化学习) weighs what
        // the synonym weighs, so finding it covers the word: the user's spelling is nowhere to
        // be preferred. Only whole synonyms: `learning` alone is not reinforcement learning.
        for (word, seen) in groups.iter_mut().zip(&seen) {
            if let (false, Some(weight)) = (seen.own, seen.synonym) {
                word.weight = weight;
            }
        }
        let aspect = |group: usize| words.get(group).is_some_and(|w| analyzer.is_aspect(w));
        let lightest_topic = (0..groups.len())
            .filter(|&g| !aspect(g) && !groups[g].terms.is_empty())
            .map(|g| groups[g].weight)
            .min_by(f32::total_cmp);
        let mut factors = vec![1.0; groups.len()];
        for (g, word) in groups.iter_mut().enumerate() {
            let Some(lightest) = lightest_topic.filter(|_| aspect(g)) else {
                continue;
            };
            let present = seen[g].own || seen[g].synonym.is_some();
            factors[g] = match present {
                false => 0.0,
                true => (ASPECT_SHARE * lightest / word.weight).min(1.0),
            };
            word.weight *= factors[g];
            for matcher in &mut word.terms {
                matcher.credit *= factors[g];
            }
            word.aspect = true;
            if !present {
                word.terms.clear();
            }
        }
        let terms = weighed
            .into_iter()
            .map(|(term, group, idf)| (term, idf * factors[group]))
            .collect();
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
        let weights = QueryWeights {
            terms: Arc::new(terms),
            groups,
            asks: plan.asks,
            counted_in: plan.counted_in,
            bigrams: plan.bigrams.clone(),
            trigrams: rank::trigrams(&plan.runs),
            han_share: if total > 0.0 { han / total } else { 0.0 },
        };
        Ok((Arc::new(weights), factors))
    }

    fn term(&self, field: Field, text: &str) -> tantivy::Term {
        tantivy::Term::from_field_text(field, text)
    }

    /// The first-stage query: every term in every field, weighed by its boost and its word's
    /// factor from [`SearchIndex::query_weights`] (an aspect word's share; 0 drops it).
    fn query(
        &self,
        plan: &QueryPlan,
        factors: &[f32],
        speaker: Option<&String>,
        p: &RankParams,
    ) -> BooleanQuery {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for ((term, &boost), &group) in plan.terms.iter().zip(&plan.boosts).zip(&plan.groups) {
            let weight = boost * factors.get(group).copied().unwrap_or(1.0);
            if weight == 0.0 {
                continue;
            }
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

    /// The question's words in the writer's narration, weighted as [`Self::query`] weights them.
    fn narration_query(&self, plan: &QueryPlan, factors: &[f32]) -> BooleanQuery {
        let clauses: Vec<(Occur, Box<dyn Query>)> = plan
            .terms
            .iter()
            .zip(&plan.boosts)
            .zip(&plan.groups)
            .filter_map(|((term, &boost), &group)| {
                let weight = boost * factors.get(group).copied().unwrap_or(1.0);
                let term = self.term(self.fields.narration_text, term);
                let q = TermQuery::new(term, IndexRecordOption::WithFreqs);
                (weight != 0.0).then(|| {
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(q), weight)) as Box<dyn Query>,
                    )
                })
            })
            .collect();
        BooleanQuery::new(clauses)
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
            lead: doc.get_first(f.lead).and_then(|v| v.as_u64()) == Some(1),
            host_turn: doc.get_first(f.host_turn).and_then(|v| v.as_u64()) == Some(1),
            lead_in: doc.get_first(f.lead_in).and_then(|v| v.as_u64()) == Some(1),
            narration: doc.get_first(f.narration).and_then(|v| v.as_u64()) == Some(1),
            relayed_by: text(f.relayed_by),
            unquoted: None,
            id,
        })
    }

    /// The passage stored under `id` (see [`crate::corpus::Passage::id`]), if the index holds it.
    pub fn passage(&self, id: &str) -> Result<Option<StoredPassage>, SearchError> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(self.term(self.fields.id, id), IndexRecordOption::Basic);
        let found = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        found
            .into_iter()
            .next()
            .map(|(_, address)| self.stored(&searcher, address))
            .transpose()
    }

    /// The host questions `speaker` answers, in the order their articles ask them, at most
    /// `most` (remarks left out): what a profile offers to ask about. Reads at most [`PROFILE_PASSAGES`] of their
    /// passages.
    pub fn questions_answered_by(
        &self,
        speaker: &str,
        most: usize,
    ) -> Result<Vec<String>, SearchError> {
        let searcher = self.reader.searcher();
        let key = self.term(self.fields.speaker_key, &segment::normalize_text(speaker));
        let query = TermQuery::new(key, IndexRecordOption::Basic);
        let found = searcher.search(
            &query,
            &TopDocs::with_limit(PROFILE_PASSAGES).order_by_score(),
        )?;
        let mut passages = found
            .into_iter()
            .map(|(_, address)| self.stored(&searcher, address))
            .collect::<Result<Vec<_>, _>>()?;
        passages.retain(|p| !p.host_turn && !p.lead);
        passages.sort_by(|a, b| (&a.article.path, a.start).cmp(&(&b.article.path, b.start)));
        let mut questions: Vec<String> = Vec::new();
        // A host's remark that a panelist picked up (no question mark) is no question to ask.
        let asked = passages
            .into_iter()
            .filter_map(|p| p.question)
            .filter(|q| q.contains(['？', '?']));
        for question in asked {
            if !questions.contains(&question) {
                questions.push(question);
            }
            if questions.len() == most {
                break;
            }
        }
        Ok(questions)
    }

    /// For tests and tools: the underlying tantivy index.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }
}

/// An article's lead (the editor's introduction, which has no speaker) scores this share of
/// what its words earn, before the gate compares scores: a speaker's words come first unless
/// the lead matches the question much better (「百度放着什么不管也要接入 R1」 is the lead's,
/// not a passage that only shares 不管 and R1), and a lead that names what the question names
/// (the company, which its founder calls 「我们」) does not set a floor that drops every
/// answer of the interview. Benchmark corpora have no leads, so their order is untouched.
const LEAD_DISCOUNT: f32 = 0.5;

/// A passage in which the speaker introduces themselves (「我是孟川，灵枢科技去年开源了……」,
/// 「大家好，我是陆鸣远，今天想跟大家分享……」) scores this share: it names the company and the
/// topic, so it would answer every question about them, but says who is speaking, not what
/// they think. Unless the question asks about someone ([`asks_about_someone`]).
const INTRODUCTION_DISCOUNT: f32 = 0.5;

fn introduces_the_speaker(passage: &StoredPassage) -> bool {
    const GREETINGS: [&str; 6] = ["大家好", "各位好", "各位", "你好", "您好", "谢谢主持人"];
    let text = passage.text.trim_start();
    let text = GREETINGS
        .iter()
        .find_map(|g| text.strip_prefix(g))
        .map_or(text, |rest| {
            rest.trim_start_matches(['，', ',', '！', '!', '。', ' ', '、'])
        });
    let Some(rest) = text
        .strip_prefix("我是")
        .or_else(|| text.strip_prefix("我叫"))
    else {
        return false;
    };
    // The name follows at once or after where they work (「我是清语大学的陶知远」), and ends
    // the phrase: 「我是觉得……，孟川这个名字」 introduces no one.
    let name = passage.speaker.as_str();
    !name.is_empty()
        && rest
            .char_indices()
            .take_while(|(at, c)| *at < 60 && !"，。,；;！!？?".contains(*c))
            .any(|(at, _)| {
                rest[at..].strip_prefix(name).is_some_and(|after| {
                    after
                        .chars()
                        .next()
                        .is_none_or(|c| "，。,；;！! 、（(".contains(c))
                })
            })
}

/// The question asks who someone is or what they did (介绍, 背景, 经历): then their own
/// introduction answers it.
fn asks_about_someone(plan: &QueryPlan) -> bool {
    const ABOUT: [&str; 8] = [
        "介绍",
        "背景",
        "经历",
        "履历",
        "身份",
        "来历",
        "自己",
        "自我介绍",
    ];
    plan.terms.iter().any(|t| ABOUT.contains(&t.as_str()))
}

/// How many of a speaker's passages [`SearchIndex::questions_answered_by`] reads.
const PROFILE_PASSAGES: usize = 400;

/// The weight of a part of a figure's spelling that says another value (六百万 of 两千六百万).
const PART_OF_A_FIGURE: f32 = 0.5;

/// A digit, in figures or numerals.
fn is_a_digit(c: char) -> bool {
    c.is_ascii_digit() || "一二两三四五六七八九".contains(c)
}

/// Whether a word of a figure's spelling says the figure's value, in units or before 万 or
/// 亿: 一万二 and 2600 for 12,000 and 26,000,000 (2600万), 二十六 for 260,000 (二十六万).
fn says_the_value(word: &str, value: u64) -> bool {
    let said = match word.bytes().all(|b| b.is_ascii_digit()) {
        true => word.parse().ok(),
        false => question::numeral_value(word),
    };
    said.is_some_and(|said: u64| {
        [1, 10_000, 100_000_000]
            .iter()
            .any(|unit| said.checked_mul(*unit) == Some(value))
    })
}

/// A speaker's quotation scoring at least this share of the writer's passage that quotes it
/// is heard first.
const QUOTATION_SHARE: f32 = 0.6;

/// Puts a speaker's quotation before the writer's passage that tells it (a feature's
/// paragraph 「这一次不一样。“我申请的是二十万……”邰春生说」 and 邰春生's words in it): the
/// person's own words answer, the telling only frames them.
fn quotation_before_its_telling(hits: &mut [Hit]) {
    let mut i = 0;
    while i < hits.len() {
        let telling = &hits[i].passage;
        let floor = hits[i].score * QUOTATION_SHARE;
        let quotation = hits[i + 1..]
            .iter()
            .position(|h| h.score >= floor && quotes_from(telling, &h.passage));
        if let Some(at) = quotation {
            hits[i..=i + 1 + at].rotate_right(1);
        }
        i += 1;
    }
}

/// Whether `quotation` is a speaker's words that the writer's passage `telling` (a lead's or
/// the narration's) holds.
pub fn quotes_from(telling: &StoredPassage, quotation: &StoredPassage) -> bool {
    let span = telling.start..telling.start + telling.text.len();
    telling.speaker.is_empty()
        && (telling.lead || telling.narration)
        && !quotation.speaker.is_empty()
        && quotation.article.path == telling.article.path
        && span.start <= quotation.start
        && quotation.start + quotation.text.len() <= span.end
}

/// Keeps the first of passages in which the same speaker says the same words: an article
/// filed twice (or quoted in another) must not fill the reply with one quote.
fn drop_repeats(hits: &mut Vec<Hit>) {
    let mut said = HashSet::new();
    // Passages without a speaker (benchmark paragraphs) are documents of their own.
    hits.retain(|h| {
        h.passage.speaker.is_empty()
            || said.insert((h.passage.speaker.clone(), h.passage.text.clone()))
    });
}

/// Which of the question's terms (by index; `ranges` are where they stand in `question`)
/// is the word a figure or a date is asked of: the last word before a question word for one
/// (多少, 多长, 几, 哪一天), across what only links them (有, 是, 大概, 一共): 日活 in
/// 「DeepSeek 日活有多少万」, 上下文 in 「上下文有多长」, 正式版 in 「R1 正式版是哪一天发布的」. The
/// head of a Chinese noun comes last, so of 日活用户 it is 用户. A verb of change there says
/// what happened to the thing, which stands before it: 价格 in 「推理价格降到了多少」.
fn figure_subject(
    question: &str,
    question_words: &[std::ops::Range<usize>],
    ranges: &[std::ops::Range<usize>],
) -> Option<usize> {
    const LINKS: &str =
        "有 是 了 的 会 能 要 大概 大约 一共 总共 到底 究竟 一般 通常 现在 目前 百分之";
    let unlinked = |mut before: &'_ str| {
        while let Some(link) = LINKS.split_whitespace().find(|l| before.ends_with(l)) {
            before = before[..before.len() - link.len()].trim_end();
        }
        before.len()
    };
    question_words.iter().find_map(|asked| {
        let word = &question[asked.clone()];
        if !FIGURE_QUESTION_WORDS.iter().any(|w| word.contains(w)) {
            return None;
        }
        let at = longest_term_ending_at(ranges, unlinked(question[..asked.start].trim_end()))?;
        if !says_a_change(&question[ranges[at].clone()]) {
            return Some(at);
        }
        longest_term_ending_at(ranges, unlinked(question[..ranges[at].start].trim_end()))
    })
}

/// Whether `word` says how a figure changed or was spent (降到, 增至, 增长, 花), not what it
/// counts.
fn says_a_change(word: &str) -> bool {
    const CHANGES: &str =
        "花 赚 亏 省 降 涨 跌 卖 投 增长 下降 提高 降低 增加 减少 上涨 下跌 上升 \
                           投入 花费 花掉 节省 融资 募集";
    word.ends_with(['到', '至']) || CHANGES.split_whitespace().any(|c| c == word)
}

/// The term a yes/no question ends on, before its 吗 (收费 in 「DeepSeek 会开始收费吗」), or
/// a follow-up before its 呢 (商业化 in 「那 DeepSeek 下一步的商业化呢」).
fn yes_no_subject(question: &str, ranges: &[std::ops::Range<usize>]) -> Option<usize> {
    let rest = question.trim_end_matches(|c: char| !c.is_alphanumeric() && !segment::is_han(c));
    // 么 as 吗 (是开源的么), not the end of 什么 or 怎么.
    let rest = rest.strip_suffix(['吗', '呢']).or_else(|| {
        rest.strip_suffix('么')
            .filter(|r| !r.ends_with(['什', '怎', '这', '那', '多']))
    })?;
    let rest = rest.trim_end_matches(['了', '的']).trim_end();
    longest_term_ending_at(ranges, rest.len())
}

/// The term a comparison asks about, before its 更 or 比较 (营收 in 「昆仑万维和秘塔谁的营收
/// 更高」): only in a question that asks which one (谁, 哪个).
fn compared_subject(question: &str, ranges: &[std::ops::Range<usize>]) -> Option<usize> {
    if !["谁", "哪个", "哪一个", "哪家", "哪款"]
        .iter()
        .any(|w| question.contains(w))
    {
        return None;
    }
    let at = question.find("更").or_else(|| question.find("比较"))?;
    let before = question[..at].trim_end().trim_end_matches('的').trim_end();
    longest_term_ending_at(ranges, before.len())
}

/// The longest of the terms at `ranges` that ends at byte `end`: 上下文, not 下文.
fn longest_term_ending_at(ranges: &[std::ops::Range<usize>], end: usize) -> Option<usize> {
    (0..ranges.len())
        .filter(|&i| ranges[i].end == end && ranges[i].start < end)
        .max_by_key(|&i| end - ranges[i].start)
}

/// Question words that ask for a figure or a date, as [`figure_subject`] reads them.
const FIGURE_QUESTION_WORDS: &[&str] = &[
    "多少",
    "多长",
    "多久",
    "多大",
    "多高",
    "多远",
    "几",
    "哪年",
    "哪一年",
    "哪天",
    "哪一天",
    "何年",
    "何日",
];

/// What finding `part` earns of `word`'s weight. Chinese compounds put their head last: 天气
/// in 今天天气 or 标注 in 人工标注 names what the word is about and earns it all, while a part
/// before the head only qualifies it (今天 alone is not 今天天气) and earns its share of the
/// characters. The parts of an ASCII compound with a version are not: r1 in deepseek-r1 names
/// the model and earns it all, but deepseek alone is the family and gpt alone is not gpt-5
/// (「GPT 味」 does not say when GPT-5 comes out), and a bare 5 names nothing.
fn part_of_word_share(part: &str, word: &str) -> f32 {
    if part == word {
        return 1.0;
    }
    if part.is_ascii() {
        let has_digit = |p: &str| p.bytes().any(|b| b.is_ascii_digit());
        return match names_a_version(part) || !word.split(is_ascii_seam).any(has_digit) {
            true => 1.0,
            false => FAMILY_SHARE,
        };
    }
    if word.ends_with(part) || !part.chars().all(segment::is_han) {
        return 1.0;
    }
    let whole = word.chars().count().max(1);
    (part.chars().count() as f32 / whole as f32).min(1.0)
}

/// The question as the user typed it, only full-width forms made ASCII: what the case of its
/// Latin letters is read from.
fn as_typed(question: &str) -> String {
    question.chars().map(segment::half_width).collect()
}

/// Whether `term` (normalized) stands in the question ([`as_typed`]) as the name of a
/// thing: Latin letters with a digit (H800, v3) or a capital (CUDA, Gemini, Kimi 的…; two
/// capitals at the start of an English sentence, GRPO but not Summarize). A lowercase English
/// word (important, cost) is not: the corpus may say it in Chinese.
fn written_as_name(typed: &str, term: &str) -> bool {
    if term.len() < 2 || !term.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    if !term.bytes().any(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    if term.bytes().any(|b| b.is_ascii_digit()) {
        return true;
    }
    let lower = typed.to_ascii_lowercase();
    lower.match_indices(term).any(|(at, _)| {
        let capitals = typed[at..at + term.len()]
            .bytes()
            .filter(u8::is_ascii_uppercase)
            .count();
        // An English sentence starts with a capital anyway (Summarize GRPO): there a name
        // shows more. Before Chinese (Kimi 的思维链) one capital is a name.
        let starts_sentence = typed[..at]
            .trim_end()
            .ends_with(|c: char| ".?!。？！".contains(c))
            || typed[..at].trim().is_empty();
        let english_follows = typed[at + term.len()..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_alphabetic());
        capitals
            >= if starts_sentence && english_follows {
                2
            } else {
                1
            }
    })
}

/// Whether the question ([`as_typed`]) writes the English stop word `term` in capitals, as a
/// name: IT, US, WHO are topics where it, us, who are filler.
fn written_in_capitals(typed: &str, term: &str) -> bool {
    if term.len() < 2 || !term.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let capitals = term.to_ascii_uppercase();
    typed
        .match_indices(&capitals)
        .any(|(at, _)| rank::stands_alone(typed, at, at + capitals.len()))
}

/// Words shorter than this are fixed only for two letters swapped (GPRO → grpo): a letter
/// changed in a short name is another name more often than a typo (AIME is not time, KIMI
/// not mimi).
const SHORT_TYPO_LETTERS: usize = 6;

/// The longest question word checked for a homophone typo, in characters (jieba's HMM glues
/// a mistyped word to its neighbour: 幻放有).
const MOST_TYPO_CHARS: usize = 4;

/// Whether `found` keeps at least half of `typed`'s characters in their places. An input
/// method's slip changes a character or two of a word (幻放 for 幻方, 思维练 for 思维链); a
/// word that only reads like a string of other characters is a guess: on a 40,000-passage
/// corpus, random three-character strings found such a word for 45 % of questions.
fn keeps_half(typed: &str, found: &str) -> bool {
    let same = typed
        .chars()
        .zip(found.chars())
        .filter(|(a, b)| a == b)
        .count();
    same * 2 >= typed.chars().count()
}

/// Puts `word` in place of `plan`'s term `i` (a typo of it), as a name if the term was one.
fn replace_term(plan: &mut QueryPlan, i: usize, word: String, analyzer: &Analyzer) {
    let term = plan.terms[i].clone();
    if let Some(name) = plan.names.iter_mut().find(|n| **n == term) {
        *name = word.clone();
    }
    plan.boosts[i] = analyzer.specificity_boost(&word);
    plan.terms[i] = word;
}

/// `qh-302` for `qh302`: letters, then digits, joined by a hyphen; `None` for anything else.
fn with_hyphen(term: &str) -> Option<String> {
    let letters = term.bytes().take_while(u8::is_ascii_lowercase).count();
    let digits = &term[letters..];
    (letters >= 1 && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}-{digits}", &term[..letters]))
}

/// Whether `a` is `b` with two neighbouring letters swapped.
fn swaps_two_letters(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let differ: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    matches!(differ.as_slice(), &[i, j] if j == i + 1 && a[i] == b[j] && a[j] == b[i])
}

/// Joins each Latin-letter name and the version number after it (「llama 4」, 「gpt 5」,
/// 「gemini 2.5」, normalized) with a hyphen, so a question about Llama 4 is one about a version
/// of Llama, like one about GPT-5, not one about Llama and a 4 (see [`part_of_word_share`]).
/// Not before a measure word or a unit (gpu 2 张, 405b). Returns each (llama-4, llama 4).
fn join_versions(text: &mut String) -> Vec<(String, String)> {
    let mut joined = Vec::new();
    let bytes = text.as_bytes();
    let mut seams = Vec::new();
    for (space, _) in text.match_indices(' ') {
        let name_start = bytes[..space]
            .iter()
            .rposition(|b| !b.is_ascii_alphanumeric())
            .map_or(0, |i| i + 1);
        let name = &text[name_start..space];
        let digits = bytes[space + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b'.')
            .count();
        let version = text[space + 1..space + 1 + digits].trim_end_matches('.');
        let rest = &text[space + 1 + version.len()..];
        let after = rest.strip_prefix(' ').unwrap_or(rest).chars().next();
        let names_something = name.len() >= 2 && name.bytes().any(|b| b.is_ascii_alphabetic());
        let glued = rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '%');
        let counts_something = glued || after.is_some_and(question::is_measure_or_unit);
        if names_something && !version.is_empty() && version.len() <= 4 && !counts_something {
            seams.push(space);
            joined.push((format!("{name}-{version}"), format!("{name} {version}")));
        }
    }
    for at in seams {
        text.replace_range(at..at + 1, "-");
    }
    joined
}

/// Whether a term can stand for a name: it has letters, unlike the bare 2 of qwen2.5-max.
fn spells_a_name(term: &str) -> bool {
    term.chars()
        .any(|c| c.is_ascii_alphabetic() || segment::is_han(c))
}

/// What the family part of a versioned ASCII compound earns (gpt of gpt-5): too little for a
/// passage that only says GPT to answer a question about GPT-5 on it.
const FAMILY_SHARE: f32 = 0.25;

/// A model name with its version: letters and digits both (r1, o3, v3, 4o).
fn names_a_version(part: &str) -> bool {
    part.bytes().any(|b| b.is_ascii_digit()) && part.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Where the segmenter splits an ASCII compound into parts (see [`Segmenter::terms`]).
fn is_ascii_seam(c: char) -> bool {
    !c.is_alphanumeric()
}

/// Whose spelling a query term is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spelling {
    /// The user's own.
    Own,
    /// A whole alias from the synonyms file (强化学习 for RL).
    Synonym,
    /// Any other addition: one word of a longer alias (learning of reinforcement learning),
    /// 2000 for 两千, a bigram of an unseen word.
    Other,
}

/// What the corpus holds of one word of the question.
#[derive(Debug, Clone, Copy, Default)]
struct InCorpus {
    /// One of the user's own terms is in some passage.
    own: bool,
    /// The largest weight of a synonym that is in some passage.
    synonym: Option<f32>,
}

impl InCorpus {
    fn note(&mut self, spelling: Spelling, present: bool, weight: f32) {
        match (spelling, present) {
            (Spelling::Own, true) => self.own = true,
            (Spelling::Synonym, true) => {
                self.synonym = Some(self.synonym.map_or(weight, |w| w.max(weight)));
            }
            _ => {}
        }
    }
}

/// Weight given to a fragment term (see [`SearchIndex::query_weights`]), relative to its IDF.
const FRAGMENT_WEIGHT: f32 = 0.3;

/// Whether `passage`'s text, host question, section or title says `name` (normalized), however
/// jieba segmented it there.
pub(crate) fn mentions(passage: &StoredPassage, name: &str) -> bool {
    [
        Some(&passage.text),
        passage.question.as_ref(),
        passage.section.as_ref(),
        Some(&passage.article.title),
    ]
    .into_iter()
    .flatten()
    .any(|text| segment::normalize_text(text).contains(name))
}

/// The first of the question's terms (by `ranges`, where each stands) that overlaps `range`.
fn term_over(ranges: &[std::ops::Range<usize>], range: &std::ops::Range<usize>) -> Option<usize> {
    ranges
        .iter()
        .position(|r| r.start < range.end && range.start < r.end)
}

/// A verb the question splits from its object (多久回的本) also searches the word articles
/// write whole (回本), in the group of the question's word for the verb.
fn join_split_verbs(plan: &mut QueryPlan, question: &str, ranges: &[std::ops::Range<usize>]) {
    for (range, verb) in question::split_verbs(question) {
        let Some(at) = term_over(ranges, &range) else {
            continue;
        };
        if !plan.terms.iter().any(|t| t == verb) {
            plan.terms.push(verb.to_string());
            plan.groups.push(plan.groups[at]);
            plan.boosts.push(plan.boosts[at]);
        }
    }
}

/// The lists' hits in turns: every list's best, then every list's second, and so on.
fn take_turns(lists: Vec<Vec<Hit>>) -> Vec<Hit> {
    let mut lists: Vec<std::vec::IntoIter<Hit>> = lists.into_iter().map(Vec::into_iter).collect();
    let mut out = Vec::new();
    loop {
        let before = out.len();
        out.extend(lists.iter_mut().filter_map(Iterator::next));
        if out.len() == before {
            return out;
        }
    }
}

/// Decides whether the corpus answers at all, on the strongest candidate: enough of the
/// question's weight covered, by at least two of its words unless coverage is high (a word
/// its article's title holds counts here: the title says what every passage is about; so does
/// the speaker, when `named` — a pass over the passages of the speaker a why or how question
/// names: 「符工为什么从小就会手语」 and 「我爸妈都是聋人……手语是我……」). Once it
/// does, runners-up need only a share of the best score and half the coverage floor. Every
/// answer must hold a topic word: 好处 alone does not answer 「GRPO 有什么好处」.
/// `theirs`: the pass of a speaker the question names (see [`RankParams::named_coverage`]).
fn gate(
    sorted: Vec<Hit>,
    words: usize,
    named: bool,
    theirs: bool,
    params: &RankParams,
) -> Vec<Hit> {
    let long = words >= LONG_QUESTION;
    let floor = match theirs {
        true => params.named_coverage.min(params.min_coverage),
        false => params.min_coverage,
    };
    let answers = |h: &Hit| {
        let coverage = h.coverage + TITLE_SHARE * h.title_coverage;
        h.on_topic
            && (coverage >= floor || long && matches_a_long_question(h, params))
            && h.focus >= params.min_focus
            && (h.matched_words + h.titled_words + usize::from(named) >= 2
                || coverage >= params.single_word_coverage)
    };
    let Some(best) = sorted.iter().find(|h| answers(h)).map(|h| h.score) else {
        trace_best(&sorted, "gate: no candidate answers");
        return Vec::new();
    };
    sorted
        .into_iter()
        .filter(|h| {
            h.on_topic
                && h.coverage >= params.min_coverage / 2.0
                && h.score >= best * params.min_relative_score
        })
        .collect()
}

/// Whether the writer's narration states what is asked in so many words: most of the
/// question's weight, most of it in one sentence. Narration tells the scene around the answers
/// (「采访结束时已是傍晚」); a paragraph that only touches the question's topic is no answer.
fn states_it_plainly(hit: &Hit) -> bool {
    hit.coverage >= NARRATION_COVERAGE && hit.focus >= NARRATION_COVERAGE
}

/// See [`states_it_plainly`].
const NARRATION_COVERAGE: f32 = 0.6;

/// Logs the first few of `hits` with what the gate reads of them (`RUST_LOG=fangtan=debug`).
fn trace_best(hits: &[Hit], what: &str) {
    for h in hits.iter().take(3) {
        tracing::debug!(
            passage = %h.passage.id,
            on_topic = h.on_topic,
            coverage = h.coverage,
            title_coverage = h.title_coverage,
            focus = h.focus,
            matched = h.matched_words,
            titled = h.titled_words,
            "{what}"
        );
    }
}

/// What a word only the article's title holds counts for in the gate's coverage, against one
/// the passage holds: the title says what the passage is about, not the answer.
const TITLE_SHARE: f32 = 0.3;

/// A long question ([`LONG_QUESTION`] words or more) tells its background (「我最近在用DeepSeek写
/// 小说，感觉比ChatGPT好很多，我朋友说……嘉宾是怎么解释这个现象的？」): no passage holds a third of
/// its weight, but one that holds [`LONG_QUESTION_WORDS`] of its words and half the usual share
/// answers it.
fn matches_a_long_question(h: &Hit, params: &RankParams) -> bool {
    h.matched_words >= LONG_QUESTION_WORDS && h.coverage >= params.min_coverage / 2.0
}

/// The longest Chinese name [`SearchIndex::stranger_named`] looks for: longer made-up words
/// are mostly several words jieba's HMM ran together.
const MOST_NAME_CHARS: usize = 4;

/// What follows a verb to say where its action goes or that it is done with (卖出去, 提上去,
/// 扛过来, 卖掉): see [`Analyzer::without_complement`]. Not 到 or 成: 降到多低 and 分成几步 ask
/// how far, which the verb alone does not say.
const COMPLEMENTS: [&str; 14] = [
    "出去", "出来", "上去", "上来", "下去", "下来", "过来", "过去", "起来", "进去", "进来", "回来",
    "回去", "掉",
];

/// See [`matches_a_long_question`].
const LONG_QUESTION: usize = 16;
const LONG_QUESTION_WORDS: usize = 6;

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
    /// Speaker → role, for the speakers whose role the article declares.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub roles: BTreeMap<String, String>,
    /// The speaker who asks the questions, when the article has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Form of address the article writes → its speaker (老桑 → 桑德茂), see
    /// [`crate::corpus::Article::forms_of_address`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub addressed: BTreeMap<String, String>,
    /// Speakers the article only quotes through another's answer (see
    /// [`crate::corpus::Article::relayed_only`]): they never speak in it themselves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relayed: Vec<String>,
    /// Content hash, to tell a changed article from an unchanged one on reload.
    pub hash: String,
}

impl Manifest {
    pub fn passages(&self) -> usize {
        self.articles.iter().map(|a| a.passages).sum()
    }

    /// Each form of address some article writes for one speaker (老桑 → 桑德茂); a form that
    /// two articles write for two people is neither's.
    pub fn forms_of_address(&self) -> Vec<(String, String)> {
        let mut forms: BTreeMap<&str, Option<&str>> = BTreeMap::new();
        for (form, name) in self.articles.iter().flat_map(|a| &a.addressed) {
            forms
                .entry(form)
                .and_modify(|known| {
                    if *known != Some(name.as_str()) {
                        *known = None;
                    }
                })
                .or_insert(Some(name));
        }
        forms
            .into_iter()
            .filter_map(|(form, name)| Some((form.to_string(), name?.to_string())))
            .collect()
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

/// Re-ranks one retrieved passage (see [`rank::rerank`]).
fn rerank(passage: StoredPassage, bm25: f32, q: &Arc<QueryWeights>, model: &RankModel) -> Hit {
    // Matching by position in the normalized text, not by segmenting every candidate again:
    // this runs for every candidate of every question, and segmentation would dominate it.
    let text = segment::normalize_text(&passage.text);
    let question = passage
        .question
        .as_deref()
        .map(segment::normalize_text)
        .unwrap_or_default();
    let title = segment::normalize_text(&passage.article.title);
    let section = passage
        .section
        .as_deref()
        .map(segment::normalize_text)
        .unwrap_or_default();
    let candidate = Candidate {
        text: &text,
        question: &question,
        title: &title,
        section: &section,
        in_turn: passage.in_turn,
        bm25,
        year: passage.article.date.as_deref().and_then(question::year_of),
    };
    let evidence = rank::rerank(&candidate, q, model);
    Hit {
        passage,
        score: evidence.score,
        weights: Arc::clone(&q.terms),
        coverage: evidence.coverage,
        matched_words: evidence.matched_words,
        titled_words: evidence.titled_words,
        title_coverage: evidence.title_coverage,
        on_topic: evidence.on_topic,
        focus: evidence.focus,
        features: evidence.features,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzer() -> Analyzer {
        analyzer_with_synonyms("")
    }

    /// The shipped dictionary and stop words, with `synonyms` as the synonyms file.
    fn analyzer_with_synonyms(synonyms: &str) -> Analyzer {
        let segmenter = Segmenter::new(include_str!("../config/userdict.txt")).expect("dictionary");
        Analyzer::new(
            Arc::new(segmenter),
            include_str!("../config/stopwords.txt"),
            synonyms,
        )
    }

    #[test]
    fn question_words_are_not_terms_but_what_they_ask_about_is() {
        let a = analyzer();
        let no_term_holds = |plan: &QueryPlan, part: &str| {
            assert!(
                !plan.terms.iter().any(|t| t.contains(part)),
                "{part}: {:?}",
                plan.terms
            );
        };
        let plan = a.analyze("元朝被何人所灭?", &SpeakerNames::default());
        assert!(plan.terms.contains(&"元朝".to_string()), "{:?}", plan.terms);
        no_term_holds(&plan, "何");
        no_term_holds(
            &a.analyze("他在哪一年去世?", &SpeakerNames::default()),
            "年",
        );
        // 哪儿 asks where: no 儿 is left to search.
        let speakers = SpeakerNames::new(vec!["伍秀芬".to_string()]);
        let plan = a.analyze("伍阿姨开店前在哪儿上班", &speakers);
        no_term_holds(&plan, "儿");
        let plan = a.analyze("大沙地站共有几层?", &SpeakerNames::default());
        assert!(plan.terms.contains(&"层".to_string()), "{:?}", plan.terms);
        no_term_holds(&plan, "几");
    }

    #[test]
    fn a_synonym_jieba_splits_is_also_searched_whole() {
        let a = analyzer_with_synonyms("排名, 名次, 排到");
        let plan = a.analyze("R1 排名第几", &SpeakerNames::default());
        let group = |t: &str| {
            let at = plan.terms.iter().position(|term| term == t);
            at.map(|i| plan.groups[i])
        };
        assert!(group("排名").is_some(), "{:?}", plan.terms);
        assert_eq!(group("排到"), group("排名"), "{:?}", plan.terms);
        // One jieba keeps whole is added once.
        assert_eq!(plan.terms.iter().filter(|t| *t == "名次").count(), 1);
    }

    #[test]
    fn aspect_words_glued_to_a_question_word_or_particle_are_aspect_words() {
        let a = analyzer();
        for word in ["意思", "啥意思", "什么意思", "有用吗", "有用么"] {
            assert!(a.is_aspect(word), "{word}");
        }
        for word in ["啥", "吗", "沙漏", "沙漏吗"] {
            assert!(!a.is_aspect(word), "{word}");
        }
    }

    #[test]
    fn stop_words_glued_to_a_made_up_word_are_not_part_of_it() {
        let a = analyzer();
        assert_eq!(a.without_stop_characters("会火"), Some("火"));
        // Dictionary words stay whole, and so do made-up words without stop words at the ends.
        assert_eq!(a.without_stop_characters("开源"), None);
        assert_eq!(a.without_stop_characters("王连字"), None);
        let passages = vec![
            passage("hot", "DeepSeek 能火到这个程度，是因为开源。"),
            passage("other", "DeepSeek 的团队很年轻。"),
        ];
        let hits = search_over(passages, "DeepSeek 为什么会火");
        assert_eq!(hits.first().map(|h| h.passage.id.as_str()), Some("hot"));
    }

    #[test]
    fn a_model_family_alone_does_not_answer_for_one_version() {
        let passages = vec![passage("taste", "很多人说文章的 GPT 味特别重。")];
        assert!(search_over(passages.clone(), "GPT-5 什么时候出？").is_empty());
        assert_eq!(search_over(passages, "GPT 味是什么").len(), 1);
    }

    #[test]
    fn self_introductions_are_told_from_answers() {
        let said = |speaker: &str, text: &str| StoredPassage {
            speaker: speaker.into(),
            ..passage("a#1", text)
        };
        assert!(introduces_the_speaker(&said(
            "孟川",
            "我是孟川，灵枢科技去年开源了五个尺寸的模型。"
        )));
        assert!(introduces_the_speaker(&said(
            "陆鸣远",
            "大家好，我是陆鸣远，今天想跟大家分享编程 Agent 的教训。"
        )));
        assert!(introduces_the_speaker(&said(
            "陶知远",
            "我是清语大学的陶知远，开源的“消费者”。"
        )));
        assert!(!introduces_the_speaker(&said(
            "孟川",
            "我是觉得开源本身不赚钱，孟川这个名字不重要。"
        )));
        assert!(!introduces_the_speaker(&said("孟川", "开源本身不赚钱。")));
        assert!(!introduces_the_speaker(&said("", "我是孟川。")));
    }

    #[test]
    fn a_named_speakers_passage_passes_the_gate_with_less_coverage() {
        let hit = |coverage| Hit {
            passage: passage("a#1", "这个味道其实是余氯的味道。"),
            score: 1.0,
            weights: Arc::default(),
            coverage,
            matched_words: 3,
            titled_words: 0,
            title_coverage: 0.0,
            on_topic: true,
            focus: 0.3,
            features: Features::default(),
        };
        let params = RankParams::default();
        assert_eq!(gate(vec![hit(0.32)], 5, false, true, &params).len(), 1);
        assert!(gate(vec![hit(0.32)], 5, false, false, &params).is_empty());
        assert!(gate(vec![hit(0.28)], 5, false, true, &params).is_empty());
    }

    fn passage(id: &str, text: &str) -> StoredPassage {
        StoredPassage {
            id: id.into(),
            text: text.into(),
            speaker: String::new(),
            role: None,
            question: None,
            section: None,
            article: ArticleRef {
                title: String::new(),
                source: None,
                date: None,
                url: None,
                path: id.into(),
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

    /// What the engine's search (default settings, gate on) returns for `question` over
    /// `passages`, indexed into a temporary folder.
    fn search_over(passages: Vec<StoredPassage>, question: &str) -> Vec<Hit> {
        search_with(&analyzer(), passages, question)
    }

    /// `passages` indexed into a temporary folder (kept alive by the returned guard).
    fn index_over(a: &Analyzer, passages: Vec<StoredPassage>) -> (tempfile::TempDir, SearchIndex) {
        let dir = tempfile::tempdir().expect("temp dir");
        build_index(dir.path(), &a.segmenter, passages, 1, &()).expect("index");
        let index = SearchIndex::open(dir.path(), &a.segmenter).expect("open");
        (dir, index)
    }

    fn search_with(a: &Analyzer, passages: Vec<StoredPassage>, question: &str) -> Vec<Hit> {
        let (_dir, index) = index_over(a, passages);
        let plan = a.analyze(question, &SpeakerNames::default());
        index
            .search(a, &plan, 3, &RankParams::default(), &|_| true)
            .expect("search")
    }

    #[test]
    fn the_writers_narration_answers_only_what_no_turn_does() {
        let said = |id: &str, speaker: &str, text: &str| StoredPassage {
            speaker: speaker.into(),
            ..passage(id, text)
        };
        let told = |id: &str, text: &str| StoredPassage {
            lead: true,
            narration: true,
            ..passage(id, text)
        };
        let passages = vec![
            said(
                "turn",
                "禹望川",
                "护林员每天巡山要走十八公里，鞋一年要磨坏四双。",
            ),
            told(
                "scene",
                "护林员禹望川每天巡山十八公里，林场经营面积四万三千六百亩。",
            ),
            said("other", "靳蓁蓁", "救援队最怕的是下过雨以后的黄泥坡。"),
        ];
        // Both say it; the speaker's words are the answer.
        assert_eq!(
            ids(&search_over(passages.clone(), "护林员每天巡山走多少公里")),
            ["turn"]
        );
        // Only the writer says it.
        assert_eq!(
            ids(&search_over(passages.clone(), "林场经营面积有多大")),
            ["scene"]
        );
        // Narration that only touches the question is no answer.
        assert!(search_over(passages, "林场今年种了多少棵树").is_empty());
    }

    #[test]
    fn a_question_naming_what_no_passage_mentions_is_not_answered() {
        assert!(written_as_name(&as_typed("DeepSeek 的 CUDA 优化"), "cuda"));
        assert!(written_as_name(&as_typed("ＣＵＤＡ 优化"), "cuda"));
        assert!(written_as_name(&as_typed("用了多少张 h800"), "h800"));
        assert!(!written_as_name(
            &as_typed("Why is GRPO important?"),
            "important"
        ));
        assert!(!written_as_name(&as_typed("Summarize GRPO."), "summarize"));
        assert!(written_as_name(&as_typed("GRPO, why?"), "grpo"));
        assert!(written_as_name(&as_typed("What is Gemini?"), "gemini"));
        let passages = vec![passage(
            "opt",
            "DeepSeek 做了很多优化，像 DualPipe 算法，像用 PTX 去写通讯。",
        )];
        assert!(search_over(passages.clone(), "DeepSeek 的 CUDA 优化是怎么做的？").is_empty());
        assert_eq!(
            search_over(passages.clone(), "DeepSeek 的优化是怎么做的？").len(),
            1
        );
        // A name in a title is a mention too.
        let a = analyzer();
        let mut titled = passages[0].clone();
        titled.article.title = "CUDA".into();
        let (_dir, index) = index_over(&a, vec![titled]);
        let searcher = index.reader.searcher();
        let plan = a.analyze(
            "DeepSeek 的 CUDA 优化是怎么做的？",
            &SpeakerNames::default(),
        );
        assert_eq!(plan.names, ["deepseek", "cuda"]);
        assert!(!index
            .names_what_no_passage_holds(&plan, &searcher)
            .expect("df"));
        let plan = a.analyze("DeepSeek 的 H800 优化", &SpeakerNames::default());
        assert!(index
            .names_what_no_passage_holds(&plan, &searcher)
            .expect("df"));
    }

    #[test]
    fn a_question_naming_a_thing_is_answered_only_by_words_about_it() {
        // 「完整版」 matches, but o3's passage is the only one about o3.
        let o1 = passage("o1", "OpenAI 的 o1 不给你看思维链的完整版，只给总结版。");
        let o3 = passage("o3", "OpenAI 也把 o3-mini 的思维链输出了，是总结版的。");
        let hits = search_over(vec![o1.clone(), o3], "o3 给的是完整版吗");
        assert_eq!(ids(&hits), ["o3"]);
        assert!(search_over(vec![o1.clone()], "o3 给的是完整版吗").is_empty());
        assert_eq!(
            ids(&search_over(vec![o1.clone()], "给的是完整版吗")),
            ["o1"]
        );
        // Its section's heading or its article's title name it for the passage.
        let mut in_section = o1.clone();
        in_section.section = Some("03 o3 的思维链".into());
        let o3 = passage("o3", "o3-mini 很快。");
        let hits = search_over(vec![in_section, o3.clone()], "o3 给的是完整版吗");
        assert_eq!(ids(&hits).first(), Some(&"o1"));
        let mut titled = o1;
        titled.article.title = "o3 来了".into();
        let hits = search_over(vec![titled, o3], "o3 给的是完整版吗");
        assert_eq!(ids(&hits).first(), Some(&"o1"));
    }

    #[test]
    fn a_name_the_user_dictionary_tags_counts_as_a_name() {
        let a = analyzer();
        let plan = a.analyze("豆包也接入 DeepSeek 了吗", &SpeakerNames::default());
        assert_eq!(plan.names, ["豆包", "deepseek"]);
        let news = passage("news", "DeepSeek 最新的朋友圈是百度和微信，都接入了 R1。");
        assert!(search_over(vec![news.clone()], "豆包也接入 DeepSeek 了吗").is_empty());
        assert_eq!(
            ids(&search_over(vec![news], "百度也接入 DeepSeek 了吗")),
            ["news"]
        );
    }

    #[test]
    fn a_capitalized_word_before_chinese_is_a_name_and_a_bare_number_holds_none() {
        assert!(written_as_name(&as_typed("Kimi 的思维链"), "kimi"));
        assert!(!written_as_name(&as_typed("Summarize GRPO."), "summarize"));
        let qwen = passage(
            "qwen",
            "V3 跟 Qwen 等系列开源模型一样，参数量是 2 倍、5 倍。",
        );
        assert!(search_over(vec![qwen.clone()], "Qwen2.5-Max 和 V3 比怎么样").is_empty());
        assert_eq!(
            ids(&search_over(vec![qwen], "Qwen 和 V3 比怎么样")),
            ["qwen"]
        );
    }

    #[test]
    fn a_name_and_its_version_number_are_one_word() {
        let mut text = "llama 4 什么时候开源，gemini 2.5 呢，gpu 2 张，llama 405b".to_string();
        let joined = join_versions(&mut text);
        assert_eq!(
            text,
            "llama-4 什么时候开源，gemini-2.5 呢，gpu 2 张，llama 405b"
        );
        let plan = analyzer().analyze("Llama 4 什么时候开源", &SpeakerNames::default());
        assert!(
            plan.terms.contains(&"llama-4".to_string()),
            "{:?}",
            plan.terms
        );
        assert_eq!(
            joined,
            [
                ("llama-4".to_string(), "llama 4".to_string()),
                ("gemini-2.5".to_string(), "gemini 2.5".to_string())
            ]
        );
    }

    #[test]
    fn a_short_name_is_fixed_only_for_two_letters_swapped() {
        assert!(swaps_two_letters("gpro", "grpo"));
        assert!(!swaps_two_letters("aime", "time"));
        assert!(!swaps_two_letters("grpo", "grpo"));
        let passages = vec![passage(
            "tts",
            "R1 之后，S1 花 50 美金就能让你看到 test-time-in-scaling 的效果。",
        )];
        assert!(search_over(passages, "R1 在 AIME 上考了多少分").is_empty());
    }

    fn ids(hits: &[Hit]) -> Vec<&str> {
        hits.iter().map(|h| h.passage.id.as_str()).collect()
    }

    #[test]
    fn a_name_or_long_word_one_typo_away_from_a_corpus_word_finds_it() {
        let passages = vec![
            passage("grpo", "GRPO 省掉了 Critic Model，所以很重要。"),
            passage("cot", "CoT 数据很值钱。"),
            passage("deepseek", "DeepSeek 火到全民皆知。"),
        ];
        let first = |q: &str| {
            search_over(passages.clone(), q)
                .first()
                .map(|h| h.passage.id.clone())
        };
        assert_eq!(first("GPRO 为什么重要").as_deref(), Some("grpo"));
        assert_eq!(first("deepseak 为什么火").as_deref(), Some("deepseek"));
        // A short lowercase English word is not a typo of a corpus word (cost is not cot).
        assert_eq!(first("how much does it cost"), None);
        assert_eq!(first("Kimi 为什么重要"), None);
    }

    #[test]
    fn a_passage_naming_the_asked_name_itself_beats_one_under_a_heading_that_names_it() {
        let under = |id: &str, text: &str| StoredPassage {
            section: Some("DeepSeek-R1：开源模型有史以来最好的成绩".into()),
            ..passage(id, text)
        };
        let passages = vec![
            under(
                "coder",
                "后来注意到 DeepSeek-Coder 模型在代码类 Benchmark 上一度冲到全球第一。",
            ),
            under(
                "r1",
                "V3 是一个挺强的基模，但是 DeepSeek-R1 这一次直接能够排到第二名的位置。",
            ),
            // R1 is everywhere in its section, so the word weighs little beside 全球.
            under("open", "R1 是开源的，所有人都可以试。"),
            under("chain", "R1 的思维链写得像内心独白。"),
            under("price", "R1 的价格很低。"),
        ];
        let ids: Vec<String> = search_over(passages, "R1在全球排第几？")
            .into_iter()
            .map(|h| h.passage.id)
            .collect();
        assert_eq!(ids.first().map(String::as_str), Some("r1"), "{ids:?}");
    }

    #[test]
    fn the_word_a_question_asks_of_is_the_last_before_its_question_word() {
        let a = analyzer();
        let asked_of = |q: &str| {
            let plan = a.analyze(q, &SpeakerNames::default());
            let words = plan.words();
            plan.asked_of.map(|g| words[g].clone())
        };
        assert_eq!(asked_of("DeepSeek日活有多少万？").as_deref(), Some("日活"));
        assert_eq!(
            asked_of("ChatGPT 的周活大概是多少").as_deref(),
            Some("周活")
        );
        assert_eq!(
            asked_of("DeepSeek的写作水平超过了百分之多少的人？").as_deref(),
            Some("超过")
        );
        // A verb before the question word: the thing is before the verb.
        assert_eq!(
            asked_of("V2 把推理价格降到了多少？").as_deref(),
            Some("价格")
        );
        assert_eq!(asked_of("S1 花了多少钱").as_deref(), Some("s1"));
        assert_eq!(
            asked_of("DeepSeek-R1 正式版是哪一天发布的？").as_deref(),
            Some("正式版")
        );
        // What a yes/no question ends on.
        assert_eq!(asked_of("DeepSeek 会开始收费吗？").as_deref(), Some("收费"));
        assert_eq!(asked_of("吴翼参与过R1的研发吗").as_deref(), Some("研发"));
        assert_eq!(asked_of("R1 是开源的么").as_deref(), Some("开源"));
        assert_eq!(asked_of("DeepSeek 用的是什么"), None);
        // What a follow-up ends on, and what a comparison compares.
        assert_eq!(
            asked_of("那 DeepSeek 下一步的商业化呢？").as_deref(),
            Some("商业化")
        );
        assert_eq!(
            asked_of("昆仑万维和秘塔谁的营收更高？").as_deref(),
            Some("营收")
        );
        assert_eq!(asked_of("R1 的文笔比 o1 更好"), None);
        // Neither, or nothing before the question word.
        assert_eq!(asked_of("DeepSeek 为什么火"), None);
        assert_eq!(asked_of("多少人在用 DeepSeek"), None);
    }

    #[test]
    fn a_question_about_a_name_no_article_uses_is_not_answered() {
        let passages = || {
            vec![
                passage(
                    "robot",
                    "我们的人形机器人一台卖 20 万，客户 18 个月能回本。",
                ),
                passage("vet", "带宠物看病贵，是因为宠物看病全部自费，检查费用高。"),
                passage("food", "西北菜的门店里，预制菜用得越来越多。"),
            ]
        };
        let first = |q: &str| {
            search_over(passages(), q)
                .first()
                .map(|h| h.passage.id.clone())
        };
        // A name jieba's HMM makes up (宇树), or one its dictionary tags (湘雅), opening the
        // question: the corpus is not about it.
        assert_eq!(first("人形机器人一台卖多少钱"), Some("robot".into()));
        assert_eq!(first("宇树的人形机器人一台卖多少钱"), None);
        assert_eq!(first("湘雅医院看病贵不贵"), None);
        // A made-up word that starts with a verb is a verb and its object (带猫).
        assert_eq!(first("带猫看病为什么这么贵"), Some("vet".into()));
        // Two characters the corpus uses are no stranger (西北 of 西北菜).
        assert_eq!(first("西北菜用预制菜吗"), Some("food".into()));
        // Nor a name a passage says, segmented otherwise there (宇 树立).
        let mut more = passages();
        more.push(passage(
            "partner",
            "我们和宇树立了约，给他们的机器狗做电池。",
        ));
        let hits = search_over(more, "宇树的机器狗用谁的电池");
        assert_eq!(hits.first().map(|h| h.passage.id.as_str()), Some("partner"));
    }

    #[test]
    fn a_code_typed_without_its_hyphen_finds_the_code() {
        assert_eq!(with_hyphen("qh302").as_deref(), Some("qh-302"));
        assert_eq!(with_hyphen("r1").as_deref(), Some("r-1"));
        assert_eq!(with_hyphen("302"), None);
        assert_eq!(with_hyphen("gpt4o"), None);
        let passages = vec![
            passage("data", "QH-302 的一期数据里，客观缓解率是 48%。"),
            passage("deal", "我们把海外权益授权给了一家欧洲药企。"),
        ];
        let hits = search_over(passages, "qh302 缓解率多少");
        assert_eq!(hits.first().map(|h| h.passage.id.as_str()), Some("data"));
    }

    #[test]
    fn a_verb_and_complement_falls_back_on_the_verb() {
        let a = analyzer();
        assert_eq!(a.without_complement("卖出去"), Some("卖"));
        assert_eq!(a.without_complement("提上去"), Some("提"));
        assert_eq!(a.without_complement("坚持下来"), Some("坚持"));
        assert_eq!(a.without_complement("卖掉"), Some("卖"));
        // Not 到 or 成: 降到多低 asks how far.
        assert_eq!(a.without_complement("降到"), None);
        assert_eq!(a.without_complement("出去"), None);
        assert_eq!(a.without_complement("GPT起来"), None);
    }

    #[test]
    fn a_refusal_names_only_words_no_article_uses() {
        let a = analyzer_with_synonyms("营收, revenue");
        let mut first = passage(
            "p0",
            "DeepSeek 的文笔很好，营收也不错，王连两个字写得很妙。",
        );
        first.unquoted = Some("英伟达的股价跌了".into());
        let (_dir, index) = index_over(&a, vec![first]);
        let missing = |q: &str| {
            let plan = a.analyze(q, &SpeakerNames::default());
            index.unmentioned(&a, &plan).expect("lookup")
        };
        // Words of the dictionary the article never uses, in the question's order.
        assert_eq!(missing("今天北京天气怎么样"), ["今天", "北京", "天气"]);
        // Used outside the passages, or through an alias, is used.
        assert_eq!(missing("英伟达的股价"), Vec::<String>::new());
        assert_eq!(missing("DeepSeek 的 revenue"), Vec::<String>::new());
        // A made-up word only when no two characters of it are used, and no stop word
        // ends it.
        assert_eq!(missing("王连字什么"), Vec::<String>::new());
        assert_eq!(missing("手机上能跑吗"), ["手机"]);
    }

    #[test]
    fn a_typo_keeps_half_of_the_word_in_place() {
        assert!(keeps_half("幻放", "幻方"));
        assert!(keeps_half("思维练", "思维链"));
        assert!(keeps_half("磨型", "模型"));
        assert!(!keeps_half("满化", "蛮华"));
        assert!(!keeps_half("生发般", "声发办"));
    }

    #[test]
    fn a_word_typed_as_its_homophone_is_read_as_the_corpus_word() {
        let a = analyzer();
        let (_dir, index) = index_over(
            &a,
            vec![
                passage("cards", "意外得知幻方有万卡。"),
                passage("style", "DeepSeek 文笔特别好，是因为没有好好做产品。"),
                passage("other", "我们当时买了很多卡，但那是后来的事。"),
            ],
        );
        let read = |q: &str| {
            let plan = a.analyze(q, &SpeakerNames::default());
            let (fixed, read_as) = index.with_homophones(&a, &plan).expect("search")?;
            let hits = index
                .search(&a, &fixed, 3, &RankParams::default(), &|_| true)
                .expect("search");
            let first = hits.first().map(|h| h.passage.id.clone());
            let read_as: Vec<String> = read_as
                .into_iter()
                .map(|r| format!("{}→{}", r.typed, r.meant))
                .collect();
            Some((read_as, first))
        };
        assert_eq!(
            read("幻放有几张卡"),
            Some((vec!["幻放→幻方".to_string()], Some("cards".to_string())))
        );
        assert_eq!(
            read("deepseak为什么文比好"),
            Some((vec!["文比→文笔".to_string()], Some("style".to_string())))
        );
        // A dictionary word the corpus lacks is not read as a typo, nor a word it holds.
        assert_eq!(read("营收有多少"), None);
        assert_eq!(read("幻方有几张卡"), None);
    }

    #[test]
    fn two_named_speakers_are_both_heard_before_either_says_more() {
        let a = analyzer();
        let said = |id: &str, speaker: &str, text: &str| StoredPassage {
            speaker: speaker.into(),
            ..passage(id, text)
        };
        let passages = vec![
            said(
                "min1",
                "闵可锐",
                "我猜测文笔好有三个原因，第一是没有阉割表达。",
            ),
            said("min2", "闵可锐", "文笔好的第二个原因是数据。"),
            said("min3", "闵可锐", "文笔好的第三个原因是规模。"),
            said("fang", "方汉", "文笔好还是数据的原因。"),
        ];
        let (_dir, index) = index_over(&a, passages);
        let names = SpeakerNames::new(vec!["闵可锐".into(), "方汉".into()]);
        let plan = a.analyze("方汉和闵可锐怎么看文笔好的原因", &names);
        assert_eq!(plan.speakers, ["方汉", "闵可锐"]);
        let hits = index
            .search(&a, &plan, 3, &RankParams::default(), &|_| true)
            .expect("search");
        let speakers: Vec<&str> = hits.iter().map(|h| h.passage.speaker.as_str()).collect();
        assert_eq!(speakers, ["方汉", "闵可锐", "闵可锐"]);
    }

    #[test]
    fn a_name_glued_differently_in_the_question_is_found_by_its_bigrams() {
        let passages = vec![
            passage("wang", "王连，字文仪，三国时期蜀汉官员。"),
            passage("other", "文字是记录语言的符号。"),
        ];
        let hits = search_over(passages, "王连字什么?");
        assert_eq!(hits.first().map(|h| h.passage.id.as_str()), Some("wang"));
    }

    #[test]
    fn a_dictionary_word_no_passage_holds_is_not_found_through_its_bigrams() {
        let plan = analyzer().analyze("今天天气怎么样？", &SpeakerNames::default());
        assert!(
            !plan.terms.contains(&"天天".to_string()),
            "{:?}",
            plan.terms
        );
        let passages = vec![
            passage("math", "请了上百个数学博士天天解题，数据非常高质量。"),
            passage("other", "强化学习很重要，基模也很重要。"),
        ];
        let hits = search_over(passages, "今天天气怎么样？");
        assert!(hits.is_empty(), "{:?}", hits.first().map(|h| &h.passage.id));
    }

    #[test]
    fn own_words_of_someone_who_never_speaks_are_not_in_the_corpus() {
        let passages = || {
            vec![passage(
                "keeper",
                "守门员邰宁啊！大家都只记得他丢的球，去年他扑出了4个点球，全联赛第一。",
            )]
        };
        assert!(!search_over(passages(), "邰宁扑点球怎么样").is_empty());
        let hits = search_over(passages(), "守门员邰宁自己是怎么说扑点球的");
        assert!(hits.is_empty(), "{:?}", hits.first().map(|h| &h.passage.id));
    }

    #[test]
    fn an_aspect_word_no_passage_holds_does_not_hide_the_topic() {
        let passages = || {
            vec![
                passage("grpo", "GRPO 省掉了 Critic Model，训练又快又省。"),
                passage("base", "强化学习很重要，基模也很重要。"),
                passage("data", "数据标注以亿美金级别的投入去换。"),
            ]
        };
        let hits = search_over(passages(), "GRPO 的作用");
        assert_eq!(hits.first().map(|h| h.passage.id.as_str()), Some("grpo"));
        // A topic the corpus lacks is still not found.
        assert!(search_over(passages(), "北京的作用").is_empty());
    }

    #[test]
    fn an_aspect_word_said_about_something_else_weighs_less_than_the_topic() {
        let passages = vec![
            passage("grpo", "GRPO 省掉了 Critic Model，训练又快又省。"),
            passage("benefit", "展示思考过程似乎带来了一个非常意外的好处。"),
            passage("base", "强化学习很重要，基模也很重要。"),
            passage("data", "数据标注以亿美金级别的投入去换。"),
        ];
        let hits = search_over(passages, "GRPO 有什么好处？");
        let ids: Vec<&str> = hits.iter().map(|h| h.passage.id.as_str()).collect();
        assert_eq!(ids, ["grpo"]);
        // 好处 weighs no more than GRPO: GRPO alone covers half the question or more.
        assert!(hits[0].coverage >= 0.5 - 1e-6, "{}", hits[0].coverage);
    }

    #[test]
    fn a_word_the_corpus_spells_only_as_an_alias_is_found_through_it() {
        let a = analyzer_with_synonyms("rl, 强化学习, reinforcement learning");
        let passages = vec![
            passage("rl", "强化学习很重要，基模也很重要。"),
            passage("grpo", "GRPO 省掉了 Critic Model，训练又快又省。"),
            passage("data", "数据标注以亿美金级别的投入去换。"),
        ];
        let hits = search_with(&a, passages, "RL 为什么重要？");
        assert_eq!(hits.first().map(|h| h.passage.id.as_str()), Some("rl"));
        assert!(
            (hits[0].coverage - 1.0).abs() < 1e-6,
            "{}",
            hits[0].coverage
        );
        // A word of a longer synonym is not the synonym: `learning` (or 学习) alone does not
        // cover RL.
        let passages = vec![
            passage("learning", "Deep learning 的数据很贵，学习很难。"),
            passage("grpo", "GRPO 省掉了 Critic Model，训练又快又省。"),
        ];
        assert!(search_with(&a, passages, "RL 是什么？").is_empty());
    }

    #[test]
    fn an_alias_only_a_host_question_holds_still_covers_the_word() {
        // 「Why is DeepSeek so popular?」: no passage says 爆火, one host's question does.
        let a = analyzer_with_synonyms("popular, 爆火");
        let asked = StoredPassage {
            question: Some("DeepSeek 这次爆火背后，最值得关注的创新点是什么？".into()),
            ..passage("asked", "DeepSeek-R1 是第一个开源的、接近 o1 水平的模型。")
        };
        let passages = vec![
            asked,
            passage("other", "DeepSeek 的数据从哪里来，我们不知道。"),
            passage("grpo", "GRPO 省掉了 Critic Model，训练又快又省。"),
        ];
        let hits = search_with(&a, passages, "Why is DeepSeek so popular?");
        assert_eq!(hits.first().map(|h| h.passage.id.as_str()), Some("asked"));
        assert!(
            (hits[0].coverage - 1.0).abs() < 1e-6,
            "{}",
            hits[0].coverage
        );
    }

    #[test]
    fn english_filler_is_dropped_unless_written_in_capitals() {
        let a = analyzer();
        let own = |q: &str| {
            let plan = a.analyze(q, &SpeakerNames::default());
            plan.terms[..plan.own_terms].to_vec()
        };
        assert_eq!(own("What is GRPO and why does it matter?"), ["grpo"]);
        assert_eq!(own("Is it true that R1 is open source?")[0], "r1");
        assert!(own("What do US companies think of it?").contains(&"us".to_string()));
        assert!(!own("Tell us about it").contains(&"us".to_string()));
        assert_eq!(own("IT 部门怎么看 AI"), ["it", "部门", "ai"]);
        // A question in capitals shouts; its capitals name nothing.
        assert_eq!(own("WHAT IS GRPO?"), ["grpo"]);
    }

    #[test]
    fn a_synonym_of_several_words_is_one_word_of_the_question() {
        let a = analyzer_with_synonyms("cot, 思维链, chain of thought");
        let plan = a.analyze(
            "Why does chain of thought matter?",
            &SpeakerNames::default(),
        );
        assert_eq!(plan.terms[..plan.own_terms], ["chain of thought"]);
        assert!(
            plan.terms.contains(&"思维链".to_string()),
            "{:?}",
            plan.terms
        );
        // Its own words too, for passages in English.
        assert!(
            plan.terms.contains(&"thought".to_string()),
            "{:?}",
            plan.terms
        );
        // Said twice, in both spellings: one word of the question.
        let plan = a.analyze(
            "思维链（chain of thought）为什么重要",
            &SpeakerNames::default(),
        );
        let group = |t: &str| {
            plan.terms
                .iter()
                .position(|x| x == t)
                .map(|i| plan.groups[i])
        };
        assert_eq!(group("chain of thought"), group("思维链"));
        assert_ne!(group("重要"), group("思维链"));
        // Only as whole words: "chain of thoughtful" is something else.
        let plan = a.analyze("a chain of thoughtful people", &SpeakerNames::default());
        assert!(!plan.terms.contains(&"chain of thought".to_string()));
        let passages = vec![
            passage("cot", "高质量思维链对模型的能力提升很重要。"),
            passage("grpo", "GRPO 省掉了 Critic Model，训练又快又省。"),
            passage("data", "数据标注以亿美金级别的投入去换。"),
        ];
        let hits = search_with(&a, passages, "Why does chain of thought matter?");
        assert_eq!(hits.first().map(|h| h.passage.id.as_str()), Some("cot"));
    }

    #[test]
    fn the_same_words_of_the_same_speaker_are_answered_once() {
        let text = "GRPO 省掉了 Critic Model，训练又快又省。";
        let said = |id: &str, text: &str| StoredPassage {
            speaker: "方汉".into(),
            ..passage(id, text)
        };
        let passages = vec![
            said("first", text),
            said("copy", text),
            said("other", "GRPO 的训练很快。"),
            // Without a speaker (a benchmark paragraph), a copy is a document of its own.
            passage("paragraph", text),
        ];
        let hits = search_over(passages, "GRPO 省掉了什么？");
        let speakers_of_text: Vec<&str> = hits
            .iter()
            .filter(|h| h.passage.text == text)
            .map(|h| h.passage.speaker.as_str())
            .collect();
        assert_eq!(speakers_of_text.len(), 2, "{speakers_of_text:?}");
        assert!(speakers_of_text.contains(&"") && speakers_of_text.contains(&"方汉"));
    }

    #[test]
    fn a_word_s_head_earns_it_all_and_a_part_before_it_its_share() {
        assert_eq!(part_of_word_share("天气", "今天天气"), 1.0);
        assert_eq!(part_of_word_share("今天", "今天天气"), 0.5);
        assert_eq!(part_of_word_share("共和", "中华人民共和国"), 2.0 / 7.0);
        assert_eq!(part_of_word_share("今天天气", "今天天气"), 1.0);
        assert_eq!(part_of_word_share("r1", "deepseek-r1"), 1.0);
        assert_eq!(part_of_word_share("deepseek", "deepseek-r1"), FAMILY_SHARE);
        assert_eq!(part_of_word_share("gpt", "gpt-5"), FAMILY_SHARE);
        assert_eq!(part_of_word_share("5", "gpt-5"), FAMILY_SHARE);
        assert_eq!(part_of_word_share("zero", "r1-zero"), FAMILY_SHARE);
        assert_eq!(part_of_word_share("4o", "gpt-4o"), 1.0);
        // Without a version every part is a name of its own.
        assert_eq!(part_of_word_share("open", "open-source"), 1.0);
    }

    #[test]
    fn chinese_numerals_also_search_their_arabic_spelling() {
        let plan = analyzer().analyze("两千人参加了吗?", &SpeakerNames::default());
        let at = plan.terms.iter().position(|t| t == "2000");
        let own = plan.terms.iter().position(|t| t == "两千");
        let (Some(at), Some(own)) = (at, own) else {
            panic!("{:?}", plan.terms);
        };
        assert!(at >= plan.own_terms, "an alias, not a word of its own");
        assert_eq!(plan.groups[at], plan.groups[own]);
    }

    #[test]
    fn figures_also_search_their_other_spellings() {
        let group_of = |question: &str, term: &str| {
            let plan = analyzer().analyze(question, &SpeakerNames::default());
            let at = plan.terms.iter().position(|t| t == term);
            at.map(|at| (plan.groups[at], at >= plan.own_terms))
        };
        let same_word = |question: &str, own: &str, other: &str| {
            let (Some((group, false)), Some((other_group, true))) =
                (group_of(question, own), group_of(question, other))
            else {
                let plan = analyzer().analyze(question, &SpeakerNames::default());
                panic!("{question}: {own} / {other} {:?}", plan.terms);
            };
            assert_eq!(group, other_group, "{question}");
        };
        same_word("改燃气窑花了2600万吗", "2600", "两千六百万");
        same_word("卖了多少份 26w?", "26w", "二十六万");
        same_word("补贴1.2万吗", "1.2", "一万二千");
        same_word("补贴1.2万吗", "1.2", "一万二");
        same_word("湿度45%合适吗", "45%", "百分之四十五");
        same_word("站多远 15m", "15m", "十五");
        // The unit of a figure is no part of the word after it (4.3万册: 万, 册).
        let plan = analyzer().analyze("古籍有4.3万册吗", &SpeakerNames::default());
        assert!(plan.terms.contains(&"册".to_string()), "{:?}", plan.terms);
        assert!(
            !plan.terms.contains(&"万册".to_string()),
            "{:?}",
            plan.terms
        );
        same_word("花了两千六百万吗", "两千", "2600");
        // Units alone stand for no figure; a part that says another value weighs less.
        for unit in ["百万", "千万", "百分之"] {
            assert_eq!(group_of("花了2600万和45%吗", unit), None, "{unit}");
        }
        let plan = analyzer().analyze("花了2600万吗", &SpeakerNames::default());
        let boost = |term: &str| {
            let at = plan.terms.iter().position(|t| t == term);
            at.map(|at| plan.boosts[at])
        };
        assert!(boost("六百万") < boost("两千六百万"), "{:?}", plan.terms);
    }
}

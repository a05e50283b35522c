//! Chinese word segmentation shared by indexing and querying.
//!
//! Owns: text normalization (traditional → simplified, lowercase, full-width → half-width), the
//! jieba-rs search-mode segmenter with the user dictionary, and the tantivy [`Tokenizer`] built on
//! it. Token offsets are byte offsets into the *original* text (normalization maps one character
//! to one character, so offsets survive it); punctuation and whitespace are never terms.
//!
//! Must not import: the index, answers, rendering, teloxide, tokio.

use std::collections::HashMap;
use std::io::BufRead;
use std::ops::Range;
use std::sync::Arc;

use jieba_rs::{Jieba, TokenizeMode};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The name under which [`JiebaTokenizer`] is registered with every index.
pub const TOKENIZER_NAME: &str = "fangtan_jieba";

#[derive(Debug, thiserror::Error)]
pub enum DictError {
    #[error("user dictionary line {line}: {reason}")]
    Line { line: usize, reason: String },
    #[error("user dictionary: {0}")]
    Io(#[from] std::io::Error),
}

/// A term found in a text: its normalized form and where it stands in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    /// Byte range in the original text.
    pub range: Range<usize>,
}

/// One jieba instance (≈ 33 MB, 0.1–0.2 s to build) plus the user dictionary. Build once per
/// process and share through `Arc`.
pub struct Segmenter {
    jieba: Jieba,
    /// The user dictionary's words (normalized): the corpus's own names and terms.
    domain: std::collections::HashSet<String>,
    /// The user dictionary's words tagged as names (see [`NAME_TAGS`]).
    names: std::collections::HashSet<String>,
    /// Those of them tagged as people's names (`nr`).
    people: std::collections::HashSet<String>,
}

/// jieba's tags for names: of people (nr), places (ns), organizations (nt) and other proper
/// nouns (nz: products, models). A user-dictionary word with one of them names a thing, and a
/// question naming a thing is answered only by words about it (`search::QueryPlan::names`).
pub const NAME_TAGS: [&str; 4] = ["nr", "ns", "nt", "nz"];

/// [`NAME_TAGS`] and jieba's tags for transliterated (nrt) and other people's (nrfg) names.
const PROPER_NOUN_TAGS: [&str; 6] = ["nr", "ns", "nt", "nz", "nrt", "nrfg"];

/// jieba's dictionary (`word frequency tag` per line), shipped with fangtan rather than taken
/// from jieba-rs's `default-dict` feature: that feature embeds it zstd-compressed, and building
/// zstd's C library was the longest build script of a cold release build. Text embedded as is
/// also needs no decompression at start-up. Source and license: `src/segment/README.md`.
const BASE_DICT: &str = include_str!("segment/jieba-dict.txt");

/// A jieba segmenter with the base dictionary and nothing else: one per process (it costs
/// ~0.1 s and ~30 MB), except where a benchmark wants an untouched one.
pub fn base_jieba() -> Jieba {
    // The shipped file is checked by `the_base_dictionary_loads` below; a failure here would be
    // a broken build, not bad input.
    Jieba::with_dict(&mut BASE_DICT.as_bytes()).expect("the shipped jieba dictionary parses")
}

/// See [`Segmenter::may_be_a_name`]: a proper noun more frequent than this (中国, 北京, and
/// 明白 and 东西, which jieba tags as a person and a place) is a word of everyday talk, not a
/// name that singles out what a question is about.
const COMMON_NAME: usize = 5_000;

/// See [`Segmenter::common_alone`]: 10,000 of the dictionary's ~60 M counts.
const COMMON_ALONE: usize = 10_000;

/// Approximate total frequency of jieba's default dictionary (its word counts sum to ~60 M).
const DICT_TOTAL: f64 = 60_000_000.0;

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Segmenter")
    }
}

impl Segmenter {
    /// The default dictionary plus `user_dict` (jieba format: `word [freq] [tag]` per line).
    pub fn new(user_dict: &str) -> Result<Segmenter, DictError> {
        let mut jieba = base_jieba();
        let mut domain = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        let mut people = std::collections::HashSet::new();
        for (i, line) in user_dict.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split_whitespace();
            let word = fields.next().unwrap_or_default();
            let freq = match fields.next() {
                Some(f) => Some(f.parse::<usize>().map_err(|_| DictError::Line {
                    line: i + 1,
                    reason: format!("frequency `{f}` is not a number"),
                })?),
                None => None,
            };
            let tag = fields.next();
            let (normalized, _) = normalize(word);
            jieba.add_word(&normalized, freq, tag);
            if tag.is_some_and(|tag| NAME_TAGS.contains(&tag)) {
                names.insert(normalized.clone());
            }
            if tag == Some("nr") {
                people.insert(normalized.clone());
            }
            domain.insert(normalized);
        }
        Ok(Segmenter {
            jieba,
            domain,
            names,
            people,
        })
    }

    pub fn from_reader(mut reader: impl BufRead) -> Result<Segmenter, DictError> {
        let mut text = String::new();
        reader.read_to_string(&mut text)?;
        Segmenter::new(&text)
    }

    /// Whether the user dictionary tags `word` (normalized) as a name ([`NAME_TAGS`]).
    pub fn is_name(&self, word: &str) -> bool {
        self.names.contains(word)
    }

    /// Whether `word` (normalized) is in the dictionary: words outside it that jieba still
    /// produced come from its HMM guesser, and are often fragments like 里算 or 比有.
    pub fn knows(&self, word: &str) -> bool {
        self.jieba.has_word(word)
    }

    /// Whether jieba's dictionary (or the user dictionary) tags `word` (normalized), taken
    /// whole, as a proper noun: a person (nr, nrt, nrfg), a place (ns), an organization (nt)
    /// or another name (nz), and not one of the commonest (see `COMMON_NAME`). jieba's tags are
    /// noisy (明白 is nr), so this says only that a word *may* name something.
    pub fn may_be_a_name(&self, word: &str) -> bool {
        let tagged = matches!(self.jieba.tag(word, false).as_slice(),
            [tag] if tag.word == word && PROPER_NOUN_TAGS.contains(&tag.tag));
        tagged && self.jieba.suggest_freq(word) <= COMMON_NAME
    }

    /// Whether `c` taken alone is, by jieba's dictionary, a word that does something to what
    /// follows it — a verb, adverb, adjective, preposition, pronoun or conjunction (带, 不, 全,
    /// 把): a made-up word starting with one is mostly that word and its object (带猫, 不卖),
    /// not a name (宇树, 西贝).
    pub fn starts_a_phrase(&self, c: char) -> bool {
        let word = c.to_string();
        matches!(self.jieba.tag(&word, false).as_slice(),
            [tag] if ["v", "d", "a", "ad", "p", "r", "c"].contains(&tag.tag))
    }

    /// Whether `c` taken alone is one of the commonest words of jieba's dictionary (时, 国,
    /// 用, 金): a made-up word ending in one is mostly a word glued to it (唐时, 隋国), not
    /// a name (瑞幸, 西贝).
    pub fn common_alone(&self, c: char) -> bool {
        self.jieba.suggest_freq(c.encode_utf8(&mut [0; 4])) > COMMON_ALONE
    }

    /// Whether the user dictionary tags `word` (normalized) as a person's name (`nr`).
    pub fn is_person(&self, word: &str) -> bool {
        self.people.contains(word)
    }

    /// How specific `word` is in general Chinese, from 0 (as common as a word gets) to 1 (a
    /// domain term from the user dictionary, an ASCII name, or a word too rare to be in
    /// jieba's dictionary). A small corpus cannot tell 重要 from GRPO by document frequency
    /// alone; the language can.
    pub fn specificity(&self, word: &str) -> f32 {
        if self.domain.contains(word) || (word.is_ascii() && !self.jieba.has_word(word)) {
            return 1.0;
        }
        let freq = self.jieba.suggest_freq(word).max(1) as f64;
        ((DICT_TOTAL / freq).ln() / DICT_TOTAL.ln()).clamp(0.0, 1.0) as f32
    }

    /// Segments `text` in search mode. Terms come sorted by position; overlapping terms (the
    /// sub-words search mode adds) share their start. ASCII compounds such as `deepseek-r1` also
    /// yield their parts (`deepseek`, `r1`), so either spelling finds the other.
    pub fn terms(&self, text: &str) -> Vec<Term> {
        let mut terms = Vec::new();
        self.segment_with(text, &mut Scratch::default(), |word, range| {
            terms.push(Term {
                text: word.to_string(),
                range,
            });
        });
        terms.sort_by(|a, b| {
            (a.range.start, a.range.end, &a.text).cmp(&(b.range.start, b.range.end, &b.text))
        });
        terms.dedup();
        terms
    }

    /// The one segmentation path: calls `emit(normalized word, byte range in text)` for every
    /// term of `text` in jieba's order (unsorted, possibly repeated), reusing `scratch`'s
    /// buffers so the indexing hot path allocates nothing per term.
    fn segment_with(
        &self,
        text: &str,
        scratch: &mut Scratch,
        mut emit: impl FnMut(&str, Range<usize>),
    ) {
        normalize_into(text, &mut scratch.normalized, &mut scratch.offsets);
        let offsets = &scratch.offsets;
        for token in self
            .jieba
            .tokenize(&scratch.normalized, TokenizeMode::Search, true)
        {
            if !is_word(token.word) {
                continue;
            }
            let parts = ascii_parts(token.word);
            if parts.len() > 1 {
                for (part, chars) in parts {
                    let from = &offsets[token.start..];
                    emit(part, from[chars.start]..from[chars.end]);
                }
            }
            emit(token.word, offsets[token.start]..offsets[token.end]);
        }
    }
}

/// Reusable buffers for [`Segmenter::segment_with`].
#[derive(Debug, Clone, Default)]
struct Scratch {
    normalized: String,
    offsets: Vec<usize>,
}

/// Alphanumeric runs of a word that mixes them with separators (`r1-zero` → `r1`, `zero`), with
/// character ranges relative to the word.
fn ascii_parts(word: &str) -> Vec<(&str, Range<usize>)> {
    if !word.chars().any(|c| c.is_ascii_punctuation()) {
        return Vec::new();
    }
    let mut parts = Vec::new();
    let mut start: Option<(usize, usize)> = None;
    let mut char_index = 0;
    for (byte, c) in word.char_indices() {
        let inside = c.is_alphanumeric();
        match (inside, start) {
            (true, None) => start = Some((byte, char_index)),
            (false, Some((b, ci))) => {
                parts.push((&word[b..byte], ci..char_index));
                start = None;
            }
            _ => {}
        }
        char_index += 1;
    }
    if let Some((b, ci)) = start {
        parts.push((&word[b..], ci..char_index));
    }
    parts
}

/// For terms sorted by position (as [`Segmenter::terms`] gives them), whether each one
/// straddles the seam between two sub-words that sit side by side: search mode yields 天天
/// inside 今天天气 (今天 | 天气) and 华人 inside 中华人民共和国 (中华 | 人民), words the text
/// never said. Sub-words that fit the word's parts (共和 in 共和国, 模型 in 大模型) do not
/// straddle anything.
pub fn straddles_a_seam(terms: &[Term]) -> Vec<bool> {
    // A seam is a byte position where one term ends and another starts. Indexed by position,
    // so each term only looks at the positions inside it: linear in the question's length.
    let mut earliest_start_ending_at: HashMap<usize, usize> = HashMap::new();
    let mut latest_end_starting_at: HashMap<usize, usize> = HashMap::new();
    for t in terms {
        let start = earliest_start_ending_at
            .entry(t.range.end)
            .or_insert(t.range.start);
        *start = (*start).min(t.range.start);
        let end = latest_end_starting_at
            .entry(t.range.start)
            .or_insert(t.range.end);
        *end = (*end).max(t.range.end);
    }
    terms
        .iter()
        .map(|t| {
            (t.range.start + 1..t.range.end).any(|seam| {
                earliest_start_ending_at
                    .get(&seam)
                    .is_some_and(|&start| start < t.range.start)
                    && latest_end_starting_at
                        .get(&seam)
                        .is_some_and(|&end| end > t.range.end)
            })
        })
        .collect()
}

/// A term has at least one letter or digit: punctuation, symbols and whitespace are not terms.
pub fn is_word(s: &str) -> bool {
    s.chars().any(|c| is_han(c) || c.is_alphanumeric())
}

/// A CJK ideograph (the unified blocks and the compatibility block): a letter without case,
/// recognized without a trip through Unicode's tables.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// Normalizes for matching: full-width ASCII → half-width, lowercase, traditional → simplified.
/// Maps each character to exactly one character and returns, for every character index of the
/// result (and one past the end), the byte offset of that character in `text`.
pub fn normalize(text: &str) -> (String, Vec<usize>) {
    let mut normalized = String::new();
    let mut offsets = Vec::new();
    normalize_into(text, &mut normalized, &mut offsets);
    (normalized, offsets)
}

/// [`normalize`] into reused buffers.
fn normalize_into(text: &str, normalized: &mut String, offsets: &mut Vec<usize>) {
    normalized.clear();
    offsets.clear();
    let mut traditional = false;
    for (i, c) in text.char_indices() {
        offsets.push(i);
        let folded = fold_char(c);
        normalized.push(folded);
        traditional |= may_simplify(folded);
    }
    offsets.push(text.len());
    // Most text is already simplified: convert (one character for one) only when some
    // character would change.
    if traditional {
        *normalized = fast2s::convert(normalized);
    }
}

/// Whether fast2s may change `c`: a bitmap over the Basic Multilingual Plane (fast2s converts
/// only three-byte characters), built once from fast2s itself. The characters it converts only
/// next to certain neighbours are listed by hand.
fn may_simplify(c: char) -> bool {
    static MAP: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let code = c as usize;
    if !(0x800..=0xffff).contains(&code) {
        return false;
    }
    let map = MAP.get_or_init(|| {
        let mut map = vec![0u64; 0x10000 / 64];
        let mut mark = |c: char| map[c as usize / 64] |= 1 << (c as usize % 64);
        for c in (0x800..=0xffff).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            if fast2s::convert(c.encode_utf8(&mut buf)).chars().ne([c]) {
                mark(c);
            }
        }
        "藉著苧闔鍾讎畫兒覆夥瞭麽幺於乾".chars().for_each(mark);
        map
    });
    map[code / 64] & (1 << (code % 64)) != 0
}

/// Normalizes a string where offsets do not matter (a speaker name, a dictionary word).
pub fn normalize_text(text: &str) -> String {
    normalize(text).0
}

fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if is_han(c) {
        return c;
    }
    let c = half_width(c);
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// A full-width form (Ａ, ？, the ideographic space) as its ASCII character; others unchanged.
pub fn half_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// The tantivy tokenizer: [`Segmenter::terms`] as a token stream.
///
/// Every passage of an answer repeats its host question, speaker and title, so the tokenizer
/// remembers its last few short inputs and reuses their tokens instead of segmenting again.
#[derive(Clone)]
pub struct JiebaTokenizer {
    segmenter: Arc<Segmenter>,
    /// Token buffers, reused: the first `live` are this input's, the rest keep their `String`
    /// capacity for the next one.
    tokens: Vec<Token>,
    live: usize,
    scratch: Scratch,
    recent: std::collections::VecDeque<(String, Vec<Token>)>,
}

/// Inputs up to this many bytes are remembered (questions, names, titles; not long passages).
const REMEMBER_BYTES: usize = 512;
const REMEMBERED: usize = 6;

impl JiebaTokenizer {
    pub fn new(segmenter: Arc<Segmenter>) -> JiebaTokenizer {
        JiebaTokenizer {
            segmenter,
            tokens: Vec::new(),
            live: 0,
            scratch: Scratch::default(),
            recent: std::collections::VecDeque::with_capacity(REMEMBERED),
        }
    }

    /// The same terms, in the same order, as [`Segmenter::terms`], written into reused
    /// token buffers.
    fn segment_into_tokens(&mut self, text: &str) {
        let tokens = &mut self.tokens;
        let mut live = 0;
        self.segmenter
            .segment_with(text, &mut self.scratch, |word, range| {
                if live == tokens.len() {
                    tokens.push(Token::default());
                }
                let token = &mut tokens[live];
                token.text.clear();
                token.text.push_str(word);
                token.offset_from = range.start;
                token.offset_to = range.end;
                token.position_length = 1;
                live += 1;
            });
        let found = &mut tokens[..live];
        found.sort_unstable_by(|a, b| {
            (a.offset_from, a.offset_to, &a.text).cmp(&(b.offset_from, b.offset_to, &b.text))
        });
        // Drop repeats in place (swapping keeps every String buffer for reuse).
        let mut kept = 0;
        for i in 0..live {
            let repeat = kept > 0 && {
                let (a, b) = (&found[kept - 1], &found[i]);
                (a.offset_from, a.offset_to, &a.text) == (b.offset_from, b.offset_to, &b.text)
            };
            if !repeat {
                found.swap(kept, i);
                found[kept].position = kept;
                kept += 1;
            }
        }
        self.live = kept;
    }
}

pub struct JiebaTokenStream<'a> {
    tokens: &'a mut [Token],
    index: usize,
}

impl Tokenizer for JiebaTokenizer {
    type TokenStream<'a> = JiebaTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> JiebaTokenStream<'a> {
        match self.recent.iter().position(|(seen, _)| seen == text) {
            Some(i) => {
                let remembered = &self.recent[i].1;
                self.live = remembered.len();
                if self.tokens.len() < self.live {
                    self.tokens.resize_with(self.live, Token::default);
                }
                for (to, from) in self.tokens.iter_mut().zip(remembered) {
                    to.clone_from(from);
                }
            }
            None => {
                self.segment_into_tokens(text);
                if text.len() <= REMEMBER_BYTES {
                    if self.recent.len() == REMEMBERED {
                        self.recent.pop_front();
                    }
                    self.recent
                        .push_back((text.to_string(), self.tokens[..self.live].to_vec()));
                }
            }
        }
        JiebaTokenStream {
            tokens: &mut self.tokens[..self.live],
            index: 0,
        }
    }
}

impl TokenStream for JiebaTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.index += 1;
        self.index <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    pub(crate) fn segmenter() -> &'static Segmenter {
        static SEG: OnceLock<Segmenter> = OnceLock::new();
        SEG.get_or_init(|| {
            Segmenter::new(include_str!("../config/userdict.txt")).expect("shipped dictionary")
        })
    }

    fn straddling(text: &str) -> Vec<String> {
        let terms = segmenter().terms(text);
        let flags = straddles_a_seam(&terms);
        terms
            .into_iter()
            .zip(flags)
            .filter_map(|(t, straddles)| straddles.then_some(t.text))
            .collect()
    }

    #[test]
    fn sub_words_across_a_seam_are_found_and_parts_are_not() {
        assert_eq!(straddling("今天天气怎么样"), ["天天"]);
        assert_eq!(straddling("强化学习"), ["化学"]);
        assert_eq!(straddling("清华大学"), ["华大"]);
        assert!(straddling("大模型").is_empty());
        assert!(straddling("DeepSeek-R1 为什么重要").is_empty());
        assert!(straddling("开源模型").is_empty());
    }

    #[test]
    fn the_base_dictionary_loads_every_word() {
        let jieba = base_jieba();
        assert!(jieba.has_word("我们") && jieba.has_word("人工智能"));
        // One word per line, no duplicates, and every one of them loaded.
        let lines = BASE_DICT.lines().filter(|l| !l.trim().is_empty()).count();
        assert_eq!(lines, 349_045);
        let words: std::collections::HashSet<&str> = BASE_DICT
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert_eq!(words.len(), lines);
        let missing: Vec<&&str> = words
            .iter()
            .filter(|w| !jieba.has_word(w))
            .take(5)
            .collect();
        assert!(missing.is_empty(), "not loaded: {missing:?}");
    }

    fn texts(input: &str) -> Vec<String> {
        segmenter()
            .terms(input)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn user_dictionary_keeps_names_and_terms_whole() {
        let terms = texts("吴翼和闵可锐谈 GRPO、思维链与 DeepSeek-R1");
        for word in [
            "吴翼",
            "闵可锐",
            "grpo",
            "思维链",
            "deepseek-r1",
            "deepseek",
            "r1",
        ] {
            assert!(
                terms.contains(&word.to_string()),
                "{word} missing in {terms:?}"
            );
        }
    }

    #[test]
    fn punctuation_and_whitespace_are_not_terms() {
        let terms = texts("「你好」，世界！ …… ——  \n");
        assert!(terms.iter().all(|t| is_word(t)), "{terms:?}");
    }

    #[test]
    fn full_width_and_traditional_are_folded() {
        let terms = texts("ＧＲＰＯ為什麼重要");
        assert!(terms.contains(&"grpo".to_string()), "{terms:?}");
        assert!(terms.contains(&"为什么".to_string()), "{terms:?}");
        // Characters fast2s converts only beside certain neighbours still get converted.
        for text in [
            "看著他",
            "憑藉計畫",
            "藉口",
            "乾隆",
            "民國二十六年「七七事變」",
        ] {
            assert_eq!(normalize_text(text), fast2s::convert(text), "{text}");
        }
        assert_eq!(normalize_text("强化学习"), "强化学习");
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "ＤｅｅｐＳｅｅｋ 的強化學習";
        for term in segmenter().terms(text) {
            let original = &text[term.range.clone()];
            assert_eq!(normalize_text(original), term.text);
        }
    }

    fn config(cases: u32, seed: u64) -> ProptestConfig {
        ProptestConfig {
            cases,
            rng_seed: proptest::test_runner::RngSeed::Fixed(seed),
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    }

    /// Text the tokenizer must survive: CJK (simplified and traditional), full-width forms,
    /// ASCII compounds, punctuation, controls, bidi and zero-width marks, combining marks,
    /// characters whose lowercase is longer (İ), astral emoji and ZWJ sequences.
    fn hostile_text(max: usize) -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => "[a-zA-Z0-9 \\-_.#+%&，。！？、「」ＡＢＣ１２３中文分词強化學習深度求索\u{200d}\u{202e}😀\u{0}-\u{ffff}]{1,8}",
            2 => proptest::sample::select(&[
                "DeepSeek-R1", "r1-zero", "GRPO", "C++", "a.b.c", "x_y", "--", "İstanbul",
                "ẞ", "e\u{301}", "\u{200f}\u{202e}", "\u{200b}\u{200c}\u{200d}", "👨‍👩‍👧‍👦", "🇨🇳",
                "\u{feff}", "\u{0}", "\r\n", "\t", "ﬁ", "Ⅻ", "①②", "𠀀𪚥", "\u{10ffff}",
                "（括号）", "《书名》", "……", "——",
            ][..]).prop_map(str::to_string),
            1 => any::<char>().prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..max).prop_map(|parts| parts.concat())
    }

    #[test]
    fn the_tantivy_tokenizer_repeats_itself_exactly() {
        let seg = Arc::new(Segmenter::new(include_str!("../config/userdict.txt")).unwrap());
        let mut tokenizer = JiebaTokenizer::new(seg);
        let mut collect = |text: &str| {
            let mut out = Vec::new();
            let mut stream = tokenizer.token_stream(text);
            while stream.advance() {
                out.push(stream.token().clone());
            }
            out
        };
        let first = collect("GRPO 为什么重要？");
        let other = collect("强化学习");
        assert_eq!(collect("GRPO 为什么重要？"), first);
        assert_eq!(collect("强化学习"), other);
        assert_ne!(first, other);
    }

    proptest! {
        #![proptest_config(config(256, 0x5e9_0001))]

        #[test]
        fn seams_are_found_as_by_checking_every_pair(text in hostile_text(64)) {
            let terms = segmenter().terms(&text);
            // The definition, pair by pair: a term ending inside `t` that began before it, and
            // a term starting where that one ends and reaching past `t`.
            let reference: Vec<bool> = terms
                .iter()
                .map(|t| {
                    terms.iter().any(|a| {
                        a.range.start < t.range.start
                            && a.range.end > t.range.start
                            && a.range.end < t.range.end
                            && terms
                                .iter()
                                .any(|b| b.range.start == a.range.end && b.range.end > t.range.end)
                    })
                })
                .collect();
            prop_assert_eq!(straddles_a_seam(&terms), reference);
        }

        #[test]
        fn never_panics_and_offsets_sit_on_char_boundaries(text in hostile_text(64)) {
            let terms = segmenter().terms(&text);
            let mut last = 0;
            for term in &terms {
                prop_assert!(term.range.end <= text.len());
                prop_assert!(text.is_char_boundary(term.range.start));
                prop_assert!(text.is_char_boundary(term.range.end));
                prop_assert!(term.range.start < term.range.end);
                prop_assert!(term.range.start >= last, "terms out of order: {terms:?}");
                last = term.range.start;
                prop_assert!(is_word(&term.text));
            }
            // The tantivy token stream over a segmenter without any dictionary (pure HMM) must
            // not panic either, and keeps its offsets on boundaries.
            let mut tokenizer = JiebaTokenizer::new(Arc::new(Segmenter {
                jieba: Jieba::empty(),
                domain: Default::default(),
                names: Default::default(),
                people: Default::default(),
            }));
            let mut stream = tokenizer.token_stream(&text);
            while stream.advance() {
                let token = stream.token();
                prop_assert!(text.is_char_boundary(token.offset_from));
                prop_assert!(text.is_char_boundary(token.offset_to));
            }
        }

        #[test]
        fn the_token_stream_is_exactly_the_terms(texts in proptest::collection::vec(hostile_text(48), 1..4)) {
            // One tokenizer over several inputs: reused buffers must never leak a previous
            // input's tokens.
            static SHARED: OnceLock<Arc<Segmenter>> = OnceLock::new();
            let seg = SHARED.get_or_init(|| {
                Arc::new(Segmenter::new(include_str!("../config/userdict.txt")).unwrap())
            });
            let mut tokenizer = JiebaTokenizer::new(Arc::clone(seg));
            for text in texts.iter().chain(texts.iter().rev()) {
                let want: Vec<(String, usize, usize, usize)> = seg
                    .terms(text)
                    .into_iter()
                    .enumerate()
                    .map(|(i, t)| (t.text, t.range.start, t.range.end, i))
                    .collect();
                let mut got = Vec::new();
                let mut stream = tokenizer.token_stream(text);
                while stream.advance() {
                    let t = stream.token();
                    got.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
                }
                prop_assert_eq!(got, want);
            }
        }

        #[test]
        fn skipping_simplified_text_changes_nothing(text in hostile_text(64)) {
            let folded: String = text.chars().map(fold_char).collect();
            prop_assert_eq!(normalize_text(&text), fast2s::convert(&folded));
        }

        #[test]
        fn normalize_maps_each_character_to_one(text in hostile_text(64)) {
            let (normalized, offsets) = normalize(&text);
            prop_assert_eq!(normalized.chars().count(), text.chars().count());
            prop_assert_eq!(offsets.len(), text.chars().count() + 1);
            prop_assert_eq!(offsets.last().copied(), Some(text.len()));
            prop_assert!(offsets.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn long_hostile_inputs_segment_in_bounded_time() {
        let inputs = [
            "(".repeat(2000) + "GRPO" + &")".repeat(2000),
            "field:* ".repeat(512),
            "\u{200d}".repeat(4096),
            "👨‍👩‍👧‍👦".repeat(600),
            "強化學習".repeat(1024),
            "a".repeat(4096),
            "a-".repeat(2048),
            "\u{0}".repeat(4096),
        ];
        for text in &inputs {
            let started = std::time::Instant::now();
            let terms = segmenter().terms(text);
            assert!(terms.iter().all(|t| text.is_char_boundary(t.range.start)));
            assert!(
                started.elapsed() < std::time::Duration::from_secs(2),
                "{:?}… took {:?}",
                text.chars().take(10).collect::<String>(),
                started.elapsed()
            );
        }
    }
}

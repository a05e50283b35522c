//! Answer composition: from a question to ranked, attributed, verbatim quotes.
//!
//! Owns: [`Engine`] (an open index plus the query analyzer — what a question is answered from),
//! quote selection (the sentence window that covers the matched terms best), and highlight spans.
//! A quote is a byte range of the stored passage, which is itself a byte range of the cleaned
//! article text, so every quote is verbatim by construction.
//!
//! Must not import: teloxide, tokio, rendering.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use crate::config::AnswerLimits;
use crate::corpus;
use crate::question;
use crate::search::{
    self, Analyzer, ArticleEntry, Hit, Manifest, QueryPlan, RankParams, ReadAs, SearchError,
    SearchIndex, StoredPassage,
};
use crate::segment;
use crate::speakers::{self, SpeakerNames};

/// An open index with everything needed to answer questions from it. Immutable: a reload builds
/// a new `Engine` and swaps the `Arc`.
#[derive(Debug)]
pub struct Engine {
    pub index: SearchIndex,
    pub analyzer: Arc<Analyzer>,
    pub manifest: Manifest,
    pub params: RankParams,
    pub limits: AnswerLimits,
    speakers: SpeakerNames,
    /// Each speaker with a role, and the words of that role (see
    /// [`Engine::without_roles_beside_names`]).
    role_words: Vec<(String, Vec<String>)>,
    /// The names in each of those roles that jieba splits into characters (see
    /// [`Engine::roles_as_names`]), in the order of `role_words`.
    role_names: Vec<Vec<String>>,
    /// Every speaker's name and roles, normalized, one per line (see
    /// [`Engine::lead_answers`]).
    who_is_who: String,
    /// The names of the speakers with a role, normalized, to find in a lead where it
    /// introduces them.
    speaker_names: Vec<String>,
    /// Every outlet of the corpus once (`source:`), for [`Engine::without_outlet`].
    outlets: Vec<String>,
}

/// What a question gets: the quotes, best first; empty when the corpus has no answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub query: String,
    pub answers: Vec<Answer>,
    /// Who the speakers are, when the question asks only that: one for 「方汉是谁？」, every
    /// speaker of the corpus for 「有哪些嘉宾？」.
    pub profiles: Vec<Profile>,
    /// The corpus's articles, when the question asks about them rather than about what they
    /// say: 「收录了哪些文章」, 「原文链接」 (see [`question::asks_about_sources`]).
    pub articles: Vec<ArticleEntry>,
    /// What the listed articles speak of, when the question asked for the articles about
    /// something (「有哪些讲 DeepSeek 的文章」, see [`question::articles_about`]); `articles` is
    /// empty when none does.
    pub about: Option<String>,
    /// The question was longer than this many characters and only they were read.
    pub cut_at: Option<usize>,
    /// The one sentence of a longer message that the answers answer, when the message as a
    /// whole found nothing (see [`question::asking_sentences`]).
    pub answered: Option<String>,
    /// Speakers the question names who say nothing that answers it, when others do: the
    /// answers are someone else's words, and the reply must say so.
    pub unheard: Vec<String>,
    /// Words of the question that the corpus lacks and that were read as the corpus word
    /// that sounds the same (幻放 → 幻方): the reply says so.
    pub read_as: Vec<ReadAs>,
    /// When nothing answers: the question's words that the corpus never uses (营收 in
    /// 「昆仑万维和秘塔谁的营收更高」), so the refusal can say why.
    pub unmentioned: Vec<String>,
    /// When nothing answers for a word the corpus never uses: the things the question names
    /// that the corpus does hold (R1 in 「R1 的营收是多少」), to ask about alone instead.
    pub try_instead: Vec<String>,
    /// When nothing answers a question asking which one of a kind (哪所学校) because the best
    /// passage only counts it (「一所名校」): where, so the refusal can say the corpus never
    /// names it.
    pub unnamed: Option<Unnamed>,
    /// In a conversation: the pronoun of a follow-up (「他怎么看蒸馏」) and the speaker it was
    /// read as, the one the last reply was about; the reply says so.
    pub referent: Option<Referent>,
    /// In a conversation: the question a bare 「那方汉呢？」 was read as, the last one asked
    /// again of that speaker; the reply says so.
    pub follows: Option<String>,
    /// With answers: the speakers the question names, whose words come first; other
    /// speakers' quotes after theirs are marked as such.
    pub named: Vec<String>,
}

/// Where the corpus counts a thing without naming it: 「一所名校」, for 「……是哪所学校」.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unnamed {
    /// The words that count it, as the article writes them (一所名校).
    pub mention: String,
    /// Who says them; none for the article's lead.
    pub speaker: Option<String>,
    /// The article's title.
    pub title: String,
    /// What the question asked (哪一所, 哪几家).
    pub which: String,
}

/// A follow-up's pronoun and the speaker it was read as.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Referent {
    /// As typed: 他, 她, he, her ….
    pub typed: String,
    pub speaker: String,
}

/// What a chat remembers from one reply to the next: the person a follow-up's 他 or 她
/// means, and the last question answered, which 「那方汉呢？」 asks again of another speaker.
/// Front ends that hold a conversation (the bot, `fangtan chat`) keep one for each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conversation {
    about: Option<String>,
    /// The last question that got answers or profiles, as asked, with the speakers it named.
    last: Option<(String, Vec<String>)>,
}

impl Conversation {
    /// Asks `question` as the next turn: a pronoun in a question that names no one means the
    /// person the last reply was about. Then remembers whom this reply is about: the one
    /// speaker its question names, else the one speaker whose profile it shows or who says
    /// every quote. Several people (named, profiled or quoted), or a person the question names
    /// who is no speaker (梁文锋), leave no one; a reply with nothing in it keeps the last.
    pub fn ask(
        &mut self,
        engine: &Engine,
        question: &str,
        top: usize,
    ) -> Result<Reply, SearchError> {
        let reply = match self.carried_over(engine, question) {
            Some(asked) => {
                let mut reply = engine.ask(&asked, top)?;
                // What was cut is the earlier question, which the note shows; not this one.
                reply.cut_at = None;
                reply.follows = Some(asked);
                reply
            }
            None => engine.ask_following(question, top, self.about.as_deref())?,
        };
        let (mut named, others) = engine.people_in(&reply.query);
        // The search also reads roles and 主持人 as names (「昆仑万维的 CEO」 is 方汉).
        if !reply.named.is_empty() {
            named = reply.named.clone();
        }
        if !reply.answers.is_empty() || reply.profiles.len() == 1 {
            self.last = Some((reply.query.clone(), named.clone()));
        }
        let profiled: Vec<&str> = reply.profiles.iter().map(|p| p.name.as_str()).collect();
        let mut quoted: Vec<&str> = reply
            .answers
            .iter()
            .filter(|a| !a.passage.lead)
            .map(|a| a.passage.speaker.as_str())
            .collect();
        quoted.dedup();
        self.about = match (
            named.as_slice(),
            others,
            profiled.as_slice(),
            quoted.as_slice(),
        ) {
            ([one], _, _, _) => Some(one.clone()),
            ([], false, [one], _) | ([], false, [], [one]) => Some(one.to_string()),
            ([], false, [], []) => self.about.take(),
            _ => None,
        };
        Ok(reply)
    }

    /// The person a pronoun in the next question would mean.
    pub fn about(&self) -> Option<&str> {
        self.about.as_deref()
    }

    /// The last question asked again of the one speaker `question` names and nothing else
    /// (「那方汉呢？」, 「吴翼的看法呢」): 「吴翼怎么看思维链？」 becomes 「方汉怎么看思维链？」, and a
    /// question that named no one, 「GRPO 为什么重要？」, becomes 「方汉怎么看「GRPO 为什么重要？」」.
    fn carried_over(&self, engine: &Engine, question: &str) -> Option<String> {
        let (last, last_named) = self.last.as_ref()?;
        let (named, rest) = engine.speakers_in(question);
        if named.is_empty() {
            return self.topic_carried_over(engine, question);
        }
        let [name] = named.as_slice() else {
            return None;
        };
        if !question::only_names_someone(&rest) {
            return None;
        }
        match last_named.as_slice() {
            [old] if old != name && last.contains(old.as_str()) => {
                Some(last.replacen(old, name, 1))
            }
            [] => Some(format!("{name}怎么看「{last}」")),
            _ => None,
        }
    }

    /// A bare 「那开源呢？」 after a question of one speaker's (「方汉怎么看蒸馏？」) asks it of
    /// them: 「方汉：那开源呢？」. The question stays as typed, so what it asks about must still
    /// be in the corpus (a follow-up's 呢 is read as a yes/no question's 吗).
    fn topic_carried_over(&self, engine: &Engine, question: &str) -> Option<String> {
        let (_, last_named) = self.last.as_ref()?;
        let [name] = last_named.as_slice() else {
            return None;
        };
        let bare = question
            .trim()
            .trim_end_matches(['？', '?', '。', '！', '!']);
        let topic = bare.strip_prefix('那')?.strip_suffix('呢')?.trim();
        let (_, others) = engine.people_in(question);
        let pointed = !engine.pronouns_in(question).is_empty();
        (!topic.is_empty() && !others && !pointed).then(|| format!("{name}：{}", question.trim()))
    }
}

/// What a search found: the hits, the speakers the question names, and the words it read as
/// others.
struct Found {
    hits: Vec<Hit>,
    named: Vec<String>,
    /// The question named them only by their role (「青界智能……」 for its founder): a reply
    /// that quotes others does not say they were not heard.
    named_by_role: bool,
    read_as: Vec<ReadAs>,
    /// When there are no hits: the question's words no passage holds.
    unmentioned: Vec<String>,
    /// When there are no hits: the things it names that passages do hold.
    held_names: Vec<String>,
    /// When there are no hits: where the best passage counts what the question asks which
    /// one of without naming it.
    unnamed: Option<Unnamed>,
}

impl Reply {
    /// A reply to `query` (as it was read) with nothing in it yet.
    pub fn to(query: &str) -> Reply {
        Reply {
            query: query.to_string(),
            answers: Vec::new(),
            profiles: Vec::new(),
            articles: Vec::new(),
            about: None,
            cut_at: None,
            answered: None,
            unheard: Vec::new(),
            read_as: Vec::new(),
            unmentioned: Vec::new(),
            try_instead: Vec::new(),
            unnamed: None,
            referent: None,
            follows: None,
            named: Vec::new(),
        }
    }
}

/// A speaker as the corpus introduces them: the answer to 「方汉是谁？」, from front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub name: String,
    /// The role the latest of their articles gives them (articles are dated `YYYY-MM-DD`).
    pub role: Option<String>,
    /// The articles they speak in, in corpus order.
    pub articles: Vec<ArticleEntry>,
    /// They host (ask the questions in) at least one of those articles.
    pub hosts: bool,
    /// They never speak in those articles: others relay their words (see
    /// [`crate::search::ArticleEntry::relayed`]).
    pub relayed: bool,
    /// For a profile asked for alone: the host questions they answer, first few, in article
    /// order; what to ask them about.
    pub questions: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Answer {
    pub passage: StoredPassage,
    pub quote: Quote,
    pub score: f32,
}

/// A span of a passage, with the matched terms inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Byte range in the passage text.
    pub range: Range<usize>,
    /// Byte ranges (in the passage text, inside `range`) of matched terms; sorted, disjoint.
    pub highlights: Vec<Range<usize>>,
    pub cut_before: bool,
    pub cut_after: bool,
}

pub const ELLIPSIS: &str = "…";

/// A speaker's profile lists at most this many of the host questions they answer.
const PROFILE_QUESTIONS: usize = 5;

impl Engine {
    pub fn new(
        index: SearchIndex,
        analyzer: Arc<Analyzer>,
        manifest: Manifest,
        limits: AnswerLimits,
    ) -> Engine {
        let speakers = SpeakerNames::new(manifest.speakers())
            .with_forms(manifest.forms_of_address())
            .with_roles(|name| latest_role(&manifest.articles, name).cloned());
        let (role_words, role_names): (Vec<_>, Vec<_>) = manifest
            .speakers()
            .into_iter()
            .filter_map(|name| {
                let role = latest_role(&manifest.articles, &name)?;
                let terms = analyzer.segmenter.terms(role);
                let names = runs_of_single_characters(role, &terms);
                Some(((name, role_words(&terms)), names))
            })
            .unzip();
        let who_is_who = manifest
            .articles
            .iter()
            .flat_map(|a| a.speakers.iter().chain(a.roles.values()))
            .map(|words| segment::normalize_text(words) + "\n")
            .collect();
        let speaker_names = role_words
            .iter()
            .map(|(name, _)| segment::normalize_text(name))
            .collect();
        let mut outlets: Vec<String> = manifest
            .articles
            .iter()
            .filter_map(|a| a.source.clone())
            .collect();
        outlets.sort_unstable();
        outlets.dedup();
        Engine {
            index,
            analyzer,
            manifest,
            speaker_names,
            outlets,
            params: RankParams::default(),
            limits,
            speakers,
            role_words,
            role_names,
            who_is_who,
        }
    }

    /// Answers `question` with at most `top` quotes, or with who a speaker is when that is
    /// all it asks.
    pub fn ask(&self, question: &str, top: usize) -> Result<Reply, SearchError> {
        let whole = question.trim();
        let question = cap_chars(whole, self.limits.max_question_chars);
        let mut reply = Reply::to(question);
        reply.cut_at = (question.len() < whole.len()).then_some(self.limits.max_question_chars);
        if question::is_small_talk(question) || question::is_thanks(question) {
            return Ok(reply);
        }
        reply.profiles = self.profiles_asked(question)?;
        if !reply.profiles.is_empty() {
            return Ok(reply);
        }
        // Like who-questions, a question about the articles (or for a summary) is a few words.
        let normalized = segment::normalize_text(question);
        if question.chars().count() <= WHO_QUESTION_CHARS
            && (question::asks_about_sources(&normalized)
                || question::asks_for_summary(&normalized))
        {
            reply.articles = self.manifest.articles.clone();
            return Ok(reply);
        }
        if let Some(topic) = question::articles_about(&normalized)
            .filter(|_| question.chars().count() <= WHO_QUESTION_CHARS)
        {
            reply.articles = self.articles_about(&topic)?;
            reply.about = Some(as_typed(question, &topic));
            return Ok(reply);
        }
        // Every hit that passes, not only `top`: a named speaker whose words rank below the
        // cut still speaks on it (「方汉和吴翼怎么看强化学习」 asked for one quote).
        let all = search::CANDIDATES.max(top);
        let Found {
            mut hits,
            mut named,
            mut named_by_role,
            mut read_as,
            unmentioned,
            held_names,
            unnamed,
        } = self.search(question, all)?;
        if hits.is_empty() {
            // A pasted paragraph's background drowns its question: ask its questions alone.
            for sentence in question::asking_sentences(whole)
                .into_iter()
                .take(ASKING_SENTENCES)
            {
                Found {
                    hits,
                    named,
                    named_by_role,
                    read_as,
                    ..
                } = self.search(sentence, all)?;
                if !hits.is_empty() {
                    reply.answered = Some(sentence.to_string());
                    reply.cut_at = None;
                    break;
                }
            }
        }
        if hits.is_empty() {
            reply.unmentioned = unmentioned
                .iter()
                .map(|word| as_typed(whole, word))
                .collect();
            reply.try_instead = held_names
                .iter()
                .map(|word| as_typed(whole, word))
                .collect();
            reply.unnamed = unnamed;
        } else {
            reply.read_as = read_as;
            let asked = question::asks_what_was_asked(&normalized);
            reply.named = named.clone();
            reply.unheard = named
                .into_iter()
                .filter(|name| {
                    !named_by_role && !hits.iter().any(|hit| self.heard_in(name, hit, asked))
                })
                .collect();
            if !reply.named.is_empty() {
                self.keep_their_conversations(&mut hits, &reply.named);
            }
        }
        reply.answers = in_reading_order(self.shown(hits, top)?)
            .into_iter()
            .map(|shown| answer_from(&self.analyzer, shown, self.limits.max_quote_chars))
            .collect();
        Ok(reply)
    }

    /// The first `top` hits as a reply shows them: a passage that picks up from the one before
    /// it in the same answer opens with that one (see [`Engine::context_of`]), unless it is
    /// shown already; a hit shown that way as context is not shown again on its own.
    fn shown(&self, hits: Vec<Hit>, top: usize) -> Result<Vec<Shown>, SearchError> {
        let mut out: Vec<Shown> = Vec::with_capacity(top);
        for hit in hits {
            if out.len() == top {
                break;
            }
            if out.iter().any(|shown| shown.shows(&hit.passage.id)) {
                continue;
            }
            let context = self
                .context_of(&hit.passage)?
                .filter(|before| !out.iter().any(|shown| shown.shows(&before.id)));
            out.push(Shown { hit, context });
        }
        Ok(out)
    }

    /// The passage before `passage` in the same answer, when `passage` refers back to it
    /// (「更麻烦的是回款」, 「这两件事做下来」, 「第二，」) and only a paragraph break lies
    /// between them, so that both together are still one verbatim span of the article.
    fn context_of(&self, passage: &StoredPassage) -> Result<Option<StoredPassage>, SearchError> {
        if passage.in_turn == 0 || !refers_back(&passage.text) {
            return Ok(None);
        }
        let Some(id) = previous_id(&passage.id) else {
            return Ok(None);
        };
        let Some(before) = self.index.passage(&id)? else {
            return Ok(None);
        };
        let same_answer = before.in_turn + 1 == passage.in_turn
            && before.speaker == passage.speaker
            && before.question == passage.question
            && before.article.path == passage.article.path;
        let adjacent = before.start + before.text.len() + PARAGRAPH_BREAK.len() == passage.start;
        Ok((same_answer && adjacent).then_some(before))
    }

    /// [`Self::ask`] as the next turn of a conversation about the speaker `about`: a person
    /// pronoun (他, 她, he, her …; [`question::PERSON_PRONOUNS`]) outside quotation marks, in
    /// a question that names no one itself, stands for them, and the reply says so
    /// ([`Reply::referent`]).
    pub fn ask_following(
        &self,
        question: &str,
        top: usize,
        about: Option<&str>,
    ) -> Result<Reply, SearchError> {
        let pronouns = match about {
            Some(_) if question.chars().count() <= self.limits.max_question_chars => {
                self.pronouns_in(question)
            }
            _ => Vec::new(),
        };
        let (Some(name), Some(first)) = (about, pronouns.first()) else {
            return self.ask(question, top);
        };
        let (named, others) = self.people_in(question);
        if !named.is_empty() || others {
            return self.ask(question, top);
        }
        let mut asked = String::with_capacity(question.len() + name.len());
        let mut at = 0;
        for range in &pronouns {
            asked.push_str(&question[at..range.start]);
            asked.push_str(name);
            at = range.end;
        }
        asked.push_str(&question[at..]);
        let mut reply = self.ask(&asked, top)?;
        reply.referent = Some(Referent {
            typed: question[first.clone()].to_string(),
            speaker: name.to_string(),
        });
        Ok(reply)
    }

    /// Where `question` points back at a person: the words of [`question::PERSON_PRONOUNS`]
    /// as jieba segments it, and [`question::POINTING_PHRASES`] (这位嘉宾) where no word runs
    /// across them, outside quotation marks; also 他 or 她 opening a longer word (他举 of
    /// 「他举了什么例子」, 他用, 他家), but not 他们, 他人, 他乡 and the like.
    fn pronouns_in(&self, question: &str) -> Vec<Range<usize>> {
        // Words that open with 他 or 她 and are no pronoun for one person.
        const NOT_ONE_PERSON: [&str; 16] = [
            "他们", "她们", "他人", "她人", "他者", "他乡", "他处", "他方", "他年", "他日", "他国",
            "他山", "他杀", "他妈", "他娘", "他俩",
        ];
        let segmenter = &self.analyzer.segmenter;
        let terms = segmenter.terms(question);
        let quoted = question::quoted_ranges(question);
        // The one-character word after `end`, when nothing longer starts there: 日 of 他日
        // when jieba splits 他|日 (it does, though 他日 is in its dictionary).
        let single_after = |end: usize| {
            let mut starting = terms.iter().filter(|t| t.range.start == end);
            match (starting.next(), starting.next()) {
                (Some(t), None) if t.text.chars().count() == 1 => Some(t.text.as_str()),
                _ => None,
            }
        };
        let pronoun = |term: &segment::Term| {
            let word = term.text.as_str();
            if question::PERSON_PRONOUNS.contains(&word) {
                let joined = single_after(term.range.end).map(|next| format!("{word}{next}"));
                let not_one = joined.is_some_and(|w| NOT_ONE_PERSON.contains(&w.as_str()));
                return (!not_one).then(|| term.range.clone());
            }
            // Glued to what follows (他举, 他用过): the pronoun is its first character.
            let head = word.chars().next().filter(|c| matches!(c, '他' | '她'))?;
            let not_one = NOT_ONE_PERSON
                .iter()
                .any(|w| word.starts_with(w) || word.starts_with(&w.replace('他', "她")));
            (!not_one).then(|| term.range.start..term.range.start + head.len_utf8())
        };
        // A phrase is whole only where no word runs across its edges: not 这个人 of 这个人工智能.
        let whole = |r: &Range<usize>| {
            !terms.iter().any(|t| {
                (t.range.start < r.start && r.start < t.range.end)
                    || (t.range.start < r.end && r.end < t.range.end)
            })
        };
        let phrases = question::pointing_phrases(question)
            .into_iter()
            .filter(whole);
        let mut found: Vec<Range<usize>> = terms
            .iter()
            .filter_map(pronoun)
            .chain(phrases)
            .filter(|r| !quoted.iter().any(|q| q.start <= r.start && r.end <= q.end))
            .collect();
        found.sort_by_key(|r| r.start);
        found.dedup();
        found
    }

    /// The speakers `question` names, in its order, and the question normalized with their
    /// names blanked out.
    pub fn speakers_in(&self, question: &str) -> (Vec<String>, String) {
        self.speakers
            .find(question, &|w| self.analyzer.segmenter.knows(w))
    }

    /// The speakers `question` names, in its order, and whether it also names a person who is
    /// none of them (梁文锋, 奥特曼: a user-dictionary word tagged `nr`).
    pub fn people_in(&self, question: &str) -> (Vec<String>, bool) {
        let segmenter = &self.analyzer.segmenter;
        let (named, rest) = self.speakers_in(question);
        let others = segmenter
            .terms(&rest)
            .iter()
            .any(|t| segmenter.is_person(&t.text));
        (named, others)
    }

    /// The articles with a passage that answers `topic`, in corpus order.
    fn articles_about(&self, topic: &str) -> Result<Vec<ArticleEntry>, SearchError> {
        let hits = self.search(topic, search::CANDIDATES)?.hits;
        Ok(self
            .manifest
            .articles
            .iter()
            .filter(|a| hits.iter().any(|h| h.passage.article.path == a.path))
            .cloned()
            .collect())
    }

    /// Whether `hit` shows what `name` said: their passage, or, when the question asks what
    /// was `asked`, the host's turn it answers when they host its article (the card shows that
    /// turn). 「张鹏怎么评价 GRPO」 is not answered by a guest's answer to another of his
    /// questions.
    /// A question that names speakers hears, besides them, only the others in their
    /// conversations (the rest of the panel on 「闵可锐怎么看开源」): what someone in another
    /// article said is no answer to 「周亦凡是哪个大学毕业的」, nor more of one to 「祁岚给年轻人
    /// 什么建议」.
    fn keep_their_conversations(&self, hits: &mut Vec<Hit>, named: &[String]) {
        let theirs: Vec<&str> = self
            .manifest
            .articles
            .iter()
            .filter(|a| a.speakers.iter().any(|s| named.contains(s)))
            .map(|a| a.path.as_str())
            .collect();
        hits.retain(|hit| theirs.contains(&hit.passage.article.path.as_str()));
    }

    fn heard_in(&self, name: &str, hit: &Hit, asked: bool) -> bool {
        let p = &hit.passage;
        p.speaker == name
            || (asked
                && p.question.is_some()
                && self
                    .manifest
                    .articles
                    .iter()
                    .any(|a| a.path == p.article.path && a.host.as_deref() == Some(name)))
    }

    /// The profiles `question` asks for: of the one speaker it names if it asks only who they
    /// are, of every speaker if it asks who speaks in the corpus; else none.
    fn profiles_asked(&self, question: &str) -> Result<Vec<Profile>, SearchError> {
        // Who-questions are a name and a few words; longer questions skip a second pass over
        // every speaker name (the search does one).
        if question.chars().count() > WHO_QUESTION_CHARS {
            return Ok(Vec::new());
        }
        let (named, rest) = self
            .speakers
            .find(question, &|w| self.analyzer.segmenter.knows(w));
        Ok(match named.as_slice() {
            [name] if speakers::asks_who(&rest) => {
                let mut profile = self.profile(name);
                profile.questions = self.index.questions_answered_by(name, PROFILE_QUESTIONS)?;
                vec![profile]
            }
            [] if speakers::asks_who_speaks(&rest) => self
                .manifest
                .speakers()
                .iter()
                .map(|name| self.profile(name))
                .collect(),
            [] => match speakers::who_holds(&rest) {
                Some(held) => self
                    .holders(&held)
                    .iter()
                    .map(|name| self.profile(name))
                    .collect(),
                None => Vec::new(),
            },
            _ => Vec::new(),
        })
    }

    /// The speakers who host, or whose role holds the role's words, in name order.
    fn holders(&self, held: &speakers::Holder) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for article in &self.manifest.articles {
            let found: Vec<&String> = match held {
                speakers::Holder::Host => article.host.iter().collect(),
                speakers::Holder::Role(words) => {
                    let spellings = self.role_spellings(words);
                    article
                        .roles
                        .iter()
                        .filter(|(_, role)| {
                            let role = segment::normalize_text(role);
                            spellings.iter().any(|w| speakers::role_holds(&role, w))
                        })
                        .map(|(name, _)| name)
                        .collect()
                }
            };
            names.extend(found.into_iter().cloned());
        }
        names.sort();
        names.dedup();
        names
    }

    /// A role as asked, and as the synonyms file spells its English title otherwise (cfo →
    /// 财务总监: 「聆岸听力 CFO 是谁」 asks for the role the article gives as 财务总监).
    fn role_spellings(&self, asked: &str) -> Vec<String> {
        let mut spellings = vec![asked.to_string()];
        for range in speakers::letter_words(asked) {
            let word = &asked[range.clone()];
            for synonym in self.analyzer.synonyms_of(word) {
                spellings.push(format!(
                    "{}{synonym}{}",
                    &asked[..range.start],
                    &asked[range.end..]
                ));
            }
        }
        spellings
    }

    fn profile(&self, name: &str) -> Profile {
        let articles: Vec<ArticleEntry> = self
            .manifest
            .articles
            .iter()
            .filter(|a| a.speakers.iter().any(|s| s == name))
            .cloned()
            .collect();
        // 主持人 or 受访者 in two articles are two people: neither article's role is theirs.
        let role = match corpus::names_a_part(name) && articles.len() > 1 {
            true => None,
            false => latest_role(&articles, name).cloned(),
        };
        let hosts = articles.iter().any(|a| a.host.as_deref() == Some(name));
        let relayed = articles.iter().all(|a| a.relayed.iter().any(|r| r == name));
        Profile {
            name: name.to_string(),
            role,
            articles,
            hosts,
            relayed,
            questions: Vec::new(),
        }
    }

    /// The passages that answer `question`, best first, before quote selection: at most `top`.
    pub fn hits(&self, question: &str, top: usize) -> Result<Vec<Hit>, SearchError> {
        Ok(self.search(question, top)?.hits)
    }

    /// [`Self::hits`], the speakers the question names, and the words it read as others.
    /// When nothing answers, a word typed as its homophone (幻放 for 幻方) is read as the
    /// corpus word and the question asked again ([`SearchIndex::with_homophones`]).
    fn search(&self, question: &str, top: usize) -> Result<Found, SearchError> {
        let question = cap_chars(question.trim(), self.limits.max_question_chars);
        let (question, outlet) = self.without_outlet(question);
        let hosted = self.host_as_name(&question);
        let named = self.roles_as_names(&hosted);
        // 「青界智能去年出货多少台」 read as asking 覃岳: a figure of the company may be the lead's.
        let by_role = matches!(named, std::borrow::Cow::Owned(_));
        let question = self.without_roles_beside_names(&named);
        let plan = self.analyzer.analyze(&question, &self.speakers);
        tracing::debug!(terms = ?plan.terms, speakers = ?plan.speakers, "question read");
        let normalized = segment::normalize_text(&question);
        let people = people_named(&self.analyzer, &plan, &normalized);
        tracing::debug!(?people, "people named");
        let asked = question::asks_what_was_asked(&normalized);
        let who_said = question::asks_who_said(&normalized);
        let search = |plan: &QueryPlan| {
            let admits = |hit: &Hit| {
                let checks: [(&str, &dyn Fn() -> bool); 9] = [
                    ("another outlet", &|| {
                        outlet.is_none_or(|source| {
                            hit.passage.article.source.as_deref() == Some(source)
                        })
                    }),
                    ("a lead that does not answer", &|| {
                        !hit.passage.lead || self.lead_answers(plan, by_role, hit)
                    }),
                    ("a host turn that does not answer", &|| {
                        !hit.passage.host_turn || self.host_answers(plan, asked, who_said, hit)
                    }),
                    ("does not state what is asked", &|| {
                        states_what_is_asked(plan, hit)
                    }),
                    ("gives no name", &|| {
                        !plan.asks_a_name || gives_a_name(plan, hit)
                    }),
                    ("names no figure asked", &|| {
                        names_the_figure_asked(plan, hit)
                    }),
                    ("makes no comparison", &|| {
                        makes_the_comparison(&self.analyzer, plan, hit)
                    }),
                    ("lacks the subject", &|| {
                        holds_the_subject(&self.analyzer, plan, hit)
                    }),
                    ("leaves out the person asked about", &|| {
                        !from_an_interview(&hit.passage)
                            || people.iter().all(|name| speaks_of(&hit.passage, name))
                    }),
                ];
                match checks.iter().find(|(_, passes)| !passes()) {
                    None => true,
                    Some((why, _)) => {
                        tracing::debug!(passage = %hit.passage.id, why, "candidate left out");
                        false
                    }
                }
            };
            self.index
                .search(&self.analyzer, plan, top, &self.params, &admits)
        };
        let mut hits = search(&plan)?;
        if plan.speakers.len() == 1 && asks_or_gives_a_value(&plan) {
            lead_first(&mut hits);
        }
        if !by_role && plan.counted_in == Some(question::AGE) {
            keep_ages_of(&plan.speakers, &mut hits, &|path| {
                self.called_in(path, &plan.speakers)
            });
        }
        let unnamed = unnamed_in(&plan, &mut hits);
        if hits.is_empty() && unnamed.is_none() && !self.params.plain {
            if let Some((fixed, read_as)) = self.index.with_homophones(&self.analyzer, &plan)? {
                // A guess must fit the whole question: every word of it, the guessed one
                // included, in the passage or its host question. A measure word left of a
                // question word (张 of 几张) is not one: 「幻方有万卡」 answers 「幻放有几张卡」.
                let words = content_words(&fixed);
                let mut hits: Vec<Hit> = search(&fixed)?
                    .into_iter()
                    .filter(|hit| hit.matched_words >= words)
                    .collect();
                let unnamed = unnamed_in(&fixed, &mut hits);
                if !hits.is_empty() || unnamed.is_some() {
                    return Ok(Found {
                        hits,
                        named: fixed.speakers,
                        named_by_role: by_role,
                        read_as,
                        unmentioned: Vec::new(),
                        held_names: Vec::new(),
                        unnamed,
                    });
                }
            }
        }
        let unmentioned = match hits.is_empty() && unnamed.is_none() && !self.params.plain {
            true => self.index.unmentioned(&self.analyzer, &plan)?,
            false => Vec::new(),
        };
        let held_names = match unmentioned.is_empty() {
            true => Vec::new(),
            false => names_besides(&plan, &unmentioned),
        };
        Ok(Found {
            hits,
            named: plan.speakers,
            named_by_role: by_role,
            read_as: Vec::new(),
            unmentioned,
            held_names,
            unnamed,
        })
    }

    /// Whether a host's turn answers: only a question that names the host or asks who said
    /// something (「……这话谁说的」), and a turn that is nothing but questions only when the
    /// question asks what was asked (「张鹏怎么看 R1」 is not answered by his 「有哪些创新让你们
    /// 印象比较深刻？」).
    fn host_answers(&self, plan: &QueryPlan, asked: bool, who_said: bool, turn: &Hit) -> bool {
        let named = who_said || plan.speakers.contains(&turn.passage.speaker);
        // A host who states a fact asked for (「今天我们在樾溪村的文化礼堂录这期圆桌」, a press
        // conference's opening) answers it, when the turn asks nothing.
        let states = plan.demands.is_some_and(|kind| {
            let text = &turn.passage.text;
            !text.contains(['？', '?']) || states_outside_questions(text, kind, plan.counted_in)
        });
        (named || states) && (asked || !only_questions(&turn.passage.text))
    }

    /// Whether an article's lead answers. It introduces the panel (「秘塔科技 CEO 闵可锐」), so
    /// it answers a question that names a speaker only with what it says of them
    /// ([`Self::lead_tells_of`]) — or a date or a figure asked of a speaker's company, which
    /// the question named (`by_role`: 「青界智能去年出货多少台」 read as asking 覃岳) — and its
    /// speakers' names and role words in the sentence introducing them are no evidence: without
    /// them it must still hold [`LEAD_COVERAGE`] of the question's weight (「昆仑万维接入
    /// DeepSeek 了吗」 is not answered by the panel's list).
    fn lead_answers(&self, plan: &QueryPlan, by_role: bool, lead: &Hit) -> bool {
        let the_company_asked = by_role && asks_or_gives_a_value(plan);
        if !plan.speakers.is_empty() && !the_company_asked {
            return self.lead_tells_of(plan, lead);
        }
        let text = segment::normalize_text(&lead.passage.text);
        let weight = weight_by_word(plan, lead);
        let words = weight.len();
        let mut topical = vec![false; words];
        let mut neutral = vec![false; words];
        // Found only when a role word needs them: most questions hold none.
        let mut introductions: Option<Vec<Range<usize>>> = None;
        // Asked a value (「沅和大药房一共多少家店」), the company's name outside the introductions,
        // in a sentence that states a value of that kind, is the lead speaking of the company:
        // «沅和大药房……共有直营门店312家».
        let mut valued: Option<Vec<Range<usize>>> = None;
        let value_sentences = || match plan.demands {
            Some(kind) => sentences(&text)
                .into_iter()
                .filter(|r| question::states(&text[r.clone()], kind, plan.counted_in))
                .collect(),
            None => Vec::new(),
        };
        for (term, &group) in plan.terms.iter().zip(&plan.groups) {
            let role = self.names_or_describes_a_speaker(term);
            topical[group] |= text.contains(term.as_str()) && !role;
            if role && text.contains(term.as_str()) {
                let introductions =
                    introductions.get_or_insert_with(|| self.introductions_in(&text));
                let outside: Vec<usize> = text
                    .match_indices(term.as_str())
                    .map(|(at, _)| at)
                    .filter(|at| !introductions.iter().any(|r| r.contains(at)))
                    .collect();
                let valued = valued.get_or_insert_with(value_sentences);
                topical[group] |= outside
                    .iter()
                    .any(|at| valued.iter().any(|r| r.contains(at)));
                neutral[group] |= !outside.is_empty();
            }
        }
        let counted = |g: usize| !neutral[g] || topical[g];
        let total: f32 = (0..words).filter(|&g| counted(g)).map(|g| weight[g]).sum();
        let held: f32 = (0..words)
            .filter(|&g| counted(g) && topical[g])
            .map(|g| weight[g])
            .sum();
        total > 0.0 && held >= LEAD_COVERAGE * total
    }

    /// Whether the lead states what a question asks of the speakers it names: its sentences
    /// that name them hold [`LEAD_COVERAGE`] of the question's weight — and a value of the
    /// kind asked, when it asks one («聂远航，1981 年生于湖南衡阳» for 「聂远航是哪年出生的」;
    /// there a word of their role is evidence, not introduction: 队长 of «2018年起担任队长» for
    /// 「郝队长是哪年开始当队长的」), else without their role words («开店前在银行做了五年柜员»
    /// for 「解晴开店前在哪上班」).
    fn lead_tells_of(&self, plan: &QueryPlan, lead: &Hit) -> bool {
        let text = segment::normalize_text(&lead.passage.text);
        let names: Vec<String> = self
            .called_in(&lead.passage.article.path, &plan.speakers)
            .iter()
            .map(|name| segment::normalize_text(name))
            .collect();
        let mut about = sentences_about(&text, &names);
        // Asked no value, the lead must say the fact itself: the words that introduce them
        // (清华, 教授 of «清华大学交叉信息院 助理教授 吴翼») are no evidence for 「吴翼在清华教
        // 什么课」.
        if plan.demands.is_none() {
            about = self.without_their_roles(&about, &plan.speakers);
        }
        let states = |kind| question::states(&about, kind, plan.counted_in);
        if about.is_empty() || !plan.demands.is_none_or(states) {
            return false;
        }
        // 「吴翼在清华当了几年老师」 asks how long: the year of a date (2025 年) is no answer.
        let how_long =
            plan.demands == Some(question::AnswerKind::Number) && plan.counted_in == Some('年');
        if how_long && !question::states_years(&about) {
            return false;
        }
        let weight = weight_by_word(plan, lead);
        let words = weight.len();
        let mut held = vec![false; words];
        for (term, &group) in plan.terms.iter().zip(&plan.groups) {
            // A post written before the name is its title (院长 of «院长阙明德在大会上分享了
            // ……»), said of them only elsewhere («2018年起担任队长»).
            let titles = |at: usize| {
                let after = &about[at + term.len()..];
                names.iter().any(|name| after.starts_with(name.as_str()))
            };
            held[group] |= about
                .match_indices(term.as_str())
                .any(|(at, _)| !titles(at));
        }
        let total: f32 = weight.iter().sum();
        let found: f32 = (0..words).filter(|&g| held[g]).map(|g| weight[g]).sum();
        total > 0.0 && found >= LEAD_COVERAGE * total
    }

    /// How the article at `path` writes `speakers`: by name, and by the forms of address it
    /// calls them by (老桑 for 桑德茂).
    fn called_in(&self, path: &str, speakers: &[String]) -> Vec<String> {
        let forms = self
            .manifest
            .articles
            .iter()
            .filter(|a| a.path == path)
            .flat_map(|a| &a.addressed)
            .filter(|(_, name)| speakers.contains(name))
            .map(|(form, _)| form);
        speakers.iter().chain(forms).cloned().collect()
    }

    /// `text` (normalized) with the words of `speakers`' roles blanked out.
    fn without_their_roles(&self, text: &str, speakers: &[String]) -> String {
        let mut out = text.to_string();
        let words = self
            .role_words
            .iter()
            .filter(|(name, _)| speakers.contains(name))
            .flat_map(|(_, words)| words);
        for word in words {
            out = out.replace(word.as_str(), &" ".repeat(word.len()));
        }
        out
    }

    /// Where `text` (a lead, normalized) introduces a speaker: the sentence around each of
    /// their names (「嘉宾是独立游戏工作室“旧灯塔”的创始人卓一帆。」). A speaker's role word
    /// there is no evidence for the lead; the same word further on (「……做出的《雾港来信》，国
    /// 区售价 68 元」) neither counts for nor against it.
    fn introductions_in(&self, text: &str) -> Vec<Range<usize>> {
        const ENDS: [char; 6] = ['。', '！', '？', '!', '?', '\n'];
        let mut out = Vec::new();
        for name in &self.speaker_names {
            for (at, _) in text.match_indices(name.as_str()) {
                let start = text[..at]
                    .char_indices()
                    .rev()
                    .find(|(_, c)| ENDS.contains(c))
                    .map_or(0, |(i, c)| i + c.len_utf8());
                let end = text[at..].find(ENDS).map_or(text.len(), |i| at + i);
                out.push(start..end);
            }
        }
        out
    }

    /// `term` (normalized) is part of a speaker's name or role.
    fn names_or_describes_a_speaker(&self, term: &str) -> bool {
        self.who_is_who.contains(term)
    }

    /// `question` with a role written in place of a name (「秘塔的 CEO 怎么看 AI 搜索」) naming
    /// its speaker instead, when the question names nobody and exactly one speaker's role
    /// holds two or more of the role's words in a row there.
    fn roles_as_names<'q>(&self, question: &'q str) -> std::borrow::Cow<'q, str> {
        let names_someone = self
            .role_words
            .iter()
            .any(|(name, _)| question.contains(name.as_str()));
        if names_someone {
            return std::borrow::Cow::Borrowed(question);
        }
        let mut mentions =
            self.role_words
                .iter()
                .zip(&self.role_names)
                .filter_map(|((name, words), names)| {
                    Some((role_mention(question, words, names)?, name))
                });
        match (mentions.next(), mentions.next()) {
            (Some((at, name)), None) => std::borrow::Cow::Owned(format!(
                "{}{name}{}",
                &question[..at.start],
                &question[at.end..]
            )),
            _ => std::borrow::Cow::Borrowed(question),
        }
    }

    /// `question` (normalized) without the words that point at an article by its outlet
    /// (「工人日报那篇里，」), and that outlet: only its articles answer. Else `question` as asked.
    fn without_outlet<'q>(&self, question: &'q str) -> (std::borrow::Cow<'q, str>, Option<&str>) {
        let sources: Vec<&str> = self.outlets.iter().map(String::as_str).collect();
        let normalized = segment::normalize_text(question);
        match question::outlet_pointed_at(&normalized, &sources) {
            Some((range, i)) => {
                let rest = format!("{}{}", &normalized[..range.start], &normalized[range.end..]);
                (std::borrow::Cow::Owned(rest), Some(sources[i]))
            }
            None => (std::borrow::Cow::Borrowed(question), None),
        }
    }

    /// `question` with 主持人 (or 主持) written as the host's name, when every article has
    /// the same host: 「主持人怎么接的话」 asks for 张鹏's words.
    fn host_as_name<'q>(&self, question: &'q str) -> std::borrow::Cow<'q, str> {
        let mut hosts = self.manifest.articles.iter().map(|a| a.host.as_deref());
        let Some(Some(host)) = hosts.next() else {
            return std::borrow::Cow::Borrowed(question);
        };
        if hosts.any(|h| h != Some(host)) || question.contains(host) {
            return std::borrow::Cow::Borrowed(question);
        }
        match ["主持人", "主持"]
            .iter()
            .find_map(|w| question.find(w).map(|at| (at, w)))
        {
            Some((at, word)) => std::borrow::Cow::Owned(format!(
                "{}{host}{}",
                &question[..at],
                &question[at + word.len()..]
            )),
            None => std::borrow::Cow::Borrowed(question),
        }
    }

    /// `question` without the words of a speaker's role written right beside their name:
    /// 「清华的吴翼怎么看蒸馏」 asks what 吴翼 says about 蒸馏, and 清华 only says which 吴翼 —
    /// searched, it would be a word no passage holds. Only names written as the corpus writes
    /// them, and only role words touching the name (through 的, spaces, brackets).
    fn without_roles_beside_names<'q>(&self, question: &'q str) -> std::borrow::Cow<'q, str> {
        let mut out = std::borrow::Cow::Borrowed(question);
        for (name, words) in &self.role_words {
            let Some(at) = out.find(name.as_str()) else {
                continue;
            };
            let end = at + name.len();
            let before = strip_role_words(&out[..at], words, Side::Before);
            let after = strip_role_words(&out[end..], words, Side::After);
            if before.len() < at || after.len() < out.len() - end {
                out = std::borrow::Cow::Owned(format!("{before} {name} {after}"));
            }
        }
        out
    }
}

/// `word` (normalized: lowercase, simplified) as `query` spells it — Beijing, 營收 — when
/// normalizing keeps the query's characters one for one; else `word` itself.
fn as_typed(query: &str, word: &str) -> String {
    let normalized = segment::normalize_text(query);
    let typed: Vec<char> = query.chars().collect();
    if normalized.chars().count() != typed.len() {
        return word.to_string();
    }
    match normalized.find(word) {
        Some(at) => {
            let start = normalized[..at].chars().count();
            typed[start..start + word.chars().count()].iter().collect()
        }
        None => word.to_string(),
    }
}

/// How many of `plan`'s words say what it is about: all but single measure words and units
/// (张, 个, 年).
fn content_words(plan: &QueryPlan) -> usize {
    plan.words()
        .iter()
        .filter(|word| {
            let mut chars = word.chars();
            !matches!((chars.next(), chars.next()), (Some(c), None) if question::is_measure_or_unit(c))
        })
        .count()
}

/// The hits, best first, except that passages of one answer (the same speaker under the same
/// host turn of one article) come together where the best of them ranks: the best, then the
/// others in the order they were said, so that paragraphs 1, 3, 2 of one answer read 1, 2, 3.
fn in_reading_order(hits: Vec<Shown>) -> Vec<Shown> {
    let turn = |h: &Shown| {
        let p = &h.hit.passage;
        (
            p.article.path.clone(),
            p.speaker.clone(),
            p.question.clone(),
            p.lead,
            p.host_turn,
        )
    };
    let mut groups: Vec<(_, Vec<Shown>)> = Vec::new();
    for hit in hits {
        let key = turn(&hit);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, group)) => group.push(hit),
            None => groups.push((key, vec![hit])),
        }
    }
    groups
        .into_iter()
        .flat_map(|(_, mut group)| {
            group[1..].sort_by_key(|h| h.hit.passage.start);
            group
        })
        .collect()
}

/// The age asked of the speakers a question names (「柏晓岚今年多大」) is said by them of
/// themselves, or by a passage's sentence that names them (or calls them as their article
/// does, 老桑) and states an age: another guest's 「我叫柏松，今年七十一岁」 is
/// their own age, and 「他今年十三岁」 in their answer is a pupil's.
fn keep_ages_of(named: &[String], hits: &mut Vec<Hit>, called_in: &dyn Fn(&str) -> Vec<String>) {
    if named.is_empty() {
        return;
    }
    hits.retain(|hit| {
        let p = &hit.passage;
        let text = segment::normalize_text(&p.text);
        (named.contains(&p.speaker) && tells_own_age(&text))
            || tells_age_of(&text, &called_in(&p.article.path))
    });
}

/// Whether a sentence of `text` (normalized) that names one of `names` states an age:
/// «店主竺雨晴今年33岁», not «老桑的手艺没变» beside «七十岁以上的老人10元».
fn tells_age_of(text: &str, names: &[String]) -> bool {
    let names: Vec<String> = names.iter().map(|n| segment::normalize_text(n)).collect();
    sentences(text).into_iter().any(|range| {
        let sentence = &text[range];
        names.iter().any(|name| sentence.contains(name.as_str())) && !ages_in(sentence).is_empty()
    })
}

/// Where `sentence` states an age: a figure in 岁, or a bare figure right after 今年 that
/// nothing counts (「本人殳建萁，今年四十四，在……」, not 「今年三百八十吨」).
fn ages_in(sentence: &str) -> Vec<usize> {
    const DIGITS: &str = "零一二三四五六七八九十两0123456789";
    let mut ages = question::counted(sentence, question::AGE);
    for (at, word) in sentence.match_indices("今年") {
        let after = &sentence[at + word.len()..];
        let figure = after.chars().take_while(|c| DIGITS.contains(*c)).count();
        let next = after.chars().nth(figure);
        if (2..=4).contains(&figure) && next.is_none_or(|c| "，,。了；;！!".contains(c)) {
            ages.push(at);
        }
    }
    ages
}

/// Whether `text` (normalized) gives the speaker's own age: a sentence with 我 (本人) that states
/// an age in 岁 before anyone else is named in it (「我今年六十一岁」, not 「我带的那个男孩，
/// 他今年十三岁」 or 「我儿子五岁」).
fn tells_own_age(text: &str) -> bool {
    const OTHERS: [&str; 16] = [
        "他", "她", "孩子", "儿子", "女儿", "爸", "妈", "父亲", "母亲", "老伴", "爱人", "妻子",
        "丈夫", "学生", "徒弟", "男孩",
    ];
    sentences(text).into_iter().any(|range| {
        let sentence = &text[range];
        ages_in(sentence).into_iter().any(|at| {
            let before = &sentence[..at];
            (before.contains('我') || before.contains("本人"))
                && !OTHERS.iter().any(|o| before.contains(o))
        })
    })
}

/// Whether a sentence of `text` that asks nothing states a value of `kind` (a host's «我估计现场
/// 有三千来人» before «这不比很多职业比赛热闹？»).
fn states_outside_questions(text: &str, kind: question::AnswerKind, unit: Option<char>) -> bool {
    sentences(text).into_iter().any(|range| {
        let sentence = &text[range];
        !sentence.ends_with(['？', '?']) && question::states(sentence, kind, unit)
    })
}

/// Whether `plan` asks a value, or gives a figure to check (「睡眠中心去年门诊一万八千人次？」).
fn asks_or_gives_a_value(plan: &QueryPlan) -> bool {
    plan.demands.is_some()
        || plan
            .terms
            .iter()
            .any(|t| t.chars().any(|c| c.is_ascii_digit()))
}

/// The lead first, when it passed for a date or a figure asked of the one speaker the
/// question names: for what it says of them ([`Engine::lead_tells_of`]: its sentence about
/// them holds the question's words and the value asked), or of their company. Their own
/// passages, which come first by default, may only share the words (「十年前我们急诊……」 for
/// 「郜主任在急诊干了多少年了」, next year's 出货量 for 「青界智能去年出货多少台」).
fn lead_first(hits: &mut [Hit]) {
    if let Some(at) = hits.iter().position(|hit| hit.passage.lead) {
        // 「“……”邰春生说」 in the lead: his own words, already before it, answer.
        let lead = &hits[at].passage;
        if hits[..at]
            .iter()
            .any(|h| search::quotes_from(lead, &h.passage))
        {
            return;
        }
        hits[..=at].rotate_right(1);
    }
}

/// What each of `plan`'s words weighs in `hit`, by group: what the question's own spelling
/// weighs, though any spelling may hold it (节目 is held by the lead's 直播间).
fn weight_by_word(plan: &QueryPlan, hit: &Hit) -> Vec<f32> {
    let words = plan.groups.iter().map(|&g| g + 1).max().unwrap_or(0);
    let mut weight = vec![0.0f32; words];
    for (term, &group) in plan.terms.iter().zip(&plan.groups).take(plan.own_terms) {
        let w = hit.weights.get(term).copied().unwrap_or(0.0);
        weight[group] = weight[group].max(w);
    }
    weight
}

/// Whether `passage` is an interview's (a lead or someone's words), not reference text: a
/// benchmark's passages have no speaker, and name or date what they are about in ways an
/// interview's answer does not need to.
fn from_an_interview(passage: &search::StoredPassage) -> bool {
    passage.lead || !passage.speaker.is_empty()
}

/// A company's figures that a question asks by name and an answer states by name: revenue,
/// profit, valuation. (A pay or a price is said in other words: 「一年到手十五六万」.)
const NAMED_FIGURES: [&str; 11] = [
    "营收",
    "营业收入",
    "营业额",
    "利润",
    "净利润",
    "毛利",
    "毛利率",
    "估值",
    "市值",
    "股价",
    "融资额",
];

/// Whether an interview passage that a figure question may be answered by says the figure's
/// name (any spelling the question has for it), or answers a host question that does: 「小白鲸
/// 去年营收多少」 is not answered by 「门诊去年接诊了九万多人次」. Reference text (no speaker)
/// is left to the ranking.
fn names_the_figure_asked(plan: &QueryPlan, hit: &Hit) -> bool {
    let p = &hit.passage;
    if plan.demands != Some(question::AnswerKind::Number) || !from_an_interview(p) {
        return true;
    }
    let Some(group) = (0..plan.own_terms)
        .find(|&i| NAMED_FIGURES.contains(&plan.terms[i].as_str()))
        .map(|i| plan.groups[i])
    else {
        return true;
    };
    let text = segment::normalize_text(&p.text);
    let asked = p.question.as_deref().map(segment::normalize_text);
    let spellings: Vec<usize> = (0..plan.terms.len())
        .filter(|&j| plan.groups[j] == group)
        .collect();
    // An alias counts whole only: 收入 is a part of 营业收入, and 「收入的12%」 is no revenue.
    let part_of_an_alias = |j: usize| {
        let term = &plan.terms[j];
        j >= plan.own_terms
            && spellings.iter().any(|&k| {
                let other = &plan.terms[k];
                other.len() > term.len() && other.contains(term.as_str())
            })
    };
    spellings
        .iter()
        .filter(|&&j| !part_of_an_alias(j))
        .map(|&j| plan.terms[j].as_str())
        .any(|term| text.contains(term) || asked.as_deref().is_some_and(|q| q.contains(term)))
}

/// Whether `hit` states the kind of value the question cannot do without (a date for 哪年,
/// a figure for 多少): a passage with none does not answer it, however well its words match.
/// A number before what the question counts is one (万卡 for 多少卡).
fn states_what_is_asked(plan: &QueryPlan, hit: &Hit) -> bool {
    plan.demands.is_none_or(|kind| {
        let text = segment::normalize_text(&hit.passage.text);
        if kind == question::AnswerKind::Number
            && !counts_what_is_asked(plan, &text, hit.passage.question.as_deref())
        {
            return false;
        }
        let counted = match plan.counted_thing {
            Some('人') => question::counts_people(&text),
            Some('钱') => question::counts_money(&text),
            _ => true,
        };
        if !counted {
            return false;
        }
        // How long, asked of an interview: a figure of something else (「核定载客320人」) is
        // no length of time. Reference text may give one as two dates.
        if from_an_interview(&hit.passage) && plan.asks_how_long && !question::counts_time(&text) {
            return false;
        }
        // 几点 or 几号, asked of an interview: a year or a count is no hour and no day.
        if from_an_interview(&hit.passage)
            && ((plan.asks_the_hour && !question::tells_the_hour(&text))
                || (plan.asks_the_day && !question::tells_the_day(&text)))
        {
            return false;
        }
        // An age is stated as one (「今年四十四」 too), not as any figure.
        if plan.counted_in == Some(question::AGE) {
            return sentences(&text)
                .into_iter()
                .any(|range| !ages_in(&text[range]).is_empty());
        }
        question::states(&text, kind, plan.counted_in)
            || plan
                .counted_thing
                .is_some_and(|thing| !question::counted(&text, thing).is_empty())
    })
}

/// Whether `hit` can tell what something is called: an interview passage must name it
/// (「我们都叫他老拉毛」, 「叫逐格」); 「他是这个粮站的老保管员」 only describes him. Reference
/// text (a benchmark's passages) names things without saying so. A passage that only counts
/// the kind asked (「一款游戏」) stays, for [`unnamed_in`] to say so.
fn gives_a_name(plan: &QueryPlan, hit: &Hit) -> bool {
    if !from_an_interview(&hit.passage) {
        return true;
    }
    let text = segment::normalize_text(&hit.passage.text);
    question::gives_a_name(&text)
        || plan
            .which_one
            .as_ref()
            .is_some_and(|which| question::counted_without_a_name(&text, which).is_some())
}

/// The people a question names in full who speak in no article (逯长根 of 「护鸟员逯长根今年多大
/// 岁数」, quoted in someone's answer once): a word of three characters shaped like a Chinese
/// name that jieba made up or tags as one — or split into a made-up two and one more (逯长 根)
/// — not a dictionary word beside another (房租 涨), an office (文旅局) or a shop and a verb
/// (薛记 晒). Speakers the question names are searched apart.
fn people_named(analyzer: &Analyzer, plan: &QueryPlan, question: &str) -> Vec<String> {
    let own = &plan.terms[..plan.own_terms];
    let chars = |word: &str| word.chars().count();
    let whole = own
        .iter()
        .filter(|term| chars(term) == 3 && analyzer.reads_as_a_name(term).is_some())
        .cloned();
    let split = own
        .windows(2)
        .filter(|pair| {
            chars(&pair[0]) == 2
                && chars(&pair[1]) == 1
                && pair[0].chars().all(segment::is_han)
                && analyzer.made_up(&pair[0])
        })
        .map(|pair| pair.concat())
        .filter(|word| question.contains(word.as_str()));
    // 文旅局, 薛记晒: an office, a shop's name and a verb.
    const NOT_IN_NAMES: &str = "局厅部处所院校店厂司社馆站队会委办区县市省镇村街路记号坊行楼园";
    let named = |word: &String| {
        !plan.speakers.contains(word)
            && corpus::looks_like_a_personal_name(word)
            && !word.chars().skip(1).any(|c| NOT_IN_NAMES.contains(c))
    };
    let mut people: Vec<String> = whole.chain(split).filter(named).collect();
    people.dedup();
    people
}

/// Whether `passage` is `name`'s words, relays them, or mentions them.
fn speaks_of(passage: &StoredPassage, name: &str) -> bool {
    passage.speaker == name
        || passage.relayed_by.as_deref() == Some(name)
        || search::mentions(passage, name)
}

/// Whether `hit` speaks of what a which-one question asks the name of, when the question
/// says it before 是 (施工单位 of 「农贸市场改造的施工单位是哪家」): a passage of the same
/// market's renovation that never mentions a contractor names none. The word whole or a
/// synonym, in the passage or its host question.
fn holds_the_subject(analyzer: &Analyzer, plan: &QueryPlan, hit: &Hit) -> bool {
    let Some(which) = plan.which_one.as_ref() else {
        return true;
    };
    let subject = which.subject.as_str();
    if !from_an_interview(&hit.passage)
        || subject.chars().count() < 2
        || analyzer.is_aspect(subject)
    {
        return true;
    }
    let words = plan.words();
    let Some(group) = words.iter().position(|w| w == subject) else {
        return true;
    };
    let text = with_its_question(&hit.passage);
    (0..plan.terms.len())
        .filter(|&i| plan.groups[i] == group && plan.spells_whole(i, subject))
        .any(|i| text.contains(plan.terms[i].as_str()))
}

/// The passage's text and, after a line break, its host question (or lead-in), normalized.
fn with_its_question(passage: &StoredPassage) -> String {
    let mut text = segment::normalize_text(&passage.text);
    if let Some(question) = &passage.question {
        text.push('\n');
        text.push_str(&segment::normalize_text(question));
    }
    text
}

/// For a question asking which one of a kind (哪所学校), the passages that only count it
/// (「一所名校」) are no answer and leave `hits`. When the best of them ranked first, the
/// corpus mentions the thing but never names it: nothing answers, and the reply says where
/// it is mentioned.
fn unnamed_in(plan: &QueryPlan, hits: &mut Vec<Hit>) -> Option<Unnamed> {
    let which = plan.which_one.as_ref()?;
    // Reference text (a benchmark's passages, no speaker) names what it classifies elsewhere:
    // 「……是沪昆客运专线的一个车站」. An interview that only counts a thing withholds its name.
    let mention = |hit: &Hit| {
        if !from_an_interview(&hit.passage) {
            return None;
        }
        let text = segment::normalize_text(&hit.passage.text);
        question::counted_without_a_name(&text, which)
            .map(|range| as_typed(&hit.passage.text, &text[range]))
    };
    let first = hits.first().and_then(|hit| {
        let mention = mention(hit)?;
        let p = &hit.passage;
        Some(Unnamed {
            mention,
            speaker: (!p.lead).then(|| p.speaker.clone()),
            title: p.article.title.clone(),
            which: format!(
                "哪{}{}",
                if which.several { '几' } else { '一' },
                which.measure
            ),
        })
    });
    match first {
        Some(_) => hits.clear(),
        None => hits.retain(|hit| mention(hit).is_none()),
    }
    first
}

/// Whether `hit` can answer a question comparing two or more named things in some respect
/// (「R1和o3-mini哪个代码能力更强」): its own text must name every one of them (a host question
/// naming one does not compare it), and it or its host question must hold the respect or
/// another of the question's words (古诗词 when 「写得更好」 is the respect). A passage that
/// names R1 and o3-mini but nothing of code, or R1's 代码能力 without o3-mini, compares
/// nothing.
fn makes_the_comparison(analyzer: &Analyzer, plan: &QueryPlan, hit: &Hit) -> bool {
    let Some(respect) = plan.asked_of.filter(|_| plan.compares) else {
        return true;
    };
    let text = segment::normalize_text(&hit.passage.text);
    let with_question = with_its_question(&hit.passage);
    // The whole word or a synonym: a part (mini of o3-mini) may stand inside another (gemini).
    let words = plan.words();
    let holds = |text: &str, group: usize| {
        text.contains(words[group].as_str())
            || (plan.own_terms..plan.terms.len())
                .any(|i| plan.groups[i] == group && text.contains(plan.terms[i].as_str()))
    };
    let mut named: Vec<usize> = (0..plan.own_terms)
        .filter(|&i| plan.names.contains(&plan.terms[i]))
        .map(|i| plan.groups[i])
        .collect();
    named.sort_unstable();
    named.dedup();
    // Fewer than two named things: the question asks which thing is more so (「日本比哪一个国家
    // 更复杂」), and the answer names the one the asker does not know.
    if named.len() < 2 {
        return true;
    }
    // An aspect word (效果, 优势) may be said in other words; the things compared may not.
    let said_in = |group: usize| {
        !named.contains(&group) && words[group].chars().count() >= 2 && holds(&with_question, group)
    };
    let respect_held = analyzer.is_aspect(&words[respect])
        || holds(&with_question, respect)
        || (0..words.len()).filter(|&g| g != respect).any(said_in);
    respect_held && named.iter().all(|&group| holds(&text, group))
}

/// The words of `plan` that name things (R1, DeepSeek-Coder, 昆仑万维), other than `missing`.
fn names_besides(plan: &QueryPlan, missing: &[String]) -> Vec<String> {
    let words = plan.words();
    let mut names: Vec<String> = Vec::new();
    for i in (0..plan.own_terms).filter(|&i| plan.names.contains(&plan.terms[i])) {
        let word = &words[plan.groups[i]];
        if !missing.contains(word) && !names.contains(word) {
            names.push(word.clone());
        }
    }
    names
}

/// Whether a figure in the passage can be of the thing a figure is asked of (员 of 多少员工):
/// not when only its host question names the thing, in passing, without asking a figure of
/// it. The answer to 「……多了一个理性的员工……」 counts something else.
fn counts_what_is_asked(plan: &QueryPlan, text: &str, host_question: Option<&str>) -> bool {
    // Money and people are said in units and measure words (美金, 位), not by name.
    let named_thing = |c: &char| !question::is_measure_or_unit(*c) && !"钱人".contains(*c);
    plan.counted_thing.filter(named_thing).is_none_or(|thing| {
        text.contains(thing)
            || host_question.is_none_or(|q| {
                let q = segment::normalize_text(q);
                !q.contains(thing) || question::demands(&q).is_some()
            })
    })
}

/// The words of a role (its `terms`) worth stripping (two characters or more), longest
/// first, ASCII lowercased.
fn role_words(terms: &[segment::Term]) -> Vec<String> {
    let mut words: Vec<String> = terms
        .iter()
        .map(|t| t.text.to_ascii_lowercase())
        .filter(|w| w.chars().count() >= 2)
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.dedup();
    words
}

/// The text of each run of two or more adjacent one-character Chinese terms: a name jieba
/// does not know (「小象搬家创始人」 segments as 小 象 搬家 …, and a question writes 「小象的 CEO」).
fn runs_of_single_characters(text: &str, terms: &[segment::Term]) -> Vec<String> {
    let single = |t: &segment::Term| {
        let mut chars = t.text.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if !c.is_ascii())
    };
    let mut runs = Vec::new();
    let mut run: Option<Range<usize>> = None;
    for term in terms {
        run = match run {
            Some(r) if single(term) && term.range.start == r.end => Some(r.start..term.range.end),
            _ => {
                if let Some(r) = run.filter(|r| text[r.clone()].chars().count() >= 2) {
                    runs.push(text[r].to_string());
                }
                single(term).then(|| term.range.clone())
            }
        };
    }
    if let Some(r) = run.filter(|r| text[r.clone()].chars().count() >= 2) {
        runs.push(text[r].to_string());
    }
    runs
}

/// The longest run in `text` of a role's `words` that reads as a person (joined by 的 or
/// spaces), as a byte range: two or more role words, one of them a post (「秘塔的 CEO」 in
/// 「秘塔的 CEO 怎么看 AI 搜索」), or one beside a word that points at a person (「清华那位老师」,
/// 「那位教授」). One role word alone is a topic as often as a person (「科技公司怎么看开源」).
/// `names` are the role's names jieba does not know (see [`runs_of_single_characters`]); with
/// one of them the run needs a post too, because a name with another role word is most often
/// the organisation (「小象搬家 2023 年订单量」, and 「小象的 CEO」 the person).
fn role_mention(text: &str, words: &[String], names: &[String]) -> Option<Range<usize>> {
    const POINTING: &[&str] = &["那位", "这位", "嘉宾", "老师", "老板"];
    let word_at = |i: usize| {
        let word = words.iter().find(|w| begins_with(&text[i..], w));
        let name = names.iter().find(|n| text[i..].starts_with(n.as_str()));
        match (word, name) {
            (Some(w), Some(n)) if n.len() > w.len() => Some((n, true)),
            (Some(w), _) => Some((w, false)),
            (None, n) => n.map(|n| (n, true)),
        }
    };
    let pointing_at = |i: usize| POINTING.iter().find(|p| text[i..].starts_with(**p));
    let mut best: Option<Range<usize>> = None;
    for (start, _) in text.char_indices() {
        let (mut end, mut count, mut pointed, mut at) = (start, 0, false, start);
        let (mut titled, mut named) = (false, false);
        loop {
            if let Some((w, is_name)) = word_at(at) {
                count += 1;
                titled |= reads_as_a_title(w);
                named |= is_name;
                at += w.len();
            } else if let Some(p) = pointing_at(at) {
                pointed = true;
                at += p.len();
            } else {
                break;
            }
            end = at;
            while let Some(c) = text[at..]
                .chars()
                .next()
                .filter(|c| matches!(c, '的' | ' '))
            {
                at += c.len_utf8();
            }
        }
        let person = (count >= 2 && (titled || !named)) || (count == 1 && pointed);
        if person && best.as_ref().is_none_or(|b| end - start > b.len()) {
            best = Some(start..end);
        }
    }
    best
}

/// Whether a role word names a post rather than an organisation or a field: 「CEO」 and
/// 「创始人」 are what someone is, 「搬家」 and 「大药房」 where they work.
fn reads_as_a_title(word: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "长", "人", "师", "员", "官", "主任", "经理", "教授", "老板", "总监", "总裁", "董事",
        "主席", "书记", "专家", "作家", "者", "医生", "学生", "博士", "手", "主", "主编", "主播",
        "总", "工", "匠", "掌柜", "顾问", "代表", "ceo", "cto", "coo", "cfo", "founder", "vp",
    ];
    ENDINGS.iter().any(|e| ends_with(word, e))
}

/// `text` starts with `word`, ASCII case aside (role words are lowercased, CEO is typed).
fn begins_with(text: &str, word: &str) -> bool {
    text.get(..word.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(word))
}

/// `text` ends with `word`, ASCII case aside.
fn ends_with(text: &str, word: &str) -> bool {
    text.len() >= word.len()
        && text
            .get(text.len() - word.len()..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(word))
}

/// The role a speaker's latest article (by `YYYY-MM-DD` date) gives them.
fn latest_role<'a>(articles: &'a [ArticleEntry], name: &str) -> Option<&'a String> {
    articles
        .iter()
        .filter_map(|a| Some((a.date.as_deref().unwrap_or(""), a.roles.get(name)?)))
        .max_by_key(|(date, _)| *date)
        .map(|(_, role)| role)
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Before,
    After,
}

/// `text` (what stands before or after a name) without the role words and joining marks
/// that touch the name; unchanged when no role word touches it.
fn strip_role_words<'t>(text: &'t str, words: &[String], side: Side) -> &'t str {
    const JOINING: &[char] = &[
        '的', '之', '·', '、', ' ', '(', ')', '（', '）', ',', '，', '：', ':',
    ];
    let mut rest = text;
    let mut stripped = false;
    loop {
        let edge = match side {
            Side::Before => rest.chars().next_back(),
            Side::After => rest.chars().next(),
        };
        if let Some(c) = edge.filter(|c| JOINING.contains(c)) {
            rest = match side {
                Side::Before => &rest[..rest.len() - c.len_utf8()],
                Side::After => &rest[c.len_utf8()..],
            };
            continue;
        }
        let touching = words.iter().find(|w| match side {
            Side::Before => ends_with(rest, w),
            Side::After => begins_with(rest, w),
        });
        match touching {
            Some(w) => {
                rest = match side {
                    Side::Before => &rest[..rest.len() - w.len()],
                    Side::After => &rest[w.len()..],
                };
                stripped = true;
            }
            None => break,
        }
    }
    match stripped {
        true => rest,
        false => text,
    }
}

/// How many of a message's questions are asked alone when the whole message finds nothing.
const ASKING_SENTENCES: usize = 3;

/// The share of a question's weight an article's lead must hold, not counting the words that
/// name a speaker's company or product outside the lead's introductions (see
/// [`Engine::lead_answers`]).
const LEAD_COVERAGE: f32 = 0.5;

/// The longest question that may only ask who someone is: 「介绍一下闵可锐」 is 7 characters,
/// 「Who are the panelists?」 22; 48 leaves room for long names.
const WHO_QUESTION_CHARS: usize = 48;

/// Every sentence of `text` asks (ends with ？ or ?).
fn only_questions(text: &str) -> bool {
    sentences(text)
        .iter()
        .all(|s| text[s.clone()].trim_end().ends_with(['？', '?']))
}

fn cap_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((cut, _)) => &s[..cut],
        None => s,
    }
}

/// A hit as a reply shows it, with the passage its own words refer back to, if any.
struct Shown {
    hit: Hit,
    /// The passage before it in the same answer, adjacent in the article.
    context: Option<StoredPassage>,
}

impl Shown {
    fn shows(&self, id: &str) -> bool {
        self.hit.passage.id == id || self.context.as_ref().is_some_and(|c| c.id == id)
    }
}

/// What joins two paragraphs in an article's cleaned text ([`corpus::Article::text`]).
const PARAGRAPH_BREAK: &str = "\n\n";

/// Words that open a paragraph by referring back to the one before: a demonstrative (这, 那么,
/// 它), a contrast (但, 不过), a consequence (所以, 因此), a comparison (更麻烦的是), a reason, an
/// example or a restatement of what was said (原因很简单, 比如, 也就是说). Not the next point of
/// a list (第二, 另外, 还有): that stands on its own.
const BACK_REFERENCES: [&str; 22] = [
    "但",
    "而",
    "更",
    "这",
    "那",
    "它",
    "所以",
    "因此",
    "因而",
    "于是",
    "不过",
    "可是",
    "然而",
    "原因",
    "比如",
    "例如",
    "譬如",
    "换句话说",
    "也就是说",
    "相比之下",
    "反过来",
    "结果",
];

/// A short opening that comes before what is referred back to: 「说实话，这样做……」.
const OPENING_ASIDES: [&str; 8] = [
    "对",
    "是的",
    "嗯",
    "说实话",
    "坦白讲",
    "坦白说",
    "老实说",
    "其实",
];

/// The paragraph opens by referring back to what came before it.
fn refers_back(text: &str) -> bool {
    let opening: String = text.trim_start().chars().take(12).collect();
    let opening = segment::normalize_text(&opening);
    let opening = OPENING_ASIDES
        .iter()
        .find_map(|aside| {
            opening
                .strip_prefix(aside)
                .and_then(|rest| rest.strip_prefix(['，', ',']))
        })
        .unwrap_or(&opening);
    BACK_REFERENCES.iter().any(|word| opening.starts_with(word))
}

/// The id of the passage numbered before `id` in its article (`path#7` → `path#6`).
fn previous_id(id: &str) -> Option<String> {
    let (article, n) = id.rsplit_once('#')?;
    let n: usize = n.parse().ok()?;
    Some(format!("{article}#{}", n.checked_sub(1)?))
}

fn answer_from(analyzer: &Analyzer, shown: Shown, max_chars: usize) -> Answer {
    let Shown { hit, context } = shown;
    if let Some(answer) =
        context.and_then(|before| answer_with_context(analyzer, &hit, before, max_chars))
    {
        return answer;
    }
    let matches = matched_terms(
        analyzer,
        &hit.passage.text,
        &hit.weights,
        year_of(&hit.passage),
    );
    let quote = select_quote(&hit.passage.text, &matches, max_chars);
    Answer {
        passage: hit.passage,
        quote,
        score: hit.score,
    }
}

/// The hit's passage quoted whole after as much of the passage `before` it as fits in
/// `max_chars` (its last sentences, after an ellipsis): `None` when not even one sentence does.
fn answer_with_context(
    analyzer: &Analyzer,
    hit: &Hit,
    before: StoredPassage,
    max_chars: usize,
) -> Option<Answer> {
    let text = format!("{}{PARAGRAPH_BREAK}{}", before.text, hit.passage.text);
    let from = sentences(&before.text)
        .into_iter()
        .map(|sentence| sentence.start)
        .find(|&start| text[start..].trim_end().chars().count() <= max_chars)?;
    let whole = trim_range(&text, 0..text.len());
    let range = from.max(whole.start)..whole.end;
    let matches = matched_terms(analyzer, &text, &hit.weights, year_of(&hit.passage));
    let highlights = highlights_in(&matches, &range);
    let quote = Quote {
        cut_before: range.start > whole.start,
        cut_after: false,
        range,
        highlights,
    };
    let passage = StoredPassage {
        text,
        start: before.start,
        in_turn: before.in_turn,
        ..hit.passage.clone()
    };
    Some(Answer {
        passage,
        quote,
        score: hit.score,
    })
}

/// Where the question's terms occur in `text`, with their weights; a year also where the
/// article, written in `year`, spells it the other way (去年 as 2024年).
fn matched_terms<'w>(
    analyzer: &Analyzer,
    text: &str,
    weights: &'w HashMap<String, f32>,
    year: Option<i32>,
) -> Vec<(Range<usize>, &'w str, f32)> {
    let mut matches: Vec<(Range<usize>, &'w str, f32)> = analyzer
        .segmenter
        .terms(text)
        .into_iter()
        .filter_map(|t| {
            weights
                .get_key_value(&t.text)
                .map(|(term, w)| (t.range, term.as_str(), *w))
        })
        .collect();
    let Some(year) = year else {
        return matches;
    };
    for (term, &w) in weights {
        let Some(other) = question::year_said_otherwise(term, year) else {
            continue;
        };
        matches.extend(
            text.match_indices(other.as_str())
                .map(|(at, _)| (at..at + other.len(), term.as_str(), w)),
        );
    }
    matches.sort_by(|a, b| (a.0.start, a.1).cmp(&(b.0.start, b.1)));
    matches
}

/// The year `passage`'s article is dated.
fn year_of(passage: &StoredPassage) -> Option<i32> {
    passage.article.date.as_deref().and_then(question::year_of)
}

impl Answer {
    /// The quote as plain text, with an ellipsis where the passage was cut.
    pub fn quote_text(&self) -> String {
        let mut out = String::new();
        for (text, _) in self.quote_segments() {
            out.push_str(text);
        }
        out
    }

    /// The quote split into (text, highlighted) runs, ellipses included (never highlighted).
    pub fn quote_segments(&self) -> Vec<(&str, bool)> {
        let text = &self.passage.text;
        let q = &self.quote;
        let mut out = Vec::new();
        if q.cut_before {
            out.push((ELLIPSIS, false));
        }
        let mut at = q.range.start;
        for h in &q.highlights {
            if h.start > at {
                out.push((&text[at..h.start], false));
            }
            out.push((&text[h.clone()], true));
            at = h.end;
        }
        if at < q.range.end {
            out.push((&text[at..q.range.end], false));
        }
        if q.cut_after {
            out.push((ELLIPSIS, false));
        }
        out
    }

    /// The quote's byte range in the article's cleaned text.
    pub fn article_range(&self) -> Range<usize> {
        let start = self.passage.start;
        start + self.quote.range.start..start + self.quote.range.end
    }
}

/// Picks the window of whole sentences (at most `max_chars` characters) whose matched terms
/// weigh the most; a single over-long sentence is cut around its densest matches.
pub fn select_quote(text: &str, matches: &[(Range<usize>, &str, f32)], max_chars: usize) -> Quote {
    let whole = trim_range(text, 0..text.len());
    let window = if text[whole.clone()].chars().count() <= max_chars {
        whole.clone()
    } else {
        best_window(text, &sentences(text), matches, max_chars)
    };
    let highlights = highlights_in(matches, &window);
    Quote {
        cut_before: window.start > whole.start,
        cut_after: window.end < whole.end,
        range: window,
        highlights,
    }
}

/// The matched terms that lie inside `range`, merged where they overlap.
fn highlights_in(matches: &[(Range<usize>, &str, f32)], range: &Range<usize>) -> Vec<Range<usize>> {
    merge(
        matches
            .iter()
            .map(|(r, _, _)| r.clone())
            .filter(|r| r.start >= range.start && r.end <= range.end)
            .collect(),
    )
}

fn best_window(
    text: &str,
    sentences: &[Range<usize>],
    matches: &[(Range<usize>, &str, f32)],
    max_chars: usize,
) -> Range<usize> {
    let mut best: Option<(f32, Range<usize>)> = None;
    for i in 0..sentences.len() {
        let mut j = i;
        let mut range = sentences[i].clone();
        if chars(text, &range) > max_chars {
            range = cut_long_sentence(text, range, matches, max_chars);
        } else {
            while j + 1 < sentences.len() {
                let wider = range.start..sentences[j + 1].end;
                if chars(text, &wider) > max_chars {
                    break;
                }
                range = wider;
                j += 1;
            }
        }
        let score = window_score(&range, matches);
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, range));
        }
    }
    best.map(|(_, r)| r)
        .unwrap_or_else(|| cut_long_sentence(text, 0..text.len(), matches, max_chars))
}

/// Distinct matched terms weigh their full weight; repeats add a little.
fn window_score(range: &Range<usize>, matches: &[(Range<usize>, &str, f32)]) -> f32 {
    let mut distinct = HashSet::new();
    let mut score = 0.0;
    for (r, term, w) in matches {
        if r.start >= range.start && r.end <= range.end {
            score += if distinct.insert(*term) { *w } else { 0.1 * w };
        }
    }
    score
}

/// A window of `max_chars` characters inside one long sentence, placed to cover the most matched
/// weight, then pulled back to a clause boundary when one is near.
fn cut_long_sentence(
    text: &str,
    sentence: Range<usize>,
    matches: &[(Range<usize>, &str, f32)],
    max_chars: usize,
) -> Range<usize> {
    let starts: Vec<usize> = text[sentence.clone()]
        .char_indices()
        .map(|(i, _)| sentence.start + i)
        .collect();
    let end_of = |k: usize| starts.get(k).copied().unwrap_or(sentence.end);
    let mut best = (f32::MIN, sentence.start..end_of(max_chars));
    let mut candidates: Vec<usize> = vec![0];
    for (r, _, _) in matches {
        if r.start >= sentence.start && r.start < sentence.end {
            let k = starts.partition_point(|&s| s < r.start);
            candidates.push(k.saturating_sub(max_chars / 4));
        }
    }
    for k in candidates {
        let k = k.min(starts.len().saturating_sub(max_chars));
        let range = end_of(k)..end_of(k + max_chars);
        let score = window_score(&range, matches);
        if score > best.0 {
            best = (score, range);
        }
    }
    snap_to_clause(text, best.1)
}

fn snap_to_clause(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let clause = |c: char| matches!(c, '，' | '、' | '：' | ',' | ':' | ' ');
    let limit = slice.len() / 5;
    let start = slice
        .char_indices()
        .take_while(|(i, _)| *i < limit)
        .find(|(_, c)| clause(*c))
        .map_or(range.start, |(i, c)| range.start + i + c.len_utf8());
    let end = slice
        .char_indices()
        .rev()
        .take_while(|(i, _)| slice.len() - *i < limit)
        .find(|(_, c)| clause(*c))
        .map_or(range.end, |(i, c)| range.start + i + c.len_utf8());
    let snapped = if start < end { start..end } else { range };
    trim_range(text, snapped)
}

fn chars(text: &str, range: &Range<usize>) -> usize {
    text[range.clone()].chars().count()
}

/// Sentence ranges: cut after 。！？；… (and their ASCII forms) and at line breaks; closing
/// quotes and brackets stay with their sentence.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let mut end = i + c.len_utf8();
        let terminal = matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '…' | '\n');
        if !terminal {
            continue;
        }
        while let Some(&(j, next)) = chars.peek() {
            let closing = matches!(
                next,
                '」' | '』' | '）' | ')' | '"' | '”' | '’' | '…' | '\n'
            );
            let repeat = matches!(next, '。' | '！' | '？' | '!' | '?');
            if !(closing || repeat) {
                break;
            }
            end = j + next.len_utf8();
            chars.next();
        }
        push_trimmed(&mut out, text, start..end);
        start = end;
    }
    push_trimmed(&mut out, text, start..text.len());
    out
}

/// The sentences of `text` that speak of the person called `names`: those that name them, and
/// those right after that go on about them under a pronoun («应书汀出生在漪江……。她的工作室只有
/// 11个人»).
fn sentences_about(text: &str, names: &[String]) -> String {
    let mut about = String::new();
    let mut theirs = false;
    for range in sentences(text) {
        let sentence = &text[range];
        let named = names.iter().any(|name| sentence.contains(name.as_str()));
        theirs = named || theirs && sentence.starts_with(['他', '她']);
        if theirs {
            about.push_str(sentence);
        }
    }
    about
}

fn push_trimmed(out: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let range = trim_range(text, range);
    if !range.is_empty() {
        out.push(range);
    }
}

fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead == slice.len() {
        return range.start..range.start;
    }
    range.start + lead..range.end - trail
}

/// Merges overlapping or touching ranges (search mode emits overlapping sub-words).
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_of_two_words_or_more_is_a_mention() {
        let words: Vec<String> = ["秘塔科技", "秘塔", "科技", "ceo"]
            .map(String::from)
            .to_vec();
        let mention = |t: &str| role_mention(t, &words, &[]).map(|r| t[r].to_string());
        assert_eq!(
            mention("秘塔的 CEO 怎么看 AI 搜索").as_deref(),
            Some("秘塔的 CEO")
        );
        assert_eq!(
            mention("秘塔科技CEO说了什么").as_deref(),
            Some("秘塔科技CEO")
        );
        assert_eq!(mention("科技公司怎么看开源"), None);
        assert_eq!(mention("CEO 们怎么看开源"), None);
        // One role word beside a word that points at a person.
        assert_eq!(
            mention("秘塔那位老板怎么看").as_deref(),
            Some("秘塔那位老板")
        );
        assert_eq!(mention("那位 CEO 说了什么").as_deref(), Some("那位 CEO"));
        assert_eq!(mention("那位嘉宾怎么看"), None);
        assert_eq!(mention("李飞飞老师的 S1"), None);
    }

    #[test]
    fn a_name_jieba_splits_into_characters_is_one_role_word() {
        let segmenter =
            segment::Segmenter::new(include_str!("../config/userdict.txt")).expect("dictionary");
        let role = "小象搬家创始人兼CEO";
        let terms = segmenter.terms(role);
        assert_eq!(runs_of_single_characters(role, &terms), ["小象"]);
        // 兼 stands alone between words: no run.
        assert!(!runs_of_single_characters(role, &terms).contains(&"兼".to_string()));
        let words: Vec<String> = ["搬家", "创始人", "ceo"].map(String::from).to_vec();
        let names = ["小象".to_string()];
        let mention = |t: &str| role_mention(t, &words, &names).map(|r| t[r].to_string());
        assert_eq!(
            mention("小象的CEO当年搬家被坑了多少").as_deref(),
            Some("小象的CEO")
        );
        // The company's name alone is the company.
        assert_eq!(mention("小象搬家2023年订单量"), None);
    }

    #[test]
    fn role_words_touching_a_name_are_stripped_and_no_others() {
        let words: Vec<String> = ["清华大学", "清华", "大学", "教授", "ceo"]
            .map(String::from)
            .to_vec();
        let before = |t| strip_role_words(t, &words, Side::Before);
        let after = |t| strip_role_words(t, &words, Side::After);
        assert_eq!(before("清华的"), "");
        assert_eq!(before("请问清华大学教授 "), "请问");
        assert_eq!(before("秘塔 CEO "), "秘塔");
        assert_eq!(before("怎么看清华"), "怎么看");
        assert_eq!(before("GRPO 的"), "GRPO 的");
        assert_eq!(after("（清华 CEO）怎么看"), "怎么看");
        assert_eq!(after(" 怎么看清华"), " 怎么看清华");
    }

    fn m<'a>(text: &str, term: &'a str, w: f32) -> Vec<(Range<usize>, &'a str, f32)> {
        text.match_indices(term)
            .map(|(i, t)| (i..i + t.len(), term, w))
            .collect()
    }

    #[test]
    fn an_age_in_an_answer_is_the_speakers_own_only_when_they_say_it_of_themselves() {
        assert!(tells_own_age("我今年六十一岁，工厂还是我管。"));
        assert!(tells_own_age("大家好。我叫柏松，今年七十一岁。"));
        assert!(tells_own_age(
            "本人殳建萁，今年四十四，在分拣车间干了八年。"
        ));
        assert!(tells_own_age("我今年44了。"));
        assert!(!tells_own_age("我们今年三百八十吨。"));
        assert!(!tells_own_age("我今年2024年才来。"));
        assert!(!tells_own_age(
            "有个男孩，第一年怕水。他今年十三岁，已经是我的小助教了。"
        ));
        assert!(!tells_own_age("我儿子今年五岁。"));
        assert!(!tells_own_age("我带过最小的孩子六岁。"));
    }

    #[test]
    fn short_passage_is_quoted_whole() {
        let text = "对，创意其实是 hallucination。";
        let q = select_quote(text, &m(text, "创意", 1.0), 300);
        assert_eq!(q.range, 0..text.len());
        assert!(!q.cut_before && !q.cut_after);
        assert_eq!(q.highlights.len(), 1);
    }

    #[test]
    fn window_moves_to_the_matching_sentences() {
        let filler = "这是一句不相关的话。".repeat(20);
        let text = format!("{filler}GRPO 省掉了 Critic Model。{filler}");
        let q = select_quote(&text, &m(&text, "GRPO", 2.0), 60);
        let quoted = &text[q.range.clone()];
        assert!(quoted.contains("GRPO 省掉了 Critic Model。"), "{quoted}");
        assert!(q.cut_before && q.cut_after);
        assert!(quoted.chars().count() <= 60);
        assert!(quoted.starts_with("这是") || quoted.starts_with("GRPO"));
    }

    #[test]
    fn a_long_sentence_is_cut_around_its_matches() {
        let text = format!("{}关键词在这里{}", "甲，".repeat(200), "乙，".repeat(200));
        let q = select_quote(&text, &m(&text, "关键词", 1.0), 50);
        let quoted = &text[q.range.clone()];
        assert!(quoted.contains("关键词"), "{quoted}");
        assert!(quoted.chars().count() <= 50);
        assert!(q.cut_before && q.cut_after);
    }

    #[test]
    fn paragraphs_that_refer_back_are_told_from_ones_that_stand_alone() {
        for text in [
            "更麻烦的是回款。",
            "但把它展示出来，我会认为……",
            "说实话，这样做短期是亏钱的。",
            "原因很简单，成本。",
            "這是被逼出來的。",
        ] {
            assert!(refers_back(text), "{text}");
        }
        for text in [
            "第二，我们砍掉了一半的投标。",
            "另外，视频数据我们也在用。",
            "我觉得这中间的差距太大了。",
            "对齐做得太好反而是坏事。",
            "其实去年 9 月 OpenAI 发布的 o1 也给了中间步骤。",
        ] {
            assert!(!refers_back(text), "{text}");
        }
    }

    #[test]
    fn the_previous_passage_is_numbered_one_less() {
        assert_eq!(previous_id("a/b-c#7").as_deref(), Some("a/b-c#6"));
        assert_eq!(previous_id("x#0"), None);
        assert_eq!(previous_id("x"), None);
    }

    #[test]
    fn overlapping_highlights_are_merged() {
        assert_eq!(merge(vec![3..9, 0..3, 4..6, 12..15]), vec![0..9, 12..15]);
    }

    #[test]
    fn a_host_states_a_figure_before_a_rhetorical_question() {
        let turn = "我补充一下现场的情况啊，我估计现场有三千来人，看台坐满了。我当时就想，这不比很多职业比赛热闹？";
        let number = question::AnswerKind::Number;
        assert!(states_outside_questions(turn, number, None));
        // A figure inside the question it asks is no statement.
        assert!(!states_outside_questions(
            "现场是不是有三千来人？",
            number,
            None
        ));
    }

    #[test]
    fn sentences_keep_closing_quotes() {
        let text = "他说「好。」然后走了！真的？？\n下一段";
        let parts: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            parts,
            vec!["他说「好。」", "然后走了！", "真的？？", "下一段"]
        );
    }
}

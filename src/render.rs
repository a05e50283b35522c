//! Rendering replies for people and programs: the terminal, JSON (`ask --json`), and Telegram
//! HTML cards with message splitting.
//!
//! Owns: every user-visible string of an answer. Escape first, wrap second: corpus and user
//! text is HTML-escaped before any tag goes around it, and only tags Telegram allows are ever
//! produced. Must not import: teloxide, tokio, the index.

use serde::Serialize;

use crate::answer::{Answer, Profile, Referent, Reply, Unnamed};
use crate::question;
use crate::search::{ArticleEntry, Manifest, ReadAs, StoredPassage};

/// Telegram's limit for one message, counted after entity parsing (in UTF-16 code units, the
/// stricter of the ways it may be counted).
pub const TELEGRAM_LIMIT: usize = 4096;

/// Quotes longer than this (characters) go in an expandable blockquote.
const EXPANDABLE_AFTER: usize = 160;

/// The first quote of a reply is the answer: it stays open unless it is longer than this.
const FIRST_EXPANDABLE_AFTER: usize = 400;

/// The host question shown under a card is cut to this many characters.
const QUESTION_CHARS: usize = 90;

/// Titles shown on a card or in `/sources` are cut to this many characters, and every other
/// piece of metadata (speaker, role, outlet, date, section) to [`META_CHARS`]: whatever a corpus file
/// declares, a card's metadata stays far below [`TELEGRAM_LIMIT`], so its quote can always be
/// shortened to fit.
const TITLE_CHARS: usize = 200;
const META_CHARS: usize = 100;

/// One line of an admin report (a file name with its problem) is cut to this many characters.
const REPORT_LINE_CHARS: usize = 300;

pub const NOT_FOUND: &str = "没有在收录的访谈中找到能回答这个问题的段落。";
pub const NOT_FOUND_HINT: &str = "换个说法或用更具体的关键词试试（例如人名、技术名词）。";
/// The reply to thanks or an acknowledgement («谢谢», «好的»).
pub const THANKS: &str = "不客气！还想了解什么，直接问就行。";
/// The reply to a greeting («你好», «在吗», «hi»): what the bot does instead of "not found".
pub const GREETING: &str =
    "你好！我从收录的访谈里找原话回答问题，并注明是谁说的。直接问就行，例如「GRPO 为什么重要？」";

// ---------------------------------------------------------------------------------------------
// JSON

#[derive(Debug, Serialize)]
pub struct JsonReply<'a> {
    pub query: &'a str,
    pub answers: Vec<JsonAnswer<'a>>,
    /// The question was cut to this many characters (absent when it was read whole).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cut_at: Option<usize>,
    /// The sentence of a longer question that the answers answer, when the whole question
    /// found nothing (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered: Option<&'a str>,
    /// Speakers the question names who say nothing that answers it; the answers are other
    /// speakers' (absent when there are none).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub unheard: &'a [String],
    /// Words of the question no passage holds, read as the corpus word that sounds the same:
    /// `[{"typed": "幻放", "meant": "幻方"}]` (absent when none was).
    #[serde(skip_serializing_if = "<[ReadAs]>::is_empty")]
    pub read_as: &'a [ReadAs],
    /// With no answers: the question's words that no passage holds, `["营收"]` (absent when
    /// there are answers or every word is in the corpus).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub unmentioned: &'a [String],
    /// With no answers for words no passage holds: the things the question names that the
    /// corpus does hold, to ask about alone, `["R1"]` (absent otherwise).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub try_instead: &'a [String],
    /// With no answers to a question asking which one of a kind (哪所学校): where the corpus
    /// only counts it, `{"mention": "一所名校", "speaker": "周立群", "title": "…", "which":
    /// "哪一所"}` (`speaker` null for an article's lead; absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unnamed: Option<&'a Unnamed>,
    /// In a conversation, the pronoun of a follow-up and the speaker it was read as:
    /// `{"typed": "他", "speaker": "吴翼"}` (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referent: Option<&'a Referent>,
    /// In a conversation, the question a bare 「那方汉呢？」 was read as (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follows: Option<&'a str>,
    /// Who the speakers are, for 「方汉是谁？」 or 「有哪些嘉宾？」 (absent otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<JsonProfile<'a>>,
    /// The collected articles, for 「收录了哪些文章」 or 「原文链接」 (absent otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<JsonArticle<'a>>,
    /// What `articles` speak of, for 「有哪些讲 DeepSeek 的文章」 (absent otherwise; then
    /// `articles` is absent when none does).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct JsonProfile<'a> {
    pub name: &'a str,
    pub role: Option<&'a str>,
    /// Hosts at least one of the articles.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub host: bool,
    /// Never speaks in those articles: only quoted in others' answers.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub relayed: bool,
    pub articles: Vec<JsonArticle<'a>>,
    /// For a profile asked for alone: the host questions they answer, first few (absent
    /// otherwise).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub questions: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct JsonAnswer<'a> {
    /// Empty for an article's lead (with `lead`).
    pub speaker: &'a str,
    /// The quote is from the article's lead (its introduction), which no speaker said.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub lead: bool,
    /// The quote is the writer's narration between the turns (with `lead`: no speaker said it).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub narration: bool,
    /// The quote is the host's own turn (quoted when the question names the host).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub by_host: bool,
    /// The speaker whose answer the quote is relayed in (the quote is `speaker`'s words as
    /// they told them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relayed_by: Option<&'a str>,
    pub role: Option<&'a str>,
    pub quote: String,
    pub question: Option<&'a str>,
    /// What the host's turn in `question` does: `"question"` (asks) or `"remark"` (the
    /// panelist picked up a statement), or `"lead_in"` when `question` is the writer's words
    /// introducing a quotation they report; absent without `question`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_turn: Option<&'static str>,
    pub section: Option<&'a str>,
    pub article: JsonArticle<'a>,
    pub passage_id: &'a str,
    pub score: f32,
}

#[derive(Debug, Serialize)]
pub struct JsonArticle<'a> {
    pub title: &'a str,
    pub source: Option<&'a str>,
    pub date: Option<&'a str>,
    pub url: Option<&'a str>,
    pub path: &'a str,
}

pub fn json(reply: &Reply) -> String {
    let out = JsonReply {
        query: &reply.query,
        answers: reply.answers.iter().map(json_answer).collect(),
        cut_at: reply.cut_at,
        answered: reply.answered.as_deref(),
        unheard: &reply.unheard,
        read_as: &reply.read_as,
        unmentioned: &reply.unmentioned,
        try_instead: &reply.try_instead,
        unnamed: reply.unnamed.as_ref(),
        referent: reply.referent.as_ref(),
        follows: reply.follows.as_deref(),
        profiles: reply
            .profiles
            .iter()
            .map(|p| JsonProfile {
                name: &p.name,
                role: p.role.as_deref(),
                host: p.hosts,
                relayed: p.relayed,
                articles: p.articles.iter().map(json_article).collect(),
                questions: &p.questions,
            })
            .collect(),
        articles: reply.articles.iter().map(json_article).collect(),
        about: reply.about.as_deref(),
    };
    serde_json::to_string_pretty(&out).unwrap_or_else(|_| "{}".into())
}

fn json_article(a: &ArticleEntry) -> JsonArticle<'_> {
    JsonArticle {
        title: &a.title,
        source: a.source.as_deref(),
        date: a.date.as_deref(),
        url: a.url.as_deref(),
        path: &a.path,
    }
}

fn json_answer(a: &Answer) -> JsonAnswer<'_> {
    let p = &a.passage;
    JsonAnswer {
        speaker: &p.speaker,
        lead: p.lead,
        narration: p.narration,
        by_host: p.host_turn,
        relayed_by: p.relayed_by.as_deref(),
        role: p.role.as_deref(),
        quote: a.quote_text(),
        question: p.question.as_deref(),
        host_turn: p.question.as_deref().map(|turn| match host_asks(turn) {
            _ if p.lead_in => "lead_in",
            true => "question",
            false => "remark",
        }),
        section: p.section.as_deref(),
        article: JsonArticle {
            title: &p.article.title,
            source: p.article.source.as_deref(),
            date: p.article.date.as_deref(),
            url: p.article.url.as_deref(),
            path: &p.article.path,
        },
        passage_id: &p.id,
        // Rounded so the output is stable across platforms' float formatting.
        score: (a.score * 1000.0).round() / 1000.0,
    }
}

// ---------------------------------------------------------------------------------------------
// Terminal

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    /// Bold matched terms and dim metadata with ANSI escapes.
    Ansi,
}

pub fn terminal(reply: &Reply, style: Style) -> String {
    match reply_note(reply) {
        Some(note) => format!("{note}\n{}", terminal_reply(reply, style)),
        None => terminal_reply(reply, style),
    }
}

/// What the reply's first lines say when the question was not simply read whole and answered
/// as asked: 「（问题超过 500 个字，只读了前 500 个字。）」, which of its sentences the answers
/// answer, which of its words were read as others (「（原文没有「幻放」，已按「幻方」查找。）」),
/// and whose words the answers are not although the question named them; in a conversation,
/// whom a follow-up's pronoun was read as (「（「他」指上文的吴翼。）」) and what a bare
/// 「那方汉呢？」 asks again (「（接上题：方汉怎么看思维链？）」).
fn reply_note(reply: &Reply) -> Option<String> {
    let mut lines = Vec::new();
    if let Some(asked) = &reply.follows {
        lines.push(format!("（接上题：{}）", shorten(asked, QUESTION_CHARS)));
    }
    if let Some(referent) = &reply.referent {
        lines.push(format!(
            "（「{}」指上文的{}。）",
            shorten(&referent.typed, META_CHARS),
            shorten(&referent.speaker, META_CHARS)
        ));
    }
    if let Some(sentence) = &reply.answered {
        let sentence = shorten(sentence, QUESTION_CHARS);
        lines.push(format!(
            "（整段问题没有找到答案，以下回答其中一句：「{sentence}」）"
        ));
    } else if let Some(chars) = reply.cut_at {
        lines.push(format!(
            "（问题超过 {chars} 个字，只读了前 {chars} 个字。）"
        ));
    }
    if !reply.read_as.is_empty() {
        let quoted = |word: &str| format!("「{}」", shorten(word, META_CHARS));
        let typed: String = reply.read_as.iter().map(|r| quoted(&r.typed)).collect();
        let meant: String = reply.read_as.iter().map(|r| quoted(&r.meant)).collect();
        lines.push(format!("（原文没有{typed}，已按{meant}查找。）"));
    }
    if !reply.unheard.is_empty() {
        let names: Vec<String> = reply
            .unheard
            .iter()
            .map(|name| shorten(name, META_CHARS))
            .collect();
        // When no quote below is a named speaker's, say whose they are: the first one's
        // number would otherwise read as the named speaker's answer.
        let others = reply
            .answers
            .iter()
            .all(|a| !reply.named.contains(&a.passage.speaker));
        let below = match others && !reply.answers.is_empty() {
            true => "，以下是其他人的相关原话",
            false => "",
        };
        lines.push(format!(
            "（没有找到{}谈这一点的原话{below}。）",
            names.join("、")
        ));
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

fn terminal_reply(reply: &Reply, style: Style) -> String {
    match reply.profiles.as_slice() {
        [] => {}
        [profile] => return terminal_profile(profile, style),
        all => return terminal_speakers(all, style),
    }
    if let (Some(topic), true) = (&reply.about, reply.articles.is_empty()) {
        return format!("{}\n", no_article_about(topic));
    }
    if !reply.articles.is_empty() {
        return format!(
            "{}：\n{}",
            articles_heading(reply),
            sources_plain(&reply.articles)
        );
    }
    if reply.answers.is_empty() && question::is_small_talk(&reply.query) {
        return format!("{GREETING}\n");
    }
    if reply.answers.is_empty() && question::is_thanks(&reply.query) {
        return format!("{THANKS}\n");
    }
    if reply.answers.is_empty() {
        if let Some(unnamed) = &reply.unnamed {
            return format!("{NOT_FOUND}\n{}\n", unnamed_note(unnamed));
        }
        let hint = not_found_hint(&reply.try_instead);
        return match unmentioned_note(&reply.unmentioned) {
            Some(note) => format!("{NOT_FOUND}\n{note}\n{hint}\n"),
            None => format!("{NOT_FOUND}\n{hint}\n"),
        };
    }
    let mut out = String::new();
    let others_from = others_from(reply);
    for (i, answer) in reply.answers.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if Some(i) == others_from {
            out.push_str(&format!("{OTHERS_HEADING}：\n"));
        }
        terminal_card(&mut out, i + 1, answer, style);
    }
    out
}

fn terminal_card(out: &mut String, n: usize, a: &Answer, style: Style) {
    let p = &a.passage;
    let (bold, dim, reset) = match style {
        Style::Plain => ("", "", ""),
        Style::Ansi => ("\x1b[1m", "\x1b[2m", "\x1b[0m"),
    };
    out.push_str(&format!("{n}. {bold}{}{reset}", said_by(p)));
    if let Some(role) = &p.role {
        out.push_str(&format!("（{role}）"));
    }
    if p.host_turn {
        out.push_str(HOST_MARK);
    }
    if let Some(relayer) = &p.relayed_by {
        out.push_str(&relayed_mark(relayer));
    }
    out.push('\n');
    if let Some(q) = &p.question {
        out.push_str(&format!(
            "   {dim}{}{}{reset}\n",
            question_label(p, q),
            host_turn_shown(q)
        ));
    }
    let mut quote = String::new();
    for (text, highlighted) in a.quote_segments() {
        if highlighted {
            quote.push_str(&format!("{bold}{text}{reset}"));
        } else {
            quote.push_str(text);
        }
    }
    for line in quote.lines().filter(|l| !l.trim().is_empty()) {
        out.push_str(&format!("   │ {line}\n"));
    }
    out.push_str(&format!("   {dim}—— {}{reset}\n", source_line(a)));
    if let Some(url) = &p.article.url {
        out.push_str(&format!("   {dim}{url}{reset}\n"));
    }
}

fn terminal_profile(p: &Profile, style: Style) -> String {
    let (bold, dim, reset) = match style {
        Style::Plain => ("", "", ""),
        Style::Ansi => ("\x1b[1m", "\x1b[2m", "\x1b[0m"),
    };
    let mut out = format!("{bold}{}{reset}", p.name);
    if let Some(role) = &p.role {
        out.push_str(&format!("（{role}）"));
    }
    out.push('\n');
    out.push_str(&format!("{}\n", appears_in(p)));
    for a in &p.articles {
        out.push_str(&format!("   《{}》", a.title));
        for extra in [&a.source, &a.date].into_iter().flatten() {
            out.push_str(&format!(" · {extra}"));
        }
        out.push('\n');
        if let Some(url) = &a.url {
            out.push_str(&format!("   {dim}{url}{reset}\n"));
        }
    }
    if !p.questions.is_empty() {
        out.push_str(&format!("{ANSWERED_HEADING}\n"));
        for q in &p.questions {
            out.push_str(&format!("   • {}\n", host_turn_shown(q)));
        }
    }
    out.push_str(&format!("{}\n", ask_for_quotes(p)));
    out
}

/// Above the host questions a profiled speaker answers.
const ANSWERED_HEADING: &str = "回答过的问题：";

/// 「有哪些嘉宾？」 in a terminal: every speaker, a line each.
fn terminal_speakers(all: &[Profile], style: Style) -> String {
    let (bold, reset) = match style {
        Style::Plain => ("", ""),
        Style::Ansi => ("\x1b[1m", "\x1b[0m"),
    };
    let mut out = format!("{}\n", speakers_heading(all));
    for p in all {
        out.push_str(&format!("   {bold}{}{reset}", p.name));
        if let Some(role) = &p.role {
            out.push_str(&format!("（{role}）"));
        }
        if p.hosts {
            out.push_str(HOST_MARK);
        }
        match p.articles.as_slice() {
            [one] => out.push_str(&format!(" · 《{}》\n", one.title)),
            many => out.push_str(&format!(" · {} 篇访谈\n", many.len())),
        }
    }
    out.push_str(&format!("{ASK_WHO}\n"));
    out
}

/// 「共 N 位发言人：」
fn speakers_heading(all: &[Profile]) -> String {
    format!("共 {} 位发言人：", all.len())
}

/// What to ask next about a list of speakers.
const ASK_WHO: &str = "问「某某是谁？」看某位的身份和出处，问「某某怎么看……」看原话。";

/// Speakers listed in one Telegram reply to 「有哪些嘉宾？」: a corpus of thousands of
/// interviews would fill dozens of messages.
const SPEAKERS_LISTED: usize = 50;

/// 「在收录的 N 篇访谈中发言：」, 「主持」 for a host.
fn appears_in(p: &Profile) -> String {
    let does = match (p.hosts, p.relayed) {
        (true, _) => "主持",
        (false, true) => "被他人转述",
        (false, false) => "发言",
    };
    format!("在收录的 {} 篇访谈中{does}：", p.articles.len())
}

/// How to get a profiled speaker's own words.
fn ask_for_quotes(p: &Profile) -> String {
    format!("想看原话，可以问「{}怎么看……」。", cap(&p.name, META_CHARS))
}

/// Who a quote is from: its speaker, or 导语 for the article's own introduction, which no
/// speaker said (or the heading of the writer's notes, 记者手记, that it is from), and 作者
/// 叙述 for the writer's narration between the turns.
pub fn said_by(p: &StoredPassage) -> &str {
    match (p.lead, p.narration) {
        (true, true) => NARRATION,
        (true, false) => p.section.as_deref().unwrap_or("导语"),
        (false, _) => &p.speaker,
    }
}

/// What the writer's narration is shown as (see [`said_by`]).
const NARRATION: &str = "作者叙述";

/// After the speaker of words another speaker relays (「彼得跟我说：“……”」): whose answer
/// they are quoted in, since the speaker never said them in the interview.
fn relayed_mark(relayer: &str) -> String {
    format!(" · 据{relayer}转述")
}

/// After the speaker of a quote that is the host's own turn, as after a host's name in a
/// profile.
const HOST_MARK: &str = " · 主持";

/// How the words above a quote are introduced: the writer's lead-in to a quotation they
/// report as it stands, a host's turn by [`host_label`].
fn question_label(passage: &StoredPassage, question: &str) -> &'static str {
    match passage.lead_in {
        true => "",
        false => host_label(question),
    }
}

/// How the host's turn before an answer is introduced: 问 when it asks something, 主持人 when
/// the host only remarked (「因为没有人做出来过。」) and the panelist picked it up.
fn host_label(turn: &str) -> &'static str {
    match host_asks(turn) {
        true => "问：",
        false => "主持人：",
    }
}

/// The host's turn as a card shows it: whole when short, else its last question, the one the
/// panelist answers, after an ellipsis (a long turn tells its background first:
/// 「…所谓的模型文笔好，技术上是怎么实现的？」); else its beginning.
fn host_turn_shown(turn: &str) -> String {
    let turn = turn.trim();
    if turn.chars().count() <= QUESTION_CHARS {
        return turn.to_string();
    }
    let body = turn.trim_end_matches(['？', '?']);
    if body.len() < turn.len() {
        // A sentence ends at a mark outside quotation marks: 「为什么是中国公司做出来的？」
        // inside a question is part of it.
        let quoted = question::quoted_ranges(body);
        let start = body
            .char_indices()
            .rev()
            .find(|(at, c)| "。！？!?；;\n".contains(*c) && !quoted.iter().any(|q| q.contains(at)))
            .map_or(0, |(at, c)| at + c.len_utf8());
        let asked = turn[start..].trim();
        let has_words = asked.chars().any(|c| c.is_alphanumeric());
        if has_words && asked.chars().count() <= QUESTION_CHARS {
            return format!("…{asked}");
        }
    }
    shorten(turn, QUESTION_CHARS)
}

/// Whether the host's turn asks something (rather than remarks).
fn host_asks(turn: &str) -> bool {
    turn.contains(['？', '?'])
}

fn source_line(a: &Answer) -> String {
    let p = &a.passage;
    let mut parts = vec![format!("《{}》", p.article.title)];
    parts.extend(p.article.source.clone());
    parts.extend(p.article.date.clone());
    parts.extend(section_shown(p).cloned());
    parts.join(" · ")
}

/// The section to name beside the article: not the heading of the writer's notes, which
/// already stands where the speaker would ([`said_by`]).
fn section_shown(p: &StoredPassage) -> Option<&String> {
    p.section.as_ref().filter(|_| !p.lead)
}

/// 「收录的访谈（1 篇，36 段）」
fn sources_heading(articles: &[ArticleEntry]) -> String {
    let passages: usize = articles.iter().map(|a| a.passages).sum();
    format!("收录的访谈（{} 篇，{} 段）", articles.len(), passages)
}

/// The heading of a reply's article list: all of them ([`sources_heading`]), or 「讲到「grpo」的
/// 访谈（1 篇）」 for the articles about something.
pub fn articles_heading(reply: &Reply) -> String {
    match &reply.about {
        Some(topic) => format!(
            "讲到「{}」的访谈（{} 篇）",
            cap(topic, META_CHARS),
            reply.articles.len()
        ),
        None if question::asks_for_summary(&crate::segment::normalize_text(&reply.query)) => {
            format!("{NO_SUMMARY}\n{}", sources_heading(&reply.articles))
        }
        None => sources_heading(&reply.articles),
    }
}

/// Before the article list that answers a request for a summary.
const NO_SUMMARY: &str =
    "我不写摘要，只引用访谈原话；可以问具体的问题，例如「GRPO 为什么重要？」。";

/// A short title for a reply's article list (an inline result's): 「收录的访谈（1 篇）」, or
/// [`articles_heading`] for the articles about something.
pub fn articles_title(reply: &Reply) -> String {
    match reply.about {
        Some(_) => articles_heading(reply),
        None => format!("收录的访谈（{} 篇）", reply.articles.len()),
    }
}

/// The reply when no article speaks of what the question asked the articles about.
fn no_article_about(topic: &str) -> String {
    format!("收录的访谈都没有讲到「{}」。", cap(topic, META_CHARS))
}

/// The article list for `fangtan chat`'s `:sources` and for a question about the articles.
pub fn sources_plain(articles: &[ArticleEntry]) -> String {
    let mut out = String::new();
    for a in articles {
        let mut line = format!("《{}》", a.title);
        for extra in [&a.source, &a.date].into_iter().flatten() {
            line.push_str(" · ");
            line.push_str(extra);
        }
        line.push_str(&format!(" · {} 段", a.passages));
        out.push_str(&line);
        out.push('\n');
        if let Some(url) = &a.url {
            out.push_str(&format!("  {url}\n"));
        }
    }
    out
}

pub fn shorten(s: &str, max_chars: usize) -> String {
    let s = s.trim();
    match s.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Telegram HTML

/// Escapes text for Telegram's HTML parse mode.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Telegram HTML built piece by piece, tracking the visible length as Telegram will count it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Html {
    pub html: String,
    /// Visible length in UTF-16 code units.
    pub visible: usize,
}

impl Html {
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.html.push_str(&escape(text));
        self.visible += utf16_len(text);
        self
    }

    /// Wraps already-escaped content in a tag. `open` and `close` must be a pair Telegram allows.
    fn wrapped(&mut self, open: &str, inner: &Html, close: &str) -> &mut Self {
        self.html.push_str(open);
        self.html.push_str(&inner.html);
        self.html.push_str(close);
        self.visible += inner.visible;
        self
    }

    pub fn bold(&mut self, text: &str) -> &mut Self {
        let mut inner = Html::default();
        inner.text(text);
        self.wrapped("<b>", &inner, "</b>")
    }

    pub fn italic(&mut self, text: &str) -> &mut Self {
        let mut inner = Html::default();
        inner.text(text);
        self.wrapped("<i>", &inner, "</i>")
    }

    /// A link when the URL is http(s), plain text otherwise.
    pub fn link(&mut self, text: &str, url: Option<&str>) -> &mut Self {
        match url.filter(|u| u.starts_with("https://") || u.starts_with("http://")) {
            Some(url) => {
                let mut inner = Html::default();
                inner.text(text);
                let open = format!("<a href=\"{}\">", escape(url));
                self.wrapped(&open, &inner, "</a>")
            }
            None => self.text(text),
        }
    }

    pub fn append(&mut self, other: &Html) -> &mut Self {
        self.html.push_str(&other.html);
        self.visible += other.visible;
        self
    }
}

pub fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// `s` unchanged when it has at most `max` characters, else its first `max` and an ellipsis.
fn cap(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &s[..cut]).into(),
        None => s.into(),
    }
}

/// One answer as a Telegram card: the quote in a blockquote with matched terms in bold, then
/// who said it, the article (linked, with outlet, date and section), and the host turn it
/// answers. Never longer than
/// [`TELEGRAM_LIMIT`]: a quote too long for one message is cut (with `…`).
pub fn telegram_card(a: &Answer) -> Html {
    telegram_card_after(a, None, false)
}

/// [`telegram_card`] for the card after `previous` in the same message: what the card above
/// already says (the article, the section, the host's turn) is not said again. The `first`
/// card of a reply collapses only when very long.
fn telegram_card_after(a: &Answer, previous: Option<&Answer>, first: bool) -> Html {
    let card = card_html(a, previous, first);
    if card.visible <= TELEGRAM_LIMIT {
        return card;
    }
    let mut shorter = a.clone();
    let text = &a.passage.text;
    let mut end = a.quote.range.start;
    let budget = TELEGRAM_LIMIT.saturating_sub(card.visible - utf16_len(&a.quote_text()) + 8);
    let mut used = 0;
    for (i, c) in text[a.quote.range.clone()].char_indices() {
        used += c.len_utf16();
        if used > budget {
            break;
        }
        end = a.quote.range.start + i + c.len_utf8();
    }
    shorter.quote.range.end = end;
    shorter.quote.cut_after = true;
    shorter.quote.highlights.retain(|h| h.end <= end);
    card_html(&shorter, previous, first)
}

fn card_html(a: &Answer, previous: Option<&Answer>, first: bool) -> Html {
    let p = &a.passage;
    let mut quote = Html::default();
    for (text, highlighted) in a.quote_segments() {
        if highlighted {
            quote.bold(text);
        } else {
            quote.text(text);
        }
    }
    let limit = match first {
        true => FIRST_EXPANDABLE_AFTER,
        false => EXPANDABLE_AFTER,
    };
    let expandable = a.quote_text().chars().count() > limit;
    let open = if expandable {
        "<blockquote expandable>"
    } else {
        "<blockquote>"
    };
    let mut card = Html::default();
    card.wrapped(open, &quote, "</blockquote>");
    card.text("—— ").bold(&cap(said_by(p), META_CHARS));
    if let Some(role) = &p.role {
        card.text(&format!("，{}", cap(role, META_CHARS)));
    }
    if p.host_turn {
        card.text(HOST_MARK);
    }
    if let Some(relayer) = &p.relayed_by {
        card.text(&relayed_mark(&cap(relayer, META_CHARS)));
    }
    let above = previous.map(|b| &b.passage);
    let same_article = above.is_some_and(|b| b.article.path == p.article.path);
    if !same_article {
        card.text("\n《")
            .link(
                &cap(&p.article.title, TITLE_CHARS),
                p.article.url.as_deref(),
            )
            .text("》");
        // The same order as the terminal's source line: outlet, date, then the section.
        for extra in [
            p.article.source.as_ref(),
            p.article.date.as_ref(),
            section_shown(p),
        ]
        .into_iter()
        .flatten()
        {
            card.text(&format!(" · {}", cap(extra, META_CHARS)));
        }
    } else if let Some(section) =
        section_shown(p).filter(|s| above.and_then(|b| b.section.as_ref()) != Some(*s))
    {
        card.text(&format!("\n· {}", cap(section, META_CHARS)));
    }
    let asked_above = above.is_some_and(|b| same_article && b.question == p.question);
    if let Some(q) = p.question.as_ref().filter(|_| !asked_above) {
        card.text("\n")
            .italic(&format!("{}{}", question_label(p, q), host_turn_shown(q)));
    }
    card
}

/// The whole reply as Telegram messages: cards joined by blank lines, split only between cards so
/// that no message exceeds [`TELEGRAM_LIMIT`]. A single card that is too long on its own is
/// rebuilt with a shorter quote (see [`telegram_card`]).
pub fn telegram_messages(reply: &Reply) -> Vec<String> {
    let mut messages = reply_messages(reply);
    if let Some(text) = reply_note(reply) {
        let mut note = Html::default();
        note.text(&text);
        match messages.first_mut() {
            Some(first)
                if utf16_len(&plain_text(first, false)) + 1 + note.visible <= TELEGRAM_LIMIT =>
            {
                *first = format!("{}\n{}", note.html, first);
            }
            _ => messages.insert(0, note.html),
        }
    }
    messages
}

fn reply_messages(reply: &Reply) -> Vec<String> {
    match reply.profiles.as_slice() {
        [] => {}
        [profile] => return profile_messages(profile),
        all => return speakers_messages(all),
    }
    if let (Some(topic), true) = (&reply.about, reply.articles.is_empty()) {
        let mut h = Html::default();
        h.text(&no_article_about(topic));
        return vec![h.html];
    }
    if !reply.articles.is_empty() {
        return pack(
            sources_pieces(
                &articles_heading(reply),
                &reply.articles,
                reply.articles.len(),
            ),
            "\n",
        );
    }
    if reply.answers.is_empty() && question::is_small_talk(&reply.query) {
        let mut h = Html::default();
        h.text(GREETING).text("\n收录的文章：/sources\n用法：/help");
        return vec![h.html];
    }
    if reply.answers.is_empty() && question::is_thanks(&reply.query) {
        return vec![escape(THANKS)];
    }
    if reply.answers.is_empty() {
        return vec![not_found_html(reply).html];
    }
    answer_messages(reply)
}

/// The cards of a reply's answers, packed into messages as [`pack`] does. A card after another
/// in the same message leaves out what that one says already (see [`telegram_card_after`]);
/// the first card of a message says everything.
fn answer_messages(reply: &Reply) -> Vec<String> {
    let others_from = others_from(reply);
    let card = |i: usize, previous: Option<&Answer>| {
        let a = &reply.answers[i];
        // The reply's first quote is its answer: open, unless very long.
        if Some(i) != others_from {
            return telegram_card_after(a, previous, i == 0);
        }
        // Under the heading a new group starts, with everything said again.
        let card = telegram_card_after(a, None, i == 0);
        let mut h = Html::default();
        h.bold(OTHERS_HEADING).text("\n");
        if h.visible + card.visible > TELEGRAM_LIMIT {
            return card;
        }
        h.append(&card);
        h
    };
    let mut messages = Vec::new();
    let mut current = Html::default();
    for i in 0..reply.answers.len() {
        if current.html.is_empty() {
            current = card(i, None);
            continue;
        }
        let next = card(i, Some(&reply.answers[i - 1]));
        if current.visible + 2 + next.visible <= TELEGRAM_LIMIT {
            current.text("\n\n").append(&next);
        } else {
            messages.push(std::mem::take(&mut current).html);
            current = card(i, None);
        }
    }
    if !current.html.is_empty() {
        messages.push(current.html);
    }
    messages
}

/// Above the first quote by someone the question did not name, after quotes by those it did
/// (「方汉怎么看思维链？」: 方汉's words, then 吴翼's).
const OTHERS_HEADING: &str = "其他人的相关原话";

/// The index of the first answer by a speaker the question does not name, when answers by
/// named speakers come before it — not when only the lead does: then nobody was named, and
/// the speaker is no one else.
fn others_from(reply: &Reply) -> Option<usize> {
    let named = |a: &Answer| reply.named.contains(&a.passage.speaker);
    // The lead is no one's words, and not someone else's either.
    let first_other = reply
        .answers
        .iter()
        .position(|a| !named(a) && !a.passage.lead)?;
    reply.answers[..first_other]
        .iter()
        .any(named)
        .then_some(first_other)
}

/// 「方汉是谁？」: the speaker, their role and their articles, linked.
pub fn profile_messages(p: &Profile) -> Vec<String> {
    pack(profile_pieces(p, p.articles.len()), "\n")
}

/// [`profile_messages`] in one message (an inline result inserts one): as many of the
/// articles as fit, and how many more there are.
pub fn profile_message(p: &Profile) -> String {
    first_that_fits(p.articles.len(), |listed| profile_pieces(p, listed))
}

fn profile_pieces(p: &Profile, listed: usize) -> Vec<Html> {
    let mut head = Html::default();
    head.bold(&cap(&p.name, META_CHARS));
    if let Some(role) = &p.role {
        head.text(&format!("（{}）", cap(role, META_CHARS)));
    }
    head.text("\n").text(&appears_in(p));
    let mut pieces = vec![head];
    for a in p.articles.iter().take(listed) {
        let mut h = Html::default();
        h.text("《")
            .link(&cap(&a.title, TITLE_CHARS), a.url.as_deref())
            .text("》");
        for extra in [&a.source, &a.date].into_iter().flatten() {
            h.text(&format!(" · {}", cap(extra, META_CHARS)));
        }
        pieces.push(h);
    }
    let mut tail = Html::default();
    if p.articles.len() > listed {
        tail.text(&format!("……还有 {} 篇\n", p.articles.len() - listed));
    }
    if !p.questions.is_empty() {
        tail.text(ANSWERED_HEADING);
        for q in &p.questions {
            tail.text(&format!("\n• {}", host_turn_shown(q)));
        }
        tail.text("\n");
    }
    tail.text(&ask_for_quotes(p));
    pieces.push(tail);
    pieces
}

/// 「有哪些嘉宾？」: every speaker with their role and article (the first
/// [`SPEAKERS_LISTED`]).
pub fn speakers_messages(all: &[Profile]) -> Vec<String> {
    pack(speakers_pieces(all, SPEAKERS_LISTED), "\n")
}

/// [`speakers_messages`] in one message (an inline result inserts one): as many speakers as
/// fit, and how many more there are.
pub fn speakers_message(all: &[Profile]) -> String {
    first_that_fits(all.len().min(SPEAKERS_LISTED), |listed| {
        speakers_pieces(all, listed)
    })
}

fn speakers_pieces(all: &[Profile], listed: usize) -> Vec<Html> {
    let mut head = Html::default();
    head.bold(&speakers_heading(all));
    let mut pieces = vec![head];
    for p in all.iter().take(listed) {
        let mut h = Html::default();
        h.bold(&cap(&p.name, META_CHARS));
        if let Some(role) = &p.role {
            h.text(&format!("（{}）", cap(role, META_CHARS)));
        }
        if p.hosts {
            h.text(HOST_MARK);
        }
        match p.articles.as_slice() {
            [one] => {
                h.text(" · 《")
                    .link(&cap(&one.title, TITLE_CHARS), one.url.as_deref())
                    .text("》");
            }
            many => {
                h.text(&format!(" · {} 篇访谈", many.len()));
            }
        }
        pieces.push(h);
    }
    let mut tail = Html::default();
    if all.len() > listed {
        tail.text(&format!("……还有 {} 位\n", all.len() - listed));
    }
    tail.text(ASK_WHO);
    pieces.push(tail);
    pieces
}

/// The message of `pieces(n)` for the largest `n` up to `most` whose pieces fit in one
/// message (every piece is capped, so `n` = 0 always fits).
fn first_that_fits(most: usize, pieces: impl Fn(usize) -> Vec<Html>) -> String {
    let fits = |n: usize| pack(pieces(n), "\n").len() == 1;
    // Fitting is monotone in n: a binary search for the last n that fits.
    let (mut low, mut high) = (0, most);
    while low < high {
        let mid = (low + high).div_ceil(2);
        match fits(mid) {
            true => low = mid,
            false => high = mid - 1,
        }
    }
    pack(pieces(low), "\n")
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// Packs pieces into as few messages as fit, never splitting a piece.
pub fn pack(pieces: Vec<Html>, separator: &str) -> Vec<String> {
    let sep_len = utf16_len(separator);
    let mut messages = Vec::new();
    let mut current = Html::default();
    for piece in pieces {
        let extra = if current.html.is_empty() { 0 } else { sep_len };
        if !current.html.is_empty() && current.visible + extra + piece.visible > TELEGRAM_LIMIT {
            messages.push(std::mem::take(&mut current).html);
        }
        if !current.html.is_empty() {
            current.text(separator);
        }
        current.append(&piece);
    }
    if !current.html.is_empty() {
        messages.push(current.html);
    }
    messages
}

/// "Not found", with where the corpus mentions what was asked without naming it, or else the
/// question's words the corpus never uses when there are some, and what it names that the
/// corpus holds.
pub fn not_found_html(reply: &Reply) -> Html {
    let mut h = Html::default();
    h.text(NOT_FOUND).text("\n");
    if let Some(unnamed) = &reply.unnamed {
        h.text(&unnamed_note(unnamed))
            .text("\n收录了哪些文章：/sources");
        return h;
    }
    if let Some(note) = unmentioned_note(&reply.unmentioned) {
        h.text(&note).text("\n");
    }
    h.text(&not_found_hint(&reply.try_instead))
        .text(" 收录了哪些文章：/sources");
    h
}

/// 「周立群只说到「一所名校」，没有说是哪一所。」: the corpus mentions what was asked, but never
/// names it.
fn unnamed_note(unnamed: &Unnamed) -> String {
    let who = match &unnamed.speaker {
        Some(speaker) => shorten(speaker, META_CHARS),
        None => format!("《{}》的导语", shorten(&unnamed.title, META_CHARS)),
    };
    format!(
        "{who}只说到「{}」，没有说是{}。",
        shorten(&unnamed.mention, META_CHARS),
        unnamed.which
    )
}

/// What to try after a refusal: the things the question names that the corpus holds, asked
/// about alone (「可以只问「R1」，看访谈里怎么说它。」), or else another wording. A question
/// that already names something specific is not told to use specific words.
fn not_found_hint(try_instead: &[String]) -> String {
    if try_instead.is_empty() {
        return NOT_FOUND_HINT.to_string();
    }
    let quoted = quoted_words(try_instead);
    let it = if try_instead.len() == 1 {
        "它"
    } else {
        "它们"
    };
    format!("可以只问{quoted}，看访谈里怎么说{it}。")
}

/// 「收录的访谈里没有出现「营收」。」: why nothing answers, when the question's words say it.
fn unmentioned_note(words: &[String]) -> Option<String> {
    if words.is_empty() {
        return None;
    }
    Some(format!("收录的访谈里没有出现{}。", quoted_words(words)))
}

/// The first [`UNMENTIONED_SHOWN`] of `words`, each in 「」 and shortened.
fn quoted_words(words: &[String]) -> String {
    words
        .iter()
        .take(UNMENTIONED_SHOWN)
        .map(|word| format!("「{}」", shorten(word, META_CHARS)))
        .collect()
}

/// A refusal names at most this many missing words: a pasted paragraph may miss dozens.
const UNMENTIONED_SHOWN: usize = 5;

/// `/sources` and a question about the articles: the articles, linked.
pub fn sources_html(articles: &[ArticleEntry]) -> Vec<String> {
    pack(
        sources_pieces(&sources_heading(articles), articles, articles.len()),
        "\n",
    )
}

/// A reply's article list in one message (an inline result inserts one): as many articles as
/// fit, and how many more there are.
pub fn sources_message(reply: &Reply) -> String {
    let heading = articles_heading(reply);
    first_that_fits(reply.articles.len(), |listed| {
        sources_pieces(&heading, &reply.articles, listed)
    })
}

fn sources_pieces(heading: &str, articles: &[ArticleEntry], listed: usize) -> Vec<Html> {
    let mut pieces = vec![{
        let mut h = Html::default();
        h.bold(heading);
        h
    }];
    for (i, a) in articles.iter().enumerate().take(listed) {
        let mut h = Html::default();
        h.text(&format!("{}. 《", i + 1))
            .link(&cap(&a.title, TITLE_CHARS), a.url.as_deref())
            .text("》");
        for extra in [&a.source, &a.date].into_iter().flatten() {
            h.text(&format!(" · {}", cap(extra, META_CHARS)));
        }
        if !a.speakers.is_empty() {
            let names: Vec<_> = a.speakers.iter().map(|n| cap(n, META_CHARS)).collect();
            h.text(&format!("\n   {}", cap(&names.join("、"), 5 * META_CHARS)));
        }
        pieces.push(h);
    }
    if articles.len() > listed {
        let mut tail = Html::default();
        tail.text(&format!("……还有 {} 篇", articles.len() - listed));
        pieces.push(tail);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_telegram_specials() {
        assert_eq!(
            escape("<b>&\"x\"</b>"),
            "&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;"
        );
    }

    #[test]
    fn links_only_for_http_urls() {
        let mut h = Html::default();
        h.link("a<b", Some("javascript:alert(1)"));
        assert_eq!(h.html, "a&lt;b");
        let mut h = Html::default();
        h.link("t", Some("https://x.test/?a=1&b=\"2\""));
        assert_eq!(
            h.html,
            "<a href=\"https://x.test/?a=1&amp;b=&quot;2&quot;\">t</a>"
        );
        assert_eq!(h.visible, 1);
    }

    #[test]
    fn pack_never_exceeds_the_limit_and_keeps_pieces_whole() {
        let piece = |n: usize| {
            let mut h = Html::default();
            h.bold(&"字".repeat(n));
            h
        };
        let messages = pack(
            vec![piece(3000), piece(1000), piece(100), piece(4000)],
            "\n\n",
        );
        assert_eq!(messages.len(), 3);
        for m in &messages {
            assert!(m.starts_with("<b>") && m.ends_with("</b>"), "{m}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Bot texts (Telegram HTML)

/// `/start` and `/help`.
/// `/start` and `/help`. `inline`: whether inline mode is enabled for the bot (BotFather's
/// `/setinline`, `getMe`'s `supports_inline_queries`); without it, `@bot 问题` typed in a chat
/// does nothing, so the help does not offer it.
pub fn help_html(bot_username: &str, manifest: &Manifest, inline: bool, admin: bool) -> String {
    let mut h = Html::default();
    h.bold("访谈问答机器人").text(&format!(
        "\n我从收录的 {} 篇访谈（{} 段）里找出回答你问题的原话，注明谁说的、回答的是哪个问题、出自哪篇文章。\n\n",
        manifest.articles.len(),
        manifest.passages()
    ));
    h.bold("怎么问")
        .text("\n• 私聊：直接发问题，例如「GRPO 为什么重要？」\n")
        .text(&format!(
            "• 群聊：/ask 问题，或 @{bot_username} 问题，或回复我的消息\n"
        ));
    if inline {
        h.text(&format!(
            "• 任意聊天：输入 @{bot_username} 问题，选一张引用卡片\n"
        ));
    }
    h.text("• 提到人名会优先给出这个人的发言，例如「吴翼怎么看强化学习？」\n")
        .text("• 问「吴翼是谁？」看嘉宾的身份和出处\n\n");
    h.bold("命令")
        .text("\n/ask 问题 — 提问\n/sources — 收录的文章\n/about — 关于本机器人\n/help — 本说明");
    if admin {
        h.text("\n\n").bold("管理员（私聊）").text(ADMIN_HELP);
    }
    h.html
}

const ADMIN_HELP: &str = "\n• 发来 .md、.markdown 或 .txt 文件：检查后加入语料并重新加载（同名文章会被替换，旧版本留在语料文件夹的 .previous 里）\n/remove 文件名 — 删除一篇文章（不带文件名时列出所有文件名）\n/reload — 重新读取语料文件夹\n/stats — 运行状态";

pub fn about_html(manifest: &Manifest) -> String {
    let mut h = Html::default();
    h.bold("fangtan（访谈）")
        .text("\n回答只来自收录的访谈原文：每段引用都是文章中的原话，逐字未改；找不到时会直说，而不是拿不相关的内容凑数。\n")
        .text(&format!(
            "当前索引：{} 篇文章，{} 段。",
            manifest.articles.len(),
            manifest.passages()
        ));
    h.html
}

pub const ASK_USAGE: &str = "请在 /ask 后面写上问题，例如：/ask GRPO 为什么重要？";
pub const ERROR_REPLY: &str = "抱歉，回答这个问题时出了点问题，请稍后再试。";
pub const BUSY_REPLY: &str = "现在提问的人有点多，请稍后再试。";
pub const NOT_ADMIN_REPLY: &str = "抱歉，这个命令只对管理员开放（并且需要在私聊中使用）。";
pub const RELOAD_BUSY_REPLY: &str = "已经有一次重新加载正在进行，请等它完成。";
pub const RELOAD_STARTED_REPLY: &str = "正在重新读取语料并建立新索引；在此期间仍用旧索引回答问题。";

/// The reply to a successful `/reload`: counts, then the files added, changed, removed and
/// skipped, and a few warnings — as many lines as fit in one message (the rest are counted).
pub fn reload_html(report: &crate::admin::ReloadReport) -> String {
    let b = &report.build;
    let c = &report.changes;
    let mut h = Html::default();
    h.bold("重新加载完成").text(&format!(
        "\n文章 {} 篇，发言段落 {} 段，用时 {:.2} 秒。\n新增 {}，修改 {}，删除 {}。",
        b.manifest.articles.len(),
        b.manifest.passages(),
        b.elapsed.as_secs_f64(),
        c.added.len(),
        c.changed.len(),
        c.removed.len()
    ));
    let mut report_lines = ReportLines::default();
    for (label, files) in [
        ("新增", &c.added),
        ("修改", &c.changed),
        ("删除", &c.removed),
    ] {
        for f in files {
            report_lines.push(&mut h, &format!("{label}：{f}"));
        }
    }
    if !b.errors.is_empty() {
        h.text("\n\n")
            .bold(&format!("跳过的文件（{}）", b.errors.len()));
        for e in b.errors.iter().take(20) {
            report_lines.push(&mut h, &format!("• {e}"));
        }
    }
    if !b.warnings.is_empty() {
        h.text(&format!("\n\n警告 {} 条，例如：", b.warnings.len()));
        for (file, line, message) in b.warnings.iter().take(5) {
            report_lines.push(&mut h, &format!("• {file}:{line}: {message}"));
        }
    }
    if report_lines.omitted > 0 {
        h.text(&format!("\n……另有 {} 行未列出", report_lines.omitted));
    }
    h.html
}

/// Lines of an admin report, added while they fit in one message with room left for the
/// section headings and the "N more" line.
#[derive(Default)]
struct ReportLines {
    omitted: usize,
}

impl ReportLines {
    const RESERVE: usize = 200;

    fn push(&mut self, h: &mut Html, line: &str) {
        let line = cap(line, REPORT_LINE_CHARS);
        if h.visible + 1 + utf16_len(&line) + Self::RESERVE <= TELEGRAM_LIMIT {
            h.text("\n").text(&line);
        } else {
            self.omitted += 1;
        }
    }
}

pub const NOT_ADMIN_UPLOAD_REPLY: &str =
    "我只回答文字提问；发文件添加文章只对管理员开放（并且需要在私聊中发送）。";
pub const UPLOAD_DOWNLOAD_FAILED_REPLY: &str = "没能从 Telegram 下载这个文件，请再发一次。";

/// The first reply to an article an admin sent, before it is checked and indexed.
pub fn upload_started_html(file: &str) -> String {
    let mut h = Html::default();
    h.text(&format!(
        "收到 {}，正在检查并建立新索引；在此期间仍用旧索引回答问题。",
        cap(file, REPORT_LINE_CHARS)
    ));
    h.html
}

/// The reply to an article an admin sent that was checked and saved (or was already there):
/// what it holds and its warnings. The reload's own report follows in a second message.
pub fn upload_html(report: &crate::admin::AddReport) -> String {
    use crate::admin::Saved;
    let mut h = Html::default();
    let headline = match report.saved {
        Saved::Added => "已添加",
        Saved::Replaced => "已替换",
        Saved::Unchanged => "没有变化",
        Saved::AlreadyThere => "已生效",
    };
    h.bold(headline).text(&format!(
        "：{}\n《{}》，{} 段，发言人：{}。",
        cap(&report.file, REPORT_LINE_CHARS),
        cap(&report.title, TITLE_CHARS),
        report.passages,
        cap(&report.speakers.join("、"), REPORT_LINE_CHARS)
    ));
    match (report.saved, &report.kept_as) {
        (Saved::Replaced, Some(kept)) => {
            h.text(&format!(
                "\n原来的版本保存在语料文件夹的 {}。",
                cap(kept, REPORT_LINE_CHARS)
            ));
        }
        (Saved::Unchanged, _) => {
            h.text("\n已收录的是同一个文件，不需要重新加载。");
        }
        (Saved::AlreadyThere, _) => {
            h.text("\n语料文件夹里已有同样的文件，只是还没有重新加载；现在已经加载。");
        }
        _ => {}
    }
    if !report.warnings.is_empty() {
        h.text(&format!("\n\n警告 {} 条：", report.warnings.len()));
        let mut lines = ReportLines::default();
        for w in report.warnings.iter().take(10) {
            lines.push(
                &mut h,
                &format!("• {}:{}: {}", report.file, w.line, w.message),
            );
        }
    }
    h.html
}

/// The reply to `/remove`: where the file went. The reload's own report follows.
pub fn removed_html(report: &crate::admin::RemoveReport) -> String {
    let mut h = Html::default();
    h.bold("已删除").text(&format!(
        "：{}\n文件移到了语料文件夹的 {}，需要时可以放回去再 /reload。",
        cap(&report.file, REPORT_LINE_CHARS),
        cap(&report.kept_as, REPORT_LINE_CHARS)
    ));
    h.html
}

/// `/remove` without a file name: how to use it, and the file names it takes.
pub fn remove_usage_html(articles: &[ArticleEntry]) -> String {
    let mut h = Html::default();
    h.text("用法：/remove 文件名\n\n").bold("收录的文件");
    let mut lines = ReportLines::default();
    for a in articles {
        lines.push(&mut h, &format!("• {} — 《{}》", a.path, a.title));
    }
    if lines.omitted > 0 {
        h.text(&format!("\n……另有 {} 篇未列出", lines.omitted));
    }
    h.html
}

/// Why an article was not added or removed; the corpus folder and the live index are as
/// they were.
pub fn article_refused_html(error: &crate::admin::ArticleFileError) -> String {
    use crate::admin::{ArticleFileError, MAX_NAME_BYTES};
    let reason = |h: &mut Html, e: &dyn std::fmt::Display| {
        h.text(&format!(
            "\n原因：{}",
            cap(&e.to_string(), 10 * REPORT_LINE_CHARS)
        ));
    };
    let mut h = Html::default();
    match error {
        ArticleFileError::BadName(name) => {
            h.bold("没有添加。").text(&format!(
                "\n文件名要以 .md、.markdown 或 .txt 结尾，不能以点开头，不能含有 / \\ 或控制字符，最长 {MAX_NAME_BYTES} 字节；收到的是「{}」。",
                cap(name, REPORT_LINE_CHARS)
            ));
        }
        ArticleFileError::NotPlainFile(name) => {
            h.bold("没有添加。").text(&format!(
                "\n语料文件夹里的「{}」不是能读取的普通文件（可能是文件夹、符号链接或没有读取权限），请在服务器上处理。",
                cap(name, REPORT_LINE_CHARS)
            ));
        }
        ArticleFileError::NotInCorpus(name) => {
            h.text(&format!(
                "索引里没有「{}」这个文件。发送 /remove 可以看到所有文件名。",
                cap(name, REPORT_LINE_CHARS)
            ));
        }
        ArticleFileError::Unusable(e) => {
            h.bold("没有添加：这个文件不能用。");
            reason(&mut h, e);
        }
        ArticleFileError::Busy => {
            h.text("已经有一次重新加载正在进行，这次没有做任何改动；请等它完成后再试一次。");
        }
        ArticleFileError::Write(e) => {
            h.bold("没有改动：写入语料文件夹失败，继续使用原来的索引。");
            reason(&mut h, e);
        }
        ArticleFileError::Reload(e) => {
            h.bold("重新加载失败，语料文件夹已恢复原样，继续使用原来的索引。");
            reason(&mut h, e);
        }
        ArticleFileError::NotRestored { error, reason: why } => {
            h.bold(
                "重新加载失败，继续使用原来的索引；但语料文件夹没能恢复原样，请在服务器上检查。",
            );
            reason(&mut h, error);
            h.text(&format!("\n恢复失败：{}", cap(why, 10 * REPORT_LINE_CHARS)));
        }
    }
    h.html
}

/// The reply to an article an admin sent that is larger than the Bot API lets a bot
/// download: `bytes` as the message said, or `None` when it said less and the download found
/// out.
pub fn upload_too_large_html(bytes: Option<u64>) -> String {
    let limit = crate::admin::MAX_UPLOAD_BYTES / 1_048_576;
    let size = match bytes {
        Some(bytes) => format!("{:.1} MB，上限 {limit} MB", bytes as f64 / 1_048_576.0),
        None => format!("下载时发现超过上限 {limit} MB"),
    };
    let mut h = Html::default();
    h.bold("没有添加：文件太大。").text(&format!(
        "\n{size}（机器人能从 Telegram 下载的最大文件）。请把文章直接放进语料文件夹，再 /reload。"
    ));
    h.html
}

/// The reply to a failed `/reload`: the old index stays.
pub fn reload_failed_html(reason: &str) -> String {
    let mut h = Html::default();
    h.bold("重新加载失败，继续使用原来的索引。")
        .text(&format!("\n原因：{}", cap(reason, 10 * REPORT_LINE_CHARS)));
    h.html
}

/// `/stats`.
pub fn stats_html(s: &crate::admin::StatsSnapshot, manifest: &Manifest) -> String {
    let mut h = Html::default();
    h.bold("运行状态").text(&format!(
        "\n文章 {} 篇，段落 {} 段\n问题 {} 个，已回答 {}，无答案比例 {:.1}%\n回答用时中位数 {}\n运行时间 {}\n上次重新加载：{}",
        manifest.articles.len(),
        manifest.passages(),
        s.questions,
        s.answered,
        s.no_answer_rate * 100.0,
        s.median_ms
            .map_or_else(|| "—".to_string(), |ms| format!("{ms:.1} ms")),
        human_duration(s.uptime),
        s.last_reload.map_or_else(
            || "无".to_string(),
            |(ago, took)| format!("{} 前（用时 {:.2} 秒）", human_duration(ago), took.as_secs_f64())
        ),
    ));
    h.html
}

fn human_duration(d: std::time::Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=59 => format!("{s} 秒"),
        60..=3599 => format!("{} 分 {} 秒", s / 60, s % 60),
        3600..=86_399 => format!("{} 小时 {} 分", s / 3600, (s % 3600) / 60),
        _ => format!("{} 天 {} 小时", s / 86_400, (s % 86_400) / 3600),
    }
}

/// Our HTML as plain text, to resend a message if Telegram ever rejects its markup: tags
/// dropped, entities decoded, and each link's address after its text — `《title》 (https://…)` —
/// so the article stays one tap away, unless that would make the message too long for Telegram
/// (then the text alone, exactly what the HTML shows).
pub fn html_to_plain(html: &str) -> String {
    let spelled = plain_text(html, true);
    match utf16_len(&spelled) <= TELEGRAM_LIMIT {
        true => spelled,
        false => plain_text(html, false),
    }
}

/// What Telegram shows for our HTML, with each link's address after its text if `addresses`.
fn plain_text(html: &str, addresses: bool) -> String {
    let mut out = String::with_capacity(html.len());
    let mut href: Option<String> = None;
    let mut rest = html;
    while !rest.is_empty() {
        let text_end = rest.find('<').unwrap_or(rest.len());
        decode_entities(&rest[..text_end], &mut out);
        rest = &rest[text_end..];
        if rest.is_empty() {
            break;
        }
        let Some(tag_end) = rest.find('>') else {
            break;
        };
        let tag = &rest[1..tag_end];
        rest = &rest[tag_end + 1..];
        if let Some(url) = tag
            .strip_prefix("a href=\"")
            .and_then(|t| t.strip_suffix('"'))
        {
            let mut decoded = String::new();
            decode_entities(url, &mut decoded);
            href = Some(decoded);
        } else if tag == "/a" {
            if let Some(url) = href.take().filter(|url| addresses && !out.ends_with(url)) {
                // After the title's closing bracket: 《title》 (https://…).
                if let Some(after) = rest.strip_prefix('》') {
                    out.push('》');
                    rest = after;
                }
                out.push_str(" (");
                out.push_str(&url);
                out.push(')');
            }
        }
    }
    out
}

/// Appends `text` to `out` with the entities [`escape`] writes decoded.
fn decode_entities(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let entity = [
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&amp;", '&'),
            ("&quot;", '"'),
        ]
        .into_iter()
        .find(|(e, _)| rest.starts_with(e));
        match entity {
            Some((e, c)) => {
                out.push(c);
                rest = &rest[e.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod bot_text_tests {
    use super::*;

    #[test]
    fn a_profile_of_someone_only_relayed_says_so() {
        let profile = |relayed: bool| Profile {
            name: "巩蕾".into(),
            role: Some("逯骁的合伙人".into()),
            articles: vec![ArticleEntry {
                path: "a.md".into(),
                title: "对话逯骁".into(),
                url: None,
                source: None,
                date: None,
                passages: 1,
                speakers: vec!["巩蕾".into(), "逯骁".into()],
                roles: Default::default(),
                host: None,
                addressed: Default::default(),
                relayed: vec!["巩蕾".into()],
                hash: String::new(),
            }],
            hosts: false,
            relayed,
            questions: Vec::new(),
        };
        assert!(profile_message(&profile(true)).contains("在收录的 1 篇访谈中被他人转述"));
        assert!(profile_message(&profile(false)).contains("在收录的 1 篇访谈中发言"));
    }

    #[test]
    fn greetings_are_greeted_and_questions_are_not() {
        for hello in ["你好", "您好！", " Hi! ", "在吗？", "早上好~", "Hello"] {
            assert!(question::is_small_talk(hello), "{hello}");
        }
        assert!(
            question::is_small_talk("你能做什么？") && question::is_small_talk("What can you do?")
        );
        for question in [
            "你好吗，GRPO 是什么",
            "hi GRPO",
            "早期的 R1",
            "今天天气怎么样？",
        ] {
            assert!(!question::is_small_talk(question), "{question}");
        }
        let reply = Reply::to("你好");
        assert!(telegram_messages(&reply)[0].starts_with(GREETING));
        assert!(terminal(&reply, Style::Plain).starts_with(GREETING));
        // Thanks get a word back; a question that opens with 好的 or 嗯 is a question.
        for thanks in ["谢谢！", "好的", "嗯嗯", "Thanks.", "👍"] {
            assert!(question::is_thanks(thanks), "{thanks}");
        }
        for question in [
            "好的模型是什么",
            "好的，GRPO 为什么重要？",
            "嗯，方汉怎么看开源",
            "谢谢方汉",
        ] {
            assert!(!question::is_thanks(question), "{question}");
        }
        assert_eq!(
            terminal(&Reply::to("谢谢"), Style::Plain),
            format!("{THANKS}\n")
        );
    }

    #[test]
    fn a_thing_counted_but_never_named_is_said_so_escaped() {
        let mut reply = Reply::to("那家<药企>叫什么");
        reply.unnamed = Some(Unnamed {
            mention: "一家<欧洲>药企".to_string(),
            speaker: None,
            title: "A & B".to_string(),
            which: "哪一家".to_string(),
        });
        let message = &telegram_messages(&reply)[0];
        assert!(message.starts_with(NOT_FOUND), "{message}");
        assert!(
            message.contains("《A &amp; B》的导语只说到「一家&lt;欧洲&gt;药企」，没有说是哪一家。"),
            "{message}"
        );
        assert!(!message.contains(NOT_FOUND_HINT), "{message}");
        reply.unnamed.as_mut().unwrap().speaker = Some("周立群".to_string());
        assert_eq!(
            terminal(&reply, Style::Plain),
            format!("{NOT_FOUND}\n周立群只说到「一家<欧洲>药企」，没有说是哪一家。\n")
        );
        let json: serde_json::Value = serde_json::from_str(&json(&reply)).unwrap();
        assert_eq!(json["unnamed"]["speaker"], "周立群");
        assert_eq!(json["answers"], serde_json::json!([]));
    }

    #[test]
    fn a_host_remark_is_not_labelled_a_question() {
        assert_eq!(host_label("所谓的模型文笔好，技术上是怎么实现的？"), "问：");
        assert_eq!(host_label("Why?"), "问：");
        let quoting = format!(
            "{}。有人问「为什么是中国公司做出来的？」你怎么看这个说法？",
            "背景".repeat(50)
        );
        assert_eq!(
            host_turn_shown(&quoting),
            "…有人问「为什么是中国公司做出来的？」你怎么看这个说法？"
        );
        let empty = format!("{}。？", "背景".repeat(50));
        assert_eq!(host_turn_shown(&empty), format!("{}…", "背景".repeat(45)));
        let long = format!(
            "{}。所谓的模型文笔好，技术上是怎么实现的？",
            "背景".repeat(50)
        );
        assert_eq!(
            host_turn_shown(&long),
            "…所谓的模型文笔好，技术上是怎么实现的？"
        );
        assert_eq!(host_turn_shown("短问题？"), "短问题？");
        let remark = "说".repeat(100);
        assert_eq!(host_turn_shown(&remark), format!("{}…", "说".repeat(90)));
        assert_eq!(
            host_label("因为没有人做出来过，或者没有人按这个方式做出来过。"),
            "主持人："
        );
    }

    #[test]
    fn html_to_plain_inverts_escaping_and_keeps_link_addresses() {
        let mut h = Html::default();
        h.bold("a<b>&\"").link("t", Some("https://x.test/?a&b"));
        assert_eq!(html_to_plain(&h.html), "a<b>&\"t (https://x.test/?a&b)");
        assert_eq!(plain_text(&h.html, false), "a<b>&\"t");
        assert_eq!(utf16_len(&plain_text(&h.html, false)), h.visible);
        let mut h = Html::default();
        h.text("《")
            .link("t", Some("https://x.test/"))
            .text("》 · 2025");
        assert_eq!(html_to_plain(&h.html), "《t》 (https://x.test/) · 2025");
        // A link that shows its own address is not spelled twice.
        let mut h = Html::default();
        h.link("https://x.test/", Some("https://x.test/"));
        assert_eq!(html_to_plain(&h.html), "https://x.test/");
    }

    #[test]
    fn html_to_plain_drops_addresses_that_would_not_fit() {
        let mut h = Html::default();
        h.text(&"长".repeat(TELEGRAM_LIMIT - 1))
            .link("t", Some("https://x.test/"));
        assert_eq!(h.visible, TELEGRAM_LIMIT);
        assert_eq!(html_to_plain(&h.html), plain_text(&h.html, false));
        assert_eq!(utf16_len(&html_to_plain(&h.html)), TELEGRAM_LIMIT);
    }
}

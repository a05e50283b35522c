//! Reported speech: the words a feature article quotes someone as saying (「"那时候大家觉得，不买
//! 就亏了。"韩雪松回忆」, 「他说：“我们不打算卖。”」), found inside the writer's narration.
//!
//! Owns: finding quotation marks and the name and reporting verb beside them. The spans it
//! returns are inside the paragraph it is given, so a quote is verbatim by construction.
//! Whether an article is read this way is the article builder's decision.
//!
//! Must not import: tantivy, teloxide, tokio, the index.

use std::ops::Range;

use super::labels::{looks_like_a_chinese_name, name_ending_after_a_post};

/// The words that report speech right beside a name: 韩雪松说, 他回忆, 她告诉记者.
const REPORTING: [&str; 30] = [
    "说",
    "回忆",
    "表示",
    "认为",
    "告诉",
    "坦言",
    "解释",
    "强调",
    "感慨",
    "补充",
    "透露",
    "提到",
    "介绍",
    "笑称",
    "直言",
    "指出",
    "称",
    "承认",
    "觉得",
    "形容",
    "记得",
    "看来",
    "判断",
    "建议",
    "回应",
    "谈到",
    "看法是",
    "观点是",
    "回答是",
    "说法是",
];

/// What of theirs a name may open a report with (「他的看法是：“……”」): their own words.
const OWN_WORDS: [&str; 5] = ["看法是", "观点是", "建议是", "回答是", "说法是"];

/// A quote shorter than this is a term in quotation marks (「好卖」, “城惠保”), not speech.
const MIN_QUOTE_CHARS: usize = 10;

/// How far after the name the reporting verb may stand (韩雪松笑着说, 他在电话里告诉记者).
const MOST_CHARS_TO_VERB: usize = 8;

/// How far after the name a quotation may open (「庞晓禾说她最怕看到那个画面：“……”」).
const MOST_CHARS_TO_SPEECH: usize = 16;

/// The last character of a post written right before a name (副镇长, 站务员, 医师, 书记,
/// 主任, 检察官).
const POSTS: [char; 6] = ['长', '员', '师', '记', '任', '官'];

/// How a person is written in the narration (韩雪松, 老于, 庞站长) and who that is.
pub(super) type Called = (String, String);

/// The quotes in `paragraph` that one of `names` is reported saying, with the name: a
/// quotation right after the name and a reporting verb (「韩雪松说：“……”」), or right
/// before them (「“……”韩雪松回忆」). `names` pairs each way a person is written with the
/// person. 他 or 她 means the article's one `subject`, if it has one, else the person last
/// named before the quotation — in the paragraph, or else `named_before` it. A quotation
/// with no name beside it is the writer's.
pub(super) fn attributed_quotes(
    paragraph: &str,
    names: &[Called],
    subject: Option<&str>,
    named_before: Option<&str>,
) -> Vec<(Range<usize>, String)> {
    let mut found: Vec<(Range<usize>, Range<usize>, String)> = Vec::new();
    for (open, words, close) in spoken(paragraph) {
        let before = &paragraph[..open];
        let after = &paragraph[close..];
        let last = last_named(before, names);
        let pronoun = subject.or(last.as_deref()).or(named_before);
        let speaker = reported_after(after, names, pronoun)
            .or_else(|| reported_before(before, names, pronoun))
            .or_else(|| reported_in_sentence_before(before, names, pronoun));
        let Some(speaker) = speaker else { continue };
        // 「“我申请的是二十万，……，”邰春生说，“说我去年……。”」: one utterance the attribution
        // interrupts, quoted whole with its marks.
        if let Some((marks, words_so_far, said_by)) = found.last_mut() {
            if *said_by == speaker && interrupts(&paragraph[marks.end..open]) {
                *marks = marks.start..close;
                *words_so_far = marks.clone();
                continue;
            }
        }
        found.push((open..close, words, speaker));
    }
    found
        .into_iter()
        .map(|(_, words, speaker)| (words, speaker))
        .collect()
}

/// The most characters an attribution that interrupts a quotation takes (「，”邰春生说，“」).
const MOST_INTERRUPTION_CHARS: usize = 12;

/// Whether `gap`, between two quotations, only says who speaks: short, no sentence ends.
fn interrupts(gap: &str) -> bool {
    let gap = gap
        .trim_start_matches(['，', ','])
        .trim_end_matches(['，', ',', '：', ':']);
    gap.chars().count() <= MOST_INTERRUPTION_CHARS
        && !gap.contains(['。', '！', '？', '\n'])
        && REPORTING.iter().any(|verb| gap.contains(verb))
}

/// The quotations in `paragraph` that read as speech (see [`reads_as_speech`]): where the
/// opening mark starts, the words inside without their surrounding space, and where the
/// closing mark ends.
pub(super) fn spoken(paragraph: &str) -> impl Iterator<Item = (usize, Range<usize>, usize)> + '_ {
    quotations(paragraph)
        .into_iter()
        .filter_map(|(open, inner, close)| {
            let inside = &paragraph[inner.clone()];
            let words = inside.trim();
            let start = inner.start + (inside.len() - inside.trim_start().len());
            reads_as_speech(words).then_some((open, start..start + words.len(), close))
        })
}

/// The people a feature quotes, when its front matter names nobody: a name (by its look, see
/// [`looks_like_a_chinese_name`]) that a reporting verb follows within a few characters, right
/// after a quotation (「"……"管桂英笑着说」), opening the clause before one (「戈敏说，"……"」)
/// or opening a sentence, the verb followed by a comma or colon (「宓若溪介绍，」),
/// and that the article writes at least twice; a name of two characters must be heard so
/// twice or follow a post (副镇长戈敏). In the order found.
pub(super) fn quoted_people<'t>(text: &'t str) -> Vec<String> {
    let mut heard: Vec<(&str, usize)> = Vec::new();
    let mut hear = |name: &'t str| match heard.iter_mut().find(|(n, _)| *n == name) {
        Some((_, times)) => *times += 1,
        None => heard.push((name, 1)),
    };
    for (open, inner, close) in quotations(text) {
        if !reads_as_speech(&text[inner]) {
            continue;
        }
        let after = text[close..].trim_start_matches(['，', ',', ' ']);
        let before = clause_before(&text[..open]);
        let named = reporter_at_start(after, text).or_else(|| {
            before
                .char_indices()
                .find_map(|(at, _)| reporter_at_start(&before[at..], text))
        });
        // 「熊春燕原来在……。“……”她说。」: the one the paragraph opens with.
        let named = named.or_else(|| {
            let after_it = after.starts_with(['他', '她'])
                && REPORTING.iter().any(|verb| after[3..].starts_with(verb));
            let before_it = before.starts_with(['他', '她'])
                && REPORTING.iter().any(|verb| before.ends_with(verb));
            let paragraph = text[..open].rfind('\n').map_or(0, |at| at + 1);
            (after_it || before_it)
                .then(|| name_opening(&text[paragraph..], text))
                .flatten()
        });
        if let Some(name) = named {
            hear(name);
        }
    }
    // Reported without quotation marks, as minutes and live blogs do: a sentence that opens
    // 「宓若溪介绍，」 (as [`reported_paragraph`] reads it).
    let mut previous = "";
    for sentence in text.split(['。', '！', '？', '\n']) {
        let opening = sentence.trim_start();
        let before = std::mem::replace(&mut previous, opening);
        // Most sentences fail here: no reporting verb ends their first clause.
        if !first_clause_reports(opening) {
            continue;
        }
        // 「……党委书记闫丰年介绍了社区书房的运行情况。他说，」
        if opening.starts_with(['他', '她']) && verb_then_mark(&opening[3..]) {
            if let Some(name) = introduced_in(before) {
                hear(name);
            }
            continue;
        }
        let reports = |at: usize| {
            reporter_at_start(&opening[at..], text)
                .filter(|name| verb_then_mark(&opening[at + name.len()..]))
        };
        // 「宓若溪介绍，」, 「樾塘镇副镇长戈敏告诉记者，」, and after a longer introduction,
        // 「志愿者代表、槿阳职业技术学院学生宓若溪介绍，」.
        let introduced = || name_before_the_verb(opening).map(|(name, _)| name);
        if let Some(name) = reports(0)
            .or_else(|| after_a_post(opening).find_map(reports))
            .or_else(introduced)
        {
            hear(name);
        }
    }
    // A name of two characters may be a word (应当说，): it must be heard twice, or be
    // introduced after a post (副镇长戈敏).
    let written_after_a_post = |name: &str| {
        text.match_indices(name)
            .any(|(at, _)| text[..at].ends_with(POSTS))
    };
    heard
        .into_iter()
        .filter(|(name, times)| {
            *times >= 2 || name.chars().count() > 2 || written_after_a_post(name)
        })
        .map(|(name, _)| name.to_string())
        .collect()
}

/// The name of three characters, else two, `paragraph` opens with, when `article` writes it
/// twice or more (熊春燕 in 「熊春燕原来在浔川城里一家酒店做面点。」, 邹晴 in 「邹晴的任务是
/// 数雁鸭类。」).
fn name_opening<'t>(paragraph: &'t str, article: &str) -> Option<&'t str> {
    [3, 2].into_iter().find_map(|n| {
        let end = paragraph.char_indices().nth(n)?.0;
        let name = &paragraph[..end];
        (looks_like_a_chinese_name(name) && article.matches(name).nth(1).is_some()).then_some(name)
    })
}

/// The clause a quotation opens after (「樾塘镇副镇长戈敏告诉记者」 in 「……戈敏告诉记者：“」).
fn clause_before(before: &str) -> &str {
    let before = before.trim_end_matches(['：', ':', '，', ',', ' ']);
    let start = before
        .rfind(['。', '！', '？', '，', '；', '\n', '”', '"'])
        .map_or(0, |at| {
            at + before[at..].chars().next().map_or(1, char::len_utf8)
        });
    &before[start..]
}

/// The name `text` opens with when a reporting verb follows it closely and `article` writes
/// it twice or more: three characters before two (芦长根, not 芦长).
fn reporter_at_start<'t>(text: &'t str, article: &str) -> Option<&'t str> {
    // 「高兴地说」, 「笑着说」: an adverb before the verb, no name.
    const ADVERBIAL: [char; 5] = ['地', '着', '的', '了', '得'];
    // Most positions fail here, before any search: no name opens them.
    let mut names = [3, 2].into_iter().filter_map(|chars| {
        let end = text
            .char_indices()
            .nth(chars)
            .map_or(text.len(), |(at, _)| at);
        let name = &text[..end];
        (name.chars().count() == chars
            && !name.ends_with(ADVERBIAL)
            && !text[end..].starts_with(ADVERBIAL)
            && looks_like_a_chinese_name(name))
        .then_some((name, end))
    });
    names.find_map(|(name, end)| {
        let near: String = text[end..]
            .chars()
            .take(MOST_CHARS_TO_VERB)
            .take_while(|c| !matches!(c, '，' | '。' | '：' | '“' | '"' | ','))
            .collect();
        let reported = REPORTING.iter().any(|verb| near.contains(verb));
        (reported && article.matches(name).nth(1).is_some()).then_some(name)
    })
}

/// A paragraph that reports what someone said without quoting it, as minutes do
/// («缪春樵介绍，2023年区图书馆……», «……苟长庚是图书馆的“老熟人”。他说，……»): where their
/// words start in it and who they are, when its first or second sentence opens with their
/// name (or 他/她 for the one the sentence before names) and a reporting verb with a comma or
/// colon right after. The paragraph's words from there on are theirs, as reported.
pub(super) fn reported_paragraph(paragraph: &str, names: &[Called]) -> Option<(usize, String)> {
    let mut start = 0;
    for end in sentence_ends(paragraph).take(2) {
        let sentence = &paragraph[start..end];
        let opening = sentence.trim_start();
        if !first_clause_reports(opening) {
            start = end;
            continue;
        }
        let at = start + (sentence.len() - opening.len());
        // 「栾建军对晁永庆很熟悉。他介绍，」: 他 is the sentence's subject, named first.
        let named_before = first_named(&paragraph[..start], names);
        let named = named_at_start(opening, names, named_before.as_deref())
            .or_else(|| named_after_a_post(opening, names))
            .or_else(|| {
                let (name, rest) = name_before_the_verb(opening)?;
                let (_, person) = names.iter().find(|(written, _)| written == name)?;
                Some((person.clone(), rest))
            });
        if let Some((name, rest)) = named {
            if verb_then_mark(rest) {
                // 「他说，」: the sentence that named him is part of the report.
                let from = if named_before.is_some() && opening.starts_with(['他', '她']) {
                    0
                } else {
                    at
                };
                return Some((from, name));
            }
        }
        start = end;
    }
    None
}

/// The name that ends the first clause of `opening` right before its reporting verb, after
/// a post or a school (「教师代表、槿阳第二中学语文教师蒯望舒谈到，」 → 蒯望舒), and the rest from
/// the verb on.
fn name_before_the_verb(opening: &str) -> Option<(&str, &str)> {
    const REACH: usize = 12 + 16 + MOST_CHARS_TO_VERB;
    let (end, _) = opening
        .char_indices()
        .take(REACH)
        .find(|&(_, c)| matches!(c, '，' | '：' | ',' | ':'))?;
    let clause = &opening[..end];
    let verb = REPORTING.iter().find(|verb| clause.ends_with(*verb))?;
    let before = &clause[..clause.len() - verb.len()];
    // 学生宓若溪: a school's student introduced as a post is.
    let posts = [POSTS.as_slice(), &['生']].concat();
    let name = name_ending_after_a_post(before, &posts)?;
    Some((name, &opening[before.len()..]))
}

/// The name a sentence introduces after a post, right before a reporting verb
/// (「嵘桥社区党委书记闫丰年介绍了社区书房的运行情况」 → 闫丰年).
fn introduced_in(sentence: &str) -> Option<&str> {
    REPORTING.iter().find_map(|verb| {
        sentence
            .match_indices(verb)
            .find_map(|(at, _)| name_ending_after_a_post(&sentence[..at], &POSTS))
    })
}

/// 「樾塘镇副镇长戈敏告诉记者，」, 「据站长缪春樵介绍，」: a name after the post or place that
/// introduces it, within one clause near the sentence's start.
fn named_after_a_post<'t>(opening: &'t str, names: &[Called]) -> Option<(String, &'t str)> {
    after_a_post(opening).find_map(|at| named_at_start(&opening[at..], names, None))
}

/// Where a name may start after a post (副镇长) or 据 near the start of `opening`, in its
/// first clause.
fn after_a_post(opening: &str) -> impl Iterator<Item = usize> + '_ {
    const MOST_CHARS_BEFORE_NAME: usize = 12;
    opening
        .char_indices()
        .skip(1)
        .take(MOST_CHARS_BEFORE_NAME)
        .take_while(|&(_, c)| !is_clause_mark(c))
        .map(|(at, _)| at)
        .filter(|&at| opening[..at].ends_with(POSTS) || &opening[..at] == "据")
}

fn is_clause_mark(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '：' | '；' | '！' | '？' | '“' | '"' | ',' | ':' | '、'
    )
}

/// Where each sentence of `text` ends (after its 。！？, or at the end of the text).
fn sentence_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.char_indices()
        .filter(|(_, c)| matches!(c, '。' | '！' | '？'))
        .map(|(at, c)| at + c.len_utf8())
        .chain(std::iter::once(text.len()))
}

/// Whether the first clause of `opening`, within a name, a post and a verb's reach, ends
/// with a reporting verb (and the one told: 「……告诉记者，」): what [`verb_then_mark`] then
/// finds after a name.
fn first_clause_reports(opening: &str) -> bool {
    const REACH: usize = 12 + 4 + MOST_CHARS_TO_VERB;
    let Some((at, _)) = opening
        .char_indices()
        .take(REACH)
        .find(|&(_, c)| matches!(c, '，' | '：' | ',' | ':'))
    else {
        return false;
    };
    let clause = &opening[..at];
    let clause = ["本报记者", "记者", "笔者", "我们"]
        .iter()
        .find_map(|told| clause.strip_suffix(told))
        .unwrap_or(clause);
    REPORTING.iter().any(|verb| clause.ends_with(verb))
}

/// A reporting verb within a few characters, with a comma or colon right after it
/// (「当场回应，」, 「介绍：」, 「告诉记者，」), not a verb inside a clause (「认为这是机会」).
fn verb_then_mark(rest: &str) -> bool {
    let near: String = rest.chars().take(MOST_CHARS_TO_VERB + 1).collect();
    REPORTING.iter().any(|verb| {
        near.match_indices(verb).any(|(at, _)| {
            let after = &near[at + verb.len()..];
            // 「告诉记者，」: the one told may stand between the verb and the mark.
            let after = ["本报记者", "记者", "笔者", "我们"]
                .iter()
                .find_map(|told| after.strip_prefix(told))
                .unwrap_or(after);
            after.starts_with(['，', '：', ',', ':'])
        })
    })
}

/// The person named first in `text`, by any of the ways `names` writes them.
fn first_named(text: &str, names: &[Called]) -> Option<String> {
    names
        .iter()
        .filter_map(|(written, name)| text.find(written.as_str()).map(|at| (at, name)))
        .min_by_key(|&(at, _)| at)
        .map(|(_, name)| name.clone())
}

/// The person named last in `text`, by any of the ways `names` writes them.
pub(super) fn last_named(text: &str, names: &[Called]) -> Option<String> {
    names
        .iter()
        .filter_map(|(written, name)| {
            text.rfind(written.as_str())
                .map(|at| (at + written.len(), name))
        })
        .max_by_key(|&(end, _)| end)
        .map(|(_, name)| name.clone())
}

/// Speech is a sentence or more: long enough, with a clause or sentence mark inside or at
/// its end. A name or a term in quotation marks (“城市定制型商业医疗保险”) has none.
fn reads_as_speech(words: &str) -> bool {
    words.chars().count() >= MIN_QUOTE_CHARS
        && words.contains(['，', '。', '！', '？', '；', '…', ',', '!', '?'])
}

/// (where the opening mark starts, the text inside, where the closing mark ends), left to
/// right. Curly and corner quotes pair as written; straight double quotes pair in turn.
fn quotations(text: &str) -> Vec<(usize, Range<usize>, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (at, c) in text.char_indices() {
        match (open, c) {
            (None, '“' | '「' | '『' | '"') => open = Some((at, c)),
            (Some((start, opener)), _) if closes(opener, c) => {
                out.push((start, start + opener.len_utf8()..at, at + c.len_utf8()));
                open = None;
            }
            // A paragraph break inside a quotation: the writer left it open.
            (Some(_), '\n') => open = None,
            _ => {}
        }
    }
    out
}

fn closes(opener: char, c: char) -> bool {
    matches!(
        (opener, c),
        ('“', '”') | ('「', '」') | ('『', '』') | ('"', '"')
    )
}

/// 「，韩雪松回忆」 after a quotation: the speaker, when the text right after it names them —
/// or their post first (「歙塘镇市场监管所所长童建平说」) — and a reporting verb follows.
fn reported_after(after: &str, names: &[Called], pronoun: Option<&str>) -> Option<String> {
    let after = after.trim_start_matches(['，', ',', ' ']);
    let (name, rest) =
        named_at_start(after, names, pronoun).or_else(|| named_after_a_post(after, names))?;
    let near: String = rest.chars().take(MOST_CHARS_TO_VERB).collect();
    REPORTING.iter().any(|v| near.contains(v)).then_some(name)
}

/// 「韩雪松告诉记者：」 before a quotation: the speaker, when the clause that ends right before
/// it names them and then, within a few characters, a reporting verb (「庞晓禾说她最怕看到那个
/// 画面：」).
fn reported_before(before: &str, names: &[Called], pronoun: Option<&str>) -> Option<String> {
    let before = before.trim_end_matches(['：', ':', '，', ',', ' ']);
    // The clause the quotation ends: after the last sentence or clause break.
    let clause_start = before
        .char_indices()
        .filter(|(_, c)| "。！？；，,\n".contains(*c))
        .map(|(at, c)| at + c.len_utf8())
        .next_back()
        .unwrap_or(0);
    let clause = &before[clause_start..];
    let mut candidates: Vec<(&str, String)> = names
        .iter()
        .map(|(written, name)| (written.as_str(), name.clone()))
        .collect();
    if let Some(subject) = pronoun {
        candidates.extend(["他", "她"].map(|p| (p, subject.to_string())));
    }
    candidates.into_iter().find_map(|(written, name)| {
        let at = clause.rfind(written)?;
        let rest = &clause[at + written.len()..];
        let near: String = rest.chars().take(MOST_CHARS_TO_VERB).collect();
        let short = rest.chars().count() <= MOST_CHARS_TO_SPEECH;
        (short && !of_theirs(rest) && REPORTING.iter().any(|v| near.contains(v))).then_some(name)
    })
}

/// 「韩雪松解释，赔付率是赔出去的钱占保费的比例。“92% 意味着……”」: the speaker, when the
/// sentence the quotation ends, or the one right before it, opens with their name and a
/// reporting verb — the quotation goes on with what they were saying.
fn reported_in_sentence_before(
    before: &str,
    names: &[Called],
    pronoun: Option<&str>,
) -> Option<String> {
    let ended = before.trim_end();
    // The sentence the quotation closes (韩雪松说，他们考虑过，“……”), or the one before it.
    let body = match ended.strip_suffix(['。', '！', '？']) {
        Some(body) => body,
        None => ended,
    };
    let start = body
        .char_indices()
        .filter(|(_, c)| "。！？\n\"”」".contains(*c))
        .map(|(at, c)| at + c.len_utf8())
        .next_back()
        .unwrap_or(0);
    let sentence = body[start..].trim_start();
    let sentence = sentence.strip_prefix('在').unwrap_or(sentence);
    reported_after(sentence, names, pronoun)
}

/// Whether what follows a name (`rest`) makes someone of theirs the speaker: 「她的邻居说」 —
/// but 「他的看法是」 is their own view.
fn of_theirs(rest: &str) -> bool {
    rest.strip_prefix('的')
        .is_some_and(|rest| !OWN_WORDS.iter().any(|w| rest.starts_with(w)))
}

/// The name `text` starts with, and the text after it.
fn named_at_start<'t>(
    text: &'t str,
    names: &[Called],
    pronoun: Option<&str>,
) -> Option<(String, &'t str)> {
    let theirs = of_theirs;
    if let Some((written, name)) = names.iter().find(|(w, _)| text.starts_with(w.as_str())) {
        let rest = &text[written.len()..];
        return (!theirs(rest)).then(|| (name.clone(), rest));
    }
    let subject = pronoun?;
    ["他", "她"]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .filter(|rest| !theirs(rest))
        .map(|rest| (subject.to_string(), rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quotation_the_attribution_interrupts_is_one() {
        let names: Vec<Called> = vec![("邰春生".into(), "邰春生".into())];
        let text = "这一次不一样。“我申请的是二十万，它给了十五万，”邰春生说，\
                    “说我去年有两个月的流水断了。”后来他又去了一趟。“这是另一回事，不相干。”邰春生说。";
        let found = attributed_quotes(text, &names, None, None);
        let quoted: Vec<&str> = found.iter().map(|(r, _)| &text[r.clone()]).collect();
        assert_eq!(
            quoted,
            [
                "“我申请的是二十万，它给了十五万，”邰春生说，“说我去年有两个月的流水断了。”",
                "这是另一回事，不相干。"
            ]
        );
        assert!(looks_like_a_chinese_name("缑一鸣") && looks_like_a_chinese_name("籍晓"));
    }

    #[test]
    fn a_paragraph_opening_on_a_name_of_two_gives_her_quotation_to_her() {
        let text = "邹晴的任务是数雁鸭类。“一块是五十只，这片大概是二十四块，那就是一千二左右。”她说。\n\n\
                    邹晴的论文研究的是干扰。“周末鸟群停留的时间，比工作日少了将近一半。”她说。";
        assert_eq!(quoted_people(text), ["邹晴"]);
    }

    #[test]
    fn minutes_report_a_speaker_after_a_long_introduction() {
        let text = "志愿者代表、槿阳职业技术学院学生宓若溪介绍，服务队目前有注册志愿者86人。\n\n\
                    教师代表、槿阳第二中学语文教师蒯望舒谈到，一个班四五十名学生需要同时读同一本书。\n\n\
                    会议室里坐满了人，大家介绍，今年读者多了。\n\n\
                    嵘桥社区党委书记闫丰年介绍了社区书房的运行情况。他说，书房每季度更新200册。";
        assert_eq!(quoted_people(text), ["宓若溪", "蒯望舒", "闫丰年"]);
        let names: Vec<Called> = ["宓若溪", "蒯望舒"]
            .iter()
            .map(|n| (n.to_string(), n.to_string()))
            .collect();
        let paragraph = text.lines().nth(2).unwrap_or_default();
        assert_eq!(
            reported_paragraph(paragraph, &names),
            Some((0, "蒯望舒".to_string()))
        );
    }

    #[test]
    fn people_quoted_by_name_and_reporting_verb_are_found_without_a_list() {
        let text = "芦长根是1986年接的船。\n\n\"以前这个点，船上要挤二十几个人。\"芦长根一边掌舵一边说。\n\n\
                    副镇长戈敏告诉记者：“桥通了以后，渡船会停航，我们不卖。”“这条船要留下来，放进记忆馆。”戈敏说。\n\n\
                    “这个问题很复杂，要慢慢说。”高兴地说。“这是第二句话，也很长。”高兴地说。\n\n\
                    “这件事应当慢慢说，不着急。”应当说，一切都好。“很好很好，真的很好。”";
        assert_eq!(quoted_people(text), ["芦长根", "戈敏"]);
    }

    #[test]
    fn minutes_report_a_persons_words_without_quoting_them() {
        let names = [
            ("缪春樵".to_string(), "缪春樵".to_string()),
            ("苟长庚".to_string(), "苟长庚".to_string()),
        ];
        let p = "会议首先通报工作情况。缪春樵介绍，2023年全年接待读者41.6万人次。";
        let (from, who) = reported_paragraph(p, &names).expect("reported");
        assert_eq!(
            (&p[from..], who.as_str()),
            ("缪春樵介绍，2023年全年接待读者41.6万人次。", "缪春樵")
        );
        let p = "读者代表、退休工人苟长庚是图书馆的老熟人。他说，自己退休已经十二年。";
        assert_eq!(
            reported_paragraph(p, &names),
            Some((0, "苟长庚".to_string()))
        );
        // 他 is the subject of the sentence before, not the last person it names.
        let p = "社区民警苟长庚对缪春樵很熟悉。他介绍，片区备案的开锁师傅共有47人。";
        assert_eq!(
            reported_paragraph(p, &names),
            Some((0, "苟长庚".to_string()))
        );
        assert_eq!(
            reported_paragraph("缪春樵认为这是一个机会，于是辞职了。", &names),
            None
        );
        assert_eq!(
            reported_paragraph("第一句。第二句。缪春樵说，第三句。", &names),
            None
        );
        // Introduced by a post, or by 据.
        let p = "樾塘镇副馆长缪春樵告诉记者，渡口一直由镇里补贴，每年一万二千元。";
        assert_eq!(
            reported_paragraph(p, &names),
            Some((0, "缪春樵".to_string()))
        );
        let p = "据馆长缪春樵介绍，全馆藏书四十万册。";
        assert_eq!(
            reported_paragraph(p, &names),
            Some((0, "缪春樵".to_string()))
        );
        // Someone else telling a named person is not that person's report.
        assert_eq!(
            reported_paragraph("读者对缪春樵说，书太旧了。", &names),
            None
        );
    }

    fn quotes<'p>(paragraph: &'p str, pronoun: Option<&str>) -> Vec<(&'p str, String)> {
        let names = [("韩雪松".to_string(), "韩雪松".to_string())];
        attributed_quotes(paragraph, &names, pronoun, None)
            .into_iter()
            .map(|(range, who)| (&paragraph[range], who))
            .collect()
    }

    #[test]
    fn a_quotation_beside_a_name_and_a_reporting_verb_is_theirs() {
        let p = "\"那时候大家觉得，69 块钱，保 300 万，不买就亏了。\"韩雪松回忆，第一年的参保率达到了 31%。";
        assert_eq!(
            quotes(p, None),
            [(
                "那时候大家觉得，69 块钱，保 300 万，不买就亏了。",
                "韩雪松".to_string()
            )]
        );
        let p = "韩雪松告诉记者：“我们算过，赔付率过了 90% 就撑不下去了。”";
        assert_eq!(
            quotes(p, None),
            [(
                "我们算过，赔付率过了 90% 就撑不下去了。",
                "韩雪松".to_string()
            )]
        );
        // Their post before the name, after the quotation.
        let p =
            "投诉一年到头不断。“最多的时候一个月接到四十多个投诉电话。”市场监管所所长韩雪松说。";
        assert_eq!(
            quotes(p, None),
            [(
                "最多的时候一个月接到四十多个投诉电话。",
                "韩雪松".to_string()
            )]
        );
        // 他 is the article's one subject, when it has one.
        let p = "他说：“年轻人正在离开，这是最危险的信号。”";
        assert_eq!(quotes(p, None), []);
        assert_eq!(
            quotes(p, Some("韩雪松")),
            [("年轻人正在离开，这是最危险的信号。", "韩雪松".to_string())]
        );
        // The sentence before opens with the speaker and a reporting verb.
        let p =
            "韩雪松解释，赔付率是赔出去的钱占保费的比例。“92% 意味着，这个项目基本是不赚钱的。”";
        assert_eq!(
            quotes(p, None),
            [("92% 意味着，这个项目基本是不赚钱的。", "韩雪松".to_string())]
        );
        let p = "韩雪松说，他们考虑过全年开放，“但这样逆选择会更严重，很多人会等生病了再来买。”";
        assert_eq!(
            quotes(p, None),
            [(
                "但这样逆选择会更严重，很多人会等生病了再来买。",
                "韩雪松".to_string()
            )]
        );
        let p = "在他看来，行业正在分化。“真正能活下来的，是有人持续运营的项目。”";
        assert_eq!(
            quotes(p, Some("韩雪松")),
            [(
                "真正能活下来的，是有人持续运营的项目。",
                "韩雪松".to_string()
            )]
        );
    }

    #[test]
    fn with_two_people_he_or_she_is_the_one_named_last() {
        let names = [
            ("于长海".to_string(), "于长海".to_string()),
            ("老于".to_string(), "于长海".to_string()),
            ("庞晓禾".to_string(), "庞晓禾".to_string()),
            ("庞站长".to_string(), "庞晓禾".to_string()),
        ];
        let quotes = |paragraph: &'static str, before: Option<&str>| {
            attributed_quotes(paragraph, &names, None, before)
                .into_iter()
                .map(|(range, who)| (&paragraph[range], who))
                .collect::<Vec<_>>()
        };
        let p = "老于说起那个冬天。“我一个人弄不动它，就在雪地里守着。”他说。";
        assert_eq!(
            quotes(p, Some("庞晓禾")),
            [("我一个人弄不动它，就在雪地里守着。", "于长海".to_string())]
        );
        // Named in an earlier paragraph.
        let p = "“那一下我听见了骨头响，可我不能松手。”她回忆道。";
        assert_eq!(
            quotes(p, Some("庞晓禾")),
            [("那一下我听见了骨头响，可我不能松手。", "庞晓禾".to_string())]
        );
        assert_eq!(quotes(p, None), []);
        // The reporting verb right after the name, the quotation a few words on.
        let p = "庞站长说她最怕看到那个画面：“它知道天上那些是同类，可它回不去了。”";
        assert_eq!(
            quotes(p, None),
            [("它知道天上那些是同类，可它回不去了。", "庞晓禾".to_string())]
        );
    }

    #[test]
    fn terms_in_quotation_marks_and_unattributed_quotes_are_the_writers() {
        // A term, however it is marked.
        assert_eq!(
            quotes("被称为“城市定制型商业医疗保险”，韩雪松说这很准确。", None),
            []
        );
        // Someone else's words.
        let p = "一位参保人说：“我每年都买，但从来没用过，明年不想买了。”";
        assert_eq!(quotes(p, Some("韩雪松")), []);
        // A quotation nobody is said to say.
        assert_eq!(quotes("“惠民保还能走多远？”这是所有人的问题。", None), []);
        // Nor one after a sentence about someone else, in a paragraph that names the subject.
        let p = "他提到一个案例。一位患者接受了治疗，赔付了 98 万元。“家属后来专门送来了锦旗，说救了一条命。”";
        assert_eq!(quotes(p, Some("韩雪松")), []);
        // 「他的邻居说」 is the neighbour's; 「他的看法是」 his own.
        let p = "他的邻居说：“他每天都来得很早，从不迟到。”";
        assert_eq!(quotes(p, Some("韩雪松")), []);
        let p = "他的看法是，锁再好，也比不上用的人心里有数：“密码别用生日，指纹别让外人录。”";
        assert_eq!(
            quotes(p, Some("韩雪松")),
            [("密码别用生日，指纹别让外人录。", "韩雪松".to_string())]
        );
    }
}

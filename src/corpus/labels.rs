//! Speaker labels: what a line says if it starts a turn (`**吴翼：**`, `问：`, `名字 00:01:02`,
//! `【名字】`), the names, roles and short names written in it, and the lines that look like
//! labels but are bylines, enumerations or the openings of sentences.
//!
//! Owns: reading one line (`split_label`), telling names from words, and the first pass over
//! an article's lines (`label_lines`). Whether a label starts a turn in a given article is the
//! article builder's decision (`ArticleBuilder::speaker_label` in the parent module).
//!
//! Must not import: tantivy, teloxide, tokio, the index.

use std::collections::{HashMap, HashSet};

use super::{clean_inline, is_bold_question, is_role_label, names_a_part, HOST_LABELS};

/// A speaker label longer than this is prose with a colon, not a name.
pub(super) const MAX_LABEL_CHARS: usize = 12;

/// The same for a name in Latin letters (`Demis Hassabis`).
pub(super) const MAX_LATIN_LABEL_CHARS: usize = 24;

/// A byline's names fit in this many bytes (`采访：罗佳、许鸣、Kevin Zhang`).
pub(super) const BYLINE_BYTES: usize = 90;

/// A label ends within this many characters of its line's start (name, role, marks): the
/// rest of a long paragraph is never searched for one.
pub(super) const LABEL_SCAN_CHARS: usize = 80;

/// A role in brackets after a label's name (`**王鹤（银河通用创始人）：**`) longer than this is
/// an aside, not a role.
pub(super) const MAX_LABEL_ROLE_CHARS: usize = 40;

/// A line that reads as a label: its name, its style, and whether it is quoted (`> `).
pub(super) struct LabelLine {
    pub(super) name: String,
    pub(super) style: LabelStyle,
    pub(super) quoted: bool,
    /// Index of the line in the body.
    pub(super) line: usize,
}

/// The names of a dialogue a speaker retells inside an answer: labels of one style between
/// labels of another (`投资人：` among `**赵一苇：**` turns), with the speaker's own part
/// written `我：` among them. Such a name is no speaker of the article, and the lines are the
/// speaker's words.
pub(super) fn retold_dialogue(labels: &[LabelLine], body: &str) -> HashSet<String> {
    let mut retold = HashSet::new();
    let mut first_person = body
        .lines()
        .enumerate()
        .filter(|(_, raw)| {
            unquoted_line(raw)
                .strip_prefix('我')
                .is_some_and(|rest| rest.starts_with(['：', ':']))
        })
        .map(|(i, _)| i)
        .peekable();
    if first_person.peek().is_none() {
        return retold;
    }
    let first_person: Vec<usize> = first_person.collect();
    let mut start = 0;
    while start < labels.len() {
        let style = labels[start].style;
        let end = labels[start..]
            .iter()
            .position(|l| l.style != style)
            .map_or(labels.len(), |n| start + n);
        if start > 0 && end < labels.len() && end - start <= RETOLD_LABELS {
            let (after, before) = (labels[start - 1].line, labels[end].line);
            if first_person.iter().any(|&i| after < i && i < before) {
                retold.extend(labels[start..end].iter().map(|l| l.name.clone()));
            }
        }
        start = end;
    }
    retold
}

/// The most labels a retold dialogue has (see [`retold_dialogue`]).
const RETOLD_LABELS: usize = 12;

/// How often each name is a label.
pub(super) fn count_names(labels: &[LabelLine]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for label in labels {
        *counts.entry(label.name.clone()).or_insert(0) += 1;
    }
    counts
}

/// What the lines that read as labels say before the turns are read.
pub(super) struct LabelScan {
    /// Every label but bylines, in order.
    pub(super) labels: Vec<LabelLine>,
    /// Lines that are questions in bold.
    pub(super) bold_questions: usize,
    /// Hosts a byline names (`主播：程澈、小满`).
    pub(super) hosts: Vec<String>,
    /// The lines (by index in the body) that are bylines, in order.
    pub(super) bylines: Vec<usize>,
}

/// The scan, and each line's label as read (none for a byline), so the turns need not read
/// the lines again.
pub(super) fn label_lines(body: &str) -> (LabelScan, Vec<Option<Label<'_>>>) {
    let mut labels = Vec::new();
    let mut bold_questions = 0;
    let mut hosts: Vec<String> = Vec::new();
    let mut per_line = Vec::new();
    let mut bylines = Vec::new();
    // Labels inside list items (`- 裘念：……`), by line: turns only when they are most of
    // the article's labels, as in minutes written as a list; else a cast list in the show
    // notes (`- 欣妤：來賓，蔡欣妤`) or points of a list.
    let mut bulleted: Vec<usize> = Vec::new();
    for (i, raw) in body.lines().enumerate() {
        let line = unquoted_line(raw);
        // A list item is read as one (`- 裘念：` is a listed label, not a name 「- 裘念」).
        let label = match markdown_item(line) {
            Some(item) => {
                bulleted.push(i);
                split_label(item)
            }
            None => split_label(line),
        };
        match label {
            Some(label) if label.is_byline() => {
                hosts.extend(label.hosts_named());
                bylines.push(i);
                per_line.push(None);
            }
            Some(label) => {
                labels.push(LabelLine {
                    name: label.name.clone(),
                    style: label.style,
                    quoted: raw.trim_start().starts_with('>'),
                    line: i,
                });
                per_line.push(Some(label));
            }
            None => {
                bold_questions += usize::from(is_bold_question(line));
                per_line.push(None);
            }
        }
    }
    let listed = labels.iter().filter(|l| bulleted.contains(&l.line)).count();
    if listed > 0 && (listed < MIN_LISTED_TURNS || listed * 2 < labels.len()) {
        labels.retain(|l| !bulleted.contains(&l.line));
        for &i in &bulleted {
            per_line[i] = None;
        }
    }
    let scan = LabelScan {
        labels,
        bold_questions,
        hosts,
        bylines,
    };
    (scan, per_line)
}

/// A line without its blockquote marks: `> **叶舟：**……` is 叶舟's turn, quoted.
/// Labelled list items it takes to read a list as turns.
const MIN_LISTED_TURNS: usize = 4;

/// The text of a Markdown list item (`- 裘念：……`), not of bold (`**`).
fn markdown_item(line: &str) -> Option<&str> {
    line.strip_prefix(['-', '*', '+'])
        .filter(|rest| rest.starts_with(' '))
        .map(str::trim_start)
}

pub(super) fn unquoted_line(line: &str) -> &str {
    let mut line = line.trim();
    while let Some(rest) = line.strip_prefix('>') {
        line = rest.trim_start();
    }
    line
}

/// What a line would say if it were a speaker label; [`ArticleBuilder::speaker_label`] decides
/// whether it is one.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Label<'l> {
    /// The name, spaces inside a Chinese name removed (`王　敏` → `王敏`).
    pub(super) name: String,
    /// The role written beside the name: in brackets after it, or 主持人 before it.
    pub(super) role: Option<String>,
    /// The short name later labels use: `欧阳` of `欧阳靖川（以下简称“欧阳”）`.
    pub(super) alias: Option<String>,
    /// The label as written, markup left in: `**王鹤（银河通用创始人）：`.
    pub(super) written: &'l str,
    /// The line after the label.
    pub(super) rest: &'l str,
    pub(super) style: LabelStyle,
}

impl Label<'_> {
    /// A person's name, a part (主持人, 记者), or anything with a role beside it — not
    /// 「写在最后」 or 「延伸阅读」.
    pub(super) fn reads_as_a_name(&self) -> bool {
        self.role.is_some()
            || looks_like_a_chinese_name(&self.name)
            || is_latin_name(&self.name)
            || (self.name.contains('·') && is_personal_name(&self.name))
            || names_a_part(&self.name)
            || is_role_label(&self.name)
            || is_numbered_speaker(&self.name)
            || is_nickname(&self.name)
            || is_flat_label(&self.name)
    }

    /// `采访：罗佳、许鸣`, `记者：周晴`: names after the colon and nothing else.
    pub(super) fn is_byline(&self) -> bool {
        self.byline_names().is_some()
    }

    /// The names of a byline (`【主播】Lydia、潘一鸣` → Lydia, 潘一鸣).
    pub(super) fn byline_names(&self) -> Option<Vec<String>> {
        // A few names at most: a paragraph after a label is speech, not a byline.
        // 「晏鹤年（原棠溪县人民医院外科主任）、牟秀蕖（原外科护士长）」: names with their posts.
        let rest = without_brackets(&clean_inline(self.rest));
        if rest.len() > BYLINE_BYTES {
            return None;
        }
        // 「口述：龚水生　　整理：乔木蓝」: a second credit on the line names its person too.
        let credited = |n: &str| -> String {
            match n.split_once(['：', ':']) {
                Some((credit, name)) if (1..=3).contains(&credit.chars().count()) => {
                    name.to_string()
                }
                _ => n.to_string(),
            }
        };
        let names: Vec<String> = rest
            .split(['、', '，', ',', ' ', '　', '/', '／'])
            .filter(|n| !n.is_empty())
            .map(credited)
            .collect();
        // 「主任委员、副主任委员、秘书长」 after a colon is a list of posts, not a byline.
        let all_names = names.iter().all(|n| {
            looks_like_a_chinese_name(n)
                || is_latin_name(n)
                || is_nickname(n)
                || is_latin_word_name(n)
        });
        (!names.is_empty() && all_names).then_some(names)
    }

    /// `主播：程澈、小满`: a byline that says who hosts.
    pub(super) fn hosts_named(&self) -> Vec<String> {
        let hosting = HOST_LABELS.contains(&self.name.as_str()) || self.name == "主播";
        match hosting {
            true => self.byline_names().unwrap_or_default(),
            false => Vec::new(),
        }
    }
}

/// `text` without what it writes in brackets.
fn without_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// `Lydia`: one capitalized Latin word, a name only where a list of names is expected.
pub(super) fn is_latin_word_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_lowercase())
        && name.len() >= 2
}

/// YM, HY: a speaker's initials, as transcripts label them (two or three capitals).
pub(super) fn is_initials(label: &str) -> bool {
    (2..=3).contains(&label.len()) && label.chars().all(|c| c.is_ascii_uppercase())
}

/// 小满, 老K, 阿木: what podcast hosts call each other.
pub(super) fn is_nickname(name: &str) -> bool {
    let mut chars = name.chars();
    let (Some(first), Some(second), None) = (chars.next(), chars.next(), chars.next()) else {
        return false;
    };
    "小老阿".contains(first) && (is_han(second) || second.is_ascii_alphabetic())
}

/// `601代表`, `501家属`: minutes of residents name a speaker by their flat.
fn is_flat_label(name: &str) -> bool {
    const FOR_A_FLAT: [&str; 5] = ["代表", "家属", "住户", "业主", "户主"];
    let post = name.trim_start_matches(|c: char| c.is_ascii_digit());
    (3..=4).contains(&(name.len() - post.len())) && FOR_A_FLAT.contains(&post)
}

/// `说话人 1`, `Speaker 2`: how transcription tools name voices they cannot tell apart.
pub(super) fn is_numbered_speaker(name: &str) -> bool {
    ["说话人", "发言人", "Speaker"].iter().any(|p| {
        name.strip_prefix(p)
            .is_some_and(|n| !n.trim().is_empty() && n.trim().bytes().all(|b| b.is_ascii_digit()))
    })
}

/// `Kevin Liu`, `Demis Hassabis`: two or three capitalized Latin words (one could as well be
/// a company, OpenAI).
pub(super) fn is_latin_name(name: &str) -> bool {
    let words: Vec<&str> = name.split(' ').collect();
    (2..=3).contains(&words.len())
        && words.iter().all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(|c| c.is_ascii_uppercase())
                && chars.all(|c| c.is_ascii_alphabetic() || c == '.' || c == '-')
        })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LabelStyle {
    /// `**名字：**`
    BoldThroughColon,
    /// `**名字**：`
    BoldName,
    /// `**名字**` alone on its line.
    NameLine,
    /// `【名字】`
    Bracketed,
    /// `名字 00:01:02` alone on its line: a transcript's speaker and time.
    Timed,
    /// `名字：`
    Plain,
}

/// Reads `**名字：**话`, `**名字**：话`, `名字：话`, `【名字】话`, and `**名字**` or `名字 00:01:02`
/// alone on a line, each with an optional role in brackets after the name
/// (`王鹤（银河通用创始人）：`, `**王鹤**(创始人)：`), after a bullet (`● `) or a timestamp
/// (`[00:01:02] `).
pub(super) fn split_label(line: &str) -> Option<Label<'_>> {
    // A heading is no label: 「# 裴映秋：博物馆为什么要在晚上开门｜一席演讲实录」.
    if !may_hold_a_label(line) || line.starts_with("# ") || line.starts_with("##") {
        return None;
    }
    let line = line
        .trim_start_matches(['●', '▶', '►', '■', '◆', '•', '▲'])
        .trim_start();
    let line = strip_timestamp(line).unwrap_or(line).trim_start();
    // 「【主持人】」, and 「［主持人］」 as government sites write it.
    let bracketed = line
        .strip_prefix('【')
        .map(|inner| (inner, '】'))
        .or_else(|| line.strip_prefix('［').map(|inner| (inner, '］')));
    let (head, written, rest, style) = if let Some((inner, closing)) = bracketed {
        let close = inner
            .char_indices()
            .take(LABEL_SCAN_CHARS)
            .find(|(_, c)| *c == closing)?
            .0;
        let after = &inner[close + closing.len_utf8()..];
        let rest = after.trim_start_matches([' ', '：', ':']);
        let written = &line[..line.len() - rest.len()];
        (&inner[..close], written, rest, LabelStyle::Bracketed)
    } else if let Some(head) = stamped_name(line).or_else(|| timed_name(line)) {
        (head, line, "", LabelStyle::Timed)
    } else {
        let bold = line.starts_with("**");
        let inner = line.trim_start_matches('*');
        match label_colon(inner) {
            Some(at) => {
                let colon_len = inner[at..].chars().next().map_or(1, char::len_utf8);
                let style = match (bold, inner[..at].contains("**")) {
                    (false, _) => LabelStyle::Plain,
                    (true, false) => LabelStyle::BoldThroughColon,
                    (true, true) => LabelStyle::BoldName,
                };
                let rest = &inner[at + colon_len..];
                let written = line[..line.len() - rest.len()].trim_end_matches(['*', ' ']);
                let head = inner[..at].trim_end_matches(['*', ' ']);
                (head, written, rest, style)
            }
            None if bold && inner.ends_with("**") => {
                (inner.trim_end_matches('*'), line, "", LabelStyle::NameLine)
            }
            None => return None,
        }
    };
    let (name, role, alias) = split_role(head.trim().trim_end_matches('*').trim())?;
    // 「谯远舟书面回复称（问题三、问题四合并作答）：」: a note on the answer, not a post.
    let role = role.filter(|r| !["问题", "作答", "合并"].iter().any(|w| r.contains(w)));
    let alias = alias.map(str::to_string);
    let name = without_speaking_verb(name);
    let (name, role) = host_named(name, role);
    let (name, role) = post_before_name(name, role);
    let (name, role) = post_after_name(name, role);
    let name = reader_as_asker(joined_name(unnumbered(from_the_audience(name))));
    if !plausible_name(&name) || is_not_a_speaker(&name) || names_in_a_header(&name, rest) {
        return None;
    }
    Some(Label {
        name,
        role,
        alias,
        written,
        rest,
        style,
    })
}

/// 「**主持**：社区党委副书记　全红梅」 in the header of minutes: who chaired, not what the
/// chair said — a short line that ends on a name.
fn names_in_a_header(name: &str, rest: &str) -> bool {
    const HEADER_FIELDS: [&str; 5] = ["主持", "主持人", "记录", "记录人", "整理"];
    let rest = rest.trim().trim_end_matches(['*', ' ']);
    HEADER_FIELDS.contains(&name)
        && rest.chars().count() <= 24
        && !rest.contains(['。', '？', '！', '?', '!', '，'])
        && rest
            .rsplit([' ', '　', '、'])
            .next()
            .is_some_and(looks_like_a_chinese_name)
}

/// Whether a label could start `line` at all: a colon near its start, a bracket or bold at
/// its start, or a line short enough to be a name and a time. Most paragraphs are none of
/// these, and are passed over without reading them character by character.
pub(super) fn may_hold_a_label(line: &str) -> bool {
    let mut near = line.len().min(LABEL_SCAN_CHARS * 3);
    while !line.is_char_boundary(near) {
        near -= 1;
    }
    let head = &line[..near];
    line.len() <= LABEL_SCAN_CHARS
        || head.contains(':')
        || head.contains('：')
        || head.contains('︰')
        || head.contains('｜')
        || line.starts_with("**")
        || head.contains('【')
        || head.contains('［')
}

/// The longest name a bar may follow as a label's colon (「瞿朗｜」, not 「冰点特稿｜林区深处……」).
const BAR_NAME_CHARS: usize = 4;

/// Where the label's colon is: the first one outside brackets, so the time in
/// `许多（00:00:12）：` is no colon.
pub(super) fn label_colon(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, c) in s.char_indices().take(LABEL_SCAN_CHARS) {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            '：' | ':' | '︰' | '﹕' if depth == 0 => return Some(at),
            // 「瞿朗｜先问滕总一个问题：……」: a bar right after a person's name; after a part
            // (「主持人｜杜明：」) the colon labels.
            '｜' if depth == 0 && names_before_a_bar(&s[..at]) => return Some(at),
            _ => {}
        }
    }
    None
}

/// Whether `head` is a person's name short enough to label with a bar (瞿朗, 滕少川).
fn names_before_a_bar(head: &str) -> bool {
    let head = head.trim_matches(['*', ' ']);
    head.chars().count() <= BAR_NAME_CHARS && looks_like_a_chinese_name(head)
}

/// `[00:01:02] 名字：` and `00:01 名字：` → `名字：`.
pub(super) fn strip_timestamp(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('[').unwrap_or(line);
    let end = inner
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(inner.len());
    if !is_timestamp(&inner[..end]) {
        return None;
    }
    let rest = &inner[end..];
    Some(rest.strip_prefix(']').unwrap_or(rest))
}

/// `12:05` or `00:12:05`.
pub(super) fn is_timestamp(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

/// `许多 00:00:12` (or `**许多** 00:00:12`) → `许多`: a transcript puts the speech below.
pub(super) fn timed_name(line: &str) -> Option<&str> {
    if line.len() > LABEL_SCAN_CHARS {
        return None;
    }
    let (name, time) = line.trim_end().rsplit_once([' ', '　'])?;
    // A chat log puts a dot between them: `柏晓岚 · 20:04`.
    let name = name.trim().trim_end_matches(['·', '•', '・']).trim_end();
    is_timestamp(time).then(|| name.trim_matches('*'))
}

/// `[卜振峤] 2024-03-22 10:01:58` → `卜振峤`: an online interview's transcript (在线访谈) stamps
/// each turn with the speaker in brackets and the time it was posted, the speech below.
pub(super) fn stamped_name(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('[')?;
    let (name, stamp) = inner.split_once(']')?;
    let mut parts = stamp.split_whitespace();
    let (date, time) = match (parts.next()?, parts.next(), parts.next()) {
        (time, None, None) => (None, time),
        (date, Some(time), None) => (Some(date), time),
        _ => return None,
    };
    let is_date = |d: &str| {
        let fields: Vec<&str> = d.split(['-', '/', '.']).collect();
        fields.len() == 3
            && fields
                .iter()
                .all(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
    };
    let stamped = is_timestamp(time) && date.is_none_or(is_date);
    (stamped && !name.trim().is_empty() && name.chars().count() <= LABEL_SCAN_CHARS)
        .then(|| name.trim())
}

/// `王鹤（银河通用创始人）` → (`王鹤`, `银河通用创始人`); a name without brackets has no role,
/// nor does one with a time in them (`许多（00:12）`).
pub(super) fn split_role(head: &str) -> Option<(&str, Option<String>, Option<&str>)> {
    let Some(open) = head.find(['（', '(']) else {
        let (name, role) = split_spaced_role(head.trim(), None);
        return Some((name, role, None));
    };
    let (open_len, close) = if head[open..].starts_with('（') {
        ('（'.len_utf8(), '）')
    } else {
        (1, ')')
    };
    let role = head[open + open_len..].strip_suffix(close)?.trim();
    let fits = (1..=MAX_LABEL_ROLE_CHARS).contains(&role.chars().count());
    if !fits || role.contains(['（', '(', '）', ')']) {
        return None;
    }
    let name = head[..open].trim_end().trim_end_matches('*').trim();
    // `答（隋晴）` where a second guest takes one question: the answer is 隋晴's.
    if super::ANSWERING_LABELS.contains(&name) && looks_like_a_chinese_name(role) {
        return Some((role, None, None));
    }
    if let Some(alias) = short_name(role) {
        // `星途汽车CEO罗振宇明（以下简称“罗振宇明”）`: the short name ends the label, so it is
        // the name and what comes before it the role. `欧阳靖川（以下简称“欧阳”）`: the
        // full name is the name; later `欧阳：` labels are theirs.
        if let Some(before) = name.strip_suffix(alias) {
            let before = before.trim();
            return Some((
                alias,
                (!before.is_empty()).then(|| before.to_string()),
                None,
            ));
        }
        let (name, role) = split_spaced_role(name, None);
        return Some((name, role, Some(alias)));
    }
    let role = (!is_timestamp(role)).then(|| role.to_string());
    let (name, role) = split_spaced_role(name, role);
    Some((name, role, None))
}

/// 「创始人兼 CEO 欧阳靖川（以下简称“欧阳”）」 in the lead: (欧阳, 欧阳靖川), so the labels
/// `欧阳：` are 欧阳靖川's. Looks at the first few such notes only.
pub(super) fn aliases_in_prose(body: &str) -> Vec<(String, String)> {
    const MOST: usize = 16;
    body.match_indices("简称")
        .take(MOST)
        .filter_map(|(at, _)| {
            let before = &body[..at];
            let open = before.rfind(['（', '('])?;
            if before[open..].chars().count() > 4 {
                return None;
            }
            let close = body[at..].find(['）', ')'])? + at;
            let alias = short_name(body[open..close].trim_start_matches(['（', '(']))?;
            let name_start = before[..open]
                .char_indices()
                .rev()
                .take_while(|(_, c)| is_han(*c))
                .take(4)
                .last()?
                .0;
            let full = &before[name_start..open];
            let fits = full != alias && full.starts_with(alias) && looks_like_a_chinese_name(full);
            fits.then(|| (alias.to_string(), full.to_string()))
        })
        .collect()
}

/// `以下简称“罗振宇明”` → `罗振宇明`.
pub(super) fn short_name(bracketed: &str) -> Option<&str> {
    let at = bracketed.find("简称")?;
    let name = bracketed[at + "简称".len()..]
        .trim_start_matches(['：', ':', ' '])
        .trim_matches(['“', '”', '"', '「', '」', '‘', '’']);
    (is_personal_name(name) || is_latin_name(name)).then_some(name)
}

/// `财务总监 庞蕾` → (`庞蕾`, `财务总监`) and `罗振宇明 星途汽车CEO` → (`罗振宇明`,
/// `星途汽车CEO`): a role and a name apart by one space, either way round.
pub(super) fn split_spaced_role(name: &str, role: Option<String>) -> (&str, Option<String>) {
    let Some((first, last)) = name.rsplit_once([' ', '　']) else {
        return (name, role);
    };
    let (first, last) = (first.trim(), last.trim());
    if role.is_some() || first.is_empty() || last.is_empty() || name.is_ascii() {
        return (name, role);
    }
    // 「董秘 苗岚」: 董秘 would read as a name (董 is a surname) but ends as posts do.
    let post_first = first.ends_with(|c: char| POST_BEFORE_A_NAME_ENDS.contains(c));
    if looks_like_a_chinese_name(last) && (!looks_like_a_chinese_name(first) || post_first) {
        return (last, Some(first.to_string()));
    }
    if !first.contains([' ', '　'])
        && is_personal_name(first)
        && TITLE_WORDS.iter().any(|t| last.contains(t))
    {
        return (first, Some(last.to_string()));
    }
    (name, role)
}

/// A label that is a post and a name run together — `申请人代表乜振东`, `青训总监滕卫东` — is
/// the person, in that post. A name alone (司马相如), or one the label already gives a role,
/// stays as it is.
fn post_before_name(name: String, role: Option<String>) -> (String, Option<String>) {
    /// A post before a name is at least this long (代表, 总监).
    const MIN_POST_CHARS: usize = 2;
    // 「电梯公司房志远」, 「城建办宫晓峰」, 「物业崔敏」, 「501家属郑薇」: in minutes, the body
    // someone speaks for stands before their name as a post does.
    let posts: Vec<char> = POST_BEFORE_A_NAME_ENDS
        .chars()
        .chain("司办业属会站局院所队组部厂".chars())
        .collect();
    if role.is_some() || looks_like_a_chinese_name(&name) {
        return (name, role);
    }
    let Some(person) = name_ending_after_a_post(&name, &posts) else {
        return (name, role);
    };
    let post = &name[..name.len() - person.len()];
    if post.chars().count() < MIN_POST_CHARS || looks_like_a_chinese_name(post) {
        return (name, role);
    }
    (person.to_string(), Some(post.to_string()))
}

/// A label with the verb of the column or the minutes after the speaker (`汤嘉树律师答`,
/// `汤律师答`, `申请人代表乜振东陈述`) without it, when a name or a post comes before it.
fn without_speaking_verb(name: &str) -> &str {
    // Longer first: 书面回复称 before 回复称 before 称.
    const VERBS: [&str; 14] = [
        "代为书面回复称",
        "书面回复称",
        "书面答复称",
        "书面回复",
        "回复称",
        "答复称",
        "回答",
        "解答",
        "补充",
        "陈述",
        "发言",
        "回复",
        "答",
        "称",
    ];
    let Some((bare, verb)) = VERBS
        .iter()
        .find_map(|v| name.strip_suffix(v).map(|bare| (bare, v)))
        .filter(|(bare, _)| bare.chars().count() >= 2)
    else {
        return name;
    };
    // 「谯远舟书面回复称：」: a verb this long says that a name stands before it.
    let spelled_out = verb.chars().count() >= 3;
    let named = looks_like_a_chinese_name(bare)
        || (spelled_out && is_personal_name(bare))
        || surname_of(bare).is_some()
        || name_then_post(bare).is_some()
        || name_ending_after_a_post(bare, &POST_BEFORE_A_NAME_ENDS.chars().collect::<Vec<_>>())
            .is_some();
    match named && !looks_like_a_chinese_name(name) {
        true => bare,
        false => name,
    }
}

/// A label that is a name and then a post (`雷秀禾代表`, `汤蔓副支队长`) is the person, in
/// that post.
fn post_after_name(name: String, role: Option<String>) -> (String, Option<String>) {
    if role.is_some() || looks_like_a_chinese_name(&name) || surname_of(&name).is_some() {
        return (name, role);
    }
    match name_then_post(&name) {
        Some((person, post)) => (person.to_string(), Some(post.to_string())),
        None => (name, role),
    }
}

/// Posts written after a name in a label (`雷秀禾代表`, `汤蔓副支队长`); a work done (文字稿整理)
/// is none.
const POSTS_AFTER_NAMES: [&str; 26] = [
    "代表", "委员", "律师", "医生", "老师", "教授", "局长", "处长", "科长", "部长", "主任", "书记",
    "经理", "总监", "店长", "院长", "校长", "所长", "队长", "厂长", "站长", "馆长", "会长", "社长",
    "行长", "主席",
];

/// `雷秀禾代表` → (雷秀禾, 代表), `郗蔚处长` → (郗蔚, 处长), `汤蔓副支队长` → (汤蔓, 副支队长):
/// a name of two or three characters and a post of two or more that ends as posts do.
fn name_then_post(label: &str) -> Option<(&str, &str)> {
    let chars: Vec<(usize, char)> = label.char_indices().collect();
    let split = |n: usize| {
        let at = chars.get(n)?.0;
        let (person, post) = label.split_at(at);
        let ends_as_post = POSTS_AFTER_NAMES.iter().any(|p| post.ends_with(p));
        (post.chars().count() >= 2 && ends_as_post && looks_like_a_chinese_name(person))
            .then_some((person, post))
    };
    // 「汤蔓副支队长」: a post that starts with 副 starts after a name of two.
    if chars.get(2).is_some_and(|&(_, c)| c == '副') {
        return split(2);
    }
    split(3).or_else(|| split(2))
}

/// A host label that also names the host — `主持人 杜明`, `主持人｜杜明`, `主持人·杜明`,
/// `主持人杜明`, `主持人（杜明）` — is 杜明, in the role 主持人.
pub(super) fn host_named(name: &str, role: Option<String>) -> (String, Option<String>) {
    for host in HOST_LABELS {
        let Some(after) = name.strip_prefix(host) else {
            continue;
        };
        let person = match after {
            "" => role.clone().unwrap_or_default(),
            _ => after
                .trim_start_matches([' ', '　', '｜', '|', '丨', '·'])
                .to_string(),
        };
        if is_personal_name(&person) {
            return (person, Some(host.to_string()));
        }
    }
    (name.to_string(), role)
}

/// Titles a company, a role or a name follows: 「远岫机器人 CEO 柏舟」, 「罗振宇明 星途汽车CEO」.
pub(super) const TITLE_WORDS: [&str; 34] = [
    "联合创始人",
    "创始人",
    "董事长",
    "总经理",
    "总裁",
    "首席科学家",
    "科学家",
    "合伙人",
    "CEO",
    "CTO",
    "COO",
    "CFO",
    "教授",
    "院长",
    "负责人",
    "总监",
    "主理人",
    "导演",
    "院士",
    "投资人",
    "主任",
    "书记",
    "经理",
    "創辦人",
    "創始人",
    "董事長",
    "總經理",
    "總裁",
    "執行長",
    "院長",
    "負責人",
    "總監",
    "合夥人",
    "投資人",
];

/// Characters that end a post (队长, 训练师, 师傅, 主任, 总监): before a name they are no surname.
pub(super) const ENDS_A_POST: &str = "长员师傅记任官管理监总";

/// How a post written right before a name in a label ends: as any post, or 代表, 董秘
/// (`申请人代表乜振东`, `董秘 苗岚`).
const POST_BEFORE_A_NAME_ENDS: &str = "长员师傅记任官管理监总表秘";

/// The name that ends `clause` (青训总监滕卫东 → 滕卫东, 安全主管饶蕙 → 饶蕙), by its look:
/// three characters, else two — two first right after a post (主管饶蕙, not 管饶蕙).
pub(super) fn name_ending(clause: &str) -> Option<&str> {
    let start_of_last = |n: usize| clause.char_indices().rev().nth(n - 1).map(|(at, _)| at);
    let after_a_post = start_of_last(3)
        .and_then(|at| clause[at..].chars().next())
        .is_some_and(|c| ENDS_A_POST.contains(c));
    let lengths = if after_a_post { [2, 3] } else { [3, 2] };
    lengths.into_iter().find_map(|n| {
        let at = start_of_last(n)?;
        Some(&clause[at..]).filter(|name| looks_like_a_chinese_name(name))
    })
}

/// The name that ends `text` right after a post, one of whose last characters `posts` holds
/// (睡眠医学中心护士长詹秋 → 詹秋; 党委书记闫丰年 → 闫丰年). `None` when no such post stands
/// before it.
pub(super) fn name_ending_after_a_post<'t>(text: &'t str, posts: &[char]) -> Option<&'t str> {
    let name = name_ending(text)?;
    let post = text[..text.len() - name.len()].chars().next_back()?;
    posts.contains(&post).then_some(name)
}

/// Two or three Chinese names joined by 、 (`阙望、焦蕴`): people answering together.
pub(super) fn is_joint_label(name: &str) -> bool {
    let names: Vec<&str> = name.split('、').collect();
    (2..=3).contains(&names.len()) && names.iter().all(|n| looks_like_a_chinese_name(n))
}

/// A surname and a given name of one or two characters: 柯岚, 欧阳明远. Plain labels used
/// once are taken on this and a mention elsewhere; 责任, 物料 and 联系人 are words, not names.
pub(super) fn looks_like_a_chinese_name(name: &str) -> bool {
    const COMPOUND: [&str; 16] = [
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "夏侯", "尉迟", "公孙",
        "长孙", "宇文", "司徒", "端木", "南宫",
    ];
    const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董\
        袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯\
        龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹\
        申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍\
        华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿\
        桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝封岑楚廉谈衣\
        戈庹笪昝糜屠仉殳璩羿郏裘禹乜钭郦鄢嵇隗阙宓冼訾蒯邰濮逄蔺郜蔚竺晁茅诸邸贲扈荀奚栗毋芮酆\
        狄钮邴汲蓟郗戎韶胥莘雍冀庾暨匡阚鞠逯桓萧傅郁洪惠荆鄂索赖阎慕茹宦闻谯\
        宣缑籍况佴逢";
    let given = COMPOUND
        .iter()
        .find_map(|c| name.strip_prefix(c))
        .or_else(|| {
            let first = name.chars().next()?;
            SURNAMES.contains(first).then(|| &name[first.len_utf8()..])
        });
    // 「邹晴的任务是……」: a given name does not end in a particle.
    // 「记者于去年12月……」: a time word is no given name.
    const NOT_GIVEN: [&str; 12] = [
        "去年", "今年", "明年", "前年", "昨天", "今天", "明天", "当时", "目前", "此前", "日前",
        "近日",
    ];
    given.is_some_and(|g| {
        (1..=2).contains(&g.chars().count())
            && g.chars().all(is_han)
            && !g.ends_with(['的', '了', '着', '说'])
            && !NOT_GIVEN.contains(&g)
    })
}

/// The surname a label is: `温`, or `王` in `王总`, `王老师`, `汤医生`, `仉老`, `芮导`, `老周`,
/// `濮局` (局长), `汤副支队长`.
pub(super) fn surname_of(label: &str) -> Option<&str> {
    // Longer forms first: 阿姨 before a bare 姨 would leave 「王阿」.
    const ADDRESS: [&str; 82] = [
        "副支队长",
        "秘书长",
        "董事长",
        "总经理",
        "护士长",
        "研究员",
        "工程师",
        "总监",
        "主编",
        "主席",
        "副局长",
        "副处长",
        "副主任",
        "副院长",
        "副校长",
        "副总",
        "支队长",
        "店长",
        "处长",
        "科长",
        "部长",
        "行长",
        "市长",
        "县长",
        "镇长",
        "委员",
        "代表",
        "老师",
        "同学",
        "教授",
        "博士",
        "先生",
        "女士",
        "医生",
        "园长",
        "馆长",
        "队长",
        "院长",
        "校长",
        "指导",
        "主任",
        "师傅",
        "局长",
        "导演",
        "教练",
        "班长",
        "制片",
        "书记",
        "经理",
        "厂长",
        "站长",
        "所长",
        "会长",
        "律师",
        "阿姨",
        "阿婆",
        "阿公",
        "大爷",
        "大妈",
        "老伯",
        "阿伯",
        "大伯",
        "大叔",
        "大姐",
        "大娘",
        "奶奶",
        "爷爷",
        "婆婆",
        "船长",
        "村长",
        "社长",
        "团长",
        "总",
        "董",
        "工",
        "老",
        "导",
        "姐",
        "哥",
        "叔",
        "局",
        "处",
    ];
    let bare = ADDRESS
        .iter()
        .find_map(|a| label.strip_suffix(a))
        .or_else(|| label.strip_prefix(['老', '小']))
        .unwrap_or(label);
    let mut chars = bare.chars();
    let single = chars.next().is_some_and(is_han) && chars.next().is_none();
    single.then_some(bare)
}

/// A Chinese personal name: two to four Han characters, or a transliteration joined by ·.
pub(super) fn is_personal_name(name: &str) -> bool {
    let chars = name.chars().count();
    let han = name.chars().all(|c| is_han(c) || c == '·');
    let fits = if name.contains('·') {
        (3..=10).contains(&chars)
    } else {
        (2..=4).contains(&chars)
    };
    han && fits
}

pub(super) fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// A reader's handle (`@咸鱼今天也没翻身` in a Live or AMA transcript) → [`READER`]: every
/// reader asks, and a different handle on each question is still the one part.
fn reader_as_asker(name: String) -> String {
    match name.strip_prefix(['@', '＠']) {
        Some(handle) if !handle.trim().is_empty() => READER.to_string(),
        _ => name,
    }
}

/// The parts of an audience that ask: callers, viewers, readers, members of a group chat,
/// investors at a results briefing (「投资者“隔膜老韭菜”：」).
pub(super) const AUDIENCE: [&str; 6] = ["听众", "网友", "观众", "群友", "投资者", READER];

/// `听众王女士` and `网友小鱼` → `听众` and `网友`: a call-in show or a live chat names each
/// caller, and every caller is the one part that asks.
fn from_the_audience(name: String) -> String {
    match AUDIENCE.iter().find(|a| name.starts_with(**a)) {
        Some(part) if name.len() > part.len() => part.to_string(),
        _ => name,
    }
}

/// `Q3` and `A3` of a numbered e-mail interview → `Q` and `A`: the number only orders the
/// questions, and every answer is the one interviewee's.
fn unnumbered(name: String) -> String {
    // `问题六：……？`, `问题3：……？`: a written interview's numbered questions ask.
    let numbered_question = name.strip_prefix("问题").is_some_and(|n| {
        (1..=3).contains(&n.chars().count())
            && n.chars()
                .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
    });
    if numbered_question {
        return "问".to_string();
    }
    let letter = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = name.len() - letter.len();
    match letter {
        "Q" | "A" | "Ｑ" | "Ａ" if (1..=2).contains(&digits) => letter.to_string(),
        _ => name,
    }
}

/// The part of the readers who ask in a Live or AMA transcript (see [`reader_as_asker`]).
pub(super) const READER: &str = "读者";

/// `王　敏` and `王 敏` → `王敏`: newspapers pad two-character names to the width of three.
pub(super) fn joined_name(name: String) -> String {
    if !name.contains([' ', '　']) {
        return name;
    }
    let parts: Vec<&str> = name.split([' ', '　']).filter(|p| !p.is_empty()).collect();
    let joined = parts.concat();
    let padded = parts.len() > 1 && parts.iter().all(|p| p.chars().all(is_han));
    if padded && is_personal_name(&joined) {
        joined
    } else {
        name
    }
}

pub(super) fn plausible_name(name: &str) -> bool {
    // 「**阙望、焦蕴：**」: two founders answering together.
    if is_joint_label(name) {
        return true;
    }
    let chars = name.chars().count();
    let longest = if name.is_ascii() {
        MAX_LATIN_LABEL_CHARS
    } else {
        MAX_LABEL_CHARS
    };
    let inner = name
        .strip_prefix('《')
        .and_then(|n| n.strip_suffix('》'))
        .unwrap_or(name);
    (1..=longest).contains(&chars)
        && inner
            .chars()
            .all(|c| is_han(c) || c.is_alphabetic() || c.is_ascii_digit() || "·. -《》".contains(c))
        && !counts_or_dates(inner)
        && !inner.contains("  ")
        && inner.chars().filter(|c| *c == ' ').count() <= 2
        && (!inner.contains(' ') || inner.is_ascii() || is_english_name_and_surname(inner))
}

/// `Kevin 周`: an English given name, a space, a Chinese surname (of one or two characters).
fn is_english_name_and_surname(name: &str) -> bool {
    name.split_once(' ').is_some_and(|(given, family)| {
        given.len() >= 2
            && given.chars().all(|c| c.is_ascii_alphabetic())
            && (1..=2).contains(&family.chars().count())
            && family.chars().all(is_han)
    })
}

/// Digits make a name only beside letters that are no unit: 36氪 and 21世纪 are outlets,
/// 2024年, 3点 and 10 are not speakers.
pub(super) fn counts_or_dates(name: &str) -> bool {
    let mut chars = name.chars().peekable();
    let mut digits = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            digits = true;
            let unit = chars
                .peek()
                .is_some_and(|next| "年月日号点时分秒个条位次期届".contains(*next));
            if unit {
                return true;
            }
        }
    }
    digits
        && name
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ' ')
}

/// Bylines, editors' notes, enumerations and the openings of a sentence are written like
/// labels (`**作者：**张三`, `**核心观点：**`, `**第一**：`, `**我的判断是：**`,
/// `举个例子：`) but nobody speaks in them.
pub(super) fn is_not_a_speaker(name: &str) -> bool {
    const EDITORIAL: &[&str] = &[
        // Show notes, credit rolls and the header of minutes.
        "参会人员",
        "出席人员",
        "列席人员",
        "缺席人员",
        "时间轴",
        "本期主播",
        "本期嘉宾",
        "BGM",
        "配乐",
        "片尾曲",
        "总导演",
        "撰稿",
        "摄像",
        "航拍",
        "剪辑",
        "本期剪辑",
        "文",
        "图",
        "图片",
        "注",
        "附",
        "PS",
        "Note",
        "Tips",
        "导语",
        "摘要",
        "首先",
        "其次",
        "最后",
        "本期嘉宾",
        "对话嘉宾",
        "特邀嘉宾",
        "嘉宾介绍",
        "声明",
        "原因",
        "结论",
        "建议",
        "背景",
        "结果",
        "要点",
        "案例",
        "答案",
        "问题",
        "小结",
        "注意",
        "提示",
        "标题",
        "后记",
        "采访",
        "采写",
        "记录",
        "翻译",
        "编译",
        "优点",
        "缺点",
        "优势",
        "劣势",
        "挑战",
        "风险",
        "目标",
        "现状",
        "策略",
        "亮点",
        "痛点",
        "关键词",
        "金句",
        "用户",
        "客户",
        "评论",
        "弹幕",
        "旁白",
        "画外音",
        "甲方",
        "乙方",
        "对方",
        "官方",
        // The fields of an online interview's, a mail's or an oral history's header.
        "日期",
        "地点",
        "主题",
        "说明",
        "收件人",
        "发件人",
        "抄送",
        "附件",
        "访谈嘉宾",
        "发布人",
        // A programme's or a page's subtitle (**专题：凌晨一点的N2路**).
        "专题",
        "专栏",
        "栏目",
    ];
    const EDITORIAL_ENDINGS: [&str; 31] = [
        "作者",
        "编辑",
        "责编",
        "整理",
        "校对",
        "审校",
        "出品",
        "策划",
        "来源",
        "图源",
        "视频",
        "编者按",
        "编者注",
        "备注",
        "观点",
        "重点",
        "简介",
        "监制",
        "摄影",
        "排版",
        "撰文",
        "口述",
        "总结",
        "数据",
        "阅读",
        "逻辑",
        "记者注",
        "时间",
        "摘要",
        "文章",
        "链接",
    ];
    const SENTENCE_OPENINGS: [&str; 22] = [
        "关于",
        "对于",
        "至于",
        "比如",
        "例如",
        "举个",
        "举例",
        "总之",
        "另外",
        "此外",
        "其实",
        "我",
        "你",
        "他",
        "她",
        "它",
        "这",
        "为什么",
        "如何",
        "怎么",
        "因为",
        "所以",
    ];
    const SENTENCE_ENDINGS: [&str; 8] = ["是", "为", "如下", "说", "讲", "了", "吗", "呢"];
    const ORDINAL: &str = "一二三四五六七八九十0123456789";
    let numbered = |n: &str| !n.is_empty() && n.chars().all(|c| ORDINAL.contains(c));
    // 第一, 其二, 第3步, 案例一, 场景二, Step 1, 一, 二.
    let enumeration = numbered(name)
        || ["第", "其", "案例", "场景", "步骤", "Step ", "Part "]
            .iter()
            .any(|head| {
                name.strip_prefix(head)
                    .is_some_and(|n| numbered(n.trim_end_matches(['步', '点', '条', '个'])))
            });
    enumeration
        || name.contains('的')
        || EDITORIAL.contains(&name)
        || EDITORIAL_ENDINGS.iter().any(|e| name.ends_with(e))
        || SENTENCE_OPENINGS.iter().any(|o| name.starts_with(o))
        || SENTENCE_ENDINGS
            .iter()
            .any(|e| name.ends_with(e) && name.chars().count() > 1)
}

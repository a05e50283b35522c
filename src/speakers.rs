//! Speaker names in questions: 「吴翼怎么看强化学习？」 and 「What does Wu Yi think of RL?」 both
//! name 吴翼.
//!
//! Owns: [`SpeakerNames`], every speaker of a corpus with the spellings a question may use —
//! the name itself and, for Chinese names, its pinyin (`fang han`, `fanghan`, `Han Fang`).
//! Works on normalized text (see [`crate::segment::normalize_text`]); pure.
//!
//! Must not import: the index, answers, rendering, teloxide, tokio.

use std::collections::HashMap;
use std::ops::Range;

use pinyin::ToPinyin;

use crate::segment;

/// The speakers of a corpus, ready to be found in questions.
#[derive(Debug, Clone, Default)]
pub struct SpeakerNames {
    /// (normalized name, name as spelled in the corpus), longest first, so a shorter name
    /// inside a longer one (DeepSeek in 「DeepSeek 团队」) never takes its place.
    spelled: Vec<(String, String)>,
    /// Pinyin without spaces (`fanghan`, `hanfang`) → the speakers (indexes into `names`)
    /// it spells; a spelling two speakers share names neither.
    romanized: HashMap<String, Vec<usize>>,
    names: Vec<String>,
    /// (normalized form of address an article writes, speaker), longest first: 老桑 → 桑德茂.
    forms: Vec<(String, String)>,
    /// Each speaker's role (indexes as `names`), to tell speakers who share a surname apart
    /// by the title a question gives them: see [`SpeakerNames::addressed_in`].
    roles: Vec<Option<String>>,
}

/// Relations a question may put otherwise than the speaker did (老公 for 丈夫, 他爸 for
/// 父亲): each group is one relation.
const RELATIONS_ALIKE: [&[&str]; 8] = [
    &["父亲", "爸爸", "老爸", "爸", "爹"],
    &["母亲", "妈妈", "老妈", "妈", "娘"],
    &["丈夫", "老公", "爱人", "先生"],
    &["妻子", "老婆", "爱人", "太太", "媳妇"],
    &["儿子", "孩子", "娃"],
    &["女儿", "闺女", "孩子", "娃"],
    &["师傅", "师父"],
    &["老伴", "爱人"],
];

/// The ways a question may say `relation`: itself and its group's (see [`RELATIONS_ALIKE`]).
fn same_relation(relation: &str) -> impl Iterator<Item = &str> {
    let alike = RELATIONS_ALIKE
        .iter()
        .find(|group| group.contains(&relation))
        .map_or(&[][..], |group| *group);
    std::iter::once(relation).chain(alike.iter().copied())
}

/// How a question addresses someone by surname (闵总, 吴老师): see
/// [`SpeakerNames::addressed_in`].
const ADDRESSES: [&str; 41] = [
    "总",
    "老师",
    "教授",
    "博士",
    "先生",
    "女士",
    "董",
    "医生",
    "大夫",
    "队长",
    "馆长",
    "园长",
    "院长",
    "校长",
    "主任",
    "局长",
    "站长",
    "所长",
    "书记",
    "船长",
    "厂长",
    "会长",
    "导演",
    "导",
    "教练",
    "师傅",
    "班长",
    "老板娘",
    "老板",
    "店长",
    "经理",
    "律师",
    "大爷",
    "大妈",
    "阿姨",
    "老伯",
    "同学",
    "工",
    "姐",
    "哥",
    "叔",
];

/// Titles of one character that make words with some surnames (向导, 主导): those words do not
/// address anyone.
const SHORT_TITLES: [&str; 6] = ["导", "董", "工", "姐", "哥", "叔"];

/// Words that start with 总 and do not address anyone (方总是 says 方 is always …): other
/// words after 总 (总觉得, 总会) still read as 方总 觉得.
const NOT_ADDRESSING: [&str; 10] = [
    "总是", "总结", "总体", "总共", "总之", "总计", "总量", "总额", "总数", "总和",
];

/// The most pinyin words a romanized name spans in a question (复姓 plus a two-character name).
const MOST_SYLLABLES: usize = 4;

impl SpeakerNames {
    pub fn new(names: Vec<String>) -> SpeakerNames {
        // 「Kevin周」 for Kevin 周: a name with a space is also written without it.
        let mut spelled: Vec<(String, String)> = names
            .iter()
            .flat_map(|name| {
                let key = segment::normalize_text(name);
                let joined = key.replace(' ', "");
                let unspaced = (joined != key).then(|| (joined, name.clone()));
                std::iter::once((key, name.clone())).chain(unspaced)
            })
            .filter(|(key, _)| !key.is_empty())
            .collect();
        spelled.sort_by_key(|(key, _)| std::cmp::Reverse(key.chars().count()));
        let mut romanized: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, name) in names.iter().enumerate() {
            for key in romanizations(name) {
                let speakers = romanized.entry(key).or_default();
                if !speakers.contains(&i) {
                    speakers.push(i);
                }
            }
        }
        SpeakerNames {
            spelled,
            romanized,
            names,
            forms: Vec::new(),
            roles: Vec::new(),
        }
    }

    /// These names with their roles (`role_of` gives a speaker's): 萧总 then names the 萧 who
    /// is a founder, not the 萧 who is a retired student.
    pub fn with_roles(mut self, role_of: impl Fn(&str) -> Option<String>) -> SpeakerNames {
        self.roles = self.names.iter().map(|name| role_of(name)).collect();
        self
    }

    /// These names, also found by the forms of address their articles write (老桑 → 桑德茂,
    /// see [`crate::search::Manifest::forms_of_address`]): a surname two speakers share still
    /// names the one whose article calls them so.
    pub fn with_forms(mut self, forms: Vec<(String, String)>) -> SpeakerNames {
        self.forms = forms
            .into_iter()
            .map(|(form, name)| (segment::normalize_text(&form), name))
            .filter(|(form, _)| !form.is_empty())
            .collect();
        self.forms
            .sort_by_key(|(form, _)| std::cmp::Reverse(form.chars().count()));
        self
    }

    /// The speakers `question` names, and the question, normalized (see
    /// [`segment::normalize_text`]), with their names blanked out. `is_word` tells a word of
    /// the language from a mistyped name (see [`Self::misspelled_in`]).
    pub fn find(&self, question: &str, is_word: &dyn Fn(&str) -> bool) -> (Vec<String>, String) {
        let mut rest = segment::normalize_text(question);
        // (where the question names them, who), so that they come in the question's order.
        let mut named: Vec<(usize, String)> = Vec::new();
        let mut blank = |rest: &mut String, range: Range<usize>, name: &str| {
            rest.replace_range(range.clone(), &" ".repeat(range.len()));
            if !named.iter().any(|(_, n)| n == name) {
                named.push((range.start, name.to_string()));
            }
        };
        for (key, name) in &self.spelled {
            while let Some(at) = rest.find(key.as_str()) {
                blank(&mut rest, at..at + key.len(), name);
            }
        }
        // Not a form that is a word of its own (小时, 施工).
        for (form, name) in self.forms.iter().filter(|(form, _)| !is_word(form)) {
            while let Some(at) = rest.find(form.as_str()) {
                blank(&mut rest, at..at + form.len(), name);
            }
        }
        for (range, i) in self.addressed_in(&rest, is_word) {
            blank(&mut rest, range, &self.names[i]);
        }
        if !self.romanized.is_empty() {
            for (range, i) in self.misspelled_in(&rest, is_word) {
                blank(&mut rest, range, &self.names[i]);
            }
            let capitalized = capitalized_words(question);
            let in_chinese = rest.chars().any(segment::is_han);
            for (range, i) in self.romanized_in(&rest) {
                // 「he can」 and 「Wang Han」 are English and another person more often than a
                // name of ours: lowercase pinyin counts only in a Chinese question.
                let words = letter_words(&rest[range.clone()]);
                let shown_as_name = words.iter().all(|w| {
                    let word = &rest[range.start + w.start..range.start + w.end];
                    capitalized.iter().any(|c| c == word)
                });
                if in_chinese || shown_as_name {
                    blank(&mut rest, range, &self.names[i]);
                }
            }
        }
        named.sort_by_key(|(at, _)| *at);
        // 「逯骁那个合伙人说……」 asks about the partner, not about 逯骁: the relation names
        // them, and is no word to search for.
        let mut relations: Vec<Range<usize>> = Vec::new();
        for (at, name) in &mut named {
            if let Some((i, said)) = self.relative_in(name, &rest[*at..]) {
                *name = self.names[i].clone();
                relations.push(*at + said.start..*at + said.end);
            }
        }
        // 「他儿子小时候说过一句啥」: the one son the corpus quotes.
        if named.is_empty() {
            if let Some((i, said)) = self.relative_by_pronoun(&rest) {
                named.push((said.start, self.names[i].clone()));
                relations.push(said);
            }
        }
        for range in relations {
            rest.replace_range(range.clone(), &" ".repeat(range.len()));
        }
        named.dedup_by(|a, b| a.1 == b.1);
        (named.into_iter().map(|(_, name)| name).collect(), rest)
    }

    /// The speaker whose role makes them `name`'s relative (`逯骁的合伙人`), when the question
    /// from the name on (`from_name`, the name blanked) says that relation within a few
    /// characters (「那个合伙人」, 「老公」 for 丈夫, 「他爸」 for 父亲), and where it says it.
    fn relative_in(&self, name: &str, from_name: &str) -> Option<(usize, Range<usize>)> {
        const REACH: usize = 6;
        let skipped = from_name.len() - from_name.trim_start_matches(' ').len();
        let near_end = from_name[skipped..]
            .char_indices()
            .nth(REACH)
            .map_or(from_name.len(), |(at, _)| skipped + at);
        let near = &from_name[..near_end];
        self.roles.iter().enumerate().find_map(|(i, role)| {
            let relation = role.as_deref()?.strip_prefix(name)?.strip_prefix('的')?;
            let (at, said) =
                same_relation(relation).find_map(|said| near.find(said).map(|at| (at, said)))?;
            Some((i, at..at + said.len()))
        })
    }

    /// The one speaker whose role makes them someone's relative (`訾秋生的儿子`) in the way
    /// `question` says 他 or 她 has one, saying something (「他儿子小时候说过」, 「她老公跟她
    /// 讲」), when exactly one does; and where the question says so. Without the saying, the
    /// relative is what is asked about (「小甘怎么形容她导师」), not whose words.
    fn relative_by_pronoun(&self, question: &str) -> Option<(usize, Range<usize>)> {
        const SAYING: [&str; 5] = ["说", "讲", "问", "告诉", "叮嘱"];
        const REACH: usize = 8;
        let says_after = |end: usize| {
            let near: String = question[end..].chars().take(REACH).collect();
            SAYING.iter().any(|verb| near.contains(verb))
        };
        let mut relatives = self.roles.iter().enumerate().filter_map(|(i, role)| {
            let (_, relation) = role.as_deref()?.split_once('的')?;
            ["他的", "她的", "他", "她"].iter().find_map(|pronoun| {
                same_relation(relation).find_map(|r| {
                    let said = format!("{pronoun}{r}");
                    let at = question.find(&said)?;
                    says_after(at + said.len()).then(|| (i, at..at + said.len()))
                })
            })
        });
        match (relatives.next(), relatives.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }

    /// Byte ranges of `text` (normalized) that write a speaker's Chinese name with one
    /// character swapped for a homophone, with the speaker, left to right and not overlapping:
    /// 闽可锐 for 闵可锐 or 方翰 for 方汉, what a pinyin input method gives when the wrong
    /// candidate is picked. A stretch that is a word itself (`is_word`: 黎明 is not 李明
    /// mistyped) is not a name.
    fn misspelled_in(
        &self,
        text: &str,
        is_word: &dyn Fn(&str) -> bool,
    ) -> Vec<(Range<usize>, usize)> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(byte, _)| byte);
        let mut found = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let hit = (2..=MOST_SYLLABLES.min(chars.len() - i))
                .rev()
                .find_map(|n| {
                    let window = &chars[i..i + n];
                    let speaker = self.homophone_of(window)?;
                    let range = window[0].0..end_of(i + n);
                    (!is_word(&text[range.clone()])).then_some((range, speaker, n))
                });
            match hit {
                Some((range, speaker, n)) => {
                    found.push((range, speaker));
                    i += n;
                }
                None => i += 1,
            }
        }
        found
    }

    /// Byte ranges of `text` (normalized) that address a speaker by surname and title (闵总,
    /// 吴老师, 方教授), with the speaker, left to right: only a surname that starts exactly one
    /// speaker's Chinese name, or one whose role the title fits (see [`title_fits`]), and not
    /// inside words (各方总结 is 各方 and 总结; 方总是 is 方 and 总是, see [`NOT_ADDRESSING`]).
    fn addressed_in(
        &self,
        text: &str,
        is_word: &dyn Fn(&str) -> bool,
    ) -> Vec<(Range<usize>, usize)> {
        let mut found = Vec::new();
        for (at, surname) in text.char_indices() {
            let after = &text[at + surname.len_utf8()..];
            let Some(title) = ADDRESSES.iter().find(|t| after.starts_with(**t)) else {
                continue;
            };
            let Some(speaker) = self.speaker_surnamed(surname, title) else {
                continue;
            };
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| is_word(&format!("{c}{surname}")))
                || NOT_ADDRESSING.iter().any(|w| after.starts_with(w))
                || (SHORT_TITLES.contains(title) && is_word(&format!("{surname}{title}")))
            {
                continue;
            }
            found.push((at..at + surname.len_utf8() + title.len(), speaker));
        }
        found
    }

    /// The speaker whose Chinese name (two or three characters) starts with `surname`, when
    /// there is exactly one, or exactly one whose role `title` fits.
    fn speaker_surnamed(&self, surname: char, title: &str) -> Option<usize> {
        if !segment::is_han(surname) {
            return None;
        }
        let surnamed: Vec<usize> = (self.names.iter().enumerate())
            .filter(|(_, name)| {
                let mut chars = name.chars();
                chars.next() == Some(surname)
                    && (2..=3).contains(&name.chars().count())
                    && name.chars().all(segment::is_han)
            })
            .map(|(i, _)| i)
            .collect();
        if let [only] = surnamed[..] {
            return Some(only);
        }
        let role_fits = |i: &&usize| {
            let role = self.roles.get(**i).and_then(Option::as_deref);
            role.is_some_and(|role| title_fits(title, role))
        };
        let mut fitting = surnamed.iter().filter(role_fits);
        match (fitting.next(), fitting.next()) {
            (Some(&i), None) => Some(i),
            _ => None,
        }
    }

    /// The one speaker whose name reads like `window` (Chinese characters) and is written
    /// the same but for one character.
    fn homophone_of(&self, window: &[(usize, char)]) -> Option<usize> {
        let mut key = String::new();
        for &(_, c) in window {
            if !segment::is_han(c) {
                return None;
            }
            key.push_str(c.to_pinyin()?.plain());
        }
        let &[speaker] = self.romanized.get(&key.replace('ü', "u"))?.as_slice() else {
            return None;
        };
        let name: Vec<char> = self.names[speaker].chars().collect();
        let differing = name
            .iter()
            .zip(window)
            .filter(|(a, (_, b))| *a != b)
            .count();
        (name.len() == window.len() && differing == 1).then_some(speaker)
    }

    /// Byte ranges of `text` (normalized) that spell a speaker's name in pinyin, with the
    /// speaker, left to right and not overlapping. A name is two to [`MOST_SYLLABLES`] words
    /// of letters joined by a space or a hyphen (`fang han`, `fang-han`, `min kerui`): one
    /// word alone (`human`, `wuyi`) is too often an English word or a place.
    fn romanized_in(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        let words = letter_words(text);
        let mut found = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let mut joined = text[words[i].clone()].to_string();
            let mut hit = None;
            for j in i + 1..words.len().min(i + MOST_SYLLABLES) {
                if !joins(&text[words[j - 1].end..words[j].start]) {
                    break;
                }
                joined.push_str(&text[words[j].clone()]);
                if let Some([speaker]) = self.romanized.get(&joined).map(Vec::as_slice) {
                    hit = Some((j, *speaker));
                }
            }
            match hit {
                Some((last, speaker)) => {
                    found.push((words[i].start..words[last].end, speaker));
                    i = last + 1;
                }
                None => i += 1,
            }
        }
        found
    }
}

/// The words of `question` written with a capital first letter (`Wu`, `Yi`), lowercased.
fn capitalized_words(question: &str) -> Vec<String> {
    letter_words(question)
        .into_iter()
        .map(|w| &question[w])
        .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Whether what a question says besides a speaker's name (`rest` of [`SpeakerNames::find`])
/// only asks who the speaker is: 「方汉是谁？」, 「介绍一下吴翼」, 「Who is Wu Yi?」, the name
/// alone, or the name and no topic (「那闵可锐呢？」, 「吴翼说了什么」), where the profile says
/// how to ask for quotes.
pub fn asks_who(rest: &str) -> bool {
    const WHO: &[&str] = &[
        "",
        "谁",
        "是谁",
        "谁是",
        "是谁啊",
        "是谁呀",
        "是哪位",
        "哪位",
        "是什么人",
        "什么人",
        "是干什么的",
        "干什么的",
        "是做什么的",
        "做什么的",
        "什么身份",
        "是什么身份",
        "的身份",
        "身份",
        "简介",
        "的简介",
        "介绍",
        "介绍一下",
        "介绍下",
        "请介绍一下",
        "呢",
        "那",
        "那呢",
        "怎么说",
        "那怎么说",
        "怎么看",
        "那怎么看",
        "说了什么",
        "说了啥",
        "讲了什么",
        "讲了啥",
        "聊了什么",
        "谈了什么",
        "都说了什么",
        "说了哪些",
        "有什么观点",
        "的观点",
        "观点",
        "who",
        "whois",
        "whos",
        "whoisthat",
        "tellmeabout",
        "about",
        "的看法",
        "看法",
        "说了些什么",
        "讲了些什么",
        "聊了些什么",
        "都聊了些什么",
        "的背景",
        "背景",
        "老师",
        "whatdidsay",
        "whatdoessay",
        "whatdidhesay",
        "whatdidshesay",
        // where they work: the role answers it (「吴翼是哪个学校的」)
        "是哪个学校的",
        "哪个学校的",
        "是哪所学校的",
        "哪所学校的",
        "是哪家公司的",
        "哪家公司的",
        "是哪个公司的",
        "哪个公司的",
        "在哪工作",
        "在哪里工作",
        "在哪上班",
        "是哪个单位的",
        "哪个单位的",
        "什么职位",
        "是什么职位",
        "职位",
        "头衔",
        "什么来头",
        "是干嘛的",
    ];
    // A follow-up's 那 … 呢 frames any of these: 「那闵可锐的看法呢」.
    let rest = bare(rest);
    let rest = rest.strip_prefix('那').unwrap_or(&rest);
    let rest = rest.trim_end_matches(['呢', '吗', '啊', '呀']);
    WHO.contains(&rest)
}

/// The letters, digits and Chinese characters of `text`, nothing else: how short questions and
/// roles are compared (「方汉 是谁？」 → 是谁).
pub fn bare(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Whether a question (normalized) only asks who speaks in the corpus: 「有哪些嘉宾？」,
/// 「嘉宾都有谁」, 「采访了谁」, 「Who are the speakers?」. Chinese: a word for the people
/// (嘉宾, 受访者) or for meeting them (采访, 参加), a word that asks (哪些, 谁, 几位, 名单), and
/// nothing else but particles.
pub fn asks_who_speaks(question: &str) -> bool {
    const ENGLISH: &[&str] = &[
        "whoarethespeakers",
        "whoarethepanelists",
        "whoaretheguests",
        "whospeaks",
        "whospoke",
        "whowasinterviewed",
        "speakers",
        "guests",
    ];
    const PEOPLE: &[&str] = &[
        "嘉宾",
        "发言人",
        "受访者",
        "参与者",
        "采访对象",
        "采访",
        "参加",
        "参与",
        "访谈",
    ];
    const ASKING: &[&str] = &["哪几位", "哪些", "几位", "哪位", "名单", "谁"];
    const PARTICLES: &[&str] = &[
        "请问", "这次", "本次", "这场", "访谈", "一共", "分别", "都", "有", "是", "了", "的", "呢",
        "吗", "人", "这期",
    ];
    let mut rest = bare(question);
    if ENGLISH.contains(&rest.as_str()) {
        return true;
    }
    let people = remove_any(&mut rest, PEOPLE);
    let asking = remove_any(&mut rest, ASKING);
    remove_any(&mut rest, PARTICLES);
    people && asking && rest.is_empty()
}

/// Removes every occurrence of each of `words`, in order, from `text`; whether any was there.
pub(crate) fn remove_any(text: &mut String, words: &[&str]) -> bool {
    let mut any = false;
    for word in words {
        if text.contains(word) {
            *text = text.replace(word, "");
            any = true;
        }
    }
    any
}

/// Who 「X 是谁？」 asks for when X names nobody: the host, or whoever holds a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    /// 「主持人是谁」, 「Who is the host?」
    Host,
    /// 「秘塔科技 CEO 是谁」: the role's words, alphanumerics only (秘塔科技ceo).
    Role(String),
}

/// What a question (normalized) asks with 「X 是谁」, 「谁是 X」 or 「Who is the X」, when X is
/// not a name (see [`SpeakerNames::find`]), or with any way of asking who hosts.
pub fn who_holds(question: &str) -> Option<Holder> {
    if asks_for_host(question) {
        return Some(Holder::Host);
    }
    let bare = bare(question);
    let held = ["是谁", "是哪位", "叫什么名字", "叫什么", "叫啥"]
        .iter()
        .find_map(|s| bare.strip_suffix(s))
        .or_else(|| {
            ["谁是", "whoisthe", "whoisthat", "whois", "whosthe"]
                .iter()
                .find_map(|p| bare.strip_prefix(p))
        })?;
    let held = held.strip_prefix("这次的").unwrap_or(held);
    match held {
        "主持人" | "主持" | "host" | "这次的主持人" => Some(Holder::Host),
        _ if held.chars().count() >= 2 => Some(Holder::Role(held.to_string())),
        _ => None,
    }
}

/// Whether a question (normalized) only asks who hosts: 「谁主持的」, 「这次访谈是谁主持的？」,
/// 「主持人叫什么名字」, 「采访者是谁」, 「Who hosted the interview?」, 「Who was the moderator?」.
/// Like [`asks_who_speaks`]: a word for hosting, a word that asks, and nothing else but
/// particles — 「主持人怎么看 GRPO」 asks something else.
pub fn asks_for_host(question: &str) -> bool {
    const HOSTING: &[&str] = &[
        "主持人",
        "主持者",
        "主持",
        "采访者",
        "采访人",
        "提问者",
        "提问的人",
        "提的问题",
        "问的问题",
        "问问题",
        "提问",
        "发问",
    ];
    const ASKING: &[&str] = &[
        "叫什么名字",
        "叫什么",
        "叫啥名字",
        "叫啥",
        "名字",
        "是哪位",
        "哪位",
        "是谁",
        "谁",
    ];
    const PARTICLES: &[&str] = &[
        "请问", "这篇", "这次", "本次", "这场", "这个", "访谈", "采访", "文章", "节目", "对话",
        "圆桌", "讨论", "负责", "一下", "的", "是", "了", "呢", "啊", "吗", "由", "在", "直播",
        "这期",
    ];
    if question.is_ascii() {
        return asks_for_host_in_english(question);
    }
    let mut rest = bare(question);
    let hosting = remove_any(&mut rest, HOSTING);
    let asking = remove_any(&mut rest, ASKING);
    remove_any(&mut rest, PARTICLES);
    hosting && asking && rest.is_empty()
}

/// 「Who hosted it?」, 「Who is the moderator?」, 「Who asked the questions?」: "who", a word
/// for hosting, and only filler words besides.
fn asks_for_host_in_english(question: &str) -> bool {
    const HOSTING: &[&str] = &[
        "host",
        "hosts",
        "hosted",
        "moderator",
        "moderated",
        "moderates",
        "interviewer",
        "interviewed",
        "asked",
        "asks",
    ];
    const FILLER: &[&str] = &[
        "is",
        "was",
        "the",
        "this",
        "that",
        "it",
        "them",
        "of",
        "interview",
        "panel",
        "discussion",
        "talk",
        "conversation",
        "article",
        "event",
        "questions",
        "guests",
    ];
    let words: Vec<&str> = letter_words(question)
        .into_iter()
        .map(|r| &question[r])
        .collect();
    let Some((&first, rest)) = words.split_first() else {
        return false;
    };
    matches!(first, "who" | "whos")
        && rest.iter().any(|w| HOSTING.contains(w))
        && rest
            .iter()
            .all(|w| HOSTING.contains(w) || FILLER.contains(w))
}

/// Whether a title a question addresses someone by (总, 院长, 老师) fits their role: 总 a
/// founder's, a manager's or a boss's; 老师 a teacher's; most titles only a role that holds
/// them (院长, 主任). Forms that tell no post (先生, 阿姨, 哥) fit none.
fn title_fits(title: &str, role: &str) -> bool {
    let role = role.to_ascii_lowercase();
    let posts: &[&str] = match title {
        "总" => &[
            "总",
            "创始人",
            "ceo",
            "董事长",
            "老板",
            "合伙人",
            "负责人",
            "经理",
            "店长",
            "厂长",
        ],
        "董" => &["董事"],
        "老板" => &["老板", "店主", "创始人", "掌柜", "负责人", "经营", "摊主"],
        "老板娘" => &["老板"],
        "老师" => &["老师", "教师", "教授", "讲师"],
        "医生" | "大夫" => &["医生", "医师", "大夫"],
        "导" => &["导演"],
        "工" => &["工程师"],
        "同学" => &["学生", "本科生", "研究生", "同学"],
        "先生" | "女士" | "大爷" | "大妈" | "阿姨" | "老伯" | "姐" | "哥" | "叔" => {
            &[]
        }
        post => return role.contains(post),
    };
    posts.iter().any(|p| role.contains(p))
}

/// Whether a role (normalized) is what a who-question asks for (「X 是谁」, see
/// [`Holder::Role`]): every piece of the asked words between the words that only point
/// (的, 那位, 嘉宾) stands in the role — 「昆仑万维的董事长」 and 「清华的那位嘉宾」 find
/// 「昆仑万维董事长兼 CEO」 and 「清华大学交叉信息院助理教授」.
pub fn role_holds(role: &str, asked: &str) -> bool {
    const POINTING: &[&str] = &[
        "那位", "这位", "那个", "这个", "嘉宾", "老师", "老板", "的人", "的",
    ];
    let role = bare(role);
    let mut asked = asked.to_string();
    for word in POINTING {
        asked = asked.replace(word, " ");
    }
    let mut pieces = asked.split(' ').filter(|p| !p.is_empty()).peekable();
    pieces.peek().is_some() && pieces.all(|piece| role.contains(piece))
}

/// Runs of ASCII letters in `text`, as byte ranges.
pub fn letter_words(text: &str) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_ascii_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(s..text.len());
    }
    words
}

/// Whether what lies between two words keeps them one name: a space or a hyphen.
fn joins(gap: &str) -> bool {
    matches!(gap, " " | "-")
}

/// The pinyin spellings of a Chinese name (two to four characters), without spaces or tones:
/// surname first (`fanghan`) and, as in English, given name first (`hanfang`); ü also as u and
/// v. Each character in its usual reading — 方 is fang, not the rare pang — and a surname also
/// in its surname reading (单 shan, 曾 zeng). Nothing for other names: they are found as
/// spelled.
fn romanizations(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    if !(2..=4).contains(&chars.len()) || !chars.iter().copied().all(segment::is_han) {
        return Vec::new();
    }
    let mut usual = Vec::with_capacity(chars.len());
    for c in &chars {
        match c.to_pinyin() {
            Some(p) => usual.push(p.plain()),
            None => return Vec::new(),
        }
    }
    let mut readings = vec![usual.clone()];
    if let Some(surname) = surname_reading(chars[0]).filter(|r| *r != usual[0]) {
        let mut as_surname = usual;
        as_surname[0] = surname;
        readings.push(as_surname);
    }
    let mut keys = Vec::new();
    for syllables in readings {
        let surname_first = syllables.concat();
        // Two- and three-character names: a one-character surname, the rest the given name.
        let given_first = match syllables.len() {
            2 | 3 => Some(format!("{}{}", syllables[1..].concat(), syllables[0])),
            _ => None,
        };
        for key in [Some(surname_first), given_first].into_iter().flatten() {
            keys.push(key.replace('ü', "u"));
            if key.contains('ü') {
                keys.push(key.replace('ü', "v"));
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// How a character reads as a surname, where that differs from its usual reading.
fn surname_reading(c: char) -> Option<&'static str> {
    Some(match c {
        '单' => "shan",
        '曾' => "zeng",
        '解' => "xie",
        '区' => "ou",
        '仇' => "qiu",
        '朴' => "piao",
        '查' => "zha",
        '覃' => "qin",
        '乐' => "yue",
        '盖' => "ge",
        '种' => "chong",
        '繁' => "po",
        '员' => "yun",
        '召' => "shao",
        '缪' => "miao",
        '翟' => "zhai",
        '尉' => "yu",
        '秘' => "bi",
        '黑' => "he",
        '任' => "ren",
        '华' => "hua",
        '纪' => "ji",
        '那' => "na",
        '句' => "gou",
        '宿' => "su",
        '折' => "she",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> SpeakerNames {
        SpeakerNames::new(vec![
            "方汉".into(),
            "吴翼".into(),
            "闵可锐".into(),
            "吕布".into(),
            "单雄信".into(),
            "何灿".into(),
            "DeepSeek 团队".into(),
        ])
    }

    fn found(question: &str) -> Vec<String> {
        names().find(question, &no_words).0
    }

    fn no_words(_: &str) -> bool {
        false
    }

    #[test]
    fn a_name_is_found_as_spelled_and_blanked_out() {
        let (named, rest) = names().find("吴翼怎么看强化学习？", &no_words);
        assert_eq!(named, ["吴翼"]);
        assert!(!rest.contains("吴翼"), "{rest}");
        assert_eq!(found("deepseek 团队的人"), ["DeepSeek 团队"]);
    }

    #[test]
    fn a_chinese_name_is_found_in_pinyin_in_either_order() {
        for (question, name) in [
            ("Fang Han 怎么看 GRPO", "方汉"),
            ("fang han 怎么看 GRPO", "方汉"),
            ("Han Fang on GRPO", "方汉"),
            ("fang-han 说了什么", "方汉"),
            ("Min Kerui", "闵可锐"),
            ("Kerui Min", "闵可锐"),
            ("min ke rui 的观点", "闵可锐"),
            ("Lu Bu", "吕布"),
            ("lv bu 说过", "吕布"),
            ("Shan Xiongxin", "单雄信"),
        ] {
            assert_eq!(found(question), [name], "{question}");
        }
        let (named, rest) = names().find("What does Wu Yi think of RL?", &no_words);
        assert_eq!(named, ["吴翼"]);
        assert_eq!(rest, "what does       think of rl?");
    }

    #[test]
    fn a_relation_after_a_name_or_a_pronoun_names_the_relative() {
        let roles = |name: &str| match name {
            "巩蕾" => Some("逯骁的合伙人".to_string()),
            "龚长根" => Some("龚水生的父亲".to_string()),
            "逯骁" => Some("雾港推理馆创始人".to_string()),
            _ => None,
        };
        let names = SpeakerNames::new(vec![
            "逯骁".into(),
            "巩蕾".into(),
            "龚水生".into(),
            "龚长根".into(),
        ])
        .with_roles(roles);
        let (named, rest) = names.find("逯骁那个合伙人说玩家买的是啥", &no_words);
        assert_eq!(named, ["巩蕾"]);
        assert!(!rest.contains("合伙人"), "{rest}");
        assert_eq!(
            names.find("龚水生他爸跟他说过什么", &no_words).0,
            ["龚长根"]
        );
        assert_eq!(
            names.find("他爸当年跟他说过一句什么话", &no_words).0,
            ["龚长根"]
        );
        // The relative asked about, not whose words: 他爸 says nothing here.
        assert!(names.find("他爸是做什么的", &no_words).0.is_empty());
        assert_eq!(names.find("逯骁怎么看实景本", &no_words).0, ["逯骁"]);
    }

    #[test]
    fn pinyin_must_spell_the_whole_name_in_whole_words() {
        for question in [
            "fang",
            "Fang",
            "fanghans",
            "xfanghan",
            "fang,han",
            "fang / han",
            // One word is an English word or a place as often as a name.
            "Fanghan",
            "wuyi 山",
            // Rare readings of a name's characters are another person's name (方 as wang).
            "Wang Han",
            // Lowercase English words that happen to spell a name.
            "what he can do",
        ] {
            assert!(found(question).is_empty(), "{question}");
        }
    }

    #[test]
    fn a_name_with_one_character_swapped_for_a_homophone_is_found() {
        for (question, name) in [
            ("闽可锐怎么看思维链", "闵可锐"),
            ("方翰怎么看文笔", "方汉"),
            ("吴义说了什么", "吴翼"),
        ] {
            let (named, rest) = names().find(question, &no_words);
            assert_eq!(named, [name], "{question}");
            assert!(!rest.contains(&question[..3]), "{rest}");
        }
        // Two characters swapped, another reading order, or a word of the language: no name.
        assert!(found("汉方药").is_empty());
        assert!(found("房寒怎么看").is_empty());
        let words = |w: &str| w == "方翰";
        assert!(names().find("方翰怎么看", &words).0.is_empty());
    }

    #[test]
    fn a_speaker_is_found_by_the_form_their_article_calls_them() {
        // Two speakers share 桑: only the article's own 老桑 tells them apart.
        let names = SpeakerNames::new(vec!["桑德茂".into(), "桑卫东".into()]).with_forms(vec![
            ("老桑".into(), "桑德茂".into()),
            ("小时".into(), "桑卫东".into()),
        ]);
        let (named, rest) = names.find("老桑今年多大", &no_words);
        assert_eq!(named, ["桑德茂"]);
        assert!(!rest.contains("老桑"), "{rest}");
        assert!(names.find("桑总怎么看", &no_words).0.is_empty());
        // A form that is a word of the language names no one.
        let is_word = |w: &str| w == "小时";
        assert!(names.find("营业几小时", &is_word).0.is_empty());
    }

    #[test]
    fn speakers_come_in_the_order_the_question_names_them() {
        assert_eq!(found("方汉和闵可锐怎么看"), ["方汉", "闵可锐"]);
        assert_eq!(found("闵可锐和 Fang Han 怎么看"), ["闵可锐", "方汉"]);
    }

    #[test]
    fn a_speaker_is_found_by_surname_and_title() {
        let (named, rest) = names().find("闵总觉得 DeepSeek 能火意外吗", &no_words);
        assert_eq!(named, ["闵可锐"]);
        assert!(!rest.contains('闵') && rest.contains("觉得"), "{rest}");
        assert_eq!(found("方老师怎么看开源"), ["方汉"]);
        assert_eq!(found("何博士的看法"), ["何灿"]);
        // 总 starting a word says "always" or "sum up"; a surname inside a word is none.
        assert!(found("方总是这么说").is_empty());
        let is_word = |w: &str| w == "各方";
        assert!(names().find("各方总结一下", &is_word).0.is_empty());
        // Two speakers share 吴, a surname alone names neither.
        let two = SpeakerNames::new(vec!["吴翼".into(), "吴毅".into()]);
        assert!(two.find("吴老师怎么看", &no_words).0.is_empty());
        // … unless the title fits one of their roles only.
        let roles = |name: &str| match name {
            "萧景川" => Some("修师傅创始人".to_string()),
            "萧振国" => Some("老年大学学员".to_string()),
            _ => None,
        };
        let two = SpeakerNames::new(vec!["萧景川".into(), "萧振国".into()]).with_roles(roles);
        assert_eq!(two.find("萧总他们平台抽成几个点", &no_words).0, ["萧景川"]);
        let roles = |name: &str| match name {
            "殷立峰" => Some("立峰车行老板".to_string()),
            "殷若溪" => Some("主播".to_string()),
            _ => None,
        };
        let two = SpeakerNames::new(vec!["殷立峰".into(), "殷若溪".into()]).with_roles(roles);
        assert_eq!(two.find("殷老板店里一共几个人", &no_words).0, ["殷立峰"]);
        assert!(two.find("萧先生怎么看", &no_words).0.is_empty());
        assert!(two.find("萧老师怎么看", &no_words).0.is_empty());
        // 导 for a director, unless surname and title make a word (向导 guides).
        let crew = SpeakerNames::new(vec!["庹安歌".into(), "向晚秋".into()]);
        assert_eq!(crew.find("庹导那部长片预算多少", &no_words).0, ["庹安歌"]);
        let is_word = |w: &str| w == "向导";
        assert!(crew.find("找个向导要多少钱", &is_word).0.is_empty());
    }

    #[test]
    fn a_spelling_two_speakers_share_names_neither() {
        let names = SpeakerNames::new(vec!["吴翼".into(), "吴毅".into()]);
        assert!(names.find("Wu Yi", &no_words).0.is_empty());
        assert_eq!(names.find("吴毅", &no_words).0, ["吴毅"]);
    }

    #[test]
    fn who_is_questions_are_told_from_questions_about_what_they_said() {
        for question in [
            "方汉是谁？",
            "方汉",
            "介绍一下方汉",
            "Who is Fang Han?",
            "who's Wu Yi",
            "吴翼是做什么的？",
            "谁是闵可锐",
            "吴翼说了什么",
            "那闵可锐呢？",
            "那闵可锐的看法呢",
            "方汉都聊了些什么",
            "吴翼老师呢？",
            "What did Wu Yi say?",
            "吴翼是哪个学校的",
            "闵可锐是哪家公司的？",
        ] {
            let (named, rest) = names().find(question, &no_words);
            assert_eq!(named.len(), 1, "{question}");
            assert!(asks_who(&rest), "{question}: {rest:?}");
        }
        for question in [
            "方汉怎么看 GRPO？",
            "谁是方汉的同事",
            "吴翼说了什么关于强化学习的",
        ] {
            let (_, rest) = names().find(question, &no_words);
            assert!(!asks_who(&rest), "{question}: {rest:?}");
        }
    }

    #[test]
    fn who_holds_a_role_or_hosts() {
        let asks = |q: &str| who_holds(&segment::normalize_text(q));
        assert_eq!(asks("主持人是谁？"), Some(Holder::Host));
        assert_eq!(asks("Who is the host?"), Some(Holder::Host));
        assert_eq!(
            asks("秘塔科技 CEO 是谁"),
            Some(Holder::Role("秘塔科技ceo".into()))
        );
        assert_eq!(asks("谁是 CEO"), Some(Holder::Role("ceo".into())));
        assert_eq!(asks("GRPO 为什么重要"), None);
        assert_eq!(asks("他是谁"), None);
    }

    #[test]
    fn a_role_is_found_by_its_pieces() {
        let role = |r: &str| segment::normalize_text(r);
        assert!(role_holds(
            &role("昆仑万维董事长兼 CEO"),
            "昆仑万维的董事长"
        ));
        assert!(role_holds(&role("秘塔科技 CEO"), "秘塔的ceo"));
        assert!(role_holds(
            &role("清华大学交叉信息院助理教授"),
            "清华的那位嘉宾"
        ));
        assert!(!role_holds(&role("秘塔科技 CEO"), "昆仑万维的ceo"));
        assert!(!role_holds(&role("秘塔科技 CEO"), "那位嘉宾"));
    }

    #[test]
    fn every_way_of_asking_who_hosts_finds_the_host() {
        for question in [
            "这篇访谈是谁主持的？",
            "谁主持的",
            "主持人叫什么名字？",
            "主持人是哪位",
            "采访者是谁",
            "谁在提问？",
            "是谁提的问题",
            "谁问的问题",
            "这期直播谁主持",
            "主持人叫啥名字",
            "Who hosted the interview?",
            "Who was the moderator?",
            "who asked the questions",
            "Who is the host?",
        ] {
            assert!(
                asks_for_host(&segment::normalize_text(question)),
                "{question}"
            );
        }
        for question in [
            "主持人怎么看 GRPO",
            "谁提问了 GRPO 的问题",
            "谁问的问题最多",
            "采访了谁",
            "主持",
            "Who asked about GRPO?",
            "Who are the guests?",
            "host",
        ] {
            assert!(
                !asks_for_host(&segment::normalize_text(question)),
                "{question}"
            );
        }
    }

    #[test]
    fn who_speaks_is_a_question_of_its_own() {
        for question in [
            "有哪些嘉宾？",
            "嘉宾都有哪些",
            "都有哪些嘉宾",
            "有几位嘉宾",
            "嘉宾名单",
            "谁参加了访谈",
            "采访了谁",
            "受访者有哪些？",
            "这期访谈都有谁",
            "Who are the speakers?",
        ] {
            assert!(
                asks_who_speaks(&segment::normalize_text(question)),
                "{question}"
            );
        }
        for question in [
            "嘉宾怎么看 GRPO",
            "哪位嘉宾说了 GRPO",
            "有哪些公司",
            "谁说 GRPO 重要",
            "嘉宾",
            "有谁",
        ] {
            assert!(
                !asks_who_speaks(&segment::normalize_text(question)),
                "{question}"
            );
        }
    }
}

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

use pinyin::ToPinyinMulti;

use crate::segment;

/// The speakers of a corpus, ready to be found in questions.
#[derive(Debug, Clone, Default)]
pub struct SpeakerNames {
    /// (normalized name, name as spelled in the corpus), longest first, so a shorter name
    /// inside a longer one (DeepSeek in 「DeepSeek 团队」) never takes its place.
    spelled: Vec<(String, String)>,
    /// Pinyin without spaces (`fanghan`, `hanfang`) → index into `names`.
    romanized: HashMap<String, usize>,
    names: Vec<String>,
}

/// The most pinyin words a romanized name spans in a question (复姓 plus a two-character name).
const MOST_SYLLABLES: usize = 4;

/// Readings tried per character of a name (多音字: 单 is shàn as a surname).
const MOST_READINGS: usize = 3;

impl SpeakerNames {
    pub fn new(names: Vec<String>) -> SpeakerNames {
        let mut spelled: Vec<(String, String)> = names
            .iter()
            .map(|name| (segment::normalize_text(name), name.clone()))
            .filter(|(key, _)| !key.is_empty())
            .collect();
        spelled.sort_by_key(|(key, _)| std::cmp::Reverse(key.chars().count()));
        let mut romanized = HashMap::new();
        for (i, name) in names.iter().enumerate() {
            for key in romanizations(name) {
                romanized.entry(key).or_insert(i);
            }
        }
        SpeakerNames {
            spelled,
            romanized,
            names,
        }
    }

    /// The speakers `question` (normalized) names, and the question with their names blanked
    /// out.
    pub fn find(&self, question: &str) -> (Vec<String>, String) {
        let mut rest = question.to_string();
        let mut named = Vec::new();
        for (key, name) in &self.spelled {
            if rest.contains(key.as_str()) {
                rest = rest.replace(key.as_str(), " ");
                named.push(name.clone());
            }
        }
        if self.romanized.is_empty() {
            return (named, rest);
        }
        for (range, i) in self.romanized_in(&rest) {
            rest.replace_range(range.clone(), &" ".repeat(range.len()));
            if !named.contains(&self.names[i]) {
                named.push(self.names[i].clone());
            }
        }
        (named, rest)
    }

    /// Byte ranges of `text` that spell a speaker's name in pinyin, with the speaker, left to
    /// right and not overlapping. A name is one to [`MOST_SYLLABLES`] words of letters joined
    /// by spaces or hyphens (`Fang Han`, `fang-han`, `FangHan`; `text` is lowercase).
    fn romanized_in(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        let words = letter_words(text);
        let mut found = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let mut joined = String::new();
            let mut hit = None;
            for j in i..words.len().min(i + MOST_SYLLABLES) {
                if j > i && !joins(&text[words[j - 1].end..words[j].start]) {
                    break;
                }
                joined.push_str(&text[words[j].clone()]);
                if let Some(&speaker) = self.romanized.get(&joined) {
                    hit = Some((j, speaker));
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

/// Whether what a question says besides a speaker's name (`rest` of [`SpeakerNames::find`])
/// only asks who the speaker is: 「方汉是谁？」, 「介绍一下吴翼」, 「Who is Wu Yi?」, or the name
/// alone.
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
        "who",
        "whois",
        "whos",
        "whoisthat",
        "tellmeabout",
        "about",
    ];
    let bare: String = rest
        .chars()
        .filter(|c| c.is_alphanumeric() && *c != '\'')
        .collect();
    WHO.contains(&bare.as_str())
}

/// Runs of ASCII letters in `text`, as byte ranges.
fn letter_words(text: &str) -> Vec<Range<usize>> {
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
/// v. Nothing for other names: they are found as spelled.
fn romanizations(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    if !(2..=4).contains(&chars.len()) || !chars.iter().copied().all(segment::is_han) {
        return Vec::new();
    }
    let mut readings: Vec<Vec<&str>> = Vec::new();
    for c in &chars {
        let Some(multi) = c.to_pinyin_multi() else {
            return Vec::new();
        };
        let mut of_char: Vec<&str> = multi.into_iter().map(|p| p.plain()).collect();
        of_char.dedup();
        of_char.truncate(MOST_READINGS);
        readings.push(of_char);
    }
    let mut spellings = vec![Vec::<&str>::new()];
    for of_char in &readings {
        spellings = spellings
            .iter()
            .flat_map(|so_far| {
                of_char.iter().map(move |r| {
                    let mut next = so_far.clone();
                    next.push(r);
                    next
                })
            })
            .collect();
    }
    let mut keys = Vec::new();
    for syllables in spellings {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> SpeakerNames {
        SpeakerNames::new(vec![
            "方汉".into(),
            "吴翼".into(),
            "闵可锐".into(),
            "吕布".into(),
            "DeepSeek 团队".into(),
        ])
    }

    fn found(question: &str) -> Vec<String> {
        names().find(&segment::normalize_text(question)).0
    }

    #[test]
    fn a_name_is_found_as_spelled_and_blanked_out() {
        let (named, rest) = names().find(&segment::normalize_text("吴翼怎么看强化学习？"));
        assert_eq!(named, ["吴翼"]);
        assert!(!rest.contains("吴翼"), "{rest}");
        assert_eq!(found("deepseek 团队的人"), ["DeepSeek 团队"]);
    }

    #[test]
    fn a_chinese_name_is_found_in_pinyin_in_either_order() {
        for question in [
            "Fang Han 怎么看 GRPO",
            "what does fanghan think of GRPO",
            "Han Fang on GRPO",
            "fang-han",
            "Min Kerui",
            "Kerui Min",
            "min ke rui",
            "Lu Bu",
            "lv bu",
        ] {
            assert_eq!(found(question).len(), 1, "{question}");
        }
        let (named, rest) = names().find(&segment::normalize_text("What does Wu Yi think of RL?"));
        assert_eq!(named, ["吴翼"]);
        assert_eq!(rest, "what does       think of rl?");
    }

    #[test]
    fn who_is_questions_are_told_from_questions_about_what_they_said() {
        for question in [
            "方汉是谁？",
            "方汉",
            "介绍一下方汉",
            "Who is Fang Han?",
            "who's wu yi",
            "吴翼是做什么的？",
            "谁是闵可锐",
        ] {
            let (named, rest) = names().find(&segment::normalize_text(question));
            assert_eq!(named.len(), 1, "{question}");
            assert!(asks_who(&rest), "{question}: {rest:?}");
        }
        for question in ["方汉怎么看 GRPO？", "谁是方汉的同事", "吴翼说了什么"] {
            let (_, rest) = names().find(&segment::normalize_text(question));
            assert!(!asks_who(&rest), "{question}: {rest:?}");
        }
    }

    #[test]
    fn pinyin_must_spell_the_whole_name_in_whole_words() {
        for question in [
            "fang",
            "han",
            "fanghans",
            "xfanghan",
            "fang,han",
            "fang / han",
        ] {
            assert!(found(question).is_empty(), "{question}");
        }
    }
}

//! Speakers marked by a symbol or a letter that a legend explains once (`👨‍🍳 ＝ 宓叔（老板，宓守拙）`
//! in a 小红书 note, 「文中Y为晏鹤年，M为牟秀蕖」 in an oral history), rewritten as the labels
//! the builder reads (`宓守拙：……`, `晏鹤年：……`). A symbol the legend gives to the writer
//! (`🙋‍♀️ ＝ 我`) asks (`问：`). Also drops the emoji a note puts before a label
//! (`👩‍🦰瞿姐：` → `瞿姐：`), and reads a chat-bubble article's avatars (`![郜一苇](…)`) as
//! labels. Owns reading legends and avatars; must not import the builder.

use super::labels::{
    is_numbered_speaker, is_personal_name, looks_like_a_chinese_name, strip_timestamp,
};
use super::reflow::Rewritten;

/// A legend explains at least this many marks.
const MIN_ENTRIES: usize = 2;

/// The longest mark a legend explains, in characters (an emoji with its joiners).
const MAX_MARK_CHARS: usize = 8;

/// Who a legend's mark stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stands {
    Person(String),
    Writer,
}

/// `text` with legend marks and emoji before labels rewritten, or `None` when it has neither.
pub(super) fn apply(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    let legend = read_legend(text);
    let marked = |line: &str| {
        line.trim_start()
            .starts_with(|c: char| is_emoji(c) || c.is_ascii_uppercase())
    };
    if legend.is_empty()
        && !text
            .lines()
            .any(|l| marked(l) && emoji_before_label(l.trim_start()).is_some())
    {
        return None;
    }
    let mut relabelled: Vec<Option<String>> =
        text.lines().map(|line| relabel(line, &legend)).collect();
    for (at, name) in corrected_labels(text, &relabelled, &legend) {
        if let Some(line) = relabelled[at].as_mut() {
            *line = line.replacen(label_name(line), &name, 1);
        }
    }
    Rewritten::map_lines(text, from_line, |i, _| relabelled[i].take())
}

/// The name a relabelled line opens with (`缪德旺` in `缪德旺 00:14:26`, `缪德旺：……`).
fn label_name(line: &str) -> &str {
    let end = line.find([' ', '：']).unwrap_or(line.len());
    &line[..end]
}

/// The turns an editor's note says the transcription tool gave the wrong voice
/// (「（编者注：上面这一段转写工具误标为“说话人1”，听录音可以确认是缪德旺说的。）」): the line
/// of the label before the note, and the person the note names instead.
fn corrected_labels(
    text: &str,
    relabelled: &[Option<String>],
    legend: &[(String, Stands)],
) -> Vec<(usize, String)> {
    const MISTAKEN: [&str; 4] = ["误标", "标错", "误认", "误记"];
    let mut corrected = Vec::new();
    let mut last_label: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim().trim_matches('*');
        let is_note =
            trimmed.starts_with(['（', '(']) && MISTAKEN.iter().any(|m| trimmed.contains(m));
        if is_note {
            // 「误标为喻小满，实为缪德旺」: the name said last is the right one.
            let named = legend
                .iter()
                .filter_map(|(_, who)| match who {
                    Stands::Person(name) => trimmed.rfind(name.as_str()).map(|at| (at, name)),
                    Stands::Writer => None,
                })
                .max_by_key(|&(at, _)| at)
                .map(|(_, name)| name);
            if let (Some(at), Some(name)) = (last_label, named) {
                corrected.push((at, name.clone()));
            }
            continue;
        }
        if relabelled[i].is_some() {
            last_label = Some(i);
        }
    }
    corrected
}

/// The legend's entries: `mark ＝ who` lines, or `X为名字` clauses of one sentence.
fn read_legend(text: &str) -> Vec<(String, Stands)> {
    let mut entries = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if !may_explain_marks(line) {
            continue;
        }
        let found: Vec<(String, Stands)> = if let Some(entry) = equals_entry(line) {
            vec![entry]
        } else {
            line.split(['，', ',', '；', ';', '。', '、'])
                .filter_map(stands_for_clause)
                .collect()
        };
        // 「文中Y为晏鹤年，M为牟秀蕖」 explains two at once; a lone 「A为B」 is a sentence.
        if found.len() >= MIN_ENTRIES || found.len() == 1 && equals_entry(line).is_some() {
            entries.extend(found);
        }
    }
    if entries.len() < MIN_ENTRIES {
        entries.clear();
    }
    entries
}

/// Whether `line` could hold a legend entry: an equals sign, or 为 right after a capital
/// letter or an emoji (most lines of prose have 为 after a Chinese character).
fn may_explain_marks(line: &str) -> bool {
    line.contains(['＝', '='])
        || NUMBERED_VOICES.iter().any(|voice| line.contains(voice))
        || line.match_indices('为').any(|(at, _)| {
            line[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_uppercase() || is_emoji(c) || c == '\u{fe0f}')
        })
}

/// `👨‍🍳 ＝ 宓叔（老板，宓守拙）`.
fn equals_entry(line: &str) -> Option<(String, Stands)> {
    let (mark, who) = line.split_once(['＝', '='])?;
    let mark = mark.trim();
    let who = who.trim();
    is_symbol_mark(mark)
        .then(|| who_is(who))
        .flatten()
        .map(|who| (mark.to_string(), who))
}

/// `文中Y为晏鹤年` → (`Y`, 晏鹤年).
fn stands_for_clause(clause: &str) -> Option<(String, Stands)> {
    if let Some(entry) = numbered_voice_entry(clause) {
        return Some(entry);
    }
    // 「**说明：** 文中Y为晏鹤年」: the clause after the note's own label.
    let clause = clause
        .rsplit(['：', ':', ' ', '　'])
        .next()
        .unwrap_or(clause);
    let clause = ["文中", "其中", "以下"]
        .iter()
        .find_map(|p| clause.strip_prefix(p))
        .unwrap_or(clause);
    let (mark, who) = clause.split_once('为')?;
    let mark = mark.trim();
    let letters = (1..=2).contains(&mark.len()) && mark.bytes().all(|b| b.is_ascii_uppercase());
    if !letters && !is_symbol_mark(mark) {
        return None;
    }
    Some((mark.to_string(), who_is(who.trim())?))
}

/// How transcription tools name the voices they cannot tell apart (`说话人1`).
const NUMBERED_VOICES: [&str; 3] = ["说话人", "发言人", "Speaker"];

/// 「“说话人2”是缪德旺」, 「说话人3为缪德旺的爱人祁秀兰（中途加入）」: a transcription tool's
/// numbered voice, and who it is: the name the clause ends on, before any brackets.
fn numbered_voice_entry(clause: &str) -> Option<(String, Stands)> {
    let start = NUMBERED_VOICES
        .iter()
        .filter_map(|voice| clause.find(voice))
        .min()?;
    let (mark, who) = clause[start..].split_once(['是', '为'])?;
    let mark = mark.trim().trim_end_matches(['”', '"', '」', '’']).trim();
    if !is_numbered_speaker(mark) {
        return None;
    }
    let who = who
        .split(['（', '('])
        .next()?
        .trim()
        .trim_end_matches(['。', '.']);
    let ending = |chars: usize| {
        let start = who.char_indices().rev().nth(chars - 1)?.0;
        let name = &who[start..];
        looks_like_a_chinese_name(name).then_some(name)
    };
    let name = ending(3)
        .or_else(|| ending(2))
        .or_else(|| is_personal_name(who).then_some(who))?;
    Some((mark.to_string(), Stands::Person(name.to_string())))
}

/// An emoji or symbol (no letters, digits or Chinese), short enough to stand for someone.
fn is_symbol_mark(mark: &str) -> bool {
    let chars = mark.chars().count();
    (1..=MAX_MARK_CHARS).contains(&chars)
        && mark.chars().any(is_emoji)
        && mark
            .chars()
            .all(|c| !c.is_alphanumeric() && !c.is_whitespace())
}

fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1f300}'..='\u{1faff}' | '\u{2600}'..='\u{27bf}')
}

/// `宓守拙`, `宓叔（老板，宓守拙）`, `宓阿婆（冼桂枝，老板妈妈）` → the name; `我` → the writer.
fn who_is(who: &str) -> Option<Stands> {
    let who = who.trim_end_matches(['。', '.']).trim();
    if who == "我" {
        return Some(Stands::Writer);
    }
    if is_personal_name(who) {
        return Some(Stands::Person(who.to_string()));
    }
    let open = who.find(['（', '('])?;
    let inner = who[open..]
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    let parts: Vec<&str> = inner.split(['，', ',', '、', ' ']).map(str::trim).collect();
    // 「老板，宓守拙」: the part that is a name, not the role or the kinship beside it.
    const NOT_NAMES: [&str; 10] = [
        "老板",
        "妈妈",
        "爸爸",
        "阿姨",
        "阿婆",
        "师傅",
        "经理",
        "店长",
        "老师",
        "合伙人",
    ];
    let plain = |part: &&str| is_personal_name(part) && !NOT_NAMES.iter().any(|w| part.contains(w));
    parts
        .iter()
        .find(|part| plain(part) && looks_like_a_chinese_name(part))
        .or_else(|| {
            parts
                .iter()
                .find(|part| plain(part) && part.chars().count() == 3)
        })
        .map(|name| Stands::Person(name.to_string()))
}

/// `line` under the label its mark stands for, or without the emoji before its label.
fn relabel(line: &str, legend: &[(String, Stands)]) -> Option<String> {
    let trimmed = line.trim_start();
    for (mark, who) in legend {
        let Some(rest) = trimmed.strip_prefix(mark.as_str()) else {
            continue;
        };
        let colon = rest.starts_with(['：', ':']);
        // `说话人1　00:00:04`: a numbered voice and its time, the words on the lines below.
        if is_numbered_speaker(mark) && !rest.starts_with(|c: char| c.is_ascii_digit()) {
            if let Some(time) = strip_timestamp(rest.trim()).filter(|r| r.trim().is_empty()) {
                let time = &rest.trim()[..rest.trim().len() - time.len()];
                if let Stands::Person(name) = who {
                    return Some(format!("{name} {time}"));
                }
            }
        }
        // A letter marks only with its colon (`Y：`), not as a word's first letter.
        if !colon && !is_symbol_mark(mark) {
            continue;
        }
        let rest = rest.trim_start_matches(['：', ':']).trim_start();
        if rest.is_empty() || rest.starts_with(['＝', '=']) {
            return None;
        }
        let label = match who {
            Stands::Person(name) => name.as_str(),
            Stands::Writer => "问",
        };
        return Some(format!("{label}：{rest}"));
    }
    emoji_before_label(trimmed)
}

/// `👩‍🦰瞿姐：……` → `瞿姐：……`; `🙋‍♀️我：……？` → `问：……？` (the note's writer asks).
fn emoji_before_label(line: &str) -> Option<String> {
    let start = line.find(|c: char| c.is_alphanumeric())?;
    let mark = &line[..start];
    if mark.is_empty() || !is_symbol_mark(mark) {
        return None;
    }
    let rest = &line[start..];
    let colon = rest.find(['：', ':'])?;
    let name = &rest[..colon];
    if name.chars().count() > 4 || !name.chars().all(char::is_alphanumeric) {
        return None;
    }
    if name == "我" {
        return Some(format!("问{}", &rest[colon..]));
    }
    Some(rest.to_string())
}

/// An avatar names its speaker this often, and at least two speakers have one, before the
/// pictures count as labels.
const MIN_AVATARS: usize = 2;

/// A chat-bubble article (聊天体): each turn under its speaker's avatar, a picture whose alt text
/// is the name (`![郜一苇](…/avatar_gaoyw/132)`), no text label. Such a picture becomes the
/// label `**郜一苇：**`; a photo (`![压书机](…)`) stays one.
pub(super) fn avatars(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    if !text.contains("![") {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let alts: Vec<Option<&str>> = lines.iter().map(|l| avatar_alt(l)).collect();
    let times = |name: &str| alts.iter().flatten().filter(|a| **a == name).count();
    let mut speakers: Vec<&str> = alts
        .iter()
        .flatten()
        .copied()
        .filter(|a| times(a) >= MIN_AVATARS)
        .collect();
    speakers.sort_unstable();
    speakers.dedup();
    if speakers.len() < 2 {
        return None;
    }
    Rewritten::map_lines(text, from_line, |i, _| {
        alts[i]
            .filter(|name| speakers.contains(name))
            .map(|name| format!("**{name}：**"))
    })
}

/// `![郜一苇](https://…)` alone on a line → `郜一苇`, when the alt text reads as a name.
fn avatar_alt(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix("![")?;
    let (alt, target) = rest.split_once("](")?;
    (target.ends_with(')') && !target.contains(' ') && is_personal_name(alt)).then_some(alt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(body: &str) -> Option<String> {
        apply(body, None).map(|r| r.text)
    }

    #[test]
    fn a_legend_of_emoji_signs_each_line_with_the_name_it_gives() {
        let body = "🔻符号说明🔻\n🙋‍♀️ ＝ 我\n👨‍🍳 ＝ 宓叔（老板，宓守拙）\n👵 ＝ 宓阿婆（冼桂枝，老板妈妈）\n\n\
                    🙋‍♀️：为啥叫滢记呀？\n👨‍🍳：滢水老街嘛。\n\n👵 那时候没想那么多。\n";
        assert_eq!(
            rewritten(body).as_deref(),
            Some(
                "🔻符号说明🔻\n🙋‍♀️ ＝ 我\n👨‍🍳 ＝ 宓叔（老板，宓守拙）\n👵 ＝ 宓阿婆（冼桂枝，老板妈妈）\n\n\
                 问：为啥叫滢记呀？\n宓守拙：滢水老街嘛。\n\n冼桂枝：那时候没想那么多。\n"
            )
        );
    }

    #[test]
    fn letters_a_note_explains_are_the_people_it_names() {
        let body = "**说明：** 文中Y为晏鹤年，M为牟秀蕖，N为聂知微。\n\nN：您是哪一年来的？\n\nY：1963年8月。\n\nYes, 这是一句。\n";
        assert_eq!(
            rewritten(body).as_deref(),
            Some("**说明：** 文中Y为晏鹤年，M为牟秀蕖，N为聂知微。\n\n聂知微：您是哪一年来的？\n\n晏鹤年：1963年8月。\n\nYes, 这是一句。\n")
        );
    }

    #[test]
    fn a_transcript_tools_numbered_voices_are_the_people_a_note_names() {
        let body = "编者说明：转写中，“说话人1”是本号编辑喻小满，“说话人2”是缪德旺，\
                    “说话人3”是缪德旺的爱人祁秀兰（中途加入）。\n\n\
                    说话人1　00:00:15\n您养蜂多少年了？\n\n说话人2　00:00:18\n二十年。\n\n\
                    说话人1　00:14:26\n最大的是年轻人不来了。\n\n\
                    *（编者注：上面这一段转写工具误标为“说话人1”，听录音可以确认是缪德旺说的。）*\n\n\
                    说话人10　00:15:00\n谁？\n";
        let out = rewritten(body).unwrap_or_default();
        let lines: Vec<&str> = out.lines().skip(2).filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines,
            [
                "喻小满 00:00:15",
                "您养蜂多少年了？",
                "缪德旺 00:00:18",
                "二十年。",
                "缪德旺 00:14:26",
                "最大的是年轻人不来了。",
                "*（编者注：上面这一段转写工具误标为“说话人1”，听录音可以确认是缪德旺说的。）*",
                "说话人10　00:15:00",
                "谁？",
            ]
        );
    }

    #[test]
    fn avatars_that_recur_are_their_speakers_labels() {
        let body = "![蒯知夏](https://x.test/a1/132)\n\n开了多久？\n\n![郜一苇](https://x.test/a2/132)\n\n\
                    六年多了。\n\n![压书机](https://x.test/p.jpg)\n\n![蒯知夏](https://x.test/a1/132)\n\n为什么？\n\n\
                    ![郜一苇](https://x.test/a2/132)\n\n因为桦树。\n";
        let out = avatars(body, None).expect("avatars").text;
        assert_eq!(
            out,
            "**蒯知夏：**\n\n开了多久？\n\n**郜一苇：**\n\n六年多了。\n\n![压书机](https://x.test/p.jpg)\n\n\
             **蒯知夏：**\n\n为什么？\n\n**郜一苇：**\n\n因为桦树。\n"
        );
        assert!(avatars("![压书机](a.jpg)\n![压书机](b.jpg)\n", None).is_none());
    }

    #[test]
    fn emoji_before_a_label_are_dropped_and_a_lone_sentence_is_no_legend() {
        assert_eq!(
            rewritten("🙋‍♀️我：为什么做门铃？\n👩‍🦰瞿姐：我三岁就听不见了。\n").as_deref(),
            Some("问：为什么做门铃？\n瞿姐：我三岁就听不见了。\n")
        );
        assert!(rewritten("他为人很好。\nA为B的一种。\n").is_none());
        assert!(rewritten("🔥🔥 今天去吃了鱼汤粉\n").is_none());
    }
}

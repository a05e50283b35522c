//! A video's subtitle file pasted into the article (`.srt`: a cue number, `00:00:25,860 -->
//! 00:00:30,860`, the line), where the only speaker marks are the on-screen name cards
//! (`{\an8}牟朝晖 · 泾柳杯业生产厂长`) and the maker's questions in italics
//! (`<i>牟厂长 咱们厂一天能做多少只杯子</i>`). Rewritten as an interview: numbers and times go,
//! a name card labels what follows (`**牟朝晖（泾柳杯业生产厂长）：**`), a question asks (`问：`),
//! the lines after it are the last named person's again, a name in brackets opening a line
//! (`（饶栖）早上五点二十`) labels it and the lines after it, and a speaker's consecutive lines
//! join into one paragraph. Owns reading subtitles; must not import the builder.

use super::labels::{is_personal_name, looks_like_a_chinese_name};
use super::reflow::Rewritten;

/// A body is a subtitle file when at least this many lines are cue times.
const MIN_CUES: usize = 5;

/// `text` as an interview, or `None` when it holds no subtitle file.
pub(super) fn as_interview(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    if !text.contains("-->") {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let cues = lines.iter().filter(|l| is_cue_time(l)).count();
    if cues < MIN_CUES {
        return None;
    }
    let first_cue = lines.iter().position(|l| is_cue_time(l))?;
    // The cue number above the first time line starts the subtitles.
    let start = first_cue.saturating_sub(1);
    let mut out = Rewritten::with_capacity(text.len());
    for (i, line) in lines[..start].iter().enumerate() {
        out.push(line, from_line.map_or(i, |map| map[i]));
    }
    let mut speaker: Option<String> = None;
    let mut paragraph: Option<(String, usize)> = None;
    let flush = |paragraph: &mut Option<(String, usize)>, out: &mut Rewritten| {
        if let Some((text, from)) = paragraph.take() {
            out.push(&text, from);
            out.push("", from);
        }
    };
    for (i, line) in lines.iter().enumerate().skip(start) {
        let from = from_line.map_or(i, |map| map[i]);
        let line = line.trim();
        if line.is_empty() || is_cue_time(line) || line.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if let Some(card) = line.strip_prefix("{\\an8}") {
            if let Some((name, role)) = name_card(card) {
                flush(&mut paragraph, &mut out);
                let label = if role.is_empty() {
                    name.to_string()
                } else {
                    format!("{name}（{role}）")
                };
                out.push(&format!("**{label}：**"), from);
                speaker = Some(name.to_string());
            }
            continue;
        }
        // 「（饶栖）早上五点二十」: the maker marks who speaks on the first line of a turn.
        if let Some((name, said)) = named_in_brackets(line) {
            flush(&mut paragraph, &mut out);
            paragraph = Some((format!("**{name}：**{said}"), from));
            speaker = Some(name.to_string());
            continue;
        }
        if let Some(asked) = italic(line) {
            flush(&mut paragraph, &mut out);
            out.push(&format!("问：{asked}"), from);
            out.push("", from);
            paragraph = speaker.as_ref().map(|s| (format!("**{s}：**"), from));
            continue;
        }
        match &mut paragraph {
            Some((text, _)) => {
                if !text.ends_with('：') && !text.ends_with("：**") {
                    text.push(' ');
                }
                text.push_str(line);
            }
            None => paragraph = Some((line.to_string(), from)),
        }
    }
    flush(&mut paragraph, &mut out);
    Some(out)
}

/// `00:00:25,860 --> 00:00:30,860`.
fn is_cue_time(line: &str) -> bool {
    let line = line.trim();
    line.split_once("-->").is_some_and(|(a, b)| {
        let time = |t: &str| {
            let t = t.trim();
            !t.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ':' | ',' | '.'))
        };
        time(a) && time(b)
    })
}

/// `牟朝晖 · 泾柳杯业生产厂长` → (`牟朝晖`, `泾柳杯业生产厂长`); a place card (`泾柳杯业 · 一号
/// 车间`) is no name card.
fn name_card(card: &str) -> Option<(&str, &str)> {
    let (name, role) = card.split_once(['·', '•', '|', '｜']).unwrap_or((card, ""));
    let (name, role) = (name.trim(), role.trim());
    let a_role = role.is_empty() || super::reads_as_a_post(role);
    (is_personal_name(name) && a_role).then_some((name, role))
}

/// `（饶栖）早上五点二十` → (`饶栖`, `早上五点二十`): a name in brackets opening the line (not
/// a sound: `（掌声）`).
fn named_in_brackets(line: &str) -> Option<(&str, &str)> {
    let inner = line.strip_prefix(['（', '('])?;
    let (name, said) = inner.split_once(['）', ')'])?;
    let name = name.trim();
    (looks_like_a_chinese_name(name) && name.chars().count() <= 4).then_some((name, said.trim()))
}

/// `<i>这么多 都卖到哪里去了</i>` → the words inside.
fn italic(line: &str) -> Option<&str> {
    let inner = line.strip_prefix("<i>")?.strip_suffix("</i>")?.trim();
    (!inner.is_empty()).then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_brackets_labels_its_line_and_the_lines_after_it() {
        let body = "1\n00:00:01,000 --> 00:00:06,324\n（饶栖）早上五点二十\n\n\
                    2\n00:00:06,374 --> 00:00:09,435\n天还没亮\n\n\
                    3\n00:00:09,485 --> 00:00:12,305\n（滕海舟）上来上来\n\n\
                    4\n00:00:12,355 --> 00:00:15,369\n（掌声）\n\n\
                    5\n00:00:15,419 --> 00:00:19,520\n站里面点\n";
        let out = as_interview(body, None).expect("subtitles").text;
        let paragraphs: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            paragraphs,
            [
                "**饶栖：**早上五点二十 天还没亮",
                "**滕海舟：**上来上来 （掌声） 站里面点"
            ]
        );
    }

    #[test]
    fn subtitles_become_an_interview_of_the_people_their_cards_name() {
        let body =
            "**字幕文件**\n\n1\n00:00:00,500 --> 00:00:03,500\n{\\an8}泾柳杯业 · 一号车间\n\n\
                    2\n00:00:03,600 --> 00:00:07,560\n大家好 这里是工厂志\n\n\
                    3\n00:00:22,760 --> 00:00:25,760\n{\\an8}牟朝晖 · 泾柳杯业生产厂长\n\n\
                    4\n00:00:25,860 --> 00:00:30,860\n<i>牟厂长 一天能做多少只杯子</i>\n\n\
                    5\n00:00:30,960 --> 00:00:34,920\n旺季的时候一天六万只左右\n\n\
                    6\n00:00:35,020 --> 00:00:37,860\n淡季也有三万多只\n";
        let out = as_interview(body, None).expect("subtitles");
        assert_eq!(
            out.text,
            "**字幕文件**\n\n大家好 这里是工厂志\n\n**牟朝晖（泾柳杯业生产厂长）：**\n问：牟厂长 一天能做多少只杯子\n\n\
             **牟朝晖：**旺季的时候一天六万只左右 淡季也有三万多只\n\n"
        );
        assert_eq!(out.from_line.len(), out.text.lines().count());
    }

    #[test]
    fn a_few_arrows_are_no_subtitles() {
        assert!(as_interview("A --> B\n1 --> 2\n", None).is_none());
    }
}

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
    let end = end_of_subtitles(&lines);
    let mut out = Rewritten::with_capacity(text.len());
    for (i, line) in lines[..start].iter().enumerate() {
        out.push(line, from_line.map_or(i, |map| map[i]));
    }
    // 「其余没有标注的都是覃老伯说的」: whose the unmarked lines are, when the maker says so.
    let unmarked = lines[..start].iter().find_map(|l| unmarked_speaker(l));
    let mut speaker: Option<String> = unmarked.clone();
    // The last person marked by name in brackets, whom a question may address.
    let mut named: Option<String> = None;
    let mut paragraph: Option<(String, usize)> = None;
    let flush = |paragraph: &mut Option<(String, usize)>, out: &mut Rewritten| {
        if let Some((text, from)) = paragraph.take() {
            out.push(&text, from);
            out.push("", from);
        }
    };
    for (i, line) in lines.iter().enumerate().take(end).skip(start) {
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
        // 「（旁白）早上六点四十」: the maker's voice-over is the writer's text, nobody's words.
        if let Some(said) = voice_over(line) {
            flush(&mut paragraph, &mut out);
            out.push("---", from);
            out.push("", from);
            paragraph = Some((said.to_string(), from));
            speaker = unmarked.clone();
            continue;
        }
        // 「Q：老伯，您每天几点开第一班？」: the maker asks.
        if let Some(asked) = ["Q：", "Q:", "问："]
            .iter()
            .find_map(|q| line.strip_prefix(q))
        {
            flush(&mut paragraph, &mut out);
            out.push(&format!("问：{}", asked.trim()), from);
            out.push("", from);
            if unmarked.is_some() {
                // 「阿姨，渡口要停了……」 after 「（老伴 柏素芬）」: asked of her, not of 覃老伯.
                let address = asked.trim().split(['，', ',']).next().unwrap_or_default();
                let someone_else = (1..=3).contains(&address.chars().count())
                    && unmarked.as_deref().is_some_and(|u| !u.contains(address));
                speaker = match (&named, someone_else) {
                    (Some(named), true) => Some(named.clone()),
                    _ => unmarked.clone(),
                };
            }
            paragraph = speaker.as_ref().map(|s| (format!("**{s}：**"), from));
            continue;
        }
        // 「（饶栖）早上五点二十」: the maker marks who speaks on the first line of a turn.
        if let Some((name, said)) = named_in_brackets(line) {
            if !PARTS.contains(&name) {
                named = Some(name.to_string());
            }
            flush(&mut paragraph, &mut out);
            // 「（老伴 柏素芬）」 beside the unmarked 覃老伯: she is his 老伴.
            let label = match (relation_before(line), &unmarked) {
                (Some(relation), Some(of)) => format!("{name}（{of}的{relation}）"),
                _ => name.to_string(),
            };
            paragraph = Some((format!("**{label}：**{said}"), from));
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
        // After the voice-over, an unmarked line is the unmarked speaker's again.
        let narrated = paragraph
            .as_ref()
            .is_some_and(|(text, _)| !text.starts_with("**"));
        if let (true, Some(s)) = (narrated || paragraph.is_none(), &speaker) {
            if unmarked.is_some() {
                flush(&mut paragraph, &mut out);
                paragraph = Some((format!("**{s}：**{line}"), from));
                continue;
            }
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
    // 「**UP主置顶评论**：……」 below the last cue is the maker's own text again, nobody's turn.
    if end < lines.len() {
        let from = from_line.map_or(end, |map| map[end]);
        out.push("---", from);
        out.push("", from);
        for (i, line) in lines.iter().enumerate().skip(end) {
            out.push(line, from_line.map_or(i, |map| map[i]));
        }
    }
    Some(out)
}

/// The line after the last cue's text: a cue's text runs from its time line to a blank line.
fn end_of_subtitles(lines: &[&str]) -> usize {
    let Some(last_cue) = lines.iter().rposition(|l| is_cue_time(l)) else {
        return lines.len();
    };
    lines[last_cue..]
        .iter()
        .position(|l| l.trim().is_empty())
        .map_or(lines.len(), |blank| last_cue + blank)
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
    // 「（老伴 柏素芬）」: a relation before the name.
    let name = name.trim().rsplit([' ', '　']).next().unwrap_or_default();
    let said = said.trim();
    let named = looks_like_a_chinese_name(name) && name.chars().count() <= 4;
    // 「（乘客）我坐他的船坐了五十年」: someone the maker does not name, speaking.
    let part = PARTS.contains(&name) && !said.is_empty();
    (named || part).then_some((name, said))
}

/// 「（老伴 柏素芬）……」 → `老伴`: the relation written before a bracketed name.
fn relation_before(line: &str) -> Option<&str> {
    let inner = line.strip_prefix(['（', '('])?;
    let (marked, _) = inner.split_once(['）', ')'])?;
    let (relation, _) = marked.trim().rsplit_once([' ', '　'])?;
    let relation = relation.trim();
    (1..=3)
        .contains(&relation.chars().count())
        .then_some(relation)
}

/// People a video's maker marks by what they are, not by name.
const PARTS: [&str; 6] = ["乘客", "路人", "顾客", "村民", "游客", "网友"];

/// `（旁白）早上六点四十` → `早上六点四十`: the maker's voice-over.
fn voice_over(line: &str) -> Option<&str> {
    ["（旁白）", "(旁白)", "（画外音）", "（解说）"]
        .iter()
        .find_map(|mark| line.strip_prefix(mark))
        .map(str::trim)
}

/// 「其余没有标注的都是覃老伯说的」 → `覃老伯`: who the maker says the unmarked lines are.
fn unmarked_speaker(line: &str) -> Option<String> {
    const SAYS: [&str; 4] = ["没有标注的", "没标注的", "未标注的", "不标注的"];
    let (_, rest) = SAYS.iter().find_map(|s| line.split_once(s))?;
    let rest = rest.trim_start_matches(['都', '是', '均', '为', '全']);
    let end = rest
        .find(['说', '的', '。', '，', '；', ',', '.'])
        .unwrap_or(rest.len());
    let who = rest[..end].trim();
    (2..=4)
        .contains(&who.chars().count())
        .then(|| who.to_string())
        .filter(|who| who.chars().all(super::labels::is_han))
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
    fn unmarked_lines_are_whom_the_maker_says_and_voice_over_is_nobodys() {
        let body = "简介：Q是我问的，（旁白）是后期配的解说，其余没有标注的都是覃老伯说的。\n\n\
                    1\n00:00:02,100 --> 00:00:06,090\n（旁白）早上六点四十，雾还没散\n\n\
                    2\n00:00:07,190 --> 00:00:11,390\n上来上来，脚踩中间\n\n\
                    3\n00:00:12,490 --> 00:00:15,430\nQ：老伯，您每天几点开第一班？\n\n\
                    4\n00:00:15,630 --> 00:00:18,780\n六点半\n\n\
                    5\n00:00:19,000 --> 00:00:21,000\n（老伴 柏素芬）他就会讲这个\n\n\
                    6\n00:00:21,100 --> 00:00:23,000\nQ：阿姨，您是什么心情？\n\n\
                    7\n00:00:23,100 --> 00:00:25,000\n我是高兴的\n\n\
                    8\n00:00:25,100 --> 00:00:27,000\n（乘客）我坐他的船坐了五十年\n";
        let out = as_interview(body, None).expect("subtitles").text;
        let paragraphs: Vec<&str> = out.lines().skip(1).filter(|l| !l.is_empty()).collect();
        assert_eq!(
            paragraphs,
            [
                "---",
                "早上六点四十，雾还没散",
                "**覃老伯：**上来上来，脚踩中间",
                "问：老伯，您每天几点开第一班？",
                "**覃老伯：**六点半",
                "**柏素芬（覃老伯的老伴）：**他就会讲这个",
                "问：阿姨，您是什么心情？",
                "**柏素芬：**我是高兴的",
                "**乘客：**我坐他的船坐了五十年",
            ]
        );
    }

    #[test]
    fn text_below_the_last_cue_is_the_makers_own_again() {
        let body = "简介：其余没有标注的都是覃老伯说的。\n\n\
                    1\n00:00:02,100 --> 00:00:06,090\n上来上来\n\n\
                    2\n00:00:07,190 --> 00:00:11,390\n脚踩中间\n\n\
                    3\n00:00:12,490 --> 00:00:15,430\n别踩船帮\n\n\
                    4\n00:00:15,630 --> 00:00:18,780\n六点半\n\n\
                    5\n00:00:19,000 --> 00:00:21,000\n开第一班\n\n\
                    ---\n\n**UP主置顶评论**：渡口就在老街尽头。\n";
        let out = as_interview(body, None).expect("subtitles");
        let paragraphs: Vec<&str> = out.text.lines().skip(1).filter(|l| !l.is_empty()).collect();
        assert_eq!(
            paragraphs,
            [
                "**覃老伯：**上来上来 脚踩中间 别踩船帮 六点半 开第一班",
                "---",
                "---",
                "**UP主置顶评论**：渡口就在老街尽头。",
            ]
        );
        assert_eq!(out.from_line.len(), out.text.lines().count());
    }

    #[test]
    fn a_few_arrows_are_no_subtitles() {
        assert!(as_interview("A --> B\n1 --> 2\n", None).is_none());
    }
}

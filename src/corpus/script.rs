//! A television script's cues (`【解说】`, `【画面】`, `【同期声】` with the speaker's caption
//! `（字幕：聂沧生　合作社理事长）` or `（聂沧生）` beside or below it, `【同期·记者】`),
//! rewritten as the builder reads an interview: a sync cue becomes its speaker's label, the
//! reporter's cue asks, and narration and shot descriptions become the writer's text after a
//! rule, so nobody is credited with them; and a play's names centred alone on a line. Owns
//! reading cues; must not import the builder.

use super::labels::{is_personal_name, looks_like_a_chinese_name};
use super::reflow::Rewritten;

/// An article is a script when at least this many lines open with a cue.
const MIN_CUES: usize = 3;

/// Cues of sound recorded on location: someone speaks on camera.
const SYNC: [&str; 4] = ["同期声", "同期", "采访同期", "记者出镜"];

/// Cues of the reporter asking.
const ASKING: [&str; 4] = ["同期·记者", "同期（记者）", "记者提问", "记者"];

/// Cues of the writer's narration and of what the picture shows.
const NARRATION: [&str; 8] = [
    "解说", "画面", "旁白", "配音", "片头", "片尾", "字幕", "空镜",
];

/// `text` with its cues rewritten, or `None` when it is no script.
pub(super) fn as_interview(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    if !text.contains('【') {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let cued = lines.iter().filter(|l| cue(l).is_some()).count();
    let synced = lines
        .iter()
        .filter_map(|l| cue(l))
        .any(|(c, _)| SYNC.contains(&c));
    if cued < MIN_CUES || !synced {
        return None;
    }
    let captioned: Vec<String> = lines
        .iter()
        .filter_map(|l| l.find("字幕").map(|at| &l[at..]))
        .filter_map(|card| speaker_in(&format!("（{card}"), &[]).map(|(label, _)| label))
        .map(|label| label.split('（').next().unwrap_or_default().to_string())
        .collect();
    let mut out = Rewritten::with_capacity(text.len() + 256);
    // A sync cue without a caption is the last captioned speaker's, back on screen.
    let mut on_screen: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let from = |i: usize| from_line.map_or(i, |map| map[i]);
        let Some((name, rest)) = cue(lines[i]) else {
            out.push(lines[i], from(i));
            i += 1;
            continue;
        };
        if ASKING.contains(&name) {
            out.push(&format!("**记者：**{rest}"), from(i));
        } else if NARRATION.contains(&name) {
            out.push("---", from(i));
            out.push("", from(i));
            out.push(rest, from(i));
        } else {
            // The caption is beside the cue or on the next line with text.
            let (caption_line, caption) = if rest.is_empty() {
                let next = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty());
                (next, next.map_or("", |j| lines[j].trim()))
            } else {
                (None, rest)
            };
            match speaker_in(caption, &captioned) {
                Some((label, speech)) => {
                    out.push(&format!("**{label}：**{speech}"), from(i));
                    if let Some(j) = caption_line {
                        for k in i + 1..=j {
                            out.push("", from(k));
                        }
                        i = j;
                    }
                    on_screen = Some(label);
                }
                None if on_screen.is_some() && opens_a_quotation(caption) => {
                    let label = on_screen.as_deref().unwrap_or_default();
                    out.push(&format!("**{label}：**{rest}"), from(i));
                }
                None => {
                    out.push("---", from(i));
                    out.push("", from(i));
                    out.push(rest, from(i));
                }
            }
        }
        i += 1;
    }
    Some(out)
}

/// Whether a line opens with a quotation mark: the words of someone on screen.
fn opens_a_quotation(line: &str) -> bool {
    line.trim_start().starts_with(['“', '"', '「'])
}

/// A name alone on its line (centred, or as a heading) recurs this often before it counts as
/// a speaker.
const MIN_RECURRENCES: usize = 2;

/// A play's layout: each speaker's name centred alone on a line (`　　　　　　濮苇航`, `记　者`),
/// the speech below it. Such a name is rewritten as its label (`**濮苇航：**`) when it is
/// centred at least twice; a heading or a centred title stays.
pub(super) fn centred_names(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    if !text.contains('\u{3000}') {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let names: Vec<Option<String>> = lines.iter().map(|l| centred_name(l)).collect();
    let recurring =
        |name: &str| names.iter().flatten().filter(|n| *n == name).count() >= MIN_RECURRENCES;
    if !names.iter().flatten().any(|n| recurring(n)) {
        return None;
    }
    Rewritten::map_lines(text, from_line, |i, _| {
        names[i]
            .as_deref()
            .filter(|name| recurring(name))
            .map(|name| format!("**{name}：**"))
    })
}

/// `　　　　　　记　者` → `记者`: two to four Chinese characters alone on a line indented by at
/// least two spaces, maybe spaced out.
fn centred_name(line: &str) -> Option<String> {
    // A name and its padding: four characters spaced out, at most.
    const LONGEST: usize = 7 * 3;
    let body = line.trim_start_matches([' ', '\u{3000}']);
    if body.len() == line.len() || body.trim_end().len() > LONGEST {
        return None;
    }
    let indent = line[..line.len() - body.len()].chars().count();
    let name: String = body
        .trim_end()
        .chars()
        .filter(|c| *c != '\u{3000}' && *c != ' ')
        .collect();
    (indent >= 2 && is_personal_name(&name)).then_some(name)
}

/// A 圆桌 write-up whose every turn sits under a heading that is its speaker's name alone
/// (`#### 芮一茗`, later `#### 芮导`). The headings of one level are labels when at least two
/// names recur at that level: a section heading (`## 01　为什么是手绘`) is no name, and one
/// that is (`## 导语`) does not recur.
pub(super) fn heading_names(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    if !text.contains("# ") {
        return None;
    }
    let headings: Vec<Option<(usize, &str)>> = text.lines().map(name_heading).collect();
    let level = (1..=6).find(|&level| {
        let mut names: Vec<&str> = headings
            .iter()
            .flatten()
            .filter(|(l, _)| *l == level)
            .map(|(_, name)| *name)
            .collect();
        names.sort_unstable();
        let recurring = names
            .chunk_by(|a, b| a == b)
            .filter(|same| same.len() >= MIN_RECURRENCES)
            .count();
        recurring >= 2
    })?;
    Rewritten::map_lines(text, from_line, |i, _| {
        headings[i]
            .filter(|(l, _)| *l == level)
            .map(|(_, name)| format!("**{name}：**"))
    })
}

/// `#### 芮一茗` → (4, `芮一茗`): a heading whose words are a name of two to four characters.
fn name_heading(line: &str) -> Option<(usize, &str)> {
    let words = line.trim_start_matches('#');
    let level = line.len() - words.len();
    let name = words
        .strip_prefix(' ')?
        .trim()
        .trim_matches('*')
        .trim_end_matches(['：', ':']);
    ((1..=6).contains(&level) && is_personal_name(name)).then_some((level, name))
}

/// `【同期声】（聂沧生）……` → (`同期声`, `（聂沧生）……`), for a known cue.
fn cue(line: &str) -> Option<(&str, &str)> {
    let inner = line.trim().strip_prefix('【')?;
    let (name, rest) = inner.split_once('】')?;
    let known = SYNC.contains(&name) || ASKING.contains(&name) || NARRATION.contains(&name);
    known.then(|| (name, rest.trim()))
}

/// `（字幕：聂沧生　理事长）“……”` → (`聂沧生（理事长）`, `“……”`); `（聂沧生）` and
/// `（晏青梧，站在码头上）` → the name alone, when a caption gave it (`captioned`) or it reads
/// as a name (not 「现场嘈杂」).
fn speaker_in<'c>(caption: &'c str, captioned: &[String]) -> Option<(String, &'c str)> {
    let inner = caption.strip_prefix(['（', '('])?;
    let close = inner.find(['）', ')'])?;
    let speech = inner[close..].trim_start_matches(['）', ')']).trim();
    let card = inner[..close].trim();
    let (card, captioned_card) = match card.strip_prefix("字幕") {
        Some(after) => (after.trim_start_matches(['：', ':']).trim(), true),
        None => (card, false),
    };
    let end = card
        .find(['，', ',', ' ', '　', '、'])
        .unwrap_or(card.len());
    let (name, role) = card.split_at(end);
    let named = if captioned_card {
        is_personal_name(name)
    } else {
        captioned.iter().any(|c| c == name) || looks_like_a_chinese_name(name)
    };
    if !named {
        return None;
    }
    let role = role.trim_matches(['，', ',', ' ', '　', '、']);
    let label = if captioned_card && !role.is_empty() {
        format!("{name}（{role}）")
    } else {
        name.to_string()
    };
    Some((label, speech))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_cues_are_their_speakers_and_narration_is_nobodys() {
        let body = "【画面】凌晨三点，砚洲港。\n\n【解说】每年9月16日开海。\n\n【同期声】\n（字幕：聂沧生　合作社理事长）\n\
                    “以前开海是各干各的。”\n\n【同期·记者】“当时为什么不愿意入社？”\n\n【同期声】（聂沧生）“渔民最怕被人管。”\n";
        let out = as_interview(body, None).expect("script").text;
        assert_eq!(
            out,
            "---\n\n凌晨三点，砚洲港。\n\n---\n\n每年9月16日开海。\n\n**聂沧生（合作社理事长）：**\n\n\
             “以前开海是各干各的。”\n\n**记者：**“当时为什么不愿意入社？”\n\n**聂沧生：**“渔民最怕被人管。”\n"
        );
    }

    #[test]
    fn a_sync_cue_without_a_caption_is_the_last_captioned_speakers() {
        let body =
            "【同期】\n（字幕：禹望川　护林员）\n“这条路我走了二十六年。”\n\n【画面】老杉树。\n\n\
                    【同期】\n“这棵是我父亲种的。”\n\n【同期】\n（现场嘈杂）\n";
        let out = as_interview(body, None).expect("script").text;
        assert_eq!(
            out,
            "**禹望川（护林员）：**\n\n“这条路我走了二十六年。”\n\n---\n\n老杉树。\n\n\
             **禹望川（护林员）：**\n“这棵是我父亲种的。”\n\n---\n\n\n（现场嘈杂）\n"
        );
    }

    #[test]
    fn names_centred_alone_on_a_line_are_labels() {
        let body = concat!(
            "# 剧本\n\n　　　　　　记　者\n\n为什么叫嵘声？\n\n　　　　　　濮苇航\n\n嵘溪的声音嘛。\n\n",
            "　　　　　　记　者\n\n第一场呢？\n\n　　　　　　濮苇航\n\n（笑）三十七个人。\n\n　　　　尾声\n",
        );
        let out = centred_names(body, None).expect("play").text;
        assert_eq!(
            out,
            "# 剧本\n\n**记者：**\n\n为什么叫嵘声？\n\n**濮苇航：**\n\n嵘溪的声音嘛。\n\n**记者：**\n\n\
             第一场呢？\n\n**濮苇航：**\n\n（笑）三十七个人。\n\n　　　　尾声\n"
        );
    }

    #[test]
    fn names_alone_as_headings_of_one_level_are_labels() {
        let body = concat!(
            "## 导语\n\n去年11月……\n\n## 01　为什么是手绘\n\n#### 裘晏\n\n为什么？\n\n",
            "#### 芮一茗\n\n因为手绘的线会抖。\n\n#### 裘晏\n\n预算呢？\n\n#### 饶制片\n\n不到三百万。\n\n",
            "#### 芮一茗\n\n对。\n",
        );
        let out = heading_names(body, None).expect("round table").text;
        assert_eq!(
            out,
            "## 导语\n\n去年11月……\n\n## 01　为什么是手绘\n\n**裘晏：**\n\n为什么？\n\n\
             **芮一茗：**\n\n因为手绘的线会抖。\n\n**裘晏：**\n\n预算呢？\n\n**饶制片：**\n\n不到三百万。\n\n\
             **芮一茗：**\n\n对。\n"
        );
        assert!(heading_names("## 导语\n\n一\n\n## 正文\n\n二\n\n## 导语\n", None).is_none());
    }

    #[test]
    fn brackets_in_an_article_without_sync_cues_stay() {
        assert!(as_interview("【画面】一\n【解说】二\n【解说】三\n", None).is_none());
        assert!(as_interview("【同期声】\n（现场嘈杂）\n【解说】二\n【解说】三\n", None).is_some());
        assert_eq!(speaker_in("（现场嘈杂）", &[]), None);
        let known = ["訾蘅".to_string()];
        assert_eq!(
            speaker_in("（訾蘅）好。", &known),
            Some(("訾蘅".to_string(), "好。"))
        );
    }
}

//! Minutes that call speakers by their number on a roster (a 听证会's 「（3号参加人发言）」 above
//! each speech, after a table `| 编号 | 类别 | 姓名 | 单位或身份 |` that lists who number 3 is),
//! rewritten so each such note labels the speech below it with the name and what the roster
//! says of them (`**鞠宁（漪江大学经济与管理学院副教授）：**`). Owns reading rosters; must not
//! import the builder.

use super::labels::looks_like_a_chinese_name;
use super::reflow::Rewritten;

/// A roster lists at least this many people.
const MIN_LISTED: usize = 2;

/// The longest description of a listed person kept as their role, in characters.
const MAX_ROLE_CHARS: usize = 40;

/// `text` with its numbered speakers labelled, or `None` when it calls nobody by number.
pub(super) fn as_labels(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    if !text.contains("号") || !text.contains('|') {
        return None;
    }
    let listed = roster(text);
    if listed.len() < MIN_LISTED {
        return None;
    }
    Rewritten::map_lines(text, from_line, |_, line| {
        let note = speech_note(line)?;
        let listed = speaker_number(note).and_then(|n| listed.iter().find(|(at, ..)| *at == n));
        // The writer sums up several speakers (「（6号至13号参加人发言要点）」): nobody's turn.
        let Some((_, name, role)) = listed else {
            return Some("---".to_string());
        };
        Some(match role {
            Some(role) => format!("**{name}（{role}）：**"),
            None => format!("**{name}：**"),
        })
    })
}

/// What a bracketed line alone says of a speech: 「（3号参加人发言）」 → 「3号参加人发言」.
fn speech_note(line: &str) -> Option<&str> {
    let inner = line
        .trim()
        .strip_prefix(['（', '('])?
        .strip_suffix(['）', ')'])?;
    (inner.contains('号') && inner.contains("发言")).then_some(inner)
}

/// The roster's rows: (number, name, what the row says of them after the name). A row is a
/// table line whose first cell is a number and one of whose cells is a name (spaced out as
/// tables pad two-character names: 「鞠 宁」).
fn roster(text: &str) -> Vec<(u32, String, Option<String>)> {
    let mut listed: Vec<(u32, String, Option<String>)> = Vec::new();
    for line in text.lines() {
        let Some(row) = line.trim().strip_prefix('|') else {
            continue;
        };
        let cells: Vec<&str> = row
            .trim_end_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        let Some(Ok(number)) = cells.first().map(|c| c.parse::<u32>()) else {
            continue;
        };
        let named = cells.iter().enumerate().skip(1).find_map(|(i, cell)| {
            let name: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
            looks_like_a_chinese_name(&name).then_some((i, name))
        });
        let Some((at, name)) = named else {
            continue;
        };
        let role = cells
            .get(at + 1)
            .filter(|r| !r.is_empty() && r.chars().count() <= MAX_ROLE_CHARS)
            .map(|r| r.to_string());
        if !listed.iter().any(|(n, ..)| *n == number) {
            listed.push((number, name, role));
        }
    }
    listed
}

/// 「3号参加人发言」 → 3: a note that gives one speaker's number. 「6号至13号参加人发言要点」
/// gives no one number.
fn speaker_number(note: &str) -> Option<u32> {
    let (number, rest) = note.split_once('号')?;
    if rest.contains('号') || rest.contains("要点") {
        return None;
    }
    number.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_speakers_are_labelled_with_the_rosters_names() {
        let body = "| 编号 | 类别 | 姓名 | 单位或身份 |\n|---|---|---|---|\n\
                    | 1 | 消费者 | 冉桂芳 | 退休教师 |\n| 3 | 专家学者 | 鞠 宁 | 漪江大学副教授 |\n\
                    | 6—13 | …… | …… | （略） |\n\n\
                    （1号参加人发言）\n\n我同意调价。\n\n（3号参加人发言）\n\n我从成本角度谈几点。\n\n\
                    （2号参加人发言）\n\n不在名单上。\n\n（6号至13号参加人发言要点）\n\n有的提出……\n";
        let out = as_labels(body, None).expect("a roster").text;
        assert!(
            out.contains("**冉桂芳（退休教师）：**\n\n我同意调价。"),
            "{out}"
        );
        assert!(
            out.contains("**鞠宁（漪江大学副教授）：**\n\n我从成本"),
            "{out}"
        );
        // Nobody the roster lists, and a range of numbers, end the turn above: what follows is
        // the writer's.
        assert!(
            out.contains("---\n\n不在名单上。") && out.contains("---\n\n有的提出"),
            "{out}"
        );
        // Without a roster the notes say nothing of who speaks.
        assert!(as_labels("（1号参加人发言）\n\n我同意。\n", None).is_none());
    }
}

//! A record of what was said kept as a Markdown table (`| 序号 | 发言人 | 发言内容 |`, as a
//! government site publishes a 座谈会's remarks), rewritten as one labelled turn per row
//! (`**邰青禾（县农业农村局局长）：**我先简单汇报一下。……`); a row whose speaker cell is empty
//! goes on with the speaker above. Tables without a speaker column and a speech column (a
//! figures table) stay as they are. Owns reading such tables; must not import the builder.

use super::reflow::Rewritten;

/// Headers of the column that says who speaks.
const SPEAKER_HEADERS: [&str; 7] = [
    "发言人",
    "发言者",
    "说话人",
    "讲话人",
    "姓名",
    "人物",
    "嘉宾",
];

/// Headers of the column that holds what they said.
const SPEECH_HEADERS: [&str; 9] = [
    "发言内容",
    "发言要点",
    "发言摘要",
    "发言",
    "内容",
    "要点",
    "原话",
    "台词",
    "观点",
];

/// `text` with its speech tables rewritten as turns, or `None` when it has none.
pub(super) fn as_turns(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    if !text.contains('|') {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let has_speech_table = lines
        .windows(2)
        .any(|pair| is_separator(pair[1]) && speech_columns(&cells(pair[0])).is_some());
    if !has_speech_table {
        return None;
    }
    let mut out = Rewritten::with_capacity(text.len() + 256);
    let mut changed = false;
    let mut i = 0;
    while i < lines.len() {
        let from = |i: usize| from_line.map_or(i, |map| map[i]);
        let columns = (i + 1 < lines.len() && is_separator(lines[i + 1]))
            .then(|| speech_columns(&cells(lines[i])))
            .flatten();
        let Some((who, what)) = columns else {
            out.push(lines[i], from(i));
            i += 1;
            continue;
        };
        changed = true;
        out.push("", from(i));
        out.push("", from(i + 1));
        i += 2;
        while i < lines.len() && is_row(lines[i]) {
            let row = cells(lines[i]);
            let speaker = row.get(who).copied().unwrap_or_default();
            let said = row.get(what).copied().unwrap_or_default();
            if speaker.is_empty() {
                out.push(said, from(i));
            } else {
                out.push(&format!("**{speaker}：**{said}"), from(i));
            }
            out.push("", from(i));
            i += 1;
        }
    }
    changed.then_some(out)
}

/// The speaker's and the speech's column, when the header names both.
fn speech_columns(header: &[&str]) -> Option<(usize, usize)> {
    let bare = |cell: &str| cell.trim_matches(['*', ' ']).to_string();
    let who = header
        .iter()
        .position(|c| SPEAKER_HEADERS.contains(&bare(c).as_str()))?;
    let what = header
        .iter()
        .position(|c| SPEECH_HEADERS.contains(&bare(c).as_str()))?;
    (who != what).then_some((who, what))
}

fn is_row(line: &str) -> bool {
    let line = line.trim();
    line.starts_with('|') && line.len() > 1
}

/// `| :---: | --- |`.
fn is_separator(line: &str) -> bool {
    let line = line.trim();
    is_row(line)
        && line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// A row's cells, trimmed, without the outer bars.
fn cells(line: &str) -> Vec<&str> {
    let line = line.trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let line = line.strip_suffix('|').unwrap_or(line);
    line.split('|').map(str::trim).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_row_of_a_remarks_table_is_its_speakers_turn() {
        let body = "| 项目 | 数据 |\n| --- | --- |\n| 耕地面积 | 56.3万亩 |\n\n\
                    | 序号 | 发言人 | 发言内容 |\n| :---: | :--- | :--- |\n\
                    | 1 | 邰青禾（县农业农村局局长） | 我先汇报一下。<br>从今年起亩均投入提高。 |\n\
                    | 2 |  | 还有一点。 |\n| 3 | 戚砚生 | 管护资金怎么解决？ |\n\n下文。\n";
        let out = as_turns(body, None).expect("table");
        assert_eq!(
            out.text,
            "| 项目 | 数据 |\n| --- | --- |\n| 耕地面积 | 56.3万亩 |\n\n\n\n\
             **邰青禾（县农业农村局局长）：**我先汇报一下。<br>从今年起亩均投入提高。\n\n\
             还有一点。\n\n**戚砚生：**管护资金怎么解决？\n\n\n下文。\n"
        );
        assert_eq!(out.from_line.len(), out.text.lines().count());
    }

    #[test]
    fn tables_of_figures_stay() {
        assert!(as_turns("| 项目 | 数据 |\n| --- | --- |\n| 耕地 | 56万亩 |\n", None).is_none());
        assert!(as_turns("没有表格 | 只是竖线\n", None).is_none());
    }
}

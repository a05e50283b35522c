//! A record of what was said kept as a Markdown table (`| 序号 | 发言人 | 发言内容 |`, as a
//! government site publishes a 座谈会's remarks), rewritten as one labelled turn per row
//! (`**邰青禾（县农业农村局局长）：**我先简单汇报一下。……`); a row whose speaker cell is empty
//! goes on with the speaker above. A television script's `| 画面 | 声音 |` table becomes the
//! cues [`super::script`] reads, and a 同题问答 table (`| 问题 | 骆阿婆 | 弓禾 |`) each
//! question followed by each person's answer. Tables without such columns (a figures table) stay as they
//! are. Owns reading such tables; must not import the builder.

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

/// Headers of a television script's picture column (`| 镜号 | 时长 | 画面 | 声音 |`).
const PICTURE_HEADERS: [&str; 5] = ["画面", "画面内容", "画面描述", "镜头", "镜头内容"];

/// Headers of its sound column: narration and what is said on camera.
const SOUND_HEADERS: [&str; 7] = [
    "声音",
    "声音内容",
    "解说词",
    "同期声",
    "音频",
    "解说/同期",
    "声音/解说",
];

/// `text` with its speech tables rewritten as turns, or `None` when it has none.
pub(super) fn as_turns(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    if !text.contains('|') {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let header_at = |kind: fn(&[&str]) -> Option<(usize, usize)>| {
        lines
            .windows(2)
            .any(|pair| is_separator(pair[1]) && kind(&cells(pair[0])).is_some())
    };
    if header_at(script_columns) {
        return Some(script_as_cues(&lines, from_line));
    }
    if header_at(speech_columns) {
        return Some(remarks_as_turns(&lines, from_line));
    }
    header_at(person_columns).then(|| people_as_columns(&lines, from_line))
}

/// `lines` with every table whose header `columns` reads (the header's cells) rewritten row by
/// row by `row` (its cells, the file line it came from, where to write); the header and its
/// separator become blank lines, and every other line stays.
fn rewrite_tables<C>(
    lines: &[&str],
    from_line: Option<&[usize]>,
    columns: impl Fn(&[&str]) -> Option<C>,
    mut row: impl FnMut(&C, &[&str], usize, &mut Rewritten),
) -> Rewritten {
    let mut out = Rewritten::with_capacity(lines.iter().map(|l| l.len() + 16).sum());
    let from = |i: usize| from_line.map_or(i, |map| map[i]);
    let mut i = 0;
    while i < lines.len() {
        let header = (i + 1 < lines.len() && is_separator(lines[i + 1]))
            .then(|| columns(&cells(lines[i])))
            .flatten();
        let Some(header) = header else {
            out.push(lines[i], from(i));
            i += 1;
            continue;
        };
        out.push("", from(i));
        out.push("", from(i + 1));
        i += 2;
        while i < lines.len() && is_row(lines[i]) {
            row(&header, &cells(lines[i]), from(i), &mut out);
            i += 1;
        }
    }
    out
}

/// A remarks table (`| 序号 | 发言人 | 发言内容 |`): one labelled turn per row; a row without a
/// speaker goes on with the one above.
fn remarks_as_turns(lines: &[&str], from_line: Option<&[usize]>) -> Rewritten {
    rewrite_tables(
        lines,
        from_line,
        speech_columns,
        |&(who, what), row, from, out| {
            let speaker = row.get(who).copied().unwrap_or_default();
            let said = row.get(what).copied().unwrap_or_default();
            if speaker.is_empty() {
                out.push(said, from);
            } else {
                out.push(&format!("**{speaker}：**{said}"), from);
            }
            out.push("", from);
        },
    )
}

/// A television script kept as a table (`| 镜号 | 画面 | 声音 |`), rewritten as the cues
/// [`super::script`] reads: the sound cell's `解说：` narrates, `同期（冼嘉禾）：` is their sync
/// sound, and a bare `同期：` is the one the picture cell captions (`字幕：冼嘉禾　驾驶员`), or
/// else the one who spoke last; `记者（画外）：` asks and `主持人口播：` is the host's.
fn script_as_cues(lines: &[&str], from_line: Option<&[usize]>) -> Rewritten {
    let mut speaking: Option<String> = None;
    rewrite_tables(
        lines,
        from_line,
        script_columns,
        |&(picture, sound), row, from, out| {
            let shown = row.get(picture).copied().unwrap_or_default();
            let caption = cell_lines(shown)
                .find_map(|part| part.trim().strip_prefix("字幕"))
                .map(|card| card.trim_start_matches(['：', ':']).trim());
            if let Some(card) = caption {
                let name = card
                    .split([' ', '　', '，', ','])
                    .next()
                    .unwrap_or_default();
                speaking = Some(name.to_string());
            }
            for cue in cell_lines(row.get(sound).copied().unwrap_or_default())
                .map(str::trim)
                .filter(|c| !c.is_empty())
            {
                out.push(&sound_cue(cue, caption, &mut speaking), from);
                out.push("", from);
            }
        },
    )
}

/// The lines of a table cell, broken at `<br>` (or `<br/>`, `<br />`).
fn cell_lines(cell: &str) -> impl Iterator<Item = &str> {
    cell.split("<br")
        .map(|part| part.trim_start_matches([' ', '/']).trim_start_matches('>'))
}

/// One cue of a sound cell as a script line: see [`script_as_cues`].
fn sound_cue(cue: &str, caption: Option<&str>, speaking: &mut Option<String>) -> String {
    let Some((head, said)) = cue
        .split_once(['：', ':'])
        .filter(|(head, _)| head.chars().count() <= 10)
    else {
        return format!("【画面】{cue}");
    };
    let (kind, named) = match head.split_once(['（', '(']) {
        Some((kind, rest)) => (kind, Some(rest.trim_end_matches(['）', ')']))),
        None => (head, None),
    };
    match kind {
        "同期" | "同期声" | "采访同期" => {
            let card = match (named, caption) {
                (Some(name), _) => {
                    *speaking = Some(name.to_string());
                    name.to_string()
                }
                (None, Some(card)) => format!("字幕：{card}"),
                (None, None) => match speaking.as_deref() {
                    Some(name) => name.to_string(),
                    None => return format!("【同期声】{said}"),
                },
            };
            format!("【同期声】（{card}）{said}")
        }
        "记者" => format!("【记者】{said}"),
        "主持人" | "主持人口播" | "口播" => format!("**主持人：**{said}"),
        _ => format!("【解说】{said}"),
    }
}

/// Headers of the column of questions in a 同题问答 table, where every other column is a
/// person's answers.
const QUESTION_HEADERS: [&str; 4] = ["问题", "提问", "题目", "问"];

/// A 同题问答 table (`| 问题 | 骆阿婆（杂货铺） | 乜师傅（修车铺） |`), one row a question and
/// one column a person, rewritten as the question, then each person's answer to it.
fn people_as_columns(lines: &[&str], from_line: Option<&[usize]>) -> Rewritten {
    let columns = |header: &[&str]| {
        let (asked, _) = person_columns(header)?;
        let people: Vec<(usize, String)> = header
            .iter()
            .enumerate()
            .filter(|&(c, _)| c != asked)
            .map(|(c, cell)| (c, cell.trim_matches(['*', ' ']).to_string()))
            .collect();
        Some((asked, people))
    };
    rewrite_tables(
        lines,
        from_line,
        columns,
        |(asked, people), row, from, out| {
            let question = row.get(*asked).copied().unwrap_or_default();
            out.push(&format!("问：{question}"), from);
            out.push("", from);
            for (c, person) in people {
                let said = row.get(*c).copied().unwrap_or_default();
                if !said.is_empty() {
                    out.push(&format!("**{person}：**{said}"), from);
                    out.push("", from);
                }
            }
        },
    )
}

/// The question column of a 同题问答 table, when at least two other columns are headed by
/// people (骆阿婆（杂货铺）, 弓禾), and how many.
fn person_columns(header: &[&str]) -> Option<(usize, usize)> {
    let bare = |cell: &str| cell.trim_matches(['*', ' ']).to_string();
    let asked = header
        .iter()
        .position(|c| QUESTION_HEADERS.contains(&bare(c).as_str()))?;
    // Beside a column of questions, a header of two to four characters is someone, unless
    // it names a column of a record (序号, 发言人, 备注).
    const RECORD_HEADERS: [&str; 6] = ["序号", "编号", "时间", "类别", "备注", "单位"];
    let a_person = |cell: &str| {
        let name = cell.split(['（', '(']).next().unwrap_or_default().trim();
        super::labels::is_personal_name(name)
            && !RECORD_HEADERS.contains(&name)
            && !SPEAKER_HEADERS.contains(&name)
            && !SPEECH_HEADERS.contains(&name)
    };
    let people = header
        .iter()
        .enumerate()
        .filter(|&(c, cell)| c != asked && a_person(&bare(cell)))
        .count();
    (people >= 2 && people + 1 == header.len()).then_some((asked, people))
}

/// The picture's and the sound's column of a television script's table.
fn script_columns(header: &[&str]) -> Option<(usize, usize)> {
    let bare = |cell: &str| cell.trim_matches(['*', ' ']).to_string();
    let picture = header
        .iter()
        .position(|c| PICTURE_HEADERS.contains(&bare(c).as_str()))?;
    let sound = header
        .iter()
        .position(|c| SOUND_HEADERS.contains(&bare(c).as_str()))?;
    (picture != sound).then_some((picture, sound))
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
    fn a_script_tables_sound_cues_are_said_by_who_the_picture_captions() {
        let body = "| 镜号 | 画面 | 声音 |\n|---|---|---|\n\
                    | 1 | 演播室 | 主持人口播：欢迎收看。 |\n\
                    | 2 | 驾驶员检查轮胎<br>字幕：冼嘉禾　N2路驾驶员 | 同期：每天出车前都要过一遍。 |\n\
                    | 3 | 车辆驶出 | 解说：N2路开通于2016年。<br>同期：冬天冻得手都伸不直。 |\n\
                    | 4 | 休息室 | 记者（画外）：家里人怎么看？<br>同期（龙映雪）：明年再开两条线。 |\n";
        let out = as_turns(body, None).expect("a script table").text;
        let cues: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            cues,
            [
                "**主持人：**欢迎收看。",
                "【同期声】（字幕：冼嘉禾　N2路驾驶员）每天出车前都要过一遍。",
                "【解说】N2路开通于2016年。",
                "【同期声】（冼嘉禾）冬天冻得手都伸不直。",
                "【记者】家里人怎么看？",
                "【同期声】（龙映雪）明年再开两条线。",
            ]
        );
    }

    #[test]
    fn a_same_questions_table_is_each_persons_answer_to_each_question() {
        let body = "| 问题 | 骆阿婆（杂货铺） | 弓禾（咖啡馆） |\n|---|---|---|\n\
                    | 1. 店开了多少年？ | 37年了。 | 五年。 |\n| 2. 卖得最好的？ | 蚊香。 |  |\n";
        let out = as_turns(body, None).expect("a same-questions table").text;
        let turns: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            turns,
            [
                "问：1. 店开了多少年？",
                "**骆阿婆（杂货铺）：**37年了。",
                "**弓禾（咖啡馆）：**五年。",
                "问：2. 卖得最好的？",
                "**骆阿婆（杂货铺）：**蚊香。",
            ]
        );
        // A remarks table with a column of questions is read by its speaker column.
        let body = "| 序号 | 提问 | 发言人 | 发言要点 |\n|---|---|---|---|\n| 1 | 客流怎样？ | 郏立禾 | 少了。 |\n";
        let out = as_turns(body, None).expect("a remarks table").text;
        assert!(out.contains("**郏立禾：**少了。"), "{out}");
    }

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

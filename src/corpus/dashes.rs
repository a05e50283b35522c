//! Dialogue written as a novel writes it: each line opens with a dash (「——1991年上来的，到今年
//! 三十三年。」), and who speaks is told by the narration before it (「我问戎海生在岛上多少年了。」)
//! and by turns — the person the narration names, then the writer, then the person again —
//! or by a tag after the line (「——那就是不想。戎海生说。」). Rewritten as the builder reads an
//! interview: the person's lines under their label, the writer's as questions, and a rule after
//! each exchange, so the narration that follows is nobody's words. Owns reading dash dialogue;
//! must not import the builder.

use super::labels::looks_like_a_chinese_name;
use super::reflow::Rewritten;

/// An article is written this way when at least this many paragraphs open with a dash.
const MIN_LINES: usize = 6;

/// The dash that opens a line of dialogue.
const DASH: &str = "——";

/// Who says a line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Voice {
    Writer,
    Person(String),
}

/// `text` with its dash dialogue labelled, or `None` when it has none.
pub(super) fn as_turns(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    let lines: Vec<&str> = text.lines().collect();
    let spoken = |line: &str| {
        line.trim_start().strip_prefix(DASH).is_some_and(|rest| {
            rest.chars()
                .next()
                .is_some_and(|c| !"—-".contains(c) && !c.is_whitespace())
        })
    };
    if lines.iter().filter(|l| spoken(l)).count() < MIN_LINES {
        return None;
    }
    let people = people_named(text);
    let mut out = Rewritten::with_capacity(text.len() + 256);
    let mut person: Option<String> = None;
    let mut narration = "";
    let mut next: Option<Voice> = None;
    let mut in_dialogue = false;
    for (i, line) in lines.iter().enumerate() {
        let from = from_line.map_or(i, |map| map[i]);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            out.push(line, from);
            continue;
        }
        if !spoken(trimmed) {
            if in_dialogue {
                out.push("---", from);
                out.push("", from);
                in_dialogue = false;
            }
            if let Some(named) = last_named(trimmed, &people) {
                person = Some(named);
            }
            narration = trimmed;
            out.push(line, from);
            continue;
        }
        let said = trimmed[DASH.len()..].trim();
        if !in_dialogue {
            in_dialogue = true;
            next = person.clone().map(|p| first_voice(narration, p));
        }
        let voice = tagged(said, &people).or_else(|| next.clone());
        let Some(voice) = voice else {
            out.push(line, from);
            continue;
        };
        let label = match &voice {
            Voice::Writer => "问：".to_string(),
            Voice::Person(name) => format!("**{name}：**"),
        };
        out.push(&format!("{label}{said}"), from);
        next = match voice {
            Voice::Writer => person.clone().map(Voice::Person),
            Voice::Person(name) => {
                person = Some(name);
                Some(Voice::Writer)
            }
        };
    }
    Some(out)
}

/// Who opens an exchange: the writer, when the narration before it ends on something the
/// writer did other than asking (「我敲了敲门。」); else the person it names.
fn first_voice(narration: &str, person: String) -> Voice {
    let body = narration.trim_end_matches(['。', '！', '？', '…']);
    let last = body
        .rfind(['。', '！', '？'])
        .map_or(body, |at| &body[at + '。'.len_utf8()..]);
    let writer_acts = last.starts_with('我') && !last.contains('问');
    match writer_acts {
        true => Voice::Writer,
        false => Voice::Person(person),
    }
}

/// 「——那就是不想。戎海生说。」 → 戎海生; 「……。我说。」 → the writer.
fn tagged(said: &str, people: &[String]) -> Option<Voice> {
    let body = said.trim_end_matches(['。', '！', '？']);
    let tag = body.rfind(['。', '！', '？', '，']).map(|at| &body[at..])?;
    let tag = tag
        .trim_start_matches(['。', '！', '？', '，'])
        .strip_suffix('说')?;
    if tag == "我" {
        return Some(Voice::Writer);
    }
    people
        .iter()
        .find(|name| tag == name.as_str())
        .map(|name| Voice::Person(name.clone()))
}

/// The names (three characters, else two) the text writes at least twice, longest first.
fn people_named(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found: Vec<String> = Vec::new();
    for n in [3, 2] {
        for window in chars.windows(n) {
            let name: String = window.iter().collect();
            if found.iter().any(|f| f.contains(&name)) || !looks_like_a_chinese_name(&name) {
                continue;
            }
            if text.matches(name.as_str()).nth(1).is_some() {
                found.push(name);
            }
        }
    }
    found
}

/// The person `paragraph` names last, by one of `people`.
fn last_named(paragraph: &str, people: &[String]) -> Option<String> {
    people
        .iter()
        .filter_map(|name| {
            paragraph
                .rfind(name.as_str())
                .map(|at| (at + name.len(), name))
        })
        .max_by_key(|&(end, _)| end)
        .map(|(_, name)| name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_lines_take_turns_between_the_person_named_and_the_writer() {
        let body = "他就是戎海生，今年五十九岁。\n\n——庹记者？晕船没有？\n\n——还好，吐了一回。\n\n\
                    ——吐一回算好的。\n\n晚饭是一锅杂鱼。我问戎海生在岛上多少年了。\n\n\
                    ——1991年上来的，到今年三十三年。\n\n——您父亲也是灯塔工？\n\n\
                    ——他是1964年上的岛。\n\n我敲了敲门。\n\n——有人吗？\n\n——那就是不想。戎海生说。\n";
        let out = as_turns(body, None).expect("dialogue").text;
        let paragraphs: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            paragraphs,
            [
                "他就是戎海生，今年五十九岁。",
                "**戎海生：**庹记者？晕船没有？",
                "问：还好，吐了一回。",
                "**戎海生：**吐一回算好的。",
                "---",
                "晚饭是一锅杂鱼。我问戎海生在岛上多少年了。",
                "**戎海生：**1991年上来的，到今年三十三年。",
                "问：您父亲也是灯塔工？",
                "**戎海生：**他是1964年上的岛。",
                "---",
                "我敲了敲门。",
                "问：有人吗？",
                "**戎海生：**那就是不想。戎海生说。",
            ]
        );
    }

    #[test]
    fn a_few_dashes_are_no_dialogue() {
        assert!(as_turns("——一句。\n\n——两句。\n\n正文。\n", None).is_none());
    }
}

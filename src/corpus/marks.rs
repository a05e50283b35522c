//! Questions and answers marked by a pair of symbols, as newspapers print interviews (■ before
//! the reporter's question, □ before the answer, often under a key line `■记者 □龙砚秋`),
//! rewritten as the labels the builder reads: `问：` for the questions, and for the answers the
//! key's name (`龙砚秋：`) or `答：`. Owns finding such a pair; must not import the builder.

use super::reflow::Rewritten;

/// Symbol pairs papers print; which of the two asks is read from the text, not assumed.
const PAIRS: [(char, char); 4] = [('■', '□'), ('●', '○'), ('▲', '△'), ('◆', '◇')];

/// A key line's names are at most this long (`本报记者`, `龙砚秋`).
const MAX_KEY_NAME_CHARS: usize = 6;

/// `text` with marked questions and answers labelled, or `None` when no pair marks them.
pub(super) fn as_labels(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    if !PAIRS
        .iter()
        .any(|&(a, b)| text.contains(a) && text.contains(b))
    {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let marks = PAIRS.iter().find_map(|&pair| Marks::read(&lines, pair))?;
    Rewritten::map_lines(text, from_line, |i, line| marks.rewrite(&lines, i, line))
}

struct Marks {
    asks: char,
    answers: char,
    /// The line `■记者 □龙砚秋`, and the answerer's name it gives.
    key: Option<(usize, Option<String>)>,
}

impl Marks {
    /// The pair's roles in `lines`: the symbol whose paragraphs end in a question mark asks,
    /// and at least two of its paragraphs are followed by one the other symbol opens.
    fn read(lines: &[&str], (a, b): (char, char)) -> Option<Marks> {
        let asking = |mark: char| {
            lines
                .iter()
                .filter(|l| marked(l, mark).is_some_and(ends_asking))
                .count()
        };
        let (asks, answers) = if asking(a) >= asking(b) {
            (a, b)
        } else {
            (b, a)
        };
        let answered = (0..lines.len())
            .filter(|&i| marked(lines[i], asks).is_some() && answered_below(lines, i, answers))
            .count();
        if answered < 2 || asking(asks) * 2 < answered {
            return None;
        }
        let key = lines
            .iter()
            .position(|l| key_names(l, asks, answers).is_some())
            .map(|i| (i, key_names(lines[i], asks, answers).flatten()));
        Some(Marks { asks, answers, key })
    }

    /// Line `i` as a label's, or `None` when it stays as written.
    fn rewrite(&self, lines: &[&str], i: usize, line: &str) -> Option<String> {
        if self.key.as_ref().is_some_and(|(at, _)| *at == i) {
            return Some(String::new());
        }
        if let Some(rest) = marked(line, self.answers) {
            let name = self.key.as_ref().and_then(|(_, name)| name.as_deref());
            return Some(labelled(name.unwrap_or("答"), rest));
        }
        marked(line, self.asks)
            .filter(|_| answered_below(lines, i, self.answers))
            .map(|rest| labelled("问", rest))
    }
}

/// The text after `mark` when `line` opens with it.
fn marked(line: &str, mark: char) -> Option<&str> {
    let rest = line.trim_start().strip_prefix(mark)?;
    let rest = rest.trim_start();
    (!rest.is_empty()).then_some(rest)
}

fn ends_asking(text: &str) -> bool {
    text.trim_end_matches(['”', '"', '」', ' '])
        .ends_with(['？', '?'])
}

/// Whether the next line with text below line `i` opens with `answers`.
fn answered_below(lines: &[&str], i: usize, answers: char) -> bool {
    lines[i + 1..]
        .iter()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| marked(l, answers).is_some())
}

/// `■记者 □龙砚秋` (either order) → `Some(Some("龙砚秋"))`; `Some(None)` when the answerer is
/// no name to sign with (`□受访者`); `None` when the line is no key.
fn key_names(line: &str, asks: char, answers: char) -> Option<Option<String>> {
    let line = line.trim();
    let (first, second) = line.split_once(char::is_whitespace)?;
    let (first, second) = (first.trim(), second.trim());
    let (answerer, asker) = match (
        first.strip_prefix(answers),
        second.strip_prefix(asks),
        first.strip_prefix(asks),
        second.strip_prefix(answers),
    ) {
        (Some(answerer), Some(asker), _, _) | (_, _, Some(asker), Some(answerer)) => {
            (answerer, asker)
        }
        _ => return None,
    };
    let short_word = |s: &str| {
        (1..=MAX_KEY_NAME_CHARS).contains(&s.chars().count())
            && s.chars().all(char::is_alphanumeric)
    };
    if !short_word(asker) || !short_word(answerer) {
        return None;
    }
    Some((!matches!(answerer, "受访者" | "嘉宾" | "答")).then(|| answerer.to_string()))
}

/// `rest` under a label, unless it already opens with one (`■记者：……`).
fn labelled(label: &str, rest: &str) -> String {
    let has_label = rest.find(['：', ':']).is_some_and(|colon| {
        let name = &rest[..colon];
        !name.is_empty() && name.chars().count() <= 8 && name.chars().all(char::is_alphanumeric)
    });
    if has_label {
        rest.to_string()
    } else {
        format!("{label}：{rest}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(body: &str) -> Option<String> {
        as_labels(body, None).map(|r| r.text)
    }

    #[test]
    fn marked_questions_and_answers_become_labels_signed_as_the_key_says() {
        let body = "■本报记者 濮薇 文/图\n\n ■记者 □龙砚秋\n\n ■还记得第一天上班的情景吗?\n \
                    □记得。\n 那时候还没有路。\n\n ■一个人怎么上课?\n □复式教学。\n\n■相关链接\n 补助政策。\n";
        assert_eq!(
            rewritten(body).as_deref(),
            Some(
                "■本报记者 濮薇 文/图\n\n\n\n问：还记得第一天上班的情景吗?\n龙砚秋：记得。\n \
                 那时候还没有路。\n\n问：一个人怎么上课?\n龙砚秋：复式教学。\n\n■相关链接\n 补助政策。\n"
            )
        );
    }

    #[test]
    fn without_a_key_the_symbol_that_asks_is_read_from_the_question_marks() {
        let body = "□你为什么回来？\n■家里需要人。\n□后悔吗？\n■不后悔。\n";
        assert_eq!(
            rewritten(body).as_deref(),
            Some("问：你为什么回来？\n答：家里需要人。\n问：后悔吗？\n答：不后悔。\n")
        );
    }

    #[test]
    fn bullets_that_answer_nothing_stay_as_written() {
        assert!(rewritten("■第一点，成本。\n■第二点，人。\n□备注\n").is_none());
        assert!(rewritten("■你好吗？\n□好。\n").is_none());
    }
}

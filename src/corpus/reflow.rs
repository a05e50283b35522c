//! Lines an export or a layout packs together, split into the lines the builder reads, before
//! anything reads the body: tables of who said what ([`super::table`]), speakers a roster
//! numbers ([`super::roster`]), a pasted subtitle file
//! ([`super::subtitles`]), HTML paragraphs ([`super::html`]), a forum thread's floors
//! ([`super::floors`]), mails printed with their headers
//! ([`super::mail`]), lines hard-wrapped at a column ([`super::wrapped`]), questions and
//! answers marked ■/□ ([`super::marks`]), a television script's cues, a play's names and names
//! as headings ([`super::script`]), marks a legend explains and chat avatars ([`super::legend`]), answers
//! signed after them ([`super::signed`]), dashed dividers, and a rapid-fire question with its
//! answer on one line (`Q：最喜欢的书？ A：《……》`). Owns that rewriting and the map back to the
//! file's lines; must not import the builder or know who speaks.

use super::{
    dashes, floors, html, legend, mail, marks, roster, script, signed, subtitles, table, weibo,
    wrapped,
};

/// The body rewritten, and for every line of it the index of the body line it came from
/// (errors and warnings name the file's own lines).
pub(super) struct Rewritten {
    pub text: String,
    pub from_line: Vec<usize>,
}

impl Rewritten {
    pub(super) fn with_capacity(bytes: usize) -> Rewritten {
        Rewritten {
            text: String::with_capacity(bytes),
            from_line: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, line: &str, from: usize) {
        self.text.push_str(line);
        self.text.push('\n');
        self.from_line.push(from);
    }

    /// `text` with each line `rewrite` returns a replacement for replaced, one for one, or
    /// `None` when it replaces none. `from_line` maps `text`'s lines to the file's.
    pub(super) fn map_lines(
        text: &str,
        from_line: Option<&[usize]>,
        mut rewrite: impl FnMut(usize, &str) -> Option<String>,
    ) -> Option<Rewritten> {
        let mut out = Rewritten::with_capacity(text.len() + 64);
        let mut changed = false;
        for (i, line) in text.lines().enumerate() {
            let from = from_line.map_or(i, |map| map[i]);
            match rewrite(i, line) {
                Some(new) => {
                    changed = true;
                    out.push(&new, from);
                }
                None => out.push(line, from),
            }
        }
        changed.then_some(out)
    }
}

/// `body` as the builder should read it, or `None` when it reads as written.
pub(super) fn prepare(body: &str) -> Option<Rewritten> {
    // Tables and subtitles first: a table's rows are lines until the HTML step breaks them at
    // `<br>`, and a subtitle's italics (`<i>`) mark the questions until it drops them.
    const STEPS: [Step; 18] = [
        table::as_turns,
        roster::as_labels,
        subtitles::as_interview,
        weibo::as_interview,
        without_html,
        floors::as_turns,
        mail::as_turns,
        wrapped::unwrap,
        marks::as_labels,
        script::as_interview,
        script::centred_names,
        script::heading_names,
        legend::apply,
        legend::avatars,
        signed::as_labels,
        dashes::as_turns,
        dividers,
        split_rapid_fire,
    ];
    let mut current: Option<Rewritten> = None;
    for step in STEPS {
        let next = match &current {
            Some(r) => step(&r.text, Some(&r.from_line)),
            None => step(body, None),
        };
        if next.is_some() {
            current = next;
        }
    }
    current
}

/// [`html::as_markdown`] as a step: its lines mapped through the map so far.
fn without_html(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    let mut out = html::as_markdown(text)?;
    if let Some(map) = from_line {
        for line in &mut out.from_line {
            *line = map[*line];
        }
    }
    Some(out)
}

/// A rewrite of the text so far (with its map to the file's lines, when an earlier step made
/// one), or `None` when it changes nothing.
type Step = fn(&str, Option<&[usize]>) -> Option<Rewritten>;

/// `——————————` is a rule and `———— 📝 我的碎碎念 ————` a heading, as notes and WeChat posts
/// draw them with dashes: what follows is no longer the last speaker's turn.
fn dividers(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    if !text.contains("——") || !text.lines().any(|line| divider(line).is_some()) {
        return None;
    }
    Rewritten::map_lines(text, from_line, |_, line| divider(line))
}

/// The Markdown a dashed divider stands for: a rule, or a heading with its words.
fn divider(line: &str) -> Option<String> {
    const DASHES: [char; 3] = ['—', '-', '―'];
    let line = line.trim();
    let inner = line.trim_matches(DASHES);
    let (before, after) = (
        line.len() - line.trim_start_matches(DASHES).len(),
        line.len() - line.trim_end_matches(DASHES).len(),
    );
    // At least two dashes each side (two em dashes, or four of the short ones).
    let dashed = |n: usize| n >= 2 * '—'.len_utf8() || n >= 4;
    if inner.trim().is_empty() {
        return (line.chars().count() >= 4 && line.starts_with('—')).then(|| "---".to_string());
    }
    let words = inner.trim();
    (dashed(before) && dashed(after) && words.chars().count() <= 20).then(|| format!("## {words}"))
}

/// Labels that open a rapid-fire question, and those that open its answer on the same line.
const QUICK_QUESTIONS: &[&str] = &["Q：", "Q:", "问：", "問："];
const QUICK_ANSWERS: &[&str] = &["A：", "A:", "答："];

/// `text` with every `Q：……？ A：……` line split in two, or `None` when no line is one.
fn split_rapid_fire(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    if !text.lines().any(|line| rapid_fire_answer(line).is_some()) {
        return None;
    }
    let mut out = Rewritten::with_capacity(text.len() + 64);
    for (i, line) in text.lines().enumerate() {
        let from = from_line.map_or(i, |map| map[i]);
        match rapid_fire_answer(line) {
            Some(at) => {
                out.push(line[..at].trim_end(), from);
                out.push("", from);
                out.push(&line[at..], from);
            }
            None => out.push(line, from),
        }
    }
    Some(out)
}

/// Where the answer starts in a line that asks and answers (`Q：最喜欢的动画片？ A：《小鸡快跑》`,
/// also in bold: `**Q：**……？**A：**……`).
fn rapid_fire_answer(line: &str) -> Option<usize> {
    let unbolded = line.trim_start_matches('*');
    if !QUICK_QUESTIONS.iter().any(|q| unbolded.starts_with(q)) {
        return None;
    }
    let asked_until = line.find(['？', '?'])?;
    let after = &line[asked_until..];
    let mark = after.chars().next().map_or(0, char::len_utf8);
    let rest = &after[mark..];
    let gap = rest.len() - rest.trim_start_matches([' ', '\u{3000}', '\t']).len();
    let answer = &rest[gap..];
    let unbolded = answer.trim_start_matches('*');
    QUICK_ANSWERS
        .iter()
        .any(|a| unbolded.starts_with(a) && unbolded.len() > a.len())
        .then_some(asked_until + mark + gap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_and_its_answer_on_one_line_become_two_paragraphs() {
        let body = "GQ：为什么？\n\nQ：最喜欢的动画片？ A：《小鸡快跑》，看了不下二十遍。\n**Q：**猫叫什么？**A：**逐格\n";
        let out = prepare(body).expect("split");
        assert_eq!(
            out.text,
            "GQ：为什么？\n\nQ：最喜欢的动画片？\n\nA：《小鸡快跑》，看了不下二十遍。\n**Q：**猫叫什么？\n\n**A：**逐格\n"
        );
        assert_eq!(out.from_line, vec![0, 1, 2, 2, 2, 3, 3, 3]);
    }

    #[test]
    fn dashed_dividers_are_rules_and_headings() {
        assert_eq!(divider("——————————").as_deref(), Some("---"));
        assert_eq!(
            divider("———— 📝 我的碎碎念 ————").as_deref(),
            Some("## 📝 我的碎碎念")
        );
        assert_eq!(divider("——对话龙砚秋"), None);
        assert_eq!(divider("——"), None);
        assert_eq!(divider("他说——不——可能"), None);
    }

    #[test]
    fn a_question_that_only_mentions_an_answer_label_stays_whole() {
        assert!(prepare("Q：你怎么看？我觉得 A：很好\n问：为什么？\n答：因为\n").is_none());
        assert!(prepare("Q：最喜欢？ A：\n").is_none());
    }
}

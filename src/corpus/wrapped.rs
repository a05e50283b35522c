//! Text hard-wrapped at a column (an e-paper page's OCR export, a PDF's text, a plain-text
//! mail) joined back into the paragraphs it was cut from, so a quote reads 「我背着一个编织袋」
//! and not 「我背着一 / 个编织袋」. Owns deciding that a body is wrapped and where its
//! paragraphs start; must not import the builder or know who speaks.
//!
//! A body is wrapped when many lines stop in the middle of a sentence at about the same width
//! and the next line goes on without indentation. Then a line as wide as the column goes on
//! into the next one, unless that one opens a paragraph (indentation, a marker, a label, a
//! Markdown block). Bodies written one paragraph per line never qualify: their lines end with
//! punctuation and their widths vary.

use super::reflow::Rewritten;

/// At least this many mid-sentence breaks, and at least one in `BREAK_SHARE` text lines.
const MIN_BREAKS: usize = 6;
const BREAK_SHARE: usize = 5;

/// A column narrower than this (display columns, a Chinese character counting two) is not
/// prose wrapped at a width: lists and short headings stop there too.
const MIN_COLUMN: usize = 20;

/// `text` with its hard-wrapped paragraphs joined, or `None` when it is not hard-wrapped.
pub(super) fn unwrap(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    let lines: Vec<&str> = text.lines().collect();
    let column = column_width(&lines)?;
    let mut out = Rewritten::with_capacity(text.len());
    let mut i = 0;
    while i < lines.len() {
        let from = from_line.map_or(i, |map| map[i]);
        let mut joined = lines[i].trim_end().to_string();
        while i + 1 < lines.len() && goes_on(lines[i], lines[i + 1], column) {
            i += 1;
            join(&mut joined, lines[i].trim());
        }
        out.push(&joined, from);
        i += 1;
    }
    Some(out)
}

/// The width the body is wrapped at: the median width of the lines that stop mid-sentence,
/// when there are enough of them and most are about that wide.
fn column_width(lines: &[&str]) -> Option<usize> {
    let mut widths: Vec<usize> = lines
        .windows(2)
        .filter(|pair| breaks_mid_sentence(pair[0], pair[1]))
        .map(|pair| width(pair[0].trim_end()))
        .collect();
    if widths.len() < MIN_BREAKS {
        return None;
    }
    let text_lines = lines
        .iter()
        .filter(|l| width(l.trim()) >= MIN_COLUMN)
        .count();
    if widths.len() < MIN_BREAKS || widths.len() * BREAK_SHARE < text_lines {
        return None;
    }
    widths.sort_unstable();
    let column = widths[widths.len() / 2];
    let near = widths
        .iter()
        .filter(|&&w| w * 5 >= column * 4 && w * 5 <= column * 6)
        .count();
    (column >= MIN_COLUMN && near * 4 >= widths.len() * 3).then_some(column)
}

/// `line` stops inside a sentence (on a character, not a mark) and `next` carries on.
fn breaks_mid_sentence(line: &str, next: &str) -> bool {
    let line = line.trim_end();
    let ends_in_a_word = line
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() && !is_full_width_digit(c));
    ends_in_a_word && !is_block(line) && !opens_a_paragraph(next)
}

fn is_full_width_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// Whether `next` continues the paragraph `line` was cut from.
fn goes_on(line: &str, next: &str, column: usize) -> bool {
    let line = line.trim_end();
    let full = width(line) * 5 >= column * 4;
    // A question or a lead-in (「他说：」) may end a paragraph at full width.
    let open_ended = !line.ends_with(['？', '?', '：', ':']);
    full && open_ended && !line.trim().is_empty() && !is_block(line) && !opens_a_paragraph(next)
}

/// A Markdown block that is never a wrapped paragraph: heading, quote, table, image, rule.
fn is_block(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with(['#', '>', '|']) || line.starts_with("![") || line.starts_with("---")
}

/// Whether `line` starts a paragraph of its own: blank, indented, a Markdown block or list
/// item, a marker (■, 【, （下转……）), a numbered item, or a label (`龙砚秋：`).
fn opens_a_paragraph(line: &str) -> bool {
    let Some(first) = line.chars().next() else {
        return true;
    };
    if first.is_whitespace() || is_block(line) {
        return true;
    }
    const MARKERS: &str = "■□●○▲△◆◇★☆▍▌▎【[（(*-+•·";
    MARKERS.contains(first) || numbered(line) || labelled(line)
}

/// `1. …`, `2、…`, `（一）…` style items.
fn numbered(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let after = line[digits..].strip_prefix(['.', '、', '．']);
    digits > 0 && after.is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// A short name and a colon at the start of a line (`龙砚秋：`, `Q:`), no punctuation before it.
fn labelled(line: &str) -> bool {
    let Some(colon) = line.find(['：', ':']) else {
        return false;
    };
    let name = &line[..colon];
    !name.is_empty() && name.chars().count() <= 6 && name.chars().all(|c| c.is_alphanumeric())
}

/// Appends a wrapped line's continuation: Chinese runs straight on, two Latin words keep a space.
fn join(joined: &mut String, next: &str) {
    let latin_seam = joined
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && next
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if latin_seam {
        joined.push(' ');
    }
    joined.push_str(next);
}

/// Display columns: a Chinese character or full-width mark counts two.
fn width(s: &str) -> usize {
    s.chars().map(|c| if wide(c) { 2 } else { 1 }).sum()
}

fn wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115f}'
        | '\u{2e80}'..='\u{303e}'
        | '\u{3041}'..='\u{33ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{a000}'..='\u{a4cf}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ff60}'
        | '\u{ffe0}'..='\u{ffe6}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = " 今年教师节前夕,记者沿着新修的
通村公路来到嵘山乡中心小学。这所学
校位于澜州最西边的山区,距离县城七
十多公里。校长告诉记者,学校
现有学生312名、教师27名,其中一半
以上学生是留守儿童。
 龙老师今年在带三年级,同时兼着
全校的音乐课。采访那天是周五下午,
她刚上完一节音乐课,嗓子有点哑。

 ■您最希望年轻老师从您这里学到
什么?
 □不是教学方法,方法他们比我懂,他
们会做课件,我不会。我希望他们学会
的是\"等\"。
";

    #[test]
    fn a_page_wrapped_at_a_column_is_joined_into_its_paragraphs() {
        let out = unwrap(PAGE, None).expect("wrapped");
        let lines: Vec<&str> = out.text.lines().collect();
        assert_eq!(
            lines,
            [
                " 今年教师节前夕,记者沿着新修的通村公路来到嵘山乡中心小学。这所学校位于澜州最西边的山区,距离县城七十多公里。校长告诉记者,学校现有学生312名、教师27名,其中一半以上学生是留守儿童。",
                " 龙老师今年在带三年级,同时兼着全校的音乐课。采访那天是周五下午,她刚上完一节音乐课,嗓子有点哑。",
                "",
                " ■您最希望年轻老师从您这里学到什么?",
                " □不是教学方法,方法他们比我懂,他们会做课件,我不会。我希望他们学会的是\"等\"。",
            ]
        );
        assert_eq!(out.from_line, vec![0, 6, 9, 10, 12]);
    }

    #[test]
    fn one_paragraph_per_line_is_not_wrapped() {
        let body = "我们从2019年开始做这件事。\n那时候只有三个人，一间办公室。\n后来慢慢有了客户\n\
                    **周鸣：**你们怎么找到第一个客户的？\n靠朋友介绍，一个一个谈下来的。\n";
        assert!(unwrap(body, None).is_none());
        assert!(unwrap(
            PAGE.lines().take(3).collect::<Vec<_>>().join("\n").as_str(),
            None
        )
        .is_none());
    }

    #[test]
    fn latin_words_keep_their_space_and_labels_start_a_line() {
        let mut s = String::from("用 PTX");
        join(&mut s, "去写");
        assert_eq!(s, "用 PTX去写");
        let mut s = String::from("the open");
        join(&mut s, "source model");
        assert_eq!(s, "the open source model");
        assert!(opens_a_paragraph("龙砚秋：记得。"));
        assert!(opens_a_paragraph("2、复式教学"));
        assert!(!opens_a_paragraph("2006年教学点撤并"));
        assert!(!opens_a_paragraph("奶过,他拉着我的衣服问:"));
    }
}

//! The editor's or translator's asides inside someone's words (「……交叉验证。（译者注：据官网，
//! 其评测集目前包含一千三百个任务。）」): where each starts and ends in a paragraph, so the
//! builder can give the aside to the writer. Owns finding them; must not import the builder.

use std::ops::Range;

/// Who adds an aside, as the bracket opens; the colon must follow the mark at once, so 「注意，
/// 不是所有模型」 is no aside.
const ADDED_BY: [&str; 15] = [
    "整理者注",
    "译者注",
    "編者注",
    "编者注",
    "记者注",
    "記者注",
    "作者注",
    "笔者注",
    "筆者注",
    "编辑注",
    "編輯注",
    "译注",
    "譯注",
    "编注",
    "注",
];

/// Opening brackets and the closing bracket each expects.
const BRACKETS: [(char, char); 5] = [
    ('（', '）'),
    ('(', ')'),
    ('〔', '〕'),
    ('【', '】'),
    ('[', ']'),
];

/// An aside shorter than this, in characters (brackets included), says too little to quote.
const MIN_ASIDE_CHARS: usize = 12;

/// The byte ranges of the editor's asides in `paragraph`, brackets included, in order; a
/// paragraph that is nothing but one aside has none (it is the editor's line already).
pub(super) fn editors_asides(paragraph: &str) -> Vec<Range<usize>> {
    let mut asides = Vec::new();
    let mut from = 0;
    while let Some((start, open)) = next_opening(paragraph, from) {
        let Some(close) = BRACKETS.iter().find(|(o, _)| *o == open).map(|(_, c)| *c) else {
            break;
        };
        let inner = &paragraph[start + open.len_utf8()..];
        let Some(end) = closing(inner, open, close).map(|at| start + open.len_utf8() + at) else {
            break;
        };
        let aside = start..end + close.len_utf8();
        let whole =
            paragraph[..aside.start].trim().is_empty() && paragraph[aside.end..].trim().is_empty();
        if added_by_editor(inner)
            && !whole
            && paragraph[aside.clone()].chars().count() >= MIN_ASIDE_CHARS
        {
            asides.push(aside.clone());
        }
        from = aside.end;
    }
    asides
}

/// The next opening bracket at or after `from`, with where it is.
fn next_opening(paragraph: &str, from: usize) -> Option<(usize, char)> {
    paragraph[from..]
        .char_indices()
        .find(|(_, c)| BRACKETS.iter().any(|(o, _)| o == c))
        .map(|(at, c)| (from + at, c))
}

/// Where the bracket opened before `inner` closes, nested pairs of the same kind skipped.
fn closing(inner: &str, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    for (at, c) in inner.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            if depth == 0 {
                return Some(at);
            }
            depth -= 1;
        }
    }
    None
}

/// Whether the bracket's text opens with an editor's mark and a colon (「译者注：」, 「注:」).
fn added_by_editor(inner: &str) -> bool {
    ADDED_BY.iter().any(|mark| {
        inner
            .strip_prefix(mark)
            .is_some_and(|rest| rest.starts_with(['：', ':']))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asides(paragraph: &str) -> Vec<&str> {
        editors_asides(paragraph)
            .into_iter()
            .map(|r| &paragraph[r])
            .collect()
    }

    #[test]
    fn a_translators_note_inside_an_answer_is_found_whole() {
        let text = "任务每个月更新三分之一。（译者注：据Tessellate官网（英文版），其评测集目前包含一千三百个任务。）评分不只看结果。";
        assert_eq!(
            asides(text),
            ["（译者注：据Tessellate官网（英文版），其评测集目前包含一千三百个任务。）"]
        );
    }

    #[test]
    fn other_brackets_and_marks_are_asides_too() {
        let text = "原书三十八万字〔译注：原文作 around 380,000 characters，指汉字字数。〕，我的英文初稿【编注：初稿后来捐给了图书馆。】写了两年。";
        assert_eq!(asides(text).len(), 2);
    }

    #[test]
    fn the_speakers_own_brackets_are_not_asides() {
        assert!(asides("做到穿不上针为止。（笑）现在穿针已经要戴老花镜了。").is_empty());
        assert!(asides("我们的模型（注意，不是所有模型）在代码任务上进步很快。").is_empty());
        assert!(asides("（注：本文采访于2024年3月，文字经受访者审阅。）").is_empty());
    }

    #[test]
    fn an_unclosed_bracket_ends_the_search() {
        assert!(asides("他说（译者注：原文如此，未完").is_empty());
    }
}

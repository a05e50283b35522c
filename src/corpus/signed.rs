//! Answers signed after them rather than labelled before (「……」 then `——訾蘅，珂州市档案馆
//! 档案修复师`, as a 一问多答 post or an official forum account signs each reply), rewritten
//! so the name labels the first paragraph of what it signs (`訾蘅（珂州市档案馆 档案修复师）：……`)
//! and the signature line is gone. Owns reading signatures; must not import the builder.

use super::labels::{is_personal_name, looks_like_a_chinese_name};
use super::reflow::Rewritten;

/// An article signs its answers when at least this many lines are signatures.
const MIN_SIGNATURES: usize = 2;

/// A signature's role is at most this long, in characters.
const MAX_ROLE_CHARS: usize = 40;

/// `text` with signed paragraphs labelled, or `None` when nothing is signed.
pub(super) fn as_labels(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    if !text.contains(['—', '―', '－']) {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let lines = unquoted_where_signed(&lines);
    let lines: Vec<&str> = lines.iter().map(|l| l.as_ref()).collect();
    let read: Vec<(usize, Signature)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| signature(l).map(|s| (i, s)))
        .collect();
    // A name no common surname starts must sign twice: 「——好的，开始」 is no signature.
    let signs_twice = |name: &str| read.iter().filter(|(_, s)| s.name == name).count() >= 2;
    let signatures: Vec<(usize, String)> = read
        .iter()
        .filter(|(_, s)| looks_like_a_chinese_name(&s.name) || signs_twice(&s.name))
        .map(|(i, s)| (*i, s.label()))
        .collect();
    if signatures.len() < MIN_SIGNATURES {
        return None;
    }
    let mut labels: Vec<Option<String>> = vec![None; lines.len()];
    let mut signed_lines = vec![false; lines.len()];
    let mut questions: Vec<Option<&str>> = vec![None; lines.len()];
    for (at, label) in &signatures {
        signed_lines[*at] = true;
        if let Some(first) = first_signed_paragraph(&lines, *at, &signed_lines) {
            labels[first] = Some(label.clone());
            if let Some((q, asked)) = quoted_question_above(&lines, first) {
                questions[q] = Some(asked);
            }
        }
    }
    let mut out = Rewritten::with_capacity(text.len() + 64);
    for (i, line) in lines.iter().enumerate() {
        let from = from_line.map_or(i, |map| map[i]);
        if let Some(asked) = questions[i] {
            out.push(&format!("问：{asked}"), from);
            continue;
        }
        match (&labels[i], signed_lines[i]) {
            // A signature closes what it signs: a caption or the writer's next paragraph below
            // it is not the signer's.
            (_, true) => out.push("---", from),
            (Some(label), false) => out.push(&format!("{label}：{}", line.trim_start()), from),
            (None, false) => out.push(line, from),
        }
    }
    Some(out)
}

struct Signature {
    name: String,
    role: String,
}

impl Signature {
    /// The label it makes: `訾蘅（保管利用部 档案修复师）`, or the name alone.
    fn label(&self) -> String {
        if self.role.is_empty() {
            self.name.clone()
        } else {
            format!("{}（{}）", self.name, self.role)
        }
    }
}

/// Whether `text` signs its answers (see [`as_labels`]): a thread whose accounts sign their
/// replies is read by its signatures, not by its floors.
pub(super) fn signs_answers(text: &str) -> bool {
    text.lines().filter(|l| is_signature(l)).count() >= MIN_SIGNATURES
}

/// Whether `line` signs what is above it (see [`signature`]).
pub(super) fn is_signature(line: &str) -> bool {
    signature(line).is_some()
}

/// `——訾蘅，保管利用部 档案修复师`, `——缪迢（数字化部 主任）`, `——訾蘅`. `None` for a line
/// that is no signature (「——对话……」, a question, a sentence).
fn signature(line: &str) -> Option<Signature> {
    let rest = line.trim().strip_prefix(['—', '―', '－'])?;
    let rest = rest.trim_start_matches(['—', '―', '－', '-']).trim();
    let end = rest
        .find(['，', ',', '（', '(', ' ', '　'])
        .unwrap_or(rest.len());
    let (name, tail) = rest.split_at(end);
    if !is_personal_name(name) || rest.ends_with(['？', '?']) {
        return None;
    }
    let role = tail
        .trim_start_matches(['，', ',', ' ', '　'])
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')'])
        .trim();
    if role.chars().count() > MAX_ROLE_CHARS || role.contains(['。', '！', '？']) {
        return None;
    }
    Some(Signature {
        name: name.to_string(),
        role: role.to_string(),
    })
}

/// `lines` with each blockquote that ends with a signature (a photo essay's 「> ……」 then
/// 「> —— 靳阿满」) unquoted, so its words are what the signature signs.
fn unquoted_where_signed<'l>(lines: &[&'l str]) -> Vec<std::borrow::Cow<'l, str>> {
    let quoted = |l: &str| l.trim_start().starts_with('>');
    let mut out: Vec<std::borrow::Cow<'l, str>> = lines.iter().map(|l| (*l).into()).collect();
    let mut i = 0;
    while i < lines.len() {
        if !quoted(lines[i]) {
            i += 1;
            continue;
        }
        let end = (i..lines.len())
            .find(|&j| !quoted(lines[j]))
            .unwrap_or(lines.len());
        let inner = |l: &'l str| l.trim_start().trim_start_matches('>').trim_start();
        let signed = (i..end)
            .rev()
            .map(|j| inner(lines[j]))
            .find(|l| !l.is_empty())
            .is_some_and(|last| signature(last).is_some());
        if signed {
            for j in i..end {
                out[j] = inner(lines[j]).into();
            }
        }
        i = end;
    }
    out
}

/// The first line of the paragraphs a signature at `at` signs: back over text to a heading,
/// a rule, a quotation, a bold line, a question, the previous signature or the start.
fn first_signed_paragraph(lines: &[&str], at: usize, signed: &[bool]) -> Option<usize> {
    let mut first = None;
    for i in (0..at).rev() {
        let line = lines[i].trim();
        if line.is_empty() {
            continue;
        }
        let stops = signed[i]
            || line.starts_with(['#', '>', '|'])
            || line.starts_with("**")
            || line.starts_with("![")
            || line.starts_with("---")
            || line.ends_with(['？', '?'])
            || line.chars().all(|c| matches!(c, '-' | '*' | '_' | '—'));
        if stops {
            break;
        }
        first = Some(i);
    }
    first
}

/// The question a reply quotes right above what it signs (`> 引用 #8 泾南散人 的帖子：俱乐部
/// 是哪年成立的？`): its line and the question, which the reply answers.
fn quoted_question_above<'l>(lines: &[&'l str], first: usize) -> Option<(usize, &'l str)> {
    let at = (0..first).rev().find(|&i| !lines[i].trim().is_empty())?;
    let quoted = lines[at].trim().strip_prefix('>')?.trim();
    // What the quote says after its header (「引用 #8 泾南散人 的帖子：」, 「某某 写道：」).
    let asked = ["的帖子：", "的帖子:", "写道：", "写道:"]
        .iter()
        .find_map(|h| quoted.split_once(h).map(|(_, q)| q.trim()))
        .unwrap_or(quoted);
    let asks = !asked.is_empty() && asked.trim_end_matches(['”', '"']).ends_with(['？', '?']);
    asks.then_some((at, asked))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_signed_inside_its_blockquote_is_the_signers() {
        let text = "**图①**　晚上七点，摊位亮灯。\n\n> 以前每家一个煤气罐，现在全部换成电了。\n>\n\
                    > —— 蔚小禾，夜市管理办主任\n\n![](a.jpg)\n\n> 绿豆沙从两毛卖到八块。\n>\n> —— 靳阿满\n\n\
                    > 这是编者按，没有署名。\n";
        let out = as_labels(text, None).expect("signed").text;
        assert!(
            out.contains("蔚小禾（夜市管理办主任）：以前每家一个煤气罐"),
            "{out}"
        );
        assert!(out.contains("靳阿满：绿豆沙从两毛卖到八块。"), "{out}");
        assert!(out.contains("> 这是编者按，没有署名。"), "{out}");
    }

    #[test]
    fn a_signature_after_an_answer_labels_its_first_paragraph() {
        let body = "### ▍01 每天上班，你做的第一件事是什么？\n\n先看库房的温湿度记录。\n\n还要看湿度。\n\n\
                    ——訾蘅，珂州市档案馆 档案修复师\n\n说来惭愧，第一件事是泡茶。\n\n——訾蘅\n\n---\n";
        let out = as_labels(body, None).expect("signed").text;
        assert_eq!(
            out,
            "### ▍01 每天上班，你做的第一件事是什么？\n\n訾蘅（珂州市档案馆 档案修复师）：先看库房的温湿度记录。\n\n\
             还要看湿度。\n\n---\n\n訾蘅：说来惭愧，第一件事是泡茶。\n\n---\n\n---\n"
        );
    }

    #[test]
    fn a_reply_that_quotes_a_question_answers_it() {
        let body =
            "> 引用 #8 泾南散人 的帖子：俱乐部是哪年成立的？\n\n2015年。\n\n——戚鸣远\n\n---\n\n\
                    > 一楼说得对\n\n谢谢。\n\n——戚鸣远\n";
        let out = as_labels(body, None).expect("signed").text;
        assert_eq!(
            out,
            "问：俱乐部是哪年成立的？\n\n戚鸣远：2015年。\n\n---\n\n---\n\n> 一楼说得对\n\n戚鸣远：谢谢。\n\n---\n"
        );
    }

    #[test]
    fn dashes_that_sign_nothing_stay() {
        assert!(as_labels("——对话嵘山乡中心小学教师龙砚秋\n\n正文。\n", None).is_none());
        assert!(signature("——你第一次打手语是什么时候？").is_none());
        assert!(signature("——很多聋人观众抱怨框太小了。").is_none());
        let role = signature("——缪迢（数字化部 主任）").map(|s| s.label());
        assert_eq!(role.as_deref(), Some("缪迢（数字化部 主任）"));
        assert!(as_labels("——好的，开始\n\n正文。\n\n——对的，没错\n", None).is_none());
    }
}

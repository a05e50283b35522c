//! An interview by e-mail printed as the mails themselves: each under its header
//! (`**发件人：** 蔺子衿 <linzijin@…>`, `**发送时间：**`, `**收件人：**`, `**主题：**`), the guest
//! answering below each question quoted from the reporter's outline (`> 1. 泾南仓……？`).
//! Rewritten so each mail is its sender's turn (`**蔺子衿：**`), a quoted question asks
//! (`问：`), and the sender's answer below it is theirs again. Owns reading mail headers; must
//! not import the builder.

use super::labels::is_personal_name;
use super::reflow::Rewritten;

/// An article is a printed exchange of mails when at least this many headers name a sender.
const MIN_MAILS: usize = 2;

/// The header fields of a mail, in Chinese and English.
const FIELDS: [&str; 12] = [
    "发件人",
    "发送时间",
    "收件人",
    "抄送",
    "主题",
    "日期",
    "时间",
    "From",
    "To",
    "Cc",
    "Sent",
    "Subject",
];

/// `text` with its mails as turns, or `None` when it prints no mails.
pub(super) fn as_turns(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    if !text.contains("发件人") && !text.contains("From") {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    if lines.iter().filter_map(|l| sender(l)).count() < MIN_MAILS {
        return None;
    }
    let mut out = Rewritten::with_capacity(text.len() + 256);
    let mut writing: Option<String> = None;
    let mut after_question = false;
    for (i, line) in lines.iter().enumerate() {
        let from = from_line.map_or(i, |map| map[i]);
        if let Some(name) = sender(line) {
            out.push(&format!("**{name}：**"), from);
            writing = Some(name);
            after_question = false;
            continue;
        }
        if header_field(line).is_some() {
            out.push("", from);
            continue;
        }
        // The sender's name alone signs the mail off: the signature block below is no answer.
        if writing.as_deref() == Some(line.trim()) {
            out.push("---", from);
            after_question = false;
            continue;
        }
        let quoted = line.trim_start().strip_prefix('>').map(str::trim);
        match (quoted, &writing) {
            (Some(asked), Some(_)) if asks(asked) => {
                out.push(&format!("问：{asked}"), from);
                after_question = true;
            }
            (None, Some(name)) if after_question && !line.trim().is_empty() => {
                out.push(&format!("**{name}：**{}", line.trim_start()), from);
                after_question = false;
            }
            _ => out.push(line, from),
        }
    }
    Some(out)
}

/// `**发件人：** 蔺子衿 <linzijin@xiyunscm.com>` → `蔺子衿`.
fn sender(line: &str) -> Option<String> {
    let (field, value) = header_field(line)?;
    if field != "发件人" && field != "From" {
        return None;
    }
    let name = value
        .split(['<', '（', '('])
        .next()
        .unwrap_or_default()
        .trim();
    let name = name.trim_matches(['"', '“', '”']);
    is_personal_name(name).then(|| name.to_string())
}

/// A header line's field and value (`**主题：** 回复：……` → (`主题`, `回复：……`)).
fn header_field(line: &str) -> Option<(&str, &str)> {
    let bare = line.trim().trim_start_matches('*');
    let colon = bare.find(['：', ':'])?;
    let field = bare[..colon].trim_end_matches('*').trim();
    if !FIELDS.contains(&field) {
        return None;
    }
    let value = bare[colon..]
        .trim_start_matches(['：', ':'])
        .trim_start_matches('*')
        .trim();
    Some((field, value))
}

/// A quoted line that asks: a question of the outline (`1. ……？`).
fn asks(text: &str) -> bool {
    text.trim_end_matches(['”', '"']).ends_with(['？', '?'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_mail_is_its_senders_and_quoted_questions_ask() {
        let body = "**发件人：** 符澄 <f@x.test>\n**主题：** 采访提纲\n\n蔺总您好：提纲如下。\n\n---\n\n\
                    **发件人：** 蔺子衿 <l@x.test>\n**抄送：** 瞿北辰\n\n符老师好，回答在下面。\n\n\
                    > 1. 泾南仓日均单量多少？\n\n日均出库4.2万单。\n\n还在涨。\n\n蔺子衿\n\n泾南经济开发区汐运路8号\n";
        let out = as_turns(body, None).expect("mails").text;
        assert_eq!(
            out,
            "**符澄：**\n\n\n蔺总您好：提纲如下。\n\n---\n\n**蔺子衿：**\n\n\n符老师好，回答在下面。\n\n\
             问：1. 泾南仓日均单量多少？\n\n**蔺子衿：**日均出库4.2万单。\n\n还在涨。\n\n---\n\n\
             泾南经济开发区汐运路8号\n"
        );
    }

    #[test]
    fn one_header_is_no_exchange() {
        assert!(as_turns("**发件人：** 符澄 <f@x.test>\n\n正文。\n", None).is_none());
    }
}

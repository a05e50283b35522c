//! A forum thread read floor by floor (`**#3** 澜汐_訾也 　 发表于 2024-01-20 20:06`, then the
//! post), as an official account's 答疑帖 or an AMA is exported: each floor becomes a turn of
//! the person behind its poster's ID, a reply's quoted post (`[quote]…Post by …:[/quote]`, as
//! NGA and Discuz write BBCode) the question it answers, and a floor of anyone else a reader's
//! question. BBCode markup is dropped. A thread whose accounts sign their replies is
//! [`super::signed`]'s. Owns reading floors; must not import the builder.

use super::labels::{looks_like_a_chinese_name, READER};
use super::reflow::Rewritten;
use super::signed;

/// A thread has at least this many floor headers.
const MIN_FLOORS: usize = 3;

/// `text` with its floors as labelled turns, or `None` when it is no forum thread.
pub(super) fn as_turns(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    if !text.contains("发表于") || signed::signs_answers(text) {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let headers: Vec<Option<&str>> = lines.iter().map(|l| floor_poster(l)).collect();
    if headers.iter().flatten().count() < MIN_FLOORS {
        return None;
    }
    let ids = forum_ids(text);
    let mut out = Rewritten::with_capacity(text.len());
    let mut poster: Option<String> = None;
    let mut first_line = false;
    let mut quote: Option<String> = None;
    for (i, line) in lines.iter().enumerate() {
        let from = from_line.map_or(i, |map| map[i]);
        if let Some(id) = headers[i] {
            poster = Some(person_behind(id, &ids).unwrap_or_else(|| READER.to_string()));
            first_line = true;
            out.push("", from);
            continue;
        }
        let Some(who) = poster.as_deref() else {
            out.push(line, from);
            continue;
        };
        // A quoted post: its header line, then what it says, up to [/quote].
        if let Some(rest) = line.trim_start().strip_prefix("[quote]") {
            quote = Some(after_quote_header(rest).to_string());
            out.push("", from);
            continue;
        }
        if let Some(quoted) = quote.as_mut() {
            match line.split_once("[/quote]") {
                Some((last, after)) => {
                    quoted.push_str(last.trim());
                    let asked = without_bbcode(quoted);
                    out.push(&format!("{READER}：{}", asked.trim()), from);
                    quote = None;
                    if !after.trim().is_empty() {
                        out.push(&format!("{who}：{}", without_bbcode(after.trim())), from);
                        first_line = false;
                    }
                }
                None => {
                    quoted.push_str(line.trim());
                    out.push("", from);
                }
            }
            continue;
        }
        let plain = without_bbcode(line);
        if first_line && !plain.trim().is_empty() && !is_rule(&plain) {
            out.push(&format!("{who}：{}", plain.trim()), from);
            first_line = false;
        } else if is_rule(&plain) {
            out.push("", from);
        } else {
            out.push(&plain, from);
        }
    }
    Some(out)
}

/// The poster's ID of a floor header: 「#3 澜汐_訾也 发表于 2024-01-20 20:06」 (bold or not,
/// `3楼` or `#3`).
fn floor_poster(line: &str) -> Option<&str> {
    let line = line.trim().trim_start_matches('*');
    let (head, _) = line.split_once("发表于")?;
    let rest = head
        .strip_prefix('#')
        .or_else(|| head.strip_prefix('第'))
        .unwrap_or(head);
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let rest = rest[digits..]
        .trim_start_matches(['楼', '#', '*'])
        .trim_matches(|c: char| c.is_whitespace() || c == '　' || c == '*');
    (!rest.is_empty() && !rest.contains(char::is_whitespace)).then_some(rest)
}

/// The IDs a thread's first post introduces: 「主教练 訾也（论坛ID：澜汐_訾也）」 → (澜汐_訾也,
/// 訾也).
fn forum_ids(text: &str) -> Vec<(String, String)> {
    let mut ids = Vec::new();
    for (at, _) in text.match_indices("ID：").chain(text.match_indices("ID:")) {
        let before = &text[..at];
        let Some(open) = before.rfind('（') else {
            continue;
        };
        let said = &before[open + '（'.len_utf8()..];
        if said.chars().count() > 4 {
            continue;
        }
        let rest = &text[at + "ID".len()..];
        let rest = rest.trim_start_matches(['：', ':', ' ']);
        let Some(id) = rest.split(['）', ')', '，', ',', '\n']).next() else {
            continue;
        };
        let name = before[..open]
            .rsplit(|c: char| c.is_whitespace() || "、，,：:]*".contains(c))
            .next()
            .unwrap_or_default();
        if looks_like_a_chinese_name(name) && !id.trim().is_empty() {
            ids.push((id.trim().to_string(), name.to_string()));
        }
    }
    ids
}

/// Who posts as `id`: the person the thread says it is, or a name the ID spells out
/// (澜汐运营_缪棠 → 缪棠).
fn person_behind(id: &str, ids: &[(String, String)]) -> Option<String> {
    if let Some((_, name)) = ids.iter().find(|(known, _)| known == id) {
        return Some(name.clone());
    }
    id.split(['_', '丶', '·', '-', '.', '＿', '|'])
        .find(|part| looks_like_a_chinese_name(part))
        .map(str::to_string)
}

/// What a quote says after the header NGA puts first (`[pid=…]Reply[/pid] [b]Post by
/// [uid=…]ID[/uid] (time):[/b]`).
fn after_quote_header(rest: &str) -> &str {
    match rest
        .split_once(":[/b]")
        .or_else(|| rest.split_once("：[/b]"))
    {
        Some((_, said)) => said,
        None => rest,
    }
}

/// `line` without BBCode tags (`[b]`, `[color=gray]`, `[/list]`); a list item `[*]` becomes a
/// Markdown item.
fn without_bbcode(line: &str) -> String {
    let line = line.trim_start();
    let line = match line.strip_prefix("[*]") {
        Some(item) => format!("- {item}"),
        None => line.to_string(),
    };
    let mut out = String::with_capacity(line.len());
    let mut rest = line.as_str();
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let tag = &rest[open..];
        match tag.find(']') {
            Some(close) if is_bbcode(&tag[1..close]) => rest = &tag[close + 1..],
            _ => {
                out.push('[');
                rest = &tag[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_bbcode(tag: &str) -> bool {
    const TAGS: [&str; 13] = [
        "b", "i", "u", "s", "color", "size", "list", "url", "img", "quote", "pid", "uid", "font",
    ];
    let name = tag.trim_start_matches('/');
    let name = name.split(['=', ' ']).next().unwrap_or_default();
    TAGS.contains(&name.to_ascii_lowercase().as_str())
}

/// A divider between floors (`---`).
fn is_rule(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 3 && line.chars().all(|c| c == '-' || c == '*' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const THREAD: &str = "**#0** 澜汐运营_缪棠 　 发表于 2024-01-20 19:52 　 [楼主]\n\n\
        [b]各位晚上好，我是澜汐电竞运营缪棠。[/b]\n\n\
        [list]\n[*]主教练 訾也（论坛ID：澜汐_訾也）\n[*]打野 闫骁（论坛ID：澜汐丶Xiao）\n[/list]\n\n---\n\n\
        **#2** 下饭操作王 　 发表于 2024-01-20 20:02\n\n前排。上赛季第七到底差在哪？\n\n---\n\n\
        **#3** 澜汐_訾也 　 发表于 2024-01-20 20:06\n\n\
        [quote][pid=7,3,1]Reply[/pid] [b]Post by [uid=4]下饭操作王[/uid] (2024-01-20 20:02):[/b]\n\n\
        前排。上赛季第七到底差在哪？[/quote]\n\n差在后期决策。\n\n---\n\n\
        **#5** 澜汐丶Xiao 　 发表于 2024-01-20 20:11\n\n好多了 谢谢关心\n是腱鞘炎\n";

    #[test]
    fn floors_are_turns_of_the_people_behind_the_ids() {
        let out = as_turns(THREAD, None).expect("a thread").text;
        let labelled: Vec<&str> = out.lines().filter(|l| l.contains('：')).collect();
        assert_eq!(
            labelled,
            [
                "缪棠：各位晚上好，我是澜汐电竞运营缪棠。",
                "- 主教练 訾也（论坛ID：澜汐_訾也）",
                "- 打野 闫骁（论坛ID：澜汐丶Xiao）",
                "读者：前排。上赛季第七到底差在哪？",
                "读者：前排。上赛季第七到底差在哪？",
                "訾也：差在后期决策。",
                "闫骁：好多了 谢谢关心",
            ]
        );
        assert!(out.contains("是腱鞘炎"), "{out}");
        assert!(!out.contains('['), "{out}");
    }

    #[test]
    fn an_article_without_floors_is_left_alone() {
        let text = "记者：2024-01-20 发表于本报的文章？\n\n答：是的。\n";
        assert!(as_turns(text, None).is_none());
    }
}

//! A forum thread read floor by floor (`**#3** 澜汐_訾也 　 发表于 2024-01-20 20:06`,
//! `**5#** 菱湾老殳（楼主）｜2024-3-9 23:17`, then the post), as an official account's 答疑帖 or
//! an AMA is exported: each floor becomes a turn of the person behind its poster's ID, a
//! reply's quoted post (NGA's BBCode `[quote]…Post by …:[/quote]`, Discuz's `> 引用 2# …：`)
//! the question it answers, and a floor of anyone else a reader's question. BBCode markup is dropped. A thread whose accounts sign their replies is
//! [`super::signed`]'s. Owns reading floors; must not import the builder.

use super::labels::{looks_like_a_chinese_name, name_ending, READER};
use super::reflow::Rewritten;
use super::signed;

/// A thread has at least this many floor headers.
const MIN_FLOORS: usize = 3;

/// `text` with its floors as labelled turns, or `None` when it is no forum thread.
pub(super) fn as_turns(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    if !text.contains(['#', '楼']) {
        return None;
    }
    // An official account that signs its replies is [`super::signed`]'s to read: its floors
    // are left as they are, and the others read here — a person posting as themself
    // (岚渡城市FC-巫一帆), or a reader.
    let signed = signed::signs_answers(text);
    let lines: Vec<&str> = text.lines().collect();
    let headers: Vec<Option<Floor>> = lines.iter().map(|l| floor_header(l)).collect();
    if headers.iter().flatten().count() < MIN_FLOORS {
        return None;
    }
    let people = people_behind_ids(text, &lines, &headers);
    if signed && people.is_empty() {
        return None;
    }
    let official = match signed {
        true => signing_ids(&lines, &headers),
        false => Vec::new(),
    };
    let mut out = Rewritten::with_capacity(text.len());
    let mut poster: Option<String> = None;
    let mut first_line = false;
    let mut quote: Option<String> = None;
    for (i, line) in lines.iter().enumerate() {
        let from = from_line.map_or(i, |map| map[i]);
        if let Some(floor) = &headers[i] {
            let person = people.iter().find(|(id, _)| *id == floor.id);
            if person.is_none() && official.contains(&floor.id.as_str()) {
                // The header goes; the quote and the signed reply stay for `signed`.
                poster = None;
                out.push("---", from);
                continue;
            }
            poster = Some(person.map_or(READER.to_string(), |(_, name)| name.clone()));
            first_line = true;
            out.push("", from);
            continue;
        }
        let Some(who) = poster.as_deref() else {
            out.push(line, from);
            continue;
        };
        // Discuz quotes a post as a blockquote (「> 引用 2# 琮城打工人：工资多少？」), its text
        // after the colon or on the quote's next lines.
        if let Some(quoted) = line.trim_start().strip_prefix('>') {
            let quoted = quoted.trim();
            let asked = match quoted.strip_prefix("引用") {
                Some(header) => header.split_once(['：', ':']).map_or("", |(_, q)| q),
                None => quoted,
            };
            match asked.trim() {
                "" => out.push("", from),
                asked => out.push(&format!("{READER}：{asked}"), from),
            }
            first_line = true;
            continue;
        }
        // NGA quotes it in BBCode: its header line, then what it says, up to [/quote].
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
                    first_line = true;
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
        } else if is_rule(&plain) && !signed {
            out.push("", from);
        } else {
            out.push(&plain, from);
        }
    }
    Some(out)
}

/// The IDs that sign a reply at least once (岚渡城市FC官方, whose replies end 「——戚鸣远」).
fn signing_ids<'t>(lines: &[&str], headers: &'t [Option<Floor>]) -> Vec<&'t str> {
    let mut ids = Vec::new();
    let mut poster: Option<&str> = None;
    for (line, header) in lines.iter().zip(headers) {
        match header {
            Some(floor) => poster = Some(floor.id.as_str()),
            None if signed::is_signature(line) => ids.extend(poster),
            None => {}
        }
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// A floor's header: who posted it.
struct Floor {
    id: String,
}

/// A floor header: 「#3 澜汐_訾也 发表于 2024-01-20 20:06」, 「5# 菱湾老殳（楼主）｜2024-3-9
/// 23:17」, 「楼主 菱湾老殳 | 发表于 …」 (bold or not): a floor number or 楼主, the poster's
/// ID, and the time of posting.
fn floor_header(line: &str) -> Option<Floor> {
    let opening = line.trim().trim_start_matches('*');
    // Most lines fail here, at their first character.
    if !opening.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '#' | '第' | '楼')) {
        return None;
    }
    let (marker, rest) = opening.split_once([' ', '　', '\t'])?;
    let marker = marker.trim_end_matches('*');
    let numbered = marker
        .trim_start_matches(['#', '第'])
        .trim_end_matches(['#', '楼']);
    let numbered = !numbered.is_empty() && numbered.bytes().all(|b| b.is_ascii_digit());
    if !numbered && marker != "楼主" {
        return None;
    }
    let rest = rest.trim_start_matches([' ', '　', '*']);
    let end = rest
        .find([' ', '　', '|', '｜', '\t'])
        .unwrap_or(rest.len());
    let (id, after) = rest.split_at(end);
    let id = id.trim_end_matches('*');
    if id.is_empty() || !(after.contains("发表于") || has_a_date(after)) {
        return None;
    }
    let id = id.trim_end_matches("（楼主）").trim_end_matches("(楼主)");
    Some(Floor { id: id.to_string() })
}

/// 2024-3-9 or 2024-01-20 somewhere in `text`.
fn has_a_date(text: &str) -> bool {
    text.match_indices('-').any(|(at, _)| {
        let year = text[..at]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .count();
        let month: String = text[at + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        year == 4 && (1..=2).contains(&month.len()) && text[at + 1 + month.len()..].starts_with('-')
    })
}

/// Who posts as each ID: the person the thread says it is (「主教练 訾也（论坛ID：澜汐_訾也）」),
/// the one a floor of theirs introduces (「我是厂里的安全主管饶蕙」, 「本人殳建萁」), a name the
/// ID spells out (澜汐运营_缪棠 → 缪棠). An ID that is none of these is a reader's.
fn people_behind_ids(
    text: &str,
    lines: &[&str],
    headers: &[Option<Floor>],
) -> Vec<(String, String)> {
    let introduced = forum_ids(text);
    let mut people: Vec<(String, String)> = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        let Some(floor) = &headers[at] else {
            at += 1;
            continue;
        };
        let end = (at + 1..lines.len())
            .find(|&j| headers[j].is_some())
            .unwrap_or(lines.len());
        if !people.iter().any(|(id, _)| *id == floor.id) {
            let own_words = lines[at + 1..end].join("\n");
            let person = introduced
                .iter()
                .find(|(known, _)| *known == floor.id)
                .map(|(_, name)| name.clone())
                .or_else(|| self_introduced(&own_words))
                .or_else(|| spelt_in(&floor.id));
            if let Some(person) = person {
                people.push((floor.id.clone(), person));
            }
        }
        at = end;
    }
    people
}

/// The name a post introduces its writer by: 「本人殳建萁，今年四十四」, 「我是厂里的安全主管饶蕙」.
fn self_introduced(post: &str) -> Option<String> {
    ["本人", "我是", "我叫"].iter().find_map(|intro| {
        post.match_indices(intro).find_map(|(at, _)| {
            let rest = &post[at + intro.len()..];
            let clause = &rest[..rest
                .find(['，', '。', '、', '；', '！', '（', '）', ',', '\n'])
                .unwrap_or(rest.len())];
            // The name ends the clause (安全主管饶蕙) or opens it (殳建萁).
            let opening = [3, 2].into_iter().find_map(|n| {
                let end = clause
                    .char_indices()
                    .nth(n)
                    .map_or(clause.len(), |(at, _)| at);
                Some(&clause[..end])
                    .filter(|name| name.chars().count() == n && looks_like_a_chinese_name(name))
            });
            name_ending(clause).or(opening).map(str::to_string)
        })
    })
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

/// A name an ID spells out (澜汐运营_缪棠 → 缪棠).
fn spelt_in(id: &str) -> Option<String> {
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
    fn a_thread_an_official_account_signs_leaves_its_floors_to_the_signatures() {
        let thread = "**#2**　绿茵老炮儿　发表于 2024-2-27 20:01\n\n今年目标是不是冲乙？\n\n---\n\n\
            **#5**　岚渡FC官方　发表于 2024-2-27 20:09\n\n> 引用 #2 绿茵老炮儿 的帖子：今年目标是不是冲乙？\n\n\
            目标就是冲乙。\n\n——戚鸣远\n\n---\n\n\
            **#23**　岚渡FC-巫一帆　发表于 2024-2-27 20:41\n\n刚练完上来，膝盖已经完全好了。\n\n---\n\n\
            **#33**　岚渡FC官方　发表于 2024-2-27 21:01\n\n还在榆陂体育场。\n\n——戚鸣远\n";
        let out = as_turns(thread, None).expect("a person's floors").text;
        let kept: Vec<&str> = out.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(
            kept,
            [
                "读者：今年目标是不是冲乙？",
                "---",
                "---",
                "> 引用 #2 绿茵老炮儿 的帖子：今年目标是不是冲乙？",
                "目标就是冲乙。",
                "——戚鸣远",
                "---",
                "巫一帆：刚练完上来，膝盖已经完全好了。",
                "---",
                "---",
                "还在榆陂体育场。",
                "——戚鸣远",
            ]
        );
        // With no person's own floor, the signatures say everything.
        let official = thread.replace("岚渡FC-巫一帆", "今天也想进球");
        assert!(as_turns(&official, None).is_none());
    }

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
    fn discuz_floors_quote_with_a_blockquote_and_posters_introduce_themselves() {
        let thread = "**楼主** 菱湾老殳　|　发表于 2024-3-9 22:41\n\n本人殳建萁，今年四十四。\n\n---\n\n\
            **2#** 琮城打工人　|　2024-3-9 22:50\n\n工资多少？\n\n\
            **5#** 菱湾老殳（楼主）　|　2024-3-9 23:17\n\n> 引用 2# 琮城打工人：工资多少？\n\n五千出头。\n\n\
            **27#** 饶工_菱湾　|　2024-3-10 10:03\n\n我补充一下。\n\n（我是厂里的安全主管饶蕙，楼主同事。）\n";
        let out = as_turns(thread, None).expect("a thread").text;
        let labelled: Vec<&str> = out.lines().filter(|l| l.contains('：')).collect();
        assert_eq!(
            labelled,
            [
                "殳建萁：本人殳建萁，今年四十四。",
                "读者：工资多少？",
                "读者：工资多少？",
                "殳建萁：五千出头。",
                "饶蕙：我补充一下。",
            ]
        );
    }

    #[test]
    fn an_article_without_floors_is_left_alone() {
        let text = "记者：2024-01-20 发表于本报的文章？\n\n答：是的。\n";
        assert!(as_turns(text, None).is_none());
    }
}

//! A 微博 thread copied as text: posts under `**昵称** V 认证：` (a verified account, its
//! title after the V) or `**昵称**：`, reposts that carry what they repost after `//@昵称：`,
//! and replies `**昵称** V 回复 @昵称：`. Rewritten as the builder reads an interview: a
//! verified account's post is its words under its label (its title as role), the post it
//! reposts or replies to asks (`问：`), an unverified account's post asks, and older links of
//! a repost chain go. Owns reading 微博 threads; must not import the builder.

use super::reflow::Rewritten;

/// A thread holds at least this many verified posts.
const MIN_VERIFIED: usize = 3;

/// The mark after a verified account's name.
const VERIFIED: &str = "** V";

/// `text` as an interview, or `None` when it is no 微博 thread.
pub(super) fn as_interview(text: &str, from_line: Option<&[usize]>) -> Option<Rewritten> {
    if !text.contains("//@") || text.matches(VERIFIED).count() < MIN_VERIFIED {
        return None;
    }
    let mut out = Rewritten::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        let from = from_line.map_or(i, |map| map[i]);
        match post(line.trim()) {
            Some(Post::Verified {
                name,
                role,
                said,
                to,
            }) => {
                if let Some(asked) = to {
                    out.push(&format!("问：{asked}"), from);
                    out.push("", from);
                }
                let label = match role {
                    Some(role) => format!("**{name}（{role}）：**"),
                    None => format!("**{name}：**"),
                };
                out.push(&format!("{label}{said}"), from);
            }
            Some(Post::Asking { said }) => out.push(&format!("问：{said}"), from),
            None => out.push(line, from),
        }
    }
    Some(out)
}

#[derive(Debug, PartialEq, Eq)]
enum Post<'t> {
    /// A verified account's own words, and what they repost or reply to.
    Verified {
        name: &'t str,
        role: Option<&'t str>,
        said: &'t str,
        to: Option<&'t str>,
    },
    /// Anyone else's post: a question to the accounts that answer.
    Asking { said: &'t str },
}

/// A post's line, read.
fn post(line: &str) -> Option<Post<'_>> {
    let inner = line.strip_prefix("**")?;
    let (name, rest) = inner.split_once("**")?;
    let (head, body) = rest.split_once(['：', ':'])?;
    let head = head.trim_matches([' ', '　']);
    let (said, chain) = match body.split_once("//@") {
        Some((said, chain)) => (said.trim(), Some(chain)),
        None => (body.trim(), None),
    };
    // What a repost reposts: the first link of its chain, without the name before its colon.
    let reposted = chain
        .and_then(|c| c.split("//@").next())
        .and_then(|c| c.split_once(['：', ':']))
        .map(|(_, words)| words.trim())
        .filter(|words| !words.is_empty());
    if head.is_empty() {
        return (!said.is_empty()).then_some(Post::Asking { said });
    }
    let title = head.strip_prefix('V')?.trim_matches([' ', '　']);
    // 「**柏一苇** V 回复 @渟州小透明：」: a reply, to the post above it.
    let (role, replying) = match title.strip_prefix("回复") {
        Some(_) => (None, true),
        None => ((!title.is_empty()).then_some(title), false),
    };
    if said.is_empty() || (replying && reposted.is_none() && said.is_empty()) {
        return None;
    }
    Some(Post::Verified {
        name: name.trim(),
        role,
        said,
        to: reposted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verified_posts_answer_and_what_they_repost_asks() {
        let body = "**渟州博物馆** V　\n\n正文。\n\n\
                    **是小鹿不是小路**：柏老师修文物多少年啦？//@渟州博物馆：【#修复师在线答#】……\n\n\
                    **柏一苇** V 渟州博物馆副研究馆员：2010年进馆，今年是第十四年。\n\n\
                    **柏一苇** V：没有那么夸张。//@渟川一只鹅：听说修一件国宝要花上百万？//@渟州博物馆：……\n\n\
                    **殳文博** V 退休研究馆员：补充一下，1979年冬天挖出来的。\n\n\u{3000}\u{3000}\
                    **柏一苇** V 回复 @渟州小透明：招聘要看统一公告。\n";
        let out = as_interview(body, None).expect("a thread").text;
        let paragraphs: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            paragraphs,
            [
                "**渟州博物馆** V　",
                "正文。",
                "问：柏老师修文物多少年啦？",
                "**柏一苇（渟州博物馆副研究馆员）：**2010年进馆，今年是第十四年。",
                "问：听说修一件国宝要花上百万？",
                "**柏一苇：**没有那么夸张。",
                "**殳文博（退休研究馆员）：**补充一下，1979年冬天挖出来的。",
                "**柏一苇：**招聘要看统一公告。",
            ]
        );
    }
}

//! HTML left in an article by a WeChat or CMS export (`<p><strong>问：</strong>…</p>`,
//! `&nbsp;`): read as the Markdown it stands for, line by line, before anything else reads
//! the body. Owns only that rewriting, and the labels HTML alone carries (a definition list's
//! terms, a colour legend's speakers); must not import the builder.

use super::labels::{is_personal_name, looks_like_a_chinese_name};
use super::reflow::Rewritten;

/// Tags that break a line: each opens (or closes) a paragraph of its own.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "br",
    "li",
    "ul",
    "ol",
    "blockquote",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "figure",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "dl",
    "dt",
    "dd",
];

/// Tags that mark text inline and are dropped (bold is kept as `**`).
const INLINE_TAGS: &[&str] = &[
    "span", "strong", "b", "em", "i", "u", "a", "font", "sup", "sub", "small", "big", "mark",
    "code", "s", "del", "ins",
];

/// `body` without its HTML, or `None` when it has none (the common case costs one scan for
/// `<` and `&`).
pub(super) fn as_markdown(body: &str) -> Option<Rewritten> {
    if !has_html(body) {
        return None;
    }
    let mut out = Rewritten::with_capacity(body.len());
    let mut colours = ColourLabels::read(body);
    for (i, line) in body.lines().enumerate() {
        rewrite_line(line, i, &mut colours, &mut out);
    }
    Some(out)
}

/// A legend explains at least this many colours before they count as speakers' marks.
const MIN_COLOURS: usize = 2;

/// What a colour legend says each colour stands for: a WeChat 对谈 that tells its speakers
/// apart only by the colour of their words (「蓝色字为父亲融国栋的话，棕色字为儿子融一帆的
/// 话，灰色字为编辑提问」). Each paragraph written in one of those colours is labelled with
/// the speaker's name, or 问 for the questions.
#[derive(Debug, Default)]
struct ColourLabels {
    labels: Vec<(String, String)>,
    /// Whether the last paragraph was a speaker's: one in no legend colour after it is the
    /// writer's again (「从漆坊出来，天已经擦黑了。」).
    in_turn: bool,
}

impl ColourLabels {
    fn read(body: &str) -> ColourLabels {
        let mut found = Vec::new();
        for line in body
            .lines()
            .filter(|l| l.contains("color") && l.contains('色'))
        {
            let runs = coloured_runs(line);
            for (i, (colour, text)) in runs.iter().enumerate() {
                let Some(colour) = colour.as_ref().filter(|_| names_a_colour(text)) else {
                    continue;
                };
                let after = clause_after(&runs[i + 1..]);
                if let Some(label) = who_the_colour_is(&after) {
                    found.push((colour.clone(), label));
                }
            }
        }
        let people = found.iter().filter(|(_, label)| label != "问").count();
        if found.len() < MIN_COLOURS || people == 0 {
            found.clear();
        }
        ColourLabels {
            labels: found,
            in_turn: false,
        }
    }

    fn label(&self, colour: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(c, _)| c == colour)
            .map(|(_, label)| label.as_str())
    }
}

/// The text of the runs after a legend's colour, enough for the clause that says whose it is
/// (and no more: a line of many colour names stays linear).
fn clause_after(runs: &[(Option<String>, String)]) -> String {
    /// A legend's clause (「为父亲融国栋的话，」) fits in this many bytes.
    const CLAUSE_BYTES: usize = 120;
    let mut after = String::new();
    for (_, text) in runs {
        if after.len() >= CLAUSE_BYTES {
            break;
        }
        after.push_str(text);
    }
    after
}

/// `line`'s text in runs, each with the colour its innermost coloured tag gives it.
fn coloured_runs(line: &str) -> Vec<(Option<String>, String)> {
    let mut runs: Vec<(Option<String>, String)> = Vec::new();
    let mut stack: Vec<Option<String>> = Vec::new();
    let mut at = 0;
    while at < line.len() {
        let rest = &line[at..];
        if let Some(tag) = tag_at(rest).filter(|tag| tag.known) {
            at += tag.len;
            track_colour(&tag, &mut stack);
            continue;
        }
        // Past the first character: a `<` that starts no tag is text.
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let next = rest[first..].find('<').map_or(rest.len(), |n| n + first);
        runs.push((colour_now(&stack), rest[..next].to_string()));
        at += next;
    }
    runs
}

/// Starts the paragraph in `current` with the label of the colour its text is written in; a
/// paragraph in no legend colour after a speaker's ends the turn with a rule.
fn label_paragraph(
    current: &mut String,
    stack: &[Option<String>],
    centred: bool,
    colours: &mut ColourLabels,
    index: usize,
    out: &mut Rewritten,
) {
    // A caption (centred) is the writer's even in a speaker's colour.
    let label = colour_now(stack)
        .filter(|_| !centred)
        .and_then(|c| colours.label(&c).map(str::to_string));
    match label {
        Some(label) => {
            current.insert_str(0, &format!("{label}："));
            colours.in_turn = true;
        }
        None if colours.in_turn => {
            push_line("---", index, out);
            colours.in_turn = false;
        }
        None => {}
    }
}

/// Keeps `stack` of the colours open inline tags set, as `tag` opens or closes one.
fn track_colour(tag: &Tag<'_>, stack: &mut Vec<Option<String>>) {
    if !INLINE_TAGS.contains(&tag.name.as_str()) || tag.attributes.trim_end().ends_with('/') {
        return;
    }
    match tag.closing {
        true => {
            stack.pop();
        }
        false => stack.push(colour_of(tag)),
    }
}

fn colour_now(stack: &[Option<String>]) -> Option<String> {
    stack.iter().rev().find_map(Clone::clone)
}

/// The text colour a tag sets (`style="color: rgb(31, 95, 160);"`, `<font color="#1f5fa0">`),
/// written without spaces and in lower case; not a background colour.
fn colour_of(tag: &Tag<'_>) -> Option<String> {
    let normal = |value: &str| -> Option<String> {
        let value: String = value
            .split(';')
            .next()?
            .trim_end_matches("!important")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        (!value.is_empty()).then_some(value)
    };
    if let Some(style) = attribute(tag.attributes, "style") {
        let at = style
            .match_indices("color")
            .find(|&(at, _)| !style[..at].ends_with('-'))
            .map(|(at, _)| at)?;
        let value = style[at + "color".len()..].trim_start().strip_prefix(':')?;
        return normal(value);
    }
    attribute(tag.attributes, "color").and_then(normal)
}

/// `蓝色字`, `**棕色字**`, `灰色文字`: a legend's name for a colour.
fn names_a_colour(text: &str) -> bool {
    let text = text.trim().trim_matches('*');
    let Some(stem) = ["色字体", "色文字", "色字", "色部分", "色"]
        .iter()
        .find_map(|end| text.strip_suffix(end))
    else {
        return false;
    };
    (1..=2).contains(&stem.chars().count()) && stem.chars().all(is_colour_word_char)
}

fn is_colour_word_char(c: char) -> bool {
    "红橙黄绿青蓝紫棕褐灰黑白粉深浅金".contains(c)
}

/// The label the legend's words after a colour give (`为父亲融国栋的话，` → 融国栋,
/// `为编辑提问。` → 问), up to the end of the clause.
fn who_the_colour_is(after: &str) -> Option<String> {
    let clause = after
        .split(['，', ',', '。', '；', ';', '）', ')', '、'])
        .next()?
        .trim();
    let who = ["为", "是", "代表", "表示"]
        .iter()
        .find_map(|w| clause.strip_prefix(w))?
        .trim();
    if ["提问", "问题", "编辑", "记者", "主持", "采访者", "作者"]
        .iter()
        .any(|w| who.contains(w))
    {
        return Some("问".to_string());
    }
    let who = [
        "的话",
        "的发言",
        "的回答",
        "的讲述",
        "所说",
        "说的话",
        "发言",
        "回答",
        "讲述",
    ]
    .iter()
    .find_map(|end| who.strip_suffix(end))
    .unwrap_or(who);
    speaker_named(who)
}

/// The name in `who`, after a kinship or a role before it (父亲融国栋 → 融国栋).
fn speaker_named(who: &str) -> Option<String> {
    const BEFORE_NAMES: [&str; 20] = [
        "父亲",
        "母亲",
        "爸爸",
        "妈妈",
        "儿子",
        "女儿",
        "丈夫",
        "妻子",
        "哥哥",
        "弟弟",
        "姐姐",
        "妹妹",
        "爷爷",
        "奶奶",
        "外公",
        "外婆",
        "师傅",
        "徒弟",
        "嘉宾",
        "受访者",
    ];
    let bare = BEFORE_NAMES
        .iter()
        .find_map(|w| who.strip_prefix(w))
        .unwrap_or(who);
    if is_personal_name(bare) {
        return Some(bare.to_string());
    }
    let chars: Vec<char> = who.chars().collect();
    [3, 2]
        .iter()
        .filter(|&&n| chars.len() > n)
        .map(|&n| chars[chars.len() - n..].iter().collect::<String>())
        .find(|tail| looks_like_a_chinese_name(tail))
}

fn has_html(body: &str) -> bool {
    let bytes = body.as_bytes();
    memchr::memchr2_iter(b'<', b'&', bytes).any(|at| {
        if escaped(body, at) {
            return false;
        }
        let rest = &body[at..];
        match bytes[at] {
            b'<' => tag_at(rest).is_some_and(|tag| tag.known),
            _ => entity_at(rest).is_some(),
        }
    })
}

/// Whether the byte at `at` (a `<` or `&`) follows a backslash, as Markdown escapes it.
fn escaped(text: &str, at: usize) -> bool {
    text[..at].ends_with('\\')
}

/// One parsed tag.
struct Tag<'a> {
    name: String,
    closing: bool,
    /// Bytes it spans, `<` to `>`.
    len: usize,
    attributes: &'a str,
    known: bool,
}

/// The tag `text` starts with (`<p style="…">`, `</strong>`, `<br/>`), if it is one.
fn tag_at(text: &str) -> Option<Tag<'_>> {
    let inner = text.strip_prefix('<')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name_len = inner
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    if name_len == 0 || !inner.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let name = inner[..name_len].to_ascii_lowercase();
    let after = &inner[name_len..];
    if !after.starts_with(['>', '/', ' ', '\t']) {
        return None;
    }
    let end = closing_bracket(after)?;
    if !are_attributes(&after[..end]) {
        return None;
    }
    let len = 1 + usize::from(closing) + name_len + end + 1;
    let known = BLOCK_TAGS.contains(&name.as_str()) || INLINE_TAGS.contains(&name.as_str());
    Some(Tag {
        attributes: &after[..end],
        name,
        closing,
        len,
        known,
    })
}

/// Whether what follows a tag's name reads as attributes (` style="…" data-src=x /`), not as
/// text (`<b && c>` of a formula).
fn are_attributes(text: &str) -> bool {
    let mut rest = text.trim().trim_end_matches('/').trim_end();
    while !rest.is_empty() {
        let name = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || b"-_:.".contains(b))
            .count();
        if name == 0 || !rest.as_bytes()[0].is_ascii_alphabetic() {
            return false;
        }
        rest = rest[name..].trim_start();
        if let Some(value) = rest.strip_prefix('=') {
            let value = value.trim_start();
            let len = match value.chars().next() {
                Some(q @ ('"' | '\'')) => match value[1..].find(q) {
                    Some(end) => end + 2,
                    None => return false,
                },
                Some(_) => value.find([' ', '\t']).unwrap_or(value.len()),
                None => return false,
            };
            rest = value[len..].trim_start();
        }
    }
    true
}

/// Where the `>` that ends a tag is, skipping quoted attribute values.
fn closing_bracket(after: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (at, c) in after.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(at),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

/// The character an entity at the start of `text` stands for, and its length.
fn entity_at(text: &str) -> Option<(char, usize)> {
    const NAMED: &[(&str, char)] = &[
        ("&nbsp;", ' '),
        ("&ensp;", ' '),
        ("&emsp;", ' '),
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&apos;", '\''),
        ("&#39;", '\''),
        ("&ldquo;", '“'),
        ("&rdquo;", '”'),
        ("&lsquo;", '‘'),
        ("&rsquo;", '’'),
        ("&mdash;", '—'),
        ("&hellip;", '…'),
        ("&middot;", '·'),
    ];
    if let Some((entity, c)) = NAMED.iter().find(|(e, _)| text.starts_with(e)) {
        return Some((*c, entity.len()));
    }
    let digits = text.strip_prefix("&#")?;
    let end = digits.find(';').filter(|&end| (1..=8).contains(&end))?;
    let code = match digits[..end].strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => digits[..end].parse().ok()?,
    };
    char::from_u32(code)
        .filter(|c| !c.is_control() || *c == '\n')
        .map(|c| (c, 2 + end + 1))
}

fn rewrite_line(line: &str, index: usize, colours: &mut ColourLabels, out: &mut Rewritten) {
    let mut current = String::new();
    let mut at = 0;
    let mut wrote_any = false;
    let mut stack: Vec<Option<String>> = Vec::new();
    let mut centred = false;
    while at < line.len() {
        let rest = &line[at..];
        let next = rest.find(['<', '&']).unwrap_or(rest.len());
        let text = &rest[..next];
        if !colours.labels.is_empty()
            && !text.trim().is_empty()
            && current.trim().trim_matches('*').is_empty()
        {
            label_paragraph(&mut current, &stack, centred, colours, index, out);
        }
        current.push_str(text);
        at += next;
        if at >= line.len() {
            break;
        }
        let rest = &line[at..];
        // `\<strong>` is Markdown for the text `<strong>`.
        if escaped(line, at) {
            current.push(rest.chars().next().unwrap_or('<'));
            at += 1;
            continue;
        }
        if rest.starts_with("<!--") {
            at += rest.find("-->").map_or(rest.len(), |end| end + 3);
            continue;
        }
        if let Some(tag) = tag_at(rest).filter(|tag| tag.known) {
            at += tag.len;
            track_colour(&tag, &mut stack);
            if BLOCK_TAGS.contains(&tag.name.as_str()) {
                centred = !tag.closing
                    && attribute(tag.attributes, "style")
                        .is_some_and(|s| s.replace(' ', "").contains("text-align:center"));
            }
            apply_tag(&tag, &mut current, index, out, &mut wrote_any);
            continue;
        }
        if let Some((c, len)) = entity_at(rest) {
            current.push(c);
            at += len;
            continue;
        }
        let c = rest.chars().next().unwrap_or('<');
        current.push(c);
        at += c.len_utf8();
    }
    // The line's own end ends a paragraph too; a line that was only tags and spaces stays a
    // blank line, as it reads.
    if !current.trim().is_empty() || !wrote_any {
        push_line(&current, index, out);
    }
}

fn apply_tag(
    tag: &Tag<'_>,
    current: &mut String,
    index: usize,
    out: &mut Rewritten,
    wrote: &mut bool,
) {
    match tag.name.as_str() {
        "strong" | "b" => current.push_str("**"),
        "hr" => {
            flush(current, index, out, wrote);
            push_line("---", index, out);
            *wrote = true;
        }
        "img" => {
            flush(current, index, out, wrote);
            if let Some(src) =
                attribute(tag.attributes, "src").or_else(|| attribute(tag.attributes, "data-src"))
            {
                push_line(&format!("![]({src})"), index, out);
                *wrote = true;
            }
        }
        // A definition list of turns (`<dt>记者</dt><dd>问</dd>`): the term is the label.
        "dt" if tag.closing => {
            let term = current.trim().to_string();
            current.clear();
            if !term.is_empty() {
                push_line(&format!("**{term}：**"), index, out);
                *wrote = true;
            }
        }
        "dt" => flush(current, index, out, wrote),
        // What follows the list of turns is the writer's again.
        "dl" if tag.closing => {
            flush(current, index, out, wrote);
            push_line("---", index, out);
            *wrote = true;
        }
        "li" if !tag.closing => {
            flush(current, index, out, wrote);
            current.push_str("- ");
        }
        name if !tag.closing && name.len() == 2 && name.starts_with('h') => {
            flush(current, index, out, wrote);
            let level = name[1..].parse::<usize>().unwrap_or(2);
            current.push_str(&"#".repeat(level));
            current.push(' ');
        }
        name if BLOCK_TAGS.contains(&name) => flush(current, index, out, wrote),
        _ => {}
    }
}

/// Ends the line being written, if it holds anything.
fn flush(current: &mut String, index: usize, out: &mut Rewritten, wrote: &mut bool) {
    if !current.trim().is_empty() {
        push_line(current, index, out);
        *wrote = true;
    }
    current.clear();
}

fn push_line(line: &str, index: usize, out: &mut Rewritten) {
    out.push(line.trim(), index);
}

/// The value of attribute `name` (`src="…"`).
fn attribute<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = attributes;
    while let Some(at) = rest.find(name) {
        let before_ok = rest[..at].ends_with([' ', '\t', '"', '\'']) || at == 0;
        let after = rest[at + name.len()..].trim_start();
        if before_ok {
            if let Some(value) = after.strip_prefix('=') {
                let value = value.trim_start();
                let quote = value.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let inner = &value[1..];
                    return inner.find(quote).map(|end| &inner[..end]);
                }
                let end = value.find([' ', '\t', '/']).unwrap_or(value.len());
                return Some(&value[..end]);
            }
        }
        rest = &rest[at + name.len()..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(body: &str) -> Vec<(String, usize)> {
        let out = as_markdown(body).expect("html");
        out.text
            .lines()
            .map(str::to_string)
            .zip(out.from_line)
            .collect()
    }

    #[test]
    fn plain_markdown_is_left_alone() {
        assert!(as_markdown("**问：**你好\n答：a < b 且 c > d，R&D\n").is_none());
        assert!(as_markdown("《回声巷》<未完成>\n").is_none());
        assert!(as_markdown("当 x<b && c>y 时\n").is_none());
        assert!(as_markdown("标签写作 \\<strong> 和 \\&nbsp;\n").is_none());
    }

    #[test]
    fn paragraphs_bold_and_entities_become_markdown_on_their_lines() {
        let body = "<p style=\"text-align: center;\"><span>记者&nbsp;|&nbsp;禤小圆</span></p>\n\
                    <p>&nbsp;</p>\n\
                    <p><strong>问：</strong>你是怎么想到的？</p><p><strong>答：</strong>2020年夏天&hellip;</p>\n\
                    ![](https://example.org/640.jpg)\n\
                    <hr/>\n\
                    <img data-src=\"https://example.org/a.jpg\" alt=\"\">&#x25B2; 图为水库";
        assert_eq!(
            lines(body),
            vec![
                ("记者 | 禤小圆".to_string(), 0),
                (String::new(), 1),
                ("**问：**你是怎么想到的？".to_string(), 2),
                ("**答：**2020年夏天…".to_string(), 2),
                ("![](https://example.org/640.jpg)".to_string(), 3),
                ("---".to_string(), 4),
                ("![](https://example.org/a.jpg)".to_string(), 5),
                ("▲ 图为水库".to_string(), 5),
            ]
        );
    }

    #[test]
    fn a_definition_list_of_turns_labels_each_term_and_ends_with_a_rule() {
        let body = "<dl class=\"qa\">\n<dt>记者</dt>\n<dd>您是怎么开始的？</dd>\n<dt>仉伯钧</dt>\n\
                    <dd>九岁那年。<br />后来……</dd>\n</dl>\n<p>下午五点。</p>";
        let text: Vec<String> = lines(body).into_iter().map(|(line, _)| line).collect();
        assert_eq!(
            text,
            [
                "",
                "**记者：**",
                "您是怎么开始的？",
                "**仉伯钧：**",
                "九岁那年。",
                "后来……",
                "---",
                "下午五点。"
            ]
        );
    }

    #[test]
    fn broken_tags_and_unknown_entities_are_text() {
        assert_eq!(
            lines("<p>a <b 与 &foo; 和 &#99999999; <!-- 注 -->完</p>"),
            vec![("a <b 与 &foo; 和 &#99999999; 完".to_string(), 0)]
        );
    }

    #[test]
    fn a_colour_legend_labels_each_paragraph_with_its_speaker() {
        let blue = "<span style=\"color: rgb(31, 95, 160);\">";
        let brown = "<span style=\"color:rgb(146,84,40)\">";
        let grey = "<span style=\"color: rgb(150, 150, 150);\">";
        let body = format!(
            "<p><span style=\"font-size: 13px;\">（阅读提示：对谈中{blue}<strong>蓝色字</strong></span>为父亲\
             融国栋的话，{brown}<strong>棕色字</strong></span>为儿子融一帆的话，{grey}灰色字</span>为编辑提问。）</span></p>\n\
             <p>{grey}漆器为什么要在阴房里干？</span></p>\n\
             <p>{blue}大漆不是晒干的。</span></p>\n\
             <p>{brown}<strong>他嘴上不说。</strong></span></p>\n\
             <p style=\"text-align: center;\">{grey}图为阴房</span></p>\n\
             <p><span style=\"color: rgb(62, 62, 62);\">从漆坊出来，天已经黑了。</span></p>"
        );
        let text: Vec<String> = lines(&body).into_iter().map(|(line, _)| line).collect();
        assert_eq!(
            text[1..],
            [
                "问：漆器为什么要在阴房里干？",
                "融国栋：大漆不是晒干的。",
                "融一帆：**他嘴上不说。**",
                "---",
                "图为阴房",
                "从漆坊出来，天已经黑了。",
            ]
        );
    }

    #[test]
    fn colours_without_a_legend_or_with_one_colour_label_nothing() {
        let blue = "<span style=\"color: rgb(31, 95, 160);\">";
        for legend in ["", "<p>（蓝色字为融国栋的话。）</p>\n"] {
            let body = format!("{legend}<p>{blue}大漆不是晒干的。</span></p>");
            let last = lines(&body).pop().map(|(line, _)| line);
            assert_eq!(last.as_deref(), Some("大漆不是晒干的。"));
        }
    }
}

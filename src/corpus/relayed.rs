//! Relayed speech: words a speaker quotes someone else as saying inside their own answer
//! (「我父亲龚长根……他跟我说：“放电影的人，自己是看不着电影的。”」, 「彼得跟我说：“……”」).
//!
//! Owns: the people a speaker introduces by how they are related to them (我丈夫彼得, 我的合伙人
//! 巩蕾, 语文老师戚春和), and the quotations in a speaker's paragraph that a third person is
//! reported saying. Spans are inside the paragraph given, so a relayed quote is verbatim by
//! construction. What becomes of them is the article builder's decision.
//!
//! Must not import: tantivy, teloxide, tokio, the index.

use std::ops::Range;

use super::labels::looks_like_a_chinese_name;
use super::quotes::{spoken, Called};

/// The words a speaker introduces someone by, right before their name, besides [`POSTS`]:
/// kin, teachers, colleagues (我父亲龚长根, 我的合伙人巩蕾, 我丈夫彼得). Longer forms first.
const RELATIONS: [&str; 52] = [
    "博士生",
    "研究生",
    "合伙人",
    "老伴",
    "父亲",
    "母亲",
    "爸爸",
    "妈妈",
    "丈夫",
    "妻子",
    "老公",
    "老婆",
    "爱人",
    "儿子",
    "女儿",
    "孙子",
    "孙女",
    "哥哥",
    "姐姐",
    "弟弟",
    "妹妹",
    "爷爷",
    "奶奶",
    "外婆",
    "外公",
    "姥姥",
    "姥爷",
    "叔叔",
    "伯伯",
    "舅舅",
    "姑姑",
    "阿姨",
    "婶婶",
    "师傅",
    "师父",
    "徒弟",
    "老师",
    "导师",
    "同事",
    "同学",
    "朋友",
    "搭档",
    "老板",
    "领导",
    "室友",
    "邻居",
    "学生",
    "队友",
    "战友",
    "教练",
    "大哥",
    "大姐",
];

/// Relations that are posts in their own right: a 负责人 is nobody's 负责人, as a father is
/// someone's. Longer forms first.
const POSTS: [&str; 11] = [
    "负责人",
    "工程师",
    "老钳工",
    "钳工",
    "董事长",
    "总经理",
    "总裁",
    "CEO",
    "CFO",
    "CTO",
    "COO",
];

/// Every word that introduces someone by relation: [`POSTS`], then [`RELATIONS`].
fn relations() -> impl Iterator<Item = &'static str> {
    POSTS.into_iter().chain(RELATIONS)
}

/// The role of someone `speaker` introduces by `relation`: 龚水生的父亲, but 负责人.
pub(super) fn role_of(speaker: &str, relation: &str) -> String {
    match POSTS.contains(&relation) {
        true => relation.to_string(),
        false => format!("{speaker}的{relation}"),
    }
}

/// The short kin words that follow 我 without making it the subject (我妈常说 is her saying).
const KIN: [&str; 8] = ["爸", "妈", "爹", "娘", "爷", "奶", "哥", "姐"];

/// Verbs that pass on someone's words: a quotation after one is what they said or wrote.
/// Thinking verbs (觉得, 记得) are not among them: 「我一直记得：“……”」 relays no one.
const RELAYING: [&str; 16] = [
    "说", "讲", "写", "问", "告诉", "叮嘱", "嘱咐", "交代", "念叨", "批", "回答", "喊", "骂",
    "留言", "提醒", "强调",
];

/// How far before a quotation its relaying verb may stand (「说过一句话，我一直很认：“」).
const MOST_CHARS_VERB_TO_QUOTE: usize = 14;

/// Characters a given name does not hold: the verbs and particles that follow a name
/// (訾昊在潆州, 巩蕾说过, 常说).
const NOT_IN_A_GIVEN_NAME: &str = "说讲在以做跟对是也就都还又把被给从向写今去来已曾现的了着过们";

/// Characters transliterated foreign names are written with (彼得, 玛吉, 约翰).
const TRANSLITERATION: &str = "阿埃艾爱安奥巴芭邦保贝本比彼宾波伯布查达戴丹道德迪蒂丁东杜多得厄恩法菲芬\
    弗福盖格贡哈海汉豪赫亨胡霍吉加贾杰金卡凯康柯科克肯库拉莱兰朗劳勒雷蕾里丽利莉林琳卢鲁路伦罗洛马玛\
    迈麦曼梅蒙米敏莫姆穆纳娜内妮尼涅努诺欧帕佩皮珀普奇乔琼萨塞桑瑟森沙莎圣施什史斯苏索塔泰坦汤特提\
    汀托瓦威薇韦维温沃乌西希茜谢辛休雅亚扬耶伊英尤约詹珍朱兹佐";

/// The people `said` introduces by a relation (see [`relations`]), with the relation, in the
/// order written: a Chinese name of three characters, else two — or a transliterated one of two
/// that `said` writes again (彼得).
pub(super) fn relatives_named(said: &str) -> Vec<(String, &'static str)> {
    let mut found: Vec<(String, &'static str)> = Vec::new();
    // One pass over the text, not one a relation: a benchmark corpus is tens of megabytes.
    for (at, c) in said.char_indices() {
        if !RELATION_STARTS.contains(c) {
            continue;
        }
        let rest = &said[at..];
        let Some(relation) = relations().find(|r| rest.starts_with(r)) else {
            continue;
        };
        let Some(name) = name_at(&rest[relation.len()..], said) else {
            continue;
        };
        if !found.iter().any(|(known, _)| known == name) {
            found.push((name.to_string(), relation));
        }
    }
    found
}

/// The first characters of [`relations`].
const RELATION_STARTS: &str =
    "合老父母爸妈丈妻爱儿女孙哥姐弟妹爷奶外姥叔伯舅姑阿婶师徒导同朋搭领室邻学队战教大博研负工钳董总C";

/// The name `rest` opens with, when it reads as one (see [`relatives_named`]).
fn name_at<'t>(rest: &'t str, said: &str) -> Option<&'t str> {
    let opening = |chars: usize| {
        let end = rest
            .char_indices()
            .nth(chars)
            .map_or(rest.len(), |(at, _)| at);
        let name = &rest[..end];
        (name.chars().count() == chars).then_some(name)
    };
    let chinese = |name: &str| {
        looks_like_a_chinese_name(name)
            && !name
                .chars()
                .skip(1)
                .any(|c| NOT_IN_A_GIVEN_NAME.contains(c))
    };
    if let Some(three) = opening(3).filter(|name| chinese(name)) {
        return Some(three);
    }
    let two = opening(2)?;
    let transliterated = two.chars().all(|c| TRANSLITERATION.contains(c));
    (chinese(two) || (transliterated && said.matches(two).nth(1).is_some())).then_some(two)
}

/// Who opens a clause: the first person mentioned in it.
enum Subject {
    /// 我 (not 我的, 我们的, 我妈): the speaker's own words.
    Speaker,
    /// 他 or 她: whoever was named last before.
    Pronoun,
    Named(String),
}

/// The quotations in a speaker's `paragraph` that someone else is reported saying: a
/// relaying verb (see [`RELAYING`]) shortly before the quotation, in a clause that opens on
/// that person — by name (`names` pairs each way a person is written with the person), or
/// by 他 or 她 for the one named last before it (in the paragraph, else `named_before`).
/// A clause opening on 我 is the speaker's own.
pub(super) fn relayed_quotes(
    paragraph: &str,
    names: &[Called],
    named_before: Option<&str>,
) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    for (open, words, _) in spoken(paragraph) {
        let before = &paragraph[..open];
        let Some(verb_at) = relaying_verb_before(before) else {
            continue;
        };
        let clause_start = after_the_last(&before[..verb_at], CLAUSE_ENDS);
        // 「他刚来的时候看我们测关节，说了一句：」: a clause without a subject has the one of
        // the nearest clause before it in the sentence that has one.
        let sentence_start = after_the_last(&before[..clause_start], "。！？；\n”」");
        let subject = subject_of(&before[clause_start..verb_at], names).or_else(|| {
            before[sentence_start..clause_start]
                .split(|c| CLAUSE_ENDS.contains(c))
                .rev()
                .find_map(|clause| subject_of(clause, names))
        });
        let person = match subject {
            Some(Subject::Named(name)) => name,
            Some(Subject::Pronoun) => {
                match super::quotes::last_named(&before[..clause_start], names)
                    .or_else(|| named_before.map(str::to_string))
                {
                    Some(name) => name,
                    None => continue,
                }
            }
            Some(Subject::Speaker) | None => continue,
        };
        found.push((words, person));
    }
    found
}

/// The marks that end a clause, or a sentence.
const CLAUSE_ENDS: &str = "。！？；，：,;:\n”」";

/// Where `text` goes on after the last of `marks` in it (0 when it holds none).
fn after_the_last(text: &str, marks: &str) -> usize {
    text.char_indices()
        .filter(|(_, c)| marks.contains(*c))
        .map(|(at, c)| at + c.len_utf8())
        .next_back()
        .unwrap_or(0)
}

/// Where the last relaying verb stands in the sentence `before` ends with, when it is close
/// enough to the quotation that follows.
fn relaying_verb_before(before: &str) -> Option<usize> {
    let window_start = before
        .char_indices()
        .rev()
        .take(MOST_CHARS_VERB_TO_QUOTE)
        .take_while(|(_, c)| !"。！？\n”」\"".contains(*c))
        .last()
        .map_or(before.len(), |(at, _)| at);
    let window = &before[window_start..];
    RELAYING
        .iter()
        .filter_map(|verb| window.rfind(verb))
        .max()
        .map(|at| window_start + at)
}

/// The first person `clause` mentions, by one of `names`, 他/她, or 我.
fn subject_of(clause: &str, names: &[Called]) -> Option<Subject> {
    let named = names
        .iter()
        .filter_map(|(written, name)| clause.find(written.as_str()).map(|at| (at, name)))
        .min_by_key(|&(at, _)| at);
    let pronoun = clause.char_indices().find(|&(at, c)| {
        matches!(c, '他' | '她') && {
            let after = &clause[at + c.len_utf8()..];
            !after.starts_with(['们', '人']) && !clause[..at].ends_with('其')
        }
    });
    let speaker = clause.char_indices().find(|&(at, c)| {
        c == '我' && {
            let after = &clause[at + c.len_utf8()..];
            // 「跟我说」, 「告诉我」: 我 hears, someone else speaks.
            let heard = ["跟", "对", "给", "向", "和", "告诉", "问"]
                .iter()
                .any(|w| clause[..at].ends_with(w));
            !heard
                && !after.starts_with('的')
                && !after.starts_with("们的")
                && !relations().any(|r| after.starts_with(r))
                && !KIN.iter().any(|k| after.starts_with(k))
        }
    });
    let mut first: Vec<(usize, Subject)> = Vec::new();
    if let Some((at, name)) = named {
        first.push((at, Subject::Named(name.clone())));
    }
    if let Some((at, _)) = pronoun {
        first.push((at, Subject::Pronoun));
    }
    if let Some((at, _)) = speaker {
        first.push((at, Subject::Speaker));
    }
    first.into_iter().min_by_key(|(at, _)| *at).map(|(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn called(names: &[&str]) -> Vec<Called> {
        names
            .iter()
            .map(|n| (n.to_string(), n.to_string()))
            .collect()
    }

    #[test]
    fn people_introduced_by_relation_are_found_with_it() {
        let said = "我父亲龚长根以前在公社当过炊事员。儿子訾昊在潆州读大三。我丈夫彼得做了哈吉斯。\
                    客人走了以后，彼得跟我说了。我的合伙人巩蕾说过一句话。我朋友圈里说什么的都有。";
        assert_eq!(
            relatives_named(said),
            [
                ("龚长根".to_string(), "父亲"),
                ("訾昊".to_string(), "儿子"),
                ("彼得".to_string(), "丈夫"),
                ("巩蕾".to_string(), "合伙人"),
            ]
        );
        let said = "我的博士生阚小禾去年做这个实验。我们车间有个老钳工庾长海，大家都叫他老庾。";
        assert_eq!(
            relatives_named(said),
            [
                ("阚小禾".to_string(), "博士生"),
                ("庾长海".to_string(), "老钳工")
            ]
        );
        assert_eq!(role_of("栾芷", "博士生"), "栾芷的博士生");
        assert_eq!(role_of("詹立", "老钳工"), "老钳工");
    }

    #[test]
    fn a_quotation_a_third_person_is_reported_saying_is_theirs() {
        let names = called(&["龚长根", "巩蕾", "彼得"]);
        let paragraph = "看不着。我父亲龚长根以前在公社当过炊事员，我刚干这行的时候，他跟我说：\
                         “放电影的人，自己是看不着电影的。”我当时不信。";
        let found = relayed_quotes(paragraph, &names, None);
        assert_eq!(found.len(), 1);
        assert_eq!(
            &paragraph[found[0].0.clone()],
            "放电影的人，自己是看不着电影的。"
        );
        assert_eq!(found[0].1, "龚长根");
        let paragraph = "我的合伙人巩蕾说过一句话，我一直很认：“玩家买的不是剧本，是另一种人生。”";
        assert_eq!(relayed_quotes(paragraph, &names, None)[0].1, "巩蕾");
        // A clause without a subject has its sentence's; 我 after 跟 only hears.
        let names = called(&["阚小禾", "庾长海"]);
        let paragraph = "我的博士生阚小禾去年做这个实验，跑完以后盯着日志看了很久，跟我说：\
                         “老师，它不是变聪明了，是变得更会蒙了。”我们车间有个老钳工庾长海。\
                         他刚来的时候看我们测关节，说了一句：“关节不是设计出来的，是磨出来的。”";
        let people: Vec<String> = relayed_quotes(paragraph, &names, None)
            .into_iter()
            .map(|(_, person)| person)
            .collect();
        assert_eq!(people, ["阚小禾", "庾长海"]);
        // The nearest clause with a subject speaks, not the sentence's first (我们).
        let paragraph = "2023年我们去一家连锁超市谈续约，他们的CFO牟恒，牟总，跟我们说了一句话：\
                         “你们要是能把月底关账从九天变成三天，我就续约。”";
        assert_eq!(relatives_named(paragraph), [("牟恒".to_string(), "CFO")]);
        let names = vec![
            ("牟恒".to_string(), "牟恒".to_string()),
            ("牟总".to_string(), "牟恒".to_string()),
        ];
        assert_eq!(relayed_quotes(paragraph, &names, None)[0].1, "牟恒");
    }

    #[test]
    fn the_speakers_own_words_and_sayings_relay_no_one() {
        let names = called(&["龚长根"]);
        for paragraph in [
            "龚长根来了，我跟他说：“你先回去吧，明天再来也不迟。”",
            "龚长根来了。我一直记得：“放电影的人，自己是看不着电影的。”",
            "老话说：“放电影的人，自己是看不着电影的。”",
            "他们跟我说：“放电影的人，自己是看不着电影的。”",
        ] {
            assert!(
                relayed_quotes(paragraph, &names, None).is_empty(),
                "{paragraph}"
            );
        }
    }
}

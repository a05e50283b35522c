//! What a question asks for beyond its words: the kind of answer its question word wants (a
//! time, a number, an ordinal) and where a passage holds such an answer; and the question's
//! character bigrams, which still match when jieba splits a name differently in the question
//! and in the passage.
//!
//! Owns: the question-word table and the evidence scan. Works on normalized text (simplified,
//! lowercase, half-width; see [`crate::segment::normalize`]).
//!
//! Must not import: the index, answers, rendering, teloxide, tokio.

use std::ops::Range;

use crate::segment::is_han;
use crate::speakers::{bare, remove_any};

/// The kind of answer a question word asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    /// 何年, 什么时候, 哪一天 …: a year, a month, a day, a century.
    Time,
    /// 多少, 几个, 多高 …: a quantity.
    Number,
    /// 第几: a rank.
    Ordinal,
}

const ORDINAL_WORDS: &[&str] = &["第几"];
const TIME_WORDS: &[&str] = &[
    "何年",
    "哪年",
    "哪一年",
    "何时",
    "什么时候",
    "什么时间",
    "哪个时候",
    "哪个年代",
    "什么年代",
    "哪一天",
    "哪天",
    "何日",
    "几月",
    "哪个月",
    "几号",
    "哪个世纪",
    "几世纪",
    "年份",
    "多少年",
    "what year",
    "which year",
    "when did",
    "when was",
    "when will",
    "when is",
    "when does",
];
const NUMBER_WORDS: &[&str] = &[
    "多少", "多大", "多高", "多长", "多久", "多远", "多重", "多深", "多宽", "多厚", "几",
    "how many", "how much", "how long",
];

/// Words that ask why or how something is so or is done.
const WHY_OR_HOW: [&str; 9] = [
    "为什么",
    "为啥",
    "怎么",
    "如何",
    "咋",
    "怎样",
    "干嘛",
    "干吗",
    "何以",
];

/// Whether `question` (normalized) asks why or how (「符工为什么从小就会手语」) and for no
/// value: nothing but its words to check an answer by.
pub fn asks_why_or_how(question: &str) -> bool {
    WHY_OR_HOW.iter().any(|w| question.contains(w)) && demands(question).is_none()
}

/// Whether `question` asks what someone said (「他导师常说的那句话是什么」, 「老庾说关节是怎么来的」,
/// 「博士生是怎么吐槽的」), not a fact about them.
pub fn asks_what_was_said(question: &str) -> bool {
    const SAID: [&str; 14] = [
        "提了",
        "提出",
        "说",
        "讲",
        "吐槽",
        "评价",
        "形容",
        "那句话",
        "原话",
        "叮嘱",
        "交代",
        "念叨",
        "告诉",
        "怎么看",
    ];
    SAID.iter().any(|said| question.contains(said))
}

/// Whether `question` asks for someone's own words, not what others say of them
/// (「邰宁自己是怎么说的」, 「他本人怎么说」).
pub fn asks_own_words(question: &str) -> bool {
    ["自己", "本人", "亲口"].iter().any(|own| {
        question.match_indices(own).any(|(at, _)| {
            let after = question[at + own.len()..].trim_start_matches('是');
            [
                "怎么说",
                "说了什么",
                "说过什么",
                "说了啥",
                "咋说",
                "怎么讲",
                "说",
            ]
            .iter()
            .any(|said| after.starts_with(said))
        })
    })
}

/// The kind of answer `question` (normalized) asks for, if its question word says.
pub fn asks(question: &str) -> Option<AnswerKind> {
    let has = |words: &[&str]| words.iter().any(|w| contains_question_word(question, w));
    if has(ORDINAL_WORDS) {
        Some(AnswerKind::Ordinal)
    } else if has(TIME_WORDS) {
        Some(AnswerKind::Time)
    } else if has(NUMBER_WORDS) {
        Some(AnswerKind::Number)
    } else {
        None
    }
}

/// Time words that only a date answers (哪年, 哪天, 几号): unlike 什么时候 or 何时, which
/// also ask "in what situation" (什么时候该用强化学习).
const DATE_WORDS: &[&str] = &[
    "何年",
    "哪年",
    "哪一年",
    "哪个年代",
    "什么年代",
    "哪一天",
    "哪天",
    "何日",
    "几月",
    "哪个月",
    "几号",
    "哪个世纪",
    "几世纪",
    "年份",
    "几点",
];

/// Measure words after 几 that count things (几个, 几步, 几倍): 几 then asks for a number.
const COUNTED_AFTER_JI: &str =
    "个位家次种步倍年天岁张块名篇条项层轮代款十百千万亿台成毛元斤米辆户份件间座遍趟周吨批只头棵亩本支双箱碗桌杯站平公场期届集班";

/// What 多少 may ask about without asking for a figure (多少影响 "how much influence"),
/// separated by spaces.
const NOT_A_FIGURE_AFTER_DUOSHAO: &str = concat!(
    "影响 帮助 意义 价值 作用 区别 差距 差别 好处 坏处 进步 变化 关系 道理 机会 风险 信心 ",
    "把握 兴趣 空间 潜力 优势 启发 启示 贡献 改变 冲击 压力 创新 技术含量 水分 真 可信"
);

/// The kind of value `question` (normalized) cannot do without: a date for 哪年 or 几号, a
/// figure for 多少钱 or 几个, a rank for 第几. A passage that states none does not answer it,
/// however well its words match. `None` when the question word also takes an answer in
/// words (什么时候, 多久, 多少影响, 哪几个, 这几年).
pub fn demands(question: &str) -> Option<AnswerKind> {
    if asks_age(question) {
        Some(AnswerKind::Number)
    } else if contains_question_word(question, "第几") {
        Some(AnswerKind::Ordinal)
    } else if DATE_WORDS.iter().any(|w| question.contains(w)) {
        Some(AnswerKind::Time)
    } else if asks_for_a_figure(question) || asks_how_long(question) {
        Some(AnswerKind::Number)
    } else {
        None
    }
}

/// 「坐船去桧屿岛要多久」, 「要多长时间」: a length of time, said as a number and a unit of
/// time (40分钟, 三个月).
pub fn asks_how_long(question: &str) -> bool {
    ["多久", "多长时间", "多少时间"]
        .iter()
        .any(|w| question.contains(w))
}

/// 「旧货市场几点开门」: the hour of the day, said as a number before 点 or 时 (六点, 10时,
/// 八点半) or a clock time (10:30).
pub fn asks_the_hour(question: &str) -> bool {
    ["几点", "what time"].iter().any(|w| question.contains(w))
}

/// 「新店几号开业」: the day of the month, said as a number before 号 or 日 (28号, 十二月五日).
pub fn asks_the_day(question: &str) -> bool {
    question.contains("几号")
}

/// Whether `text` (normalized) gives a day of the month: see [`asks_the_day`].
pub fn tells_the_day(text: &str) -> bool {
    counts(text).any(|figure| {
        figure
            .after
            .trim_start_matches(' ')
            .starts_with(['号', '日'])
    })
}

/// Whether `text` (normalized) gives an hour of the day: see [`asks_the_hour`].
pub fn tells_the_hour(text: &str) -> bool {
    let by_the_clock = counts(text).any(|figure| {
        let after = figure.after.trim_start_matches(' ');
        after.starts_with('点')
            || (after.starts_with('时')
                && !["时候", "时间", "时期", "时代"]
                    .iter()
                    .any(|w| after.starts_with(w)))
    });
    let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
    by_the_clock
        || text.match_indices([':', '：']).any(|(at, mark)| {
            let before = text[..at]
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .count();
            (1..=2).contains(&before) && digits(&text[at + mark.len()..]) == 2
        })
}

/// Whether `text` (normalized) gives a length of time: a number with a unit of time after it
/// (40分钟, 三个小时, 两周, 半年).
pub fn counts_time(text: &str) -> bool {
    const UNITS: [&str; 12] = [
        "分钟",
        "小时",
        "钟头",
        "天",
        "周",
        "星期",
        "礼拜",
        "月",
        "年",
        "秒",
        "刻钟",
        "工作日",
    ];
    counts(text).any(|figure| {
        let after = figure.after.trim_start_matches(' ');
        let after = after.strip_prefix('个').unwrap_or(after);
        let after = after.strip_prefix('多').unwrap_or(after);
        UNITS.iter().any(|unit| after.starts_with(unit))
    })
}

/// 多少 not before a word of [`NOT_A_FIGURE_AFTER_DUOSHAO`] (nor in 多多少少 or 或多或少), or
/// 几 with a counting measure word, not after 哪 (哪几个 asks which) nor as "a few" (这几年,
/// 前几天, 好几个).
fn asks_for_a_figure(question: &str) -> bool {
    let duoshao = question.match_indices("多少").any(|(i, w)| {
        let before = &question[..i];
        let after = question[i + w.len()..].trim_start_matches('的');
        !before.ends_with('多')
            && !before.ends_with("或多或")
            && !NOT_A_FIGURE_AFTER_DUOSHAO
                .split(' ')
                .any(|word| after.starts_with(word))
    });
    duoshao || measures_after_ji(question).any(|c| COUNTED_AFTER_JI.contains(c))
}

/// The words after each 几 that asks how many: not after 哪 (哪几个 asks which), not as "a
/// few" (这几年, 前几天, 好几个), none when 哪 or 谁 asks instead ([`asks_which_or_who`]).
fn measures_after_ji(question: &str) -> impl Iterator<Item = char> + '_ {
    let asks_elsewhere = asks_which_or_who(question);
    question.match_indices('几').filter_map(move |(i, w)| {
        let before = question[..i].chars().next_back();
        let counts = !asks_elsewhere && !before.is_some_and(|c| "哪这那前近好最".contains(c));
        counts
            .then(|| question[i + w.len()..].chars().next())
            .flatten()
    })
}

/// 「北朝幾個朝代中，哪個朝代最積極建築長城」: with 哪 or 谁 asking, 几个 only says "several".
fn asks_which_or_who(question: &str) -> bool {
    question.contains('谁')
        || question
            .match_indices('哪')
            .any(|(i, w)| !question[i + w.len()..].starts_with('几'))
}

/// Measure words that say what a figure counts (几步, 多少个): an answer names them right after
/// its number (两步, 上百个).
const COUNTING_MEASURES: &str = "个位家次种步倍年天岁张块名篇条项层轮代款人";

/// Words that ask someone's age (梁文锋今年多大, 吴翼多大了): only a number of years (35 岁)
/// answers, see [`counted_in`].
fn asks_age(question: &str) -> bool {
    // Not 年龄 alone: 「恆星的年齡」 and 「年齡限制」 are answered in other words.
    [
        "多大了",
        "多大年纪",
        "多大岁数",
        "今年多大",
        "几岁",
        "多少岁",
    ]
    .iter()
    .any(|w| question.contains(w))
}

/// The measure an age is counted in: a question for one (几岁, 多大了) is answered only by an
/// age (35 岁, 「今年四十四」), not by any other figure.
pub const AGE: char = '岁';

/// The measure word a question for a figure counts in (几步 → 步, 多少个 → 个, 多大了 → 岁), if it
/// names one.
pub fn counted_in(question: &str) -> Option<char> {
    if asks_age(question) {
        return Some(AGE);
    }
    let counting = |c: &char| COUNTING_MEASURES.contains(*c);
    let after_duoshao = || {
        question.match_indices("多少").find_map(|(i, w)| {
            let before = question[..i].chars().next_back();
            if before.is_some_and(|c| "哪这那前近好最多或".contains(c)) {
                return None;
            }
            question[i + w.len()..].chars().next().filter(counting)
        })
    };
    measures_after_ji(question)
        .find(counting)
        .or_else(after_duoshao)
}

/// What a question for a figure counts, when it names it right after the question word
/// (多少卡, 多少张卡 → 卡; 几个员工 → 员): a passage answers with a number before it (万卡).
pub fn counted_thing(question: &str) -> Option<char> {
    let thing = |after: &str| {
        let after = after.trim_start_matches('的');
        if after.starts_with("人民币") {
            return Some('钱');
        }
        let mut chars = after.chars().peekable();
        if chars.peek().is_some_and(|c| MEASURES.contains(*c)) {
            chars.next();
        }
        // 「毛利率从多少掉到多少」: a change from a figure, not a thing counted.
        chars.next().filter(|&c| {
            crate::segment::is_han(c)
                && !"的了吗呢啊呀吧么".contains(c)
                && !"掉降涨升跌减增变到".contains(c)
        })
    };
    question
        .match_indices("多少")
        .chain(question.match_indices('几'))
        .filter(|&(i, _)| {
            let before = question[..i].chars().next_back();
            // 百分之多少的人 asks a share of them, not a count.
            !before.is_some_and(|c| "哪这那前近好最多或".contains(c))
                && !question[..i].ends_with("百分之")
        })
        .find_map(|(i, w)| thing(&question[i + w.len()..]))
        .or_else(|| asks_a_sum(question).then_some('钱'))
}

/// Words for a sum of money a question asks the amount of (「工资多少」, 「出厂价多少」,
/// 「总投资多少」, 「一个月能挣多少」): the answer must give money, not another figure of the
/// same thing.
const SUMS: [&str; 24] = [
    "挣",
    "赚",
    "工资",
    "薪水",
    "薪资",
    "月薪",
    "年薪",
    "日薪",
    "时薪",
    "价格",
    "价钱",
    "售价",
    "出厂价",
    "票价",
    "单价",
    "投资",
    "费用",
    "学费",
    "租金",
    "融资",
    "补贴",
    "奖金",
    "报酬",
    "预算",
];

/// Whether `question` asks how much a sum of money is: a word of [`SUMS`] right before 多少 or
/// 几 (「一个月工资多少」, 「总投资多少钱」).
fn asks_a_sum(question: &str) -> bool {
    question
        .match_indices("多少")
        .chain(question.match_indices('几'))
        .any(|(i, _)| {
            let before = question[..i]
                .trim_end_matches(['是', '有', '能', '要', '给', '大', '概', '了', '得']);
            SUMS.iter().any(|sum| before.ends_with(sum))
        })
}

/// Whether `c` counts or measures what a number before it says (2 张, 3 倍, 10 亿, 5 年).
pub fn is_measure_or_unit(c: char) -> bool {
    MEASURES.contains(c)
        || COUNTING_MEASURES.contains(c)
        || "万亿千百年月日号天岁元块分秒".contains(c)
}

/// Measure words of things sold or served by the ten thousand (三千万道题, 50 万单, 2 万吨),
/// besides [`MEASURES`]: a count in 万 before one is no sum of money.
const THINGS_IN_WAN: &str = "道单份杯盒瓶辆吨箱套户座艘架头粒剂支双";

/// Measure words a figure may stand before its thing with (多少张卡).
const MEASURES: &str = "个位家次种步倍张块名篇条项层轮代款台件只本部根";

/// Byte offsets in `text` (normalized) of numbers followed by the measure word `measure`
/// (两步, 上百个, 10 倍, 三十多个, 半个): the figure a question asked in that measure wants.
pub fn counted(text: &str, measure: char) -> Vec<usize> {
    counts(text)
        .filter(|figure| figure.after.starts_with(measure))
        .map(|figure| figure.before.len())
        .collect()
}

/// Whether `text` (normalized) gives a number of people: a number with 人, 名 or 位 after it
/// (三十多人, 200 名, 数百位), or with a word for people (上百个数学博士), a share of people (90%
/// 的人), or a count in 万 or 亿 (150 万). A question for 多少人 is not answered by 半年 or a
/// date.
pub fn counts_people(text: &str) -> bool {
    counts(text).any(|figure| {
        let after = figure.after.strip_prefix('个').unwrap_or(figure.after);
        let of_people = ["人", "名", "位"].iter().any(|w| after.starts_with(w));
        (figure.in_wan() || of_people || names_people(after) || share_of_people(after))
            && !after.starts_with("人民币")
    })
}

/// Whether the words after a count name people (上百个数学博士, 10 个研究员, 100 个用户): a
/// word of up to four characters that ends in one people end with (士, 师, 员, 生, 者, 户).
fn names_people(after: &str) -> bool {
    let word: Vec<char> = after
        .chars()
        .take_while(|&c| crate::segment::is_han(c))
        .take(4)
        .collect();
    word.iter().skip(1).any(|c| "士师员生者户".contains(*c))
}

/// 90% 的人, 三分之二的人: a share of people answers how many they are.
fn share_of_people(after: &str) -> bool {
    let fraction = after.strip_prefix("分之").map(|rest| {
        rest.trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
    });
    fraction
        .or_else(|| after.strip_prefix(['%', '％']))
        .map(|rest| rest.trim_start_matches(' ').trim_start_matches('的'))
        .is_some_and(|rest| rest.starts_with('人'))
}

/// Whether `text` (normalized) gives a sum of money: a number with a currency after it (300
/// 美金, 2 块钱) or a sign before it ($20.8), a count in 万 or 亿 (几百万, 1 亿), or a
/// decimal (a fare of 16.6). A question for 多少钱 is not answered by 上百个数学博士.
pub fn counts_money(text: &str) -> bool {
    const CURRENCIES: &[&str] = &[
        "元",
        "块",
        "毛钱",
        "分钱",
        "角钱",
        "美元",
        "美金",
        "刀",
        "英镑",
        "欧元",
        "日元",
        "港元",
        "港币",
        "台币",
        "人民币",
        "法郎",
        "卢布",
    ];
    counts(text).any(|figure| {
        let after_a_name = figure
            .before
            .trim_end()
            .ends_with(|c: char| c.is_ascii_alphabetic());
        (figure.in_wan() && !figure.counts_things_in_wan())
            || figure.said_short()
            || (figure.followed_by(CURRENCIES) && !figure.counts_things_in_kuai())
            || figure.before.ends_with(['$', '¥', '￥'])
            || (figure.decimal() && !after_a_name)
    })
}

/// A number in a text, as [`counts`] finds it.
struct Count<'a> {
    /// The text before it.
    before: &'a str,
    /// Its numerals (三十, 150, 千万).
    run: &'a str,
    /// What follows, after spaces and approximations (多, 余, 来, 几).
    after: &'a str,
}

impl Count<'_> {
    /// A count in 万 or 亿; 万 or 亿 alone is a word as often as a figure (昆仑万维, 万万没想到).
    fn in_wan(&self) -> bool {
        let numerals_before = self
            .run
            .split(['万', '亿'])
            .next()
            .is_some_and(|n| !n.is_empty());
        (self.run.contains(['万', '亿']) && numerals_before) || self.after.starts_with(['万', '亿'])
    }

    /// 四万八, 两千二, 三百八: a figure said short, its last place left out, as prices are
    /// spoken («带原厂镜头，四万八。»); nothing counted after it.
    fn said_short(&self) -> bool {
        let mut from_end = self.run.chars().rev();
        let last = from_end.next();
        let place = from_end.next();
        matches!(place, Some('百' | '千' | '万' | '亿'))
            && last.is_some_and(|c| "一二三四五六七八九两".contains(c))
            && from_end
                .next()
                .is_some_and(|c| "一二三四五六七八九两十".contains(c))
            && (self.after.starts_with("左右")
                || !self.after.starts_with(|c: char| c.is_alphanumeric()))
    }

    /// 42 万台, 3 万家, 200 万人: a count in 万 of things or people, not money (300 万元, 2 亿美金).
    fn counts_things_in_wan(&self) -> bool {
        let rest = self.after.trim_start_matches(['万', '亿']).trim_start();
        rest.starts_with(|c: char| {
            c != '块'
                && (MEASURES.contains(c)
                    || COUNTING_MEASURES.contains(c)
                    || THINGS_IN_WAN.contains(c))
        })
    }

    fn followed_by(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.after.starts_with(w))
    }

    /// 2048 块 H800, 两块卡: 块 counting things, not money (块钱, 10 块。).
    fn counts_things_in_kuai(&self) -> bool {
        let Some(rest) = self.after.strip_prefix('块') else {
            return false;
        };
        let next = rest.trim_start_matches(' ').chars().next();
        next.is_some_and(|c| c != '钱' && (c.is_ascii_alphanumeric() || crate::segment::is_han(c)))
    }

    /// 16.6: the numerals were digits and a point and a digit follow (not a version after a
    /// name: Claude 3.5).
    fn decimal(&self) -> bool {
        let mut after = self.after.chars();
        self.run.bytes().all(|b| b.is_ascii_digit())
            && after.next() == Some('.')
            && after.next().is_some_and(|c| c.is_ascii_digit())
    }
}

/// The numbers in `text` (normalized) that count something (半 included: 半个): not ordinals
/// (第二名), not part of a name (R1), not the adverb 千万 (「你千万别来」).
fn counts(text: &str) -> impl Iterator<Item = Count<'_>> + '_ {
    let mut rest = 0;
    std::iter::from_fn(move || loop {
        let from = rest;
        let numeral = |c: char| is_numeral(c) || c == '半';
        let start = from + text[from..].find(numeral)?;
        let len = text[start..]
            .find(|c| !numeral(c))
            .unwrap_or(text.len() - start);
        rest = start + len;
        let run = &text[start..rest];
        let after = text[rest..].trim_start_matches([' ', '多', '余', '来', '几']);
        let before = &text[..start];
        if !before.trim_end_matches(' ').ends_with('第')
            && !part_of_a_name(text, start)
            && !adverb_qianwan(text, start, run)
        {
            return Some(Count { before, run, after });
        }
    })
}

/// Whether the numeral run `run` at `start` is the adverb 千万 (「你千万别来」), not ten million
/// (上千万, 几千万).
fn adverb_qianwan(text: &str, start: usize, run: &str) -> bool {
    run == "千万" && !text[..start].ends_with(['上', '几', '数', '近', '超', '过'])
}

/// Whether `text` (normalized) states a value of `kind`: [`evidence`] of it, or for a figure
/// also a half, a multiple or a share (半年, 一半, 几十, 数百, 两倍, 30%), for a date also a
/// date said in words (去年, 春节). A date (2023 年, 11 月 20 日) is no figure, unless the
/// question counts in its unit (`counted_in`: 多少年): 「DeepSeek 的日活用户有多少」 is not
/// answered by the day R1-Lite came out.
pub fn states(text: &str, kind: AnswerKind, counted_in: Option<char>) -> bool {
    const FIGURE_WORDS: &str = concat!(
        "半 几十 几百 几千 几万 几亿 数十 数百 数千 数万 数亿 倍 % ％ 百分之 满分 ",
        "亿级 万级 亿人 万人 美金 美元 人民币 块钱 上百 上千 上万 上亿 成百 成千 近百 近千 好几 十几"
    );
    const DATE_SAID_IN_WORDS: &str =
        "去年 今年 明年 前年 春节 昨天 今天 前天 上周 上个月 年初 年底 年前 年后";
    let words = match kind {
        AnswerKind::Number => FIGURE_WORDS,
        AnswerKind::Time => DATE_SAID_IN_WORDS,
        AnswerKind::Ordinal => "",
    };
    let counts = |at: usize| match kind {
        AnswerKind::Number => date_unit(text, at).is_none_or(|unit| Some(unit) == counted_in),
        AnswerKind::Time => !a_length_of_years(&text[..at], &text[at..]),
        _ => true,
    };
    evidence(text, kind)
        .into_iter()
        .any(|at| !part_of_a_name(text, at) && counts(at))
        || words.split_whitespace().any(|w| text.contains(w))
}

/// The unit when the number at `at` is part of a date: a day or a month (20 日, 11 月), or a
/// year of three figures or more (2023 年; 两年 is a length of time).
fn date_unit(text: &str, at: usize) -> Option<char> {
    let rest = &text[at..];
    let run = rest.chars().take_while(|&c| is_numeral(c)).count();
    let mut after = rest.chars().skip(run);
    let unit = match after.next()? {
        ' ' => after.next()?,
        c => c,
    };
    match unit {
        '日' | '号' | '月' => Some(unit),
        '年' if run >= 3 => Some(unit),
        _ => None,
    }
}

/// Whether `text` opens with a length of years in Chinese numerals after a word that says
/// how long (来了两年, 做了十年, 近三年): no answer to 哪一年. Not a year (二〇一九年, 嘉靖九年)
/// nor a time counted from now (三年前, 十年后).
fn a_length_of_years(before: &str, text: &str) -> bool {
    if !before.ends_with(|c: char| "了来过近这那满整足花用干做待".contains(c)) {
        return false;
    }
    let run = text
        .chars()
        .take_while(|&c| "一二三四五六七八九十两几".contains(c))
        .count();
    let rest: String = text.chars().skip(run).collect();
    let rest = rest.trim_start_matches(['多', '来', '余']);
    (1..=3).contains(&run)
        && rest.starts_with('年')
        && !rest[3..].starts_with(['前', '后', '初', '底', '代'])
}

/// Whether `text` opens with half a unit of time (半年, 半天, 半个月, 半小时).
fn half_a_period(text: &str) -> bool {
    [
        "半年",
        "半天",
        "半月",
        "半个月",
        "半周",
        "半小时",
        "半个小时",
    ]
    .iter()
    .any(|p| text.starts_with(p))
}

/// Digits glued to the letters before them name a thing (R1, V3, o1, GPT-4), they count
/// nothing.
fn part_of_a_name(text: &str, at: usize) -> bool {
    let mut before = text[..at].chars().rev();
    match before.next() {
        Some(c) if c.is_ascii_alphabetic() => true,
        Some('-') => before.next().is_some_and(|c| c.is_ascii_alphabetic()),
        _ => false,
    }
}

/// Measure words a question asks which one of a kind in (哪所学校, 哪家公司, 那四家快递): the
/// kinds that have names of their own.
/// Not 位: who says a thing answers 哪位 as well as a name does.
const WHICH_MEASURES: &str = "所家部本款座条支间项首篇门个";

/// The measure word of a question that names none (「……的网友叫什么」): 个, which any measure
/// word in a passage may stand for, 位 included.
const ANY_MEASURE: char = '个';

/// What ends the words that say a kind after its measure word (哪家公司**干**过, 那家药企**叫**什
/// 么): particles, verbs of the question and punctuation.
const KIND_ENDS: &str = "的是叫在干有用做吗呢啊吧和与或跟比更最较具分到去来过读都也还，,。？?！!";

/// Words that end the words of a kind as well (哪个大学**毕业**的, 那四家快递**具体**是).
const KIND_END_WORDS: [&str; 6] = ["毕业", "工作", "上班", "合作", "具体", "分别"];

/// Words that ask for a name in so many words: 名字 says what is asked, not what about.
const NAME_WORDS: &[&str] = &["什么名字", "啥名字", "名字是什么", "名字叫什么", "名字叫啥"];

/// Words that ask what something is called (叫什么, 什么名字).
const ASKS_A_NAME: &[&str] = &["叫什么", "叫啥", "什么名字", "名字是什么", "名字叫", "全称"];

/// A question that asks which one (or which ones) of a kind: 「南屏一中托管合作的是省城哪所学
/// 校」, 「那四家民营快递具体是哪几家」, 「那家欧洲药企叫什么名字」. Only a name answers it, and a
/// passage that counts the kind without naming it (「一所名校」, 「四家民营快递企业」, 「只投了 4
/// 个」) does not: see [`counts_without_naming`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhichOne {
    /// The measure word the kind is counted in (所, 家, 个).
    pub measure: char,
    /// The words that say the kind (学校, 民营快递, 欧洲药企), possibly empty (哪几个).
    pub kind: String,
    /// Whether the question asks for more than one (哪几家, 那四家, 那 4 个).
    pub several: bool,
    /// How many the question says there are (4 of 那四家).
    pub count: Option<u64>,
    /// What the question asks which one it is, when it says so before 是 (发行商 of 「雾港来信的
    /// 发行商是哪家公司」); empty otherwise.
    pub subject: String,
}

/// The "which one" `question` (normalized) asks, if it asks one: 哪 (哪几, 哪一) before a
/// measure word of [`WHICH_MEASURES`], or 叫什么 of a kind pointed at with 那 or 这 and a
/// measure word (那家欧洲药企叫什么名字). Not a comparison (「R1 和 o3 哪个更强」).
pub fn asks_which_one(question: &str) -> Option<WhichOne> {
    if asks_who_said(question) {
        return None;
    }
    let measure_at = |at: usize| {
        question[at..]
            .chars()
            .next()
            .filter(|&c| WHICH_MEASURES.contains(c))
    };
    let kind_after = |at: usize| -> String {
        let rest = question[at..].trim_start();
        let end = rest
            .char_indices()
            .find(|&(i, c)| {
                // 比 ends a kind where it compares, not in 比赛.
                (KIND_ENDS.contains(c) && (c != '比' || compares(&rest[i..])))
                    || KIND_END_WORDS.iter().any(|w| rest[i..].starts_with(w))
            })
            .map_or(rest.len(), |(i, _)| i);
        rest[..end].trim_end().to_string()
    };
    let pointed = |measure: Option<char>| {
        // 那家欧洲药企, 那四家民营快递, 那 4 个 AI 项目: the kind the question points at.
        let pointers = question
            .match_indices(['那', '这'])
            .map(|(i, w)| i + w.len())
            .chain(
                question
                    .char_indices()
                    .filter(|&(i, c)| {
                        is_numeral(c) && !question[..i].chars().next_back().is_some_and(is_numeral)
                    })
                    .map(|(i, _)| i),
            );
        pointers.into_iter().find_map(|from| {
            let after = &question[from..];
            let count = after.trim_start_matches(|c: char| is_numeral(c) || c == ' ');
            let m = count
                .chars()
                .next()
                .filter(|&c| WHICH_MEASURES.contains(c))?;
            if measure.is_some_and(|wanted| wanted != m) {
                return None;
            }
            let at = question.len() - count.len() + m.len_utf8();
            let kind = kind_after(at).trim().to_string();
            let number = count_value(after[..after.len() - count.len()].trim());
            let several = number.is_some_and(|n| n > 1);
            (!kind.is_empty()).then_some(WhichOne {
                measure: m,
                kind,
                several,
                count: number.filter(|_| several),
                subject: String::new(),
            })
        })
    };
    for (i, w) in question.match_indices('哪') {
        let mut at = i + w.len();
        // 哪几家, 哪一家, 哪两个县 (two of them, still unnamed: 「两个县」).
        let numeral = question[at..]
            .find(|c: char| !(is_numeral(c) || c == '几'))
            .unwrap_or(question.len() - at);
        let said = &question[at..at + numeral];
        let count = count_value(said).filter(|&n| n > 1);
        let several = said == "几" || count.is_some();
        at += numeral;
        let Some(measure) = measure_at(at) else {
            continue;
        };
        let kind = kind_after(at + measure.len_utf8()).trim().to_string();
        // 「雾港来信的发行商是哪家公司」: what is asked about is a 发行商 as much as a 公司.
        let subject = question[..i]
            .strip_suffix('是')
            .map_or("", word_before)
            .to_string();
        let compares = compares(&question[at..]);
        // A bare 哪个 compares (「R1 和 o3 哪个强」) unless the question points at its kind
        // (「那个西部省份是哪个」).
        let bare = kind.is_empty() && !several && pointed(Some(measure)).is_none();
        if measure == '个' && (compares || bare) {
            continue;
        }
        if !kind.is_empty() {
            return Some(WhichOne {
                measure,
                kind,
                several,
                count,
                subject,
            });
        }
        // 「那四家民营快递具体是哪几家」: the kind stands where the question points at it, or
        // before 是 (「跟云舒签约的国际酒店集团是哪家」).
        return match pointed(Some(measure)) {
            Some(which) => Some(WhichOne {
                several: several || which.several,
                ..which
            }),
            None => (!subject.is_empty()).then(|| WhichOne {
                measure,
                kind: subject.clone(),
                several,
                count,
                subject,
            }),
        };
    }
    // 「那家欧洲药企叫什么名字」, 「那个单飞的女主播叫什么名字」: the words before 叫什么 say the
    // kind as well.
    let asked_at = ASKS_A_NAME.iter().find_map(|w| question.find(w))?;
    let before = word_before(&question[..asked_at]);
    let Some(which) = pointed(None) else {
        // 「给救护站捐 X 光机的网友叫什么」: any count of the kind says it unnamed.
        return (!before.is_empty()).then(|| WhichOne {
            measure: ANY_MEASURE,
            kind: before.to_string(),
            several: false,
            count: None,
            subject: String::new(),
        });
    };
    let before = before.trim_start_matches(which.measure);
    let kind = match before.contains(&which.kind) {
        true => before.to_string(),
        false => format!("{} {before}", which.kind).trim_end().to_string(),
    };
    Some(WhichOne { kind, ..which })
}

/// Whether what follows 哪个 compares (更强, 最好, 比 R1 强), not 比赛 or 比例.
fn compares(after: &str) -> bool {
    after.contains(['更', '最'])
        || after
            .match_indices('比')
            .any(|(i, w)| !after[i + w.len()..].starts_with(['赛', '例', '重', '率', '分', '特']))
}

/// The words that end `text` back to a particle, a verb of the question or 那 and 这:
/// 发行商 of 「雾港来信的发行商」, 欧洲药企 of 「授权的那家欧洲药企」.
fn word_before(text: &str) -> &str {
    let start = text
        .char_indices()
        .rev()
        .find(|&(_, c)| KIND_ENDS.contains(c) || c == '那' || c == '这')
        .map_or(0, |(i, c)| i + c.len_utf8());
    &text[start..]
}

/// How many characters after a count its kind may end (「一家德国的 DIY 连锁」).
const KIND_WITHIN: usize = 12;

/// Where `text` (normalized) counts the kind `which` asks about without naming it, as a byte
/// range: 「一所名校」 in 「和省城的一所名校建立了托管合作」 for 哪所学校, 「四家民营快递」 for 那四
/// 家……哪几家, 「4 个」 in 「最后只投了 4 个。」 for 那 4 个……哪几个.
///
/// That is 一 or 某 before the measure word when the question asks for one, and the number the
/// question says (or any above one) when it asks for several; another measure word counts too
/// when the question says 个 (哪个大学, 一所大学). Then, within [`KIND_WITHIN`] characters of the
/// same clause, the last character of the kind (校 of 学校 in 名校); or nothing at all when several
/// are asked (「只投了 4 个。」).
///
/// Not when the count says what something named before it is (see [`classifies`]), when the
/// clause names it (「一家叫深码的公司」) or counts it among others (「34 个非都市郡
/// 之一」), the next clause begins to name it (「四家：中通、圆通……」, 「一家欧洲药企，也就是
/// ……」) or the rest goes through them one by one (「有三个看点。第一是……」).
pub fn counted_without_a_name(text: &str, which: &WhichOne) -> Option<Range<usize>> {
    const COUNT: fn(char) -> bool = |c| is_numeral(c) || c == '几' || c == '某';
    const NAMING: [&str; 8] = ["叫", "名为", "名叫", "就是", "即", "包括", "分别", "之一"];
    const NAMES_NEXT: [&str; 8] = ["：", ":", "（", "(", "，就是", "，也就是", "，即", "，包括"];
    // The last character of each word of the kind and of the subject (司 and 商 of 「发行商是
    // 哪家公司」).
    let last_of = |word: &str| word.chars().rev().find(|&c| is_han(c) && !is_numeral(c));
    let subject = last_of(&which.subject);
    // A verb may trail the kind (化工企业供 of 「哪家化工企业供的」): a longer kind may end one
    // character early as well.
    let but_last = |word: &str| {
        let chars: Vec<char> = word.chars().collect();
        (chars.len() >= 3).then(|| last_of(&chars[..chars.len() - 1].iter().collect::<String>()))?
    };
    let lasts: Vec<char> = which
        .kind
        .split(' ')
        .filter_map(last_of)
        .chain(subject)
        .collect();
    let early: Vec<char> = which.kind.split(' ').filter_map(but_last).collect();
    let mut from = 0;
    while let Some(found) = text[from..].find(COUNT) {
        let start = from + found;
        let count_end = text[start..]
            .find(|c: char| !COUNT(c))
            .map_or(text.len(), |len| start + len);
        from = count_end;
        let count = &text[start..count_end];
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| c == '第' || c.is_ascii_alphanumeric() || c == '-')
            || (!cleft(&text[count_end..]) && classifies(&text[..start], subject))
        {
            continue;
        }
        let fits_the_count = match (which.several, which.count) {
            (false, _) => count == "一" || count == "某",
            (true, Some(n)) => count_value(count) == Some(n),
            (true, None) => count_value(count).is_some_and(|n| n > 1),
        };
        let after = text[count_end..].trim_start_matches(' ');
        let Some(measure) = after
            .chars()
            .next()
            .filter(|&c| WHICH_MEASURES.contains(c) || c == '位')
        else {
            continue;
        };
        let fits = measure == which.measure || which.measure == ANY_MEASURE;
        if !fits_the_count || !fits {
            continue;
        }
        let rest = &after[measure.len_utf8()..];
        let clause_len = rest
            .find(|c: char| !(is_han(c) || c.is_ascii_alphanumeric() || c == ' '))
            .unwrap_or(rest.len());
        let clause = &rest[..clause_len];
        let mention_end = match clause.trim().is_empty() {
            true => which.several.then_some(0),
            false => clause
                .char_indices()
                .take(KIND_WITHIN)
                .find(|&(i, c)| lasts.contains(&c) && ends_a_noun(clause, i, c))
                .or_else(|| {
                    clause
                        .char_indices()
                        .take(KIND_WITHIN)
                        .find(|&(i, c)| early.contains(&c) && ends_a_noun(clause, i, c))
                })
                .map(|(i, c)| i + c.len_utf8()),
        };
        let names_it = NAMING.iter().any(|w| clause.contains(w))
            || NAMES_NEXT.iter().any(|w| rest[clause_len..].starts_with(w))
            || names_in_the_next_clause(&rest[clause_len..])
            || enumerates(rest);
        if let (Some(end), false) = (mention_end, names_it) {
            let rest_at = text.len() - rest.len();
            return Some(start..rest_at + end);
        }
    }
    None
}

/// Whether a count after `before` says what a thing named before it is (「启衡是一家苏州的药
/// 企」, 「是沪昆客运专线的一个车站」, 「成为一所……大学」), rather than bringing in another one
/// (「是 2020 年和省城的一所名校……」): 是 or 为 within the ten characters before it in the same
/// clause, with no word for another party (和, 与, 给 …) after it. Not when what stands before
/// 是 is what the question asks which one it is (「我们的发行商是一家国内发行商」 for 「发行商是
/// 哪家公司」: `subject` is 商).
fn classifies(before: &str, subject: Option<char>) -> bool {
    for (at, c) in before.char_indices().rev().take(10) {
        if "是为".contains(c) {
            // 「岱州的氢主要是一家……」: what is said of stands before the adverb.
            let said_of = ["主要", "其实", "大多", "基本", "都", "也", "就", "还"]
                .iter()
                .fold(before[..at].trim_end(), |text, adverb| {
                    text.strip_suffix(adverb).unwrap_or(text)
                })
                .chars()
                .next_back();
            return subject.is_none() || said_of != subject;
        }
        if "和与跟同给向把被对，,。；;：:！？!?\n".contains(c) {
            return false;
        }
    }
    false
}

/// Whether the clause from a count on ends in 的 (「是一家户外品牌前年捐的。」): 是……的 says
/// who did it, and is no classification.
fn cleft(after_count: &str) -> bool {
    let end = after_count
        .find(['，', ',', '。', '；', ';', '！', '？', '!', '?', '\n'])
        .unwrap_or(after_count.len());
    after_count[..end].ends_with('的')
}

/// Whether `c` at `i` in `clause` may end the noun it stands in: not when it starts a word
/// after 的 (学 of 「一个刚毕业的学生」 is no 大学).
fn ends_a_noun(clause: &str, i: usize, c: char) -> bool {
    let before = clause[..i].chars().next_back();
    let after = clause[i + c.len_utf8()..].chars().next();
    !(before == Some('的') && after.is_some_and(is_han))
}

/// Whether the clause `after` opens (「，OpenAI 的模型和 Anthropic 的 Claude。」) names things:
/// Latin letters or a title in 《》 or 「」.
fn names_in_the_next_clause(after: &str) -> bool {
    let Some(next) = after.strip_prefix(['，', ',']) else {
        return false;
    };
    let end = next
        .find(['，', ',', '。', '；', ';', '！', '？', '!', '?', '\n'])
        .unwrap_or(next.len());
    next[..end].contains(|c: char| c.is_ascii_alphabetic() || c == '《' || c == '「')
}

/// Whether `text` goes through things one by one: 「第一是……」, 「首先」, 「1. ……」 (not 1.8).
fn enumerates(text: &str) -> bool {
    // Not 第一次 or 第一年: the first time names nothing in turn.
    const WORDS: [&str; 9] = [
        "第一是",
        "第一，",
        "第一点",
        "第一个是",
        "第一家是",
        "首先",
        "一是",
        "其一",
        "①",
    ];
    let numbered = ["1.", "1、"].iter().any(|mark| {
        text.match_indices(mark).any(|(i, m)| {
            let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
            !digit(text[..i].chars().next_back()) && !digit(text[i + m.len()..].chars().next())
        })
    });
    numbered || WORDS.iter().any(|w| text.contains(w))
}

/// The value of a small count in figures or Chinese numerals (4, 四, 十二, 两).
fn count_value(word: &str) -> Option<u64> {
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_digit()) {
        return word.parse().ok();
    }
    match word.chars().any(|c| "十百千万亿".contains(c)) {
        true => positional_value(word),
        false if !word.is_empty() => word
            .chars()
            .try_fold(0u64, |n, c| n.checked_mul(10)?.checked_add(digit(c)?)),
        false => None,
    }
}

/// Byte ranges of the question words in `question` (they ask, they do not say what about):
/// the words of the answer-kind tables, and the interrogatives built on 哪, 几 and 何 with the
/// measure word or noun they ask with (哪一年, 哪位, 几个, 何处).
pub fn question_word_ranges(question: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = [ORDINAL_WORDS, TIME_WORDS, NUMBER_WORDS, NAME_WORDS]
        .iter()
        .flat_map(|words| words.iter())
        .flat_map(|w| question.match_indices(w).map(|(i, w)| i..i + w.len()))
        .filter(|r| !is_not_a_question(question, r))
        .collect();
    out.extend(interrogative_ranges(question));
    out.extend(measures_after_duoshao(question));
    out
}

/// The measure word after 多少 (多少张卡, 多少个博士): it only counts; the noun after it says
/// what (jieba glues 张卡 into a word no passage holds).
fn measures_after_duoshao(question: &str) -> Vec<Range<usize>> {
    question
        .match_indices("多少")
        .filter_map(|(i, w)| {
            let at = i + w.len();
            let measure = question[at..].chars().next()?;
            let counts = COUNTING_MEASURES.contains(measure) && measure != '人';
            counts.then(|| at..at + measure.len_utf8())
        })
        .collect()
}

/// What 何 asks about when a question word starts with it (何人 "who", 何处 "where").
const HE_NOUNS: &str = "人处地种时年日方者物以故等";

/// 哪 with an optional 一 (哪一年 → 哪一; the measure word after it still says what is asked
/// about: 几层 keeps 层); 几 (not in 几乎, 几何, 几内亚); 何 with a noun of [`HE_NOUNS`]
/// (何人, 何处: there the noun only asks).
fn interrogative_ranges(question: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = question.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(question.len(), |&(i, _)| i);
    let mut out = Vec::new();
    for (k, &(start, c)) in chars.iter().enumerate() {
        let next = chars.get(k + 1).map(|&(_, c)| c);
        let before = k.checked_sub(1).map(|b| chars[b]);
        // 强不强, 重不重要, 有没有: the first half and 不 only ask, the second half says what.
        if let (Some((at, b)), Some(n), '不' | '没') = (before, next, c) {
            if b == n && crate::segment::is_han(b) {
                out.push(at..end_of(k + 1));
                continue;
            }
        }
        // 第二点, 第三条: the measure word after an ordinal only counts (the passage says
        // 第二，…).
        let counts_points = ORDINAL_MEASURES.contains(c)
            || (c == '个'
                && POINT_NOUNS
                    .iter()
                    .any(|n| question[end_of(k + 1)..].starts_with(n)));
        if counts_points
            && before.is_some_and(|(_, b)| is_numeral(b))
            && ordinal_before(&chars[..k])
        {
            out.push(start..end_of(k + 1));
            continue;
        }
        let len = match c {
            // 哪儿 and 哪里 ask where and say nothing else.
            '哪' if matches!(next, Some('一' | '儿' | '里')) => 2,
            '哪' => 1,
            '几' if !next.is_some_and(|n| NOT_AFTER_JI.contains(n)) => 1,
            '何' if next.is_some_and(|n| HE_NOUNS.contains(n)) => 2,
            _ => continue,
        };
        out.push(start..end_of(k + len));
    }
    out
}

/// Measure words that only count after an ordinal (第二点, 第一条). Not 个 in general: 第一个 is
/// a word passages say (「第一個電池是誰製造出來的」 needs it), only before [`POINT_NOUNS`].
pub(crate) const ORDINAL_MEASURES: &str = "点条项件";

/// What a speaker numbers when they list points: 第三个原因 is said 「第三，…」.
const POINT_NOUNS: &[&str] = &[
    "原因", "理由", "猜测", "观点", "方面", "问题", "事", "点", "建议", "判断", "感受", "冲击",
];

/// Whether `term` is 第 and numerals only (第二, 第十一).
pub fn is_ordinal(term: &str) -> bool {
    term.strip_prefix('第')
        .is_some_and(|n| !n.is_empty() && n.chars().all(is_numeral))
}

/// Whether `chars` end in 第 and numerals (第二, 第十一).
fn ordinal_before(chars: &[(usize, char)]) -> bool {
    let numerals = chars
        .iter()
        .rev()
        .take_while(|(_, c)| is_numeral(*c))
        .count();
    numerals > 0
        && chars
            .len()
            .checked_sub(numerals + 1)
            .is_some_and(|i| chars[i].1 == '第')
}

/// 几 asks "how many" except in 几乎 ("almost"), 几何 ("geometry"), 几内亚 ("Guinea").
fn contains_question_word(question: &str, word: &str) -> bool {
    question
        .match_indices(word)
        .any(|(i, w)| !is_not_a_question(question, &(i..i + w.len())))
}

fn is_not_a_question(question: &str, word: &Range<usize>) -> bool {
    &question[word.clone()] == "几"
        && question[word.end..].starts_with(|c: char| NOT_AFTER_JI.contains(c))
}

/// What follows 几 where it does not ask.
const NOT_AFTER_JI: &str = "乎何内";

/// Whether a question (normalized) asks what someone or something is called: 「……叫什么名字」,
/// 「叫啥」, 「全名」 — not 「为什么叫浪花课堂」, which asks why.
pub fn asks_a_name(question: &str) -> bool {
    const ASKING: [&str; 7] = [
        "叫什么",
        "叫啥",
        "什么名字",
        "啥名字",
        "名字是什么",
        "全名",
        "叫做什么",
    ];
    ASKING.iter().any(|w| {
        question.match_indices(w).any(|(at, _)| {
            let before = &question[..at];
            !before.ends_with("为什么") && !before.ends_with("为啥") && !before.ends_with("怎么")
        })
    })
}

/// Whether `text` (normalized) gives a name: says what something is called (叫, 名叫, 名为,
/// 取名, 称为) or sets one apart in quotation marks or book-title marks.
pub fn gives_a_name(text: &str) -> bool {
    const CALLING: [&str; 4] = ["叫", "名为", "取名", "称为"];
    const MARKS: [(char, char); 4] = [('“', '”'), ('《', '》'), ('「', '」'), ('"', '"')];
    CALLING.iter().any(|w| text.contains(w))
        || MARKS
            .iter()
            .any(|&(open, close)| sets_off_a_name(text, open, close))
}

/// Whether `text` sets two to twenty characters between `open` and `close`: a name
/// («叫逐格», «《小鸡快跑》»), not one word stressed («学会的是“等”»).
fn sets_off_a_name(text: &str, open: char, close: char) -> bool {
    text.match_indices(open).any(|(at, mark)| {
        let inside = &text[at + mark.len()..];
        inside
            .find(close)
            .is_some_and(|end| (2..=20).contains(&inside[..end].chars().count()))
    })
}

/// Whether `text` (normalized) says how many years: a number before 年 (二十二年, 31 年, 十多
/// 年) that is not the year of a date (2018 年).
pub fn states_years(text: &str) -> bool {
    text.match_indices('年').any(|(at, _)| {
        let before = text[..at].trim_end_matches([' ', '多']);
        let numerals: String = before
            .chars()
            .rev()
            .take_while(|&c| is_numeral(c))
            .collect();
        let a_date = numerals.len() == 4 && numerals.bytes().all(|b| b.is_ascii_digit());
        // 这一年, 每一年: one year pointed at, not counted.
        let pointed = numerals == "一"
            && before[..before.len() - '一'.len_utf8()]
                .ends_with(['这', '那', '每', '同', '当', '上', '下', '前', '后', '全']);
        !numerals.is_empty() && !a_date && !pointed
    })
}

/// Words that name a year by the time they are said in, with its distance from that year.
/// Not 今年: the article's own year is in its date lines and signatures (「2025年9月3日」),
/// which say nothing of what happened 今年.
const RELATIVE_YEARS: [(&str, i32); 4] = [("前年", -2), ("去年", -1), ("明年", 1), ("后年", 2)];

/// The year a date begins with (2025 of 2025-04-17), when it is a plausible one.
pub fn year_of(date: &str) -> Option<i32> {
    let year: i32 = date.trim().get(..4)?.parse().ok()?;
    (1900..=2100).contains(&year).then_some(year)
}

/// Whether `term` names a year: a word like 去年, or a year in digits (2024).
pub fn names_a_year(term: &str) -> bool {
    RELATIVE_YEARS.iter().any(|(word, _)| *word == term)
        || year_of(term).is_some_and(|_| term.len() == 4)
}

/// How an article written in `year` may spell the year `term` names: 去年 is 「2024年」 in an
/// article of 2025, and 2024 is 「去年」 there. Interviews say 去年 where their lead gives the
/// year, and people ask either way.
pub fn year_said_otherwise(term: &str, year: i32) -> Option<String> {
    if let Some((_, distance)) = RELATIVE_YEARS.iter().find(|(word, _)| *word == term) {
        return Some(format!("{}年", year + distance));
    }
    let named = year_of(term).filter(|_| term.len() == 4)?;
    RELATIVE_YEARS
        .iter()
        .find(|(_, distance)| year + distance == named)
        .map(|(word, _)| word.to_string())
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "〇零一二三四五六七八九十百千万亿两".contains(c)
}

/// Byte offsets in `text` (normalized) where an answer of `kind` stands: 1937年, 八月, 三世纪;
/// 40, 两千, 三个; 第二.
pub fn evidence(text: &str, kind: AnswerKind) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if !is_numeral(c) {
            // 半年, 半个月: a length of time, the answer to 多久.
            if kind == AnswerKind::Number && c == '半' && half_a_period(&text[start..]) {
                found.push(start);
            }
            i += 1;
            continue;
        }
        let run_start = i;
        while i < chars.len() && is_numeral(chars[i].1) {
            i += 1;
        }
        let run: String = chars[run_start..i].iter().map(|&(_, c)| c).collect();
        let before = run_start.checked_sub(1).map(|b| chars[b].1);
        // 「2025 年 2 月」: the unit may stand after a space.
        let after = match chars.get(i) {
            Some(&(_, ' ')) => chars.get(i + 1).map(|&(_, c)| c),
            other => other.map(|&(_, c)| c),
        };
        let holds = match kind {
            AnswerKind::Ordinal => before == Some('第'),
            AnswerKind::Time => matches!(after, Some('年' | '月' | '日' | '号' | '世')),
            // Digits glued to letters name a thing (R1, o1): they count nothing.
            AnswerKind::Number => {
                let digits_only = run.chars().all(|c| "〇零一二三四五六七八九两".contains(c));
                (run.chars().any(|c| c.is_ascii_digit())
                    || (run.chars().count() > 2 && digits_only)
                    || (run.chars().count() >= 2 && !digits_only)
                    || (!matches!(
                        run.as_str(),
                        "一" | "十" | "万" | "千" | "百" | "亿" | "一一"
                    ) && counts_a_thing(after)))
                    && !part_of_a_name(text, start)
            }
        };
        if holds {
            found.push(start);
        }
    }
    found
}

/// Whether one or two Chinese digits followed by `after` count something (三个, 两年, 五倍,
/// 三成, 七八个): inside an idiom (胡说八道, 乱七八糟, 三心二意) they count nothing.
fn counts_a_thing(after: Option<char>) -> bool {
    after.is_some_and(|c| {
        is_measure_or_unit(c) || "成折级人周小季套组场期届支批段遍颗门句间份对双".contains(c)
    })
}

/// The value of a number written in Chinese numerals — 两千 → 2000, 一百二十 → 120, 三千万 →
/// 30,000,000, and digit by digit 二〇二四 → 2024 — when it is at least 10 (smaller ones are
/// mostly words: 一些, 三个). `None` for anything else.
pub fn numeral_value(word: &str) -> Option<u64> {
    if word.is_empty() || !word.chars().all(is_chinese_numeral) {
        return None;
    }
    value_of_numerals(word).filter(|&value| value >= 10)
}

/// The value Chinese numerals write: with units (一百二十) or digit by digit (二〇二四).
fn value_of_numerals(numerals: &str) -> Option<u64> {
    match numerals.chars().any(|c| "十百千万亿".contains(c)) {
        true => positional_value(numerals),
        false => numerals
            .chars()
            .try_fold(0u64, |n, c| n.checked_mul(10)?.checked_add(digit(c)?)),
    }
}

/// The figures a question writes in Arabic digits, with their values: 2600万 → 26,000,000,
/// 1.2万 → 12,000, 26w → 260,000 (chat shorthand), 3k → 3,000, 38 → 38. Years (2024年) and
/// parts of dates and times are no amounts and are left out, as are values below 10.
pub fn figures_in_digits(question: &str) -> Vec<(Range<usize>, u64)> {
    let mut out = Vec::new();
    let mut rest = question;
    let mut offset = 0;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let from = &rest[start..];
        let digits = from
            .char_indices()
            .find(|&(i, c)| !(c.is_ascii_digit() || (c == '.' && i > 0)))
            .map_or(from.len(), |(i, _)| i);
        let number = from[..digits].trim_end_matches('.');
        let after = &from[number.len()..];
        let unit = after.chars().next().and_then(|c| match c {
            '万' | 'w' | 'W' => Some(10_000.0),
            '亿' => Some(100_000_000.0),
            '千' | 'k' | 'K' => Some(1_000.0),
            _ => None,
        });
        let unit_len = unit.map_or(0, |_| after.chars().next().map_or(0, char::len_utf8));
        let glued_to_a_word = rest[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphabetic() || ":：/-.".contains(c));
        let next = after[unit_len..].chars().next();
        let a_year = next == Some('年') && number.len() == 4;
        let a_date_or_time =
            unit.is_none() && (a_year || next.is_some_and(|c| "月日号点时分秒:：/-".contains(c)));
        let value = number
            .parse::<f64>()
            .ok()
            .map(|n| n * unit.unwrap_or(1.0))
            .filter(|v| v.fract() == 0.0 && *v >= 10.0 && *v < 1e12);
        if let (Some(value), false, false) = (value, glued_to_a_word, a_date_or_time) {
            let at = offset + start;
            out.push((at..at + number.len() + unit_len, value as u64));
        }
        let consumed = start + number.len().max(1) + unit_len;
        offset += consumed;
        rest = &rest[consumed..];
    }
    out
}

/// Where `question` splits a verb from its object by 的 or 了 (哪年结的婚, 多久回的本), with
/// the word articles write whole (结婚, 回本): the range of the verb's character, and the word.
pub fn split_verbs(question: &str) -> Vec<(Range<usize>, &'static str)> {
    const SPLIT_VERBS: [&str; 40] = [
        "回本", "结婚", "离婚", "毕业", "跳槽", "入行", "创业", "上班", "下班", "开业", "辞职",
        "退休", "出道", "见面", "报名", "入职", "转行", "入学", "留学", "出国", "回国", "买房",
        "开店", "办证", "签约", "当兵", "学车", "拿证", "结业", "开张", "搬家", "退役", "登台",
        "拜师", "出师", "入伍", "参军", "考研", "上岸", "开工",
    ];
    let mut out = Vec::new();
    for verb in SPLIT_VERBS {
        let (head, tail) = verb.split_at(verb.chars().next().map_or(0, char::len_utf8));
        for particle in ["的", "了"] {
            let split = format!("{head}{particle}{tail}");
            out.extend(
                question
                    .match_indices(split.as_str())
                    .map(|(at, _)| (at..at + head.len(), verb)),
            );
        }
    }
    out
}

/// `question` with the Latin units typed after a figure, or after 多少 or 几 asking one,
/// written as articles write them: 4h → 4小时, 30min → 30分钟, 5km → 5公里, 10kg → 10公斤,
/// 多少km → 多少公里. Not inside a name (H800, A4).
pub fn with_units_spelt_out(question: &str) -> String {
    const UNITS: [(&str, &str); 10] = [
        ("hours", "小时"),
        ("hrs", "小时"),
        ("hr", "小时"),
        ("h", "小时"),
        ("mins", "分钟"),
        ("min", "分钟"),
        ("km", "公里"),
        ("kg", "公斤"),
        ("cm", "厘米"),
        ("ml", "毫升"),
    ];
    let mut out = String::with_capacity(question.len());
    let mut rest = question;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit() || c == '多' || c == '几') {
        // A unit right after a name (H800, A4h) or after 多 that asks nothing stays as typed.
        let (kept_as_typed, digits) = match rest[start..].strip_prefix(['多', '几']) {
            Some(asked) => {
                let asked = asked.strip_prefix('少').unwrap_or(asked);
                let end = rest.len() - asked.len();
                (&rest[start..end] == "多", end)
            }
            None => (
                rest[..start]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.'),
                rest[start..]
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .map_or(rest.len(), |i| start + i),
            ),
        };
        out.push_str(&rest[..digits]);
        rest = &rest[digits..];
        let lower = rest.to_ascii_lowercase();
        let unit = UNITS.iter().find(|(latin, _)| {
            lower.starts_with(latin)
                && !lower[latin.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
        });
        if let (Some((latin, spelt)), false) = (unit, kept_as_typed) {
            out.push_str(spelt);
            rest = &rest[latin.len()..];
        }
    }
    out.push_str(rest);
    out
}

/// `question` with a space after each figure's unit that a word follows (4.3万册 → 4.3万 册),
/// so the unit is not segmented into the word (万册).
pub fn with_figures_apart(question: &str) -> String {
    let mut out = question.to_string();
    for (range, _) in figures_in_digits(question).into_iter().rev() {
        let unit = question[..range.end].chars().next_back();
        let next = question[range.end..].chars().next();
        if unit.is_some_and(|c| !c.is_ascii_digit()) && next.is_some_and(is_han) {
            out.insert(range.end, ' ');
        }
    }
    out
}

/// The runs of Chinese numerals a question writes, with their values (两千六百万 →
/// 26,000,000), for values of at least 万, which articles also write in figures (2600万).
pub fn large_figures_in_numerals(question: &str) -> Vec<(Range<usize>, u64)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in question
        .char_indices()
        .chain(std::iter::once((question.len(), ' ')))
    {
        match (is_chinese_numeral(c), start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                start = None;
                let run = &question[from..i];
                if let Some(value) = value_of_numerals(run).filter(|&v| v >= 10_000) {
                    out.push((from..i, value));
                }
            }
            _ => {}
        }
    }
    out
}

/// How articles write `value` (at least 万) in figures before 万: 26,000,000 → 2600 (2600万),
/// 12,000 → 1.2 (1.2万). `None` below 万 or when it takes more than two decimals.
pub fn in_figures_of_wan(value: u64) -> Option<String> {
    in_figures_of(value, 10_000)
}

/// How articles write `value` (at least 亿) in figures before 亿: 136,000,000 → 1.36
/// (1.36亿). `None` below 亿 or when it takes more than two decimals.
pub fn in_figures_of_yi(value: u64) -> Option<String> {
    in_figures_of(value, 100_000_000)
}

fn in_figures_of(value: u64, unit: u64) -> Option<String> {
    let hundredth = unit / 100;
    if value < unit || value % hundredth != 0 {
        return None;
    }
    let (whole, hundredths) = (value / unit, value % unit / hundredth);
    Some(match hundredths {
        0 => whole.to_string(),
        h if h % 10 == 0 => format!("{whole}.{}", h / 10),
        h => format!("{whole}.{h:02}"),
    })
}

/// The ways Chinese text writes `value` in numerals: 26,000,000 → 二千六百万 and 两千六百万;
/// 12,000 → 一万二千, 一万两千 and the spoken 一万二; 38 → 三十八. Below 10, or from 万亿 up,
/// nothing.
pub fn spelt_in_numerals(value: u64) -> Vec<String> {
    if !(10..1_000_000_000_000).contains(&value) {
        return Vec::new();
    }
    let sections = [
        (value / 100_000_000, "亿"),
        (value / 10_000 % 10_000, "万"),
        (value % 10_000, ""),
    ];
    let mut plain = String::new();
    let mut zero_pending = false;
    for (section, name) in sections {
        if section == 0 {
            zero_pending = !plain.is_empty();
            continue;
        }
        if !plain.is_empty() && (zero_pending || section < 1000) {
            plain.push('零');
        }
        plain.push_str(&section_in_numerals(section, plain.is_empty()));
        plain.push_str(name);
        zero_pending = false;
    }
    let mut out = vec![plain.clone()];
    // 两 before 千, 万 and 亿 (两千, 一万两千), as people say it.
    let mut liang = String::new();
    let chars: Vec<char> = plain.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let before_a_large_unit = matches!(chars.get(i + 1), Some('千' | '万' | '亿'));
        liang.push(if c == '二' && before_a_large_unit {
            '两'
        } else {
            c
        });
    }
    if liang != plain {
        out.push(liang);
    }
    // 一万二 for 一万二千, 五千一 for 五千一百: the last unit goes unsaid when it is the one
    // right below the unit before it.
    for spelling in out.clone() {
        let chars: Vec<char> = spelling.chars().collect();
        if let [.., unit_before, digit, last] = chars.as_slice() {
            let below = matches!(
                (unit_before, last),
                ('万', '千') | ('千', '百') | ('百', '十')
            );
            // 一万两 would say ten thousand taels.
            if below && !matches!(digit, '零' | '两') {
                out.push(chars[..chars.len() - 1].iter().collect());
            }
        }
    }
    out
}

/// A section of up to four digits in numerals (2600 → 二千六百, 1005 → 一千零五); 一十 opens
/// only a section inside a number (一万零一十), the leading one says 十六.
fn section_in_numerals(section: u64, leading: bool) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let places = [(1000, "千"), (100, "百"), (10, "十"), (1, "")];
    let mut out = String::new();
    let mut zero = false;
    for (place, unit) in places {
        let d = (section / place % 10) as usize;
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        if !(leading && out.is_empty() && place == 10 && d == 1) {
            out.push(DIGITS[d]);
        }
        out.push_str(unit);
    }
    out
}

/// A numbered thing spelt in Chinese numerals as jieba keeps it whole (二号线, 十二号楼, 三期),
/// in figures as articles write it (2号线, 12号楼, 3期).
pub fn numbered_in_figures(word: &str) -> Option<String> {
    const NUMBERED: [char; 5] = ['号', '期', '届', '代', '楼'];
    let rest = word.trim_start_matches(is_chinese_numeral);
    let numeral = &word[..word.len() - rest.len()];
    if numeral.is_empty() || !rest.starts_with(NUMBERED) {
        return None;
    }
    Some(format!("{}{rest}", value_of_numerals(numeral)?))
}

fn is_chinese_numeral(c: char) -> bool {
    "〇零一二三四五六七八九两十百千万亿".contains(c)
}

fn digit(c: char) -> Option<u64> {
    "〇一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .or(match c {
            '零' => Some(0),
            '两' => Some(2),
            _ => None,
        })
        .map(|d| d as u64)
}

/// 一百二十 = (1 × 100) + (2 × 10); 万 and 亿 close a section.
fn positional_value(word: &str) -> Option<u64> {
    let (mut total, mut section, mut number) = (0u64, 0u64, 0u64);
    // The unit said last, unless a 零 followed it: 一万二 is 12,000, 一万零二 10,002.
    let mut last_unit: Option<u64> = None;
    for c in word.chars() {
        match c {
            '十' | '百' | '千' => {
                let unit = match c {
                    '十' => 10,
                    '百' => 100,
                    _ => 1000,
                };
                // 十五: a leading 十 means one ten.
                section = section.checked_add(number.max(1).checked_mul(unit)?)?;
                number = 0;
                last_unit = Some(unit);
            }
            '万' => {
                total = total.checked_add(section.checked_add(number)?.checked_mul(10_000)?)?;
                (section, number) = (0, 0);
                last_unit = Some(10_000);
            }
            '亿' => {
                total = total
                    .checked_add(section)?
                    .checked_add(number)?
                    .checked_mul(100_000_000)?;
                (section, number) = (0, 0);
                last_unit = Some(100_000_000);
            }
            '零' | '〇' => {
                number = 0;
                last_unit = None;
            }
            _ => number = digit(c)?,
        }
    }
    // 三千五, 两百五, 一万二: a digit after a unit counts the unit below it.
    let number = match last_unit {
        Some(unit) if unit > 10 => number.checked_mul(unit / 10)?,
        _ => number,
    };
    total.checked_add(section)?.checked_add(number)
}

/// The question's runs of adjacent Chinese characters outside the byte ranges in `skip` (its
/// stop words, question words and the speakers it names): 淞沪会战于何年爆发 → 淞沪会战, 爆发.
pub fn runs(question: &str, skip: &[Range<usize>]) -> Vec<Vec<char>> {
    let mut out: Vec<Vec<char>> = Vec::new();
    let mut current = Vec::new();
    for (i, c) in question.char_indices() {
        if is_han(c) && !skip.iter().any(|r| r.contains(&i)) {
            current.push(c);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The bigrams of the question's `runs`, sorted and without repeats: 淞沪会战, 爆发 → 会战,
/// 沪会, 淞沪, 爆发.
pub fn bigrams(runs: &[Vec<char>]) -> Vec<(char, char)> {
    let mut out: Vec<(char, char)> = runs
        .iter()
        .flat_map(|run| run.windows(2).map(|w| (w[0], w[1])))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The words a follow-up points back at a person with (after segmentation, so 其他, 他们,
/// 他人 and 吉他 are other words): a chat reads them as the person its last reply was about.
pub const PERSON_PRONOUNS: [&str; 8] = ["他", "她", "ta", "he", "she", "him", "her", "his"];

/// Phrases that point back at a person as a pronoun does, longest first: 「这位嘉宾是哪家公司
/// 的」.
pub const POINTING_PHRASES: [&str; 7] = [
    "这位嘉宾",
    "那位嘉宾",
    "这个人",
    "那个人",
    "这位",
    "那位",
    "此人",
];

/// Byte ranges of [`POINTING_PHRASES`] in `text`, in order, never overlapping.
pub fn pointing_phrases(text: &str) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = Vec::new();
    for phrase in POINTING_PHRASES {
        for (at, _) in text.match_indices(phrase) {
            let range = at..at + phrase.len();
            if !found
                .iter()
                .any(|f| f.start < range.end && range.start < f.end)
            {
                found.push(range);
            }
        }
    }
    found.sort_by_key(|r| r.start);
    found
}

/// Whether a question with its speakers' names blanked out (`rest`, normalized) asks nothing
/// but about them: 「那方汉呢？」, 「吴翼的看法呢」, 「闵可锐怎么说」. In a conversation that asks
/// the last question again of that speaker.
pub fn only_names_someone(rest: &str) -> bool {
    const FILLER: &[&str] = &[
        "怎么看",
        "怎么说",
        "怎么想",
        "的看法",
        "的观点",
        "的意见",
        "的说法",
        "看法",
        "观点",
        "意见",
        "说法",
        "那么",
        "还有",
        "如何",
        "觉得",
        "对此",
        "这个",
        "那",
        "呢",
        "的",
        "吗",
        "呀",
        "啊",
        "吧",
        "又",
        "和",
        "问",
        "么",
        "老师",
        "先生",
        "女士",
        "教授",
        "博士",
    ];
    let mut left: String = rest
        .chars()
        .filter(|c| c.is_alphanumeric() || is_han(*c))
        .collect();
    let mut changed = true;
    while changed && !left.is_empty() {
        changed = false;
        for filler in FILLER {
            if let Some(stripped) = left.strip_prefix(filler) {
                left = stripped.to_string();
                changed = true;
            }
        }
    }
    left.is_empty()
}

/// Byte ranges of `text` inside quotation marks (「」, 『』, “”, ""), marks included: words
/// there are someone's words, not the asker's (「他就是不让你抄」是什么意思).
pub fn quoted_ranges(text: &str) -> Vec<Range<usize>> {
    const PAIRS: [(char, char); 4] = [('「', '」'), ('『', '』'), ('“', '”'), ('"', '"')];
    let mut ranges = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (at, c) in text.char_indices() {
        match open {
            Some((start, close)) if c == close => {
                ranges.push(start..at + c.len_utf8());
                open = None;
            }
            None => {
                if let Some(&(_, close)) = PAIRS.iter().find(|(o, _)| *o == c) {
                    open = Some((at, close));
                }
            }
            _ => {}
        }
    }
    if let Some((start, _)) = open {
        ranges.push(start..text.len());
    }
    ranges
}

/// Whether a message only greets or asks what the bot is (你好, 在吗, 你能做什么？): it is not
/// searched, and gets the bot's introduction (`render::GREETING`), not "not found".
pub fn is_small_talk(message: &str) -> bool {
    const GREETINGS: &[&str] = &[
        "你好",
        "您好",
        "你好啊",
        "你好呀",
        "大家好",
        "嗨",
        "哈喽",
        "在吗",
        "在不在",
        "早",
        "早上好",
        "上午好",
        "中午好",
        "下午好",
        "晚上好",
        "hi",
        "hello",
        "hey",
        "hallo",
        "good morning",
        "good evening",
        // What the bot is and does: the greeting says it.
        "你是谁",
        "你是干什么的",
        "你是做什么的",
        "你是干嘛的",
        "这个机器人是干嘛的",
        "这个机器人是干什么的",
        "这个机器人是做什么的",
        "这个机器人有什么用",
        "你能做什么",
        "你会什么",
        "你会做什么",
        "你有什么用",
        "怎么用",
        "怎么使用",
        "如何使用",
        "help",
        "who are you",
        "what can you do",
        "what do you do",
        "what are you",
        "what is this bot",
        "what does this bot do",
    ];
    GREETINGS.contains(&bare_message(message).as_str())
}

/// A short message as the lists of small talk hold it: trimmed, lowercase, without the
/// punctuation it ends with (「谢谢！」 is 谢谢).
fn bare_message(message: &str) -> String {
    message
        .trim()
        .trim_end_matches(|c: char| c.is_ascii_punctuation() || "！？。～~，、 ".contains(c))
        .to_lowercase()
}

/// Whether a message only thanks or acknowledges (谢谢, 好的, 收到, thanks): it gets a word
/// back, not a search.
pub fn is_thanks(message: &str) -> bool {
    const THANKS: &[&str] = &[
        "谢谢",
        "谢谢你",
        "谢谢啦",
        "谢了",
        "多谢",
        "感谢",
        "非常感谢",
        "好的",
        "好的谢谢",
        "好",
        "好吧",
        "嗯",
        "嗯嗯",
        "哦",
        "哦哦",
        "明白",
        "明白了",
        "知道了",
        "懂了",
        "收到",
        "了解",
        "ok",
        "okay",
        "thanks",
        "thank you",
        "thx",
        "got it",
        "👍",
    ];
    THANKS.contains(&bare_message(message).as_str())
}

/// Whether a question (normalized) asks who said something (「这话谁说的」, 「是谁提到的」,
/// 「哪位说过」): then the host is among those who may have, and his turns may answer.
pub fn asks_who_said(question: &str) -> bool {
    const WHO: [&str; 4] = ["谁", "哪位", "哪个人", "哪一位"];
    const SAID: [&str; 6] = ["说", "讲", "提到", "提出", "讲到", "问"];
    WHO.iter().any(|who| {
        question.match_indices(who).any(|(i, w)| {
            let after = question[i + w.len()..].trim_start_matches(['在', '曾', '最', '先']);
            SAID.iter().any(|said| after.starts_with(said))
        })
    })
}

/// Whether a question (normalized) asks what was asked (「主持人问了吴翼什么」, 「张鹏是怎么问的」)
/// rather than what someone thinks: only then does a host's turn that is nothing but
/// questions answer it.
pub fn asks_what_was_asked(question: &str) -> bool {
    // 请问 is politeness.
    question
        .match_indices('问')
        .any(|(i, _)| !question[..i].ends_with('请'))
}

/// Whether the word at `range` of `question` (normalized) says where to look, not what about:
/// 文章 in 「文章里怎么说 GRPO」, 访谈 in 「访谈中提到…」, and 文中.
pub fn points_at_the_source(question: &str, range: std::ops::Range<usize>) -> bool {
    const SOURCES: [&str; 5] = ["文章", "访谈", "采访", "原文", "对谈"];
    let word = &question[range.clone()];
    word == "文中"
        || SOURCES.contains(&word)
            && question[range.end..]
                .chars()
                .next()
                .is_some_and(|c| "里中内".contains(c))
}

/// Where a question points at an article by its outlet (「工人日报那篇里，……」, 「单读那个对谈
/// 里」, 「三联那篇口述里」), with the index of the source in `sources` it names: the outlet's
/// name (a part of it, or its first two characters) right before a word that points at a
/// piece (那篇, 那期, 那个对谈, 的采访). The range covers the pointer and what ends it (里, 中,
/// 上, a comma), so the rest reads as the question.
pub fn outlet_pointed_at(question: &str, sources: &[&str]) -> Option<(Range<usize>, usize)> {
    const POINTERS: [&str; 14] = [
        "那篇",
        "这篇",
        "那期",
        "这期",
        "那个",
        "那次",
        "文章",
        "采访",
        "专访",
        "报道",
        "访谈",
        "对谈",
        "写的",
        "那一篇",
    ];
    const PIECES: [&str; 9] = [
        "文章", "采访", "专访", "报道", "访谈", "对谈", "节目", "播客", "口述",
    ];
    let after_pointer = |rest: &str| -> Option<usize> {
        let rest_after_de = rest.strip_prefix('的').unwrap_or(rest);
        let skipped = rest.len() - rest_after_de.len();
        let pointer = POINTERS.iter().find(|p| rest_after_de.starts_with(**p))?;
        let mut end = skipped + pointer.len();
        if let Some(piece) = PIECES.iter().find(|p| rest[end..].starts_with(**p)) {
            end += piece.len();
        }
        let tail = rest[end..]
            .chars()
            .take_while(|c| "里中上的，, ".contains(*c))
            .map(char::len_utf8)
            .sum::<usize>();
        Some(end + tail)
    };
    for (i, source) in sources.iter().enumerate() {
        let source = crate::segment::normalize_text(source);
        let mut names: Vec<String> = source
            .split(['·', '（', '）', '(', ')', '｜', '|', ' ', '　', '・'])
            .filter(|part| part.chars().count() >= 2)
            .map(str::to_string)
            .collect();
        let short: Vec<String> = names
            .iter()
            .filter(|n| n.chars().count() >= 4 && n.chars().all(is_han))
            .map(|n| n.chars().take(2).collect())
            .collect();
        names.extend(short);
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        for name in &names {
            for (at, _) in question.match_indices(name.as_str()) {
                let end = at + name.len();
                if let Some(len) = after_pointer(&question[end..]) {
                    return Some((at..end + len, i));
                }
            }
        }
    }
    None
}

/// Whether a question (normalized) asks about the collected articles themselves — which they
/// are, their titles, dates, outlets or links: 「收录了哪些文章」, 「原文链接发我一下」,
/// 「这篇文章是什么时候发表的？」, 「When was this article published?」. Such a question is
/// answered with the article list, not searched: a passage that happens to say 文章 is no
/// answer to it. Like a who-question, it is a word about the articles and nothing else but
/// words that ask and particles, so 「文章里怎么说 GRPO」 is searched.
pub fn asks_about_sources(question: &str) -> bool {
    if question.is_ascii() {
        return asks_about_sources_in_english(question);
    }
    // Each list is removed in order, so longer words come first (哪个 before 在哪).
    const ABOUT: &[&str] = &[
        "原文链接",
        "原文地址",
        "原文",
        "出处",
        "来源",
        "链接",
        "连结",
        "网址",
        "url",
        "标题",
        "题目",
        "文章",
        "访谈",
        "资料库",
        "语料库",
        "资料",
        "语料",
        "媒体",
        "稿子",
        "稿件",
        "公众号",
        "刊物",
        "作者",
        "发布时间",
        "发表",
        "发布",
        "刊登",
        "刊发",
        "收录",
        "日期",
        "这篇",
    ];
    const ASKING: &[&str] = &[
        "什么时候",
        "叫什么",
        "什么",
        "何时",
        "何处",
        "哪一天",
        "哪天",
        "哪年",
        "几月几号",
        "几号",
        "哪家",
        "哪个",
        "哪篇",
        "哪些",
        "哪里",
        "哪儿",
        "在哪",
        "几篇",
        "多少篇",
        "多少",
        "谁",
        "叫啥",
        "是啥",
        "啥",
        "给我",
        "发我",
        "看看",
        "看一下",
        "列出",
        "列一下",
        "有没有",
        "一共",
        "总共",
        "哪",
    ];
    const PARTICLES: &[&str] = &[
        "请问", "这次", "本次", "这场", "这期", "这个", "你们", "你都", "所有", "全部", "读过",
        "一下", "你", "我", "都", "有", "是", "的", "了", "呢", "吗", "啊", "呀", "这", "想", "要",
        "看", "在", "上", "篇", "些", "出", "里", "请", "被", "写", "做", "发", "于", "读", "来",
        "可以", "能", "问",
    ];
    let mut rest = bare(question);
    let about = remove_any(&mut rest, ABOUT);
    remove_any(&mut rest, ASKING);
    remove_any(&mut rest, PARTICLES);
    about && rest.is_empty()
}

/// Whether a question (normalized) asks what an article says as a whole: 「总结一下这篇文章」,
/// 「这篇讲了什么」, 「这期直播的主要内容是什么」. The bot writes no summaries; such a question
/// gets the article list (title, outlet, date, link), not a passage that happens to say 总结
/// (吴翼's 「总结版」) or 文章. A word that asks for a summary, a word for the article unless
/// that word is 总结 or the like, and nothing else but particles.
pub fn asks_for_summary(question: &str) -> bool {
    // Each list is removed in order, so longer words come first.
    const SUMMING_UP: &[&str] = &[
        "总结一下",
        "总结",
        "概括一下",
        "概括",
        "摘要",
        "梗概",
        "大意",
    ];
    const WHAT_IT_SAYS: &[&str] = &[
        "主要内容",
        "主要观点",
        "讲的是什么",
        "说的是什么",
        "聊的是什么",
        "讲了什么",
        "讲了啥",
        "讲的什么",
        "讲啥",
        "聊了什么",
        "聊了啥",
        "谈了什么",
        "说了什么",
        "说了啥",
        "内容",
    ];
    const WHOLE: &[&str] = &[
        "这篇文章",
        "这篇访谈",
        "文章",
        "访谈",
        "这篇",
        "全文",
        "本文",
        "这期",
        "这场",
        "直播",
        "对谈",
        "节目",
    ];
    const PARTICLES: &[&str] = &[
        "请", "帮我", "给我", "一下", "主要", "都", "的", "了", "是", "什么", "啥", "吗", "呢",
        "这", "下",
    ];
    let mut rest = bare(question);
    let summing_up = remove_any(&mut rest, SUMMING_UP);
    let what_it_says = remove_any(&mut rest, WHAT_IT_SAYS);
    let whole = remove_any(&mut rest, WHOLE);
    remove_any(&mut rest, PARTICLES);
    (summing_up || (what_it_says && whole)) && rest.is_empty()
}

/// What a question asking which articles speak of something wants them to speak of:
/// 「有哪些讲 DeepSeek 的采访文章？」 and 「有没有文章提到 GRPO」 ask for the articles about
/// DeepSeek and GRPO, not for a quote. A word that asks (哪些, 哪篇, 有没有), a word for what
/// they say (讲, 关于, 提到) and a word for the articles, before it (文章提到 X) or after it
/// (讲 X 的文章); `None` for any other question.
pub fn articles_about(question: &str) -> Option<String> {
    if question.is_ascii() {
        return articles_about_in_english(question);
    }
    const ARTICLES: &[&str] = &["文章", "访谈", "采访", "稿子", "稿件", "报道"];
    const ABOUT: &[&str] = &[
        "关于", "有关", "讲到", "讲了", "讲", "提到", "提及", "谈到", "聊到", "涉及", "说到",
    ];
    const ASKING: &[&str] = &["哪几篇", "哪篇", "哪些", "有没有", "有无", "是否有"];
    const ENDINGS: &[char] = &['吗', '呢', '吧', '啊', '的', '了'];
    let q = bare(question);
    if !ASKING.iter().any(|w| q.contains(w)) {
        return None;
    }
    let first_article = |text: &str| ARTICLES.iter().filter_map(|w| text.find(w)).min();
    let (at, about) = ABOUT
        .iter()
        .flat_map(|w| q.match_indices(w))
        // 有没有关于: 关于, not 有关.
        .filter(|&(i, w)| !(w == "有关" && q[i + w.len()..].starts_with('于')))
        .min_by_key(|&(i, w)| (i, std::cmp::Reverse(w.len())))?;
    let after = &q[at + about.len()..];
    let topic = match first_article(after) {
        // 讲 DeepSeek 的文章
        Some(end) => after[..end].to_string(),
        // 文章提到 GRPO
        None if first_article(&q[..at]).is_some() => after.to_string(),
        None => return None,
    };
    let mut topic = topic;
    remove_any(&mut topic, ASKING);
    let topic = topic.trim_end_matches(ENDINGS).trim_start_matches(ENDINGS);
    (!topic.is_empty()).then(|| topic.to_string())
}

/// 「Which articles talk about chain of thought?」, 「Are there any interviews about GRPO」: an
/// English question for the articles about something; what it asks them about.
fn articles_about_in_english(question: &str) -> Option<String> {
    // The word that asks governs the articles: 「which articles」, 「any interviews」, 「is
    // there an article」; not 「what does the article say about GRPO」, a question about GRPO.
    const ASKING: &[&str] = &["which", "what", "any", "an", "a"];
    const ARTICLES: &[&str] = &["articles", "article", "interviews", "interview"];
    const ABOUT: &[&str] = &[
        " talk about ",
        " talks about ",
        " talking about ",
        " mention ",
        " mentions ",
        " discuss ",
        " discusses ",
        " cover ",
        " covers ",
        " about ",
    ];
    let q = question.trim().trim_end_matches(['?', '.', '!']).trim();
    let after_articles = ARTICLES.iter().find_map(|w| {
        let at = q.find(w)?;
        let before = q[..at].trim_end();
        let asks = ASKING
            .iter()
            .any(|a| before == *a || before.ends_with(&format!(" {a}")));
        asks.then(|| &q[at + w.len()..])
    })?;
    let padded = format!("{after_articles} ");
    let (at, marker) = ABOUT
        .iter()
        .filter_map(|m| padded.find(m).map(|i| (i, *m)))
        .min_by_key(|&(i, m)| (i, std::cmp::Reverse(m.len())))?;
    let topic = padded[at + marker.len()..].trim();
    (!topic.is_empty()).then(|| topic.to_string())
}

/// 「Which articles do you have?」, 「Give me the link to the original article」: a word about
/// the articles, and only words that ask or fill besides.
fn asks_about_sources_in_english(question: &str) -> bool {
    const ABOUT: &[&str] = &[
        "article",
        "articles",
        "source",
        "sources",
        "link",
        "links",
        "url",
        "urls",
        "published",
        "publish",
        "title",
        "titles",
        "outlet",
        "corpus",
        "interviews",
        "author",
        "wrote",
        "written",
        "original",
        "collection",
    ];
    const FILLER: &[&str] = &[
        "what",
        "which",
        "when",
        "where",
        "who",
        "is",
        "was",
        "were",
        "are",
        "the",
        "this",
        "that",
        "these",
        "it",
        "do",
        "does",
        "did",
        "you",
        "your",
        "have",
        "has",
        "of",
        "to",
        "a",
        "an",
        "interview",
        "give",
        "me",
        "show",
        "list",
        "from",
        "in",
        "on",
        "can",
        "i",
        "see",
        "get",
        "please",
        "there",
        "any",
        "all",
        "by",
        "date",
        "s",
        "send",
        "read",
    ];
    let words: Vec<&str> = question
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().any(|w| ABOUT.contains(w))
        && words
            .iter()
            .all(|w| ABOUT.contains(w) || FILLER.contains(w))
}

/// The sentences of a message of several that ask something (end in a question mark), in
/// order: in 「我在做写作产品……为什么 DeepSeek 写得更自然？另外……？」 the background around
/// them is context, not what to search for, and the first question is usually the main one.
/// Empty for a message of one sentence.
pub fn asking_sentences(message: &str) -> Vec<&str> {
    let sentences: Vec<&str> = message
        .split_inclusive(['。', '！', '？', '!', '?', '；', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if sentences.len() < 2 {
        return Vec::new();
    }
    sentences
        .into_iter()
        .filter(|s| s.ends_with(['？', '?']))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_things_are_spelt_in_figures() {
        assert_eq!(numbered_in_figures("二号线").as_deref(), Some("2号线"));
        assert_eq!(numbered_in_figures("十二号楼").as_deref(), Some("12号楼"));
        assert_eq!(numbered_in_figures("三期").as_deref(), Some("3期"));
        assert_eq!(numbered_in_figures("二号"), Some("2号".to_string()));
        assert_eq!(numbered_in_figures("一些"), None);
        assert_eq!(numbered_in_figures("号线"), None);
    }

    #[test]
    fn a_bare_follow_up_names_someone_and_asks_nothing_else() {
        for rest in [
            "那   呢？",
            "   的看法呢",
            "   怎么说",
            "  ",
            "那么   怎么看？",
            "那   老师呢",
        ] {
            assert!(only_names_someone(rest), "{rest}");
        }
        for rest in ["   怎么看开源", "那开源呢", "   是谁", "   是哪家公司的"] {
            assert!(!only_names_someone(rest), "{rest}");
        }
    }

    /// The text of each range of `t`.
    fn spans(t: &str, ranges: Vec<Range<usize>>) -> Vec<String> {
        ranges.into_iter().map(|r| t[r].to_string()).collect()
    }

    #[test]
    fn pointing_phrases_are_found_whole_and_once() {
        let found = |t: &str| spans(t, pointing_phrases(t));
        assert_eq!(found("这位嘉宾是哪家公司的"), ["这位嘉宾"]);
        assert_eq!(found("这个人和那位怎么看"), ["这个人", "那位"]);
        assert!(found("这些人怎么看").is_empty());
    }

    #[test]
    fn quoted_words_are_found_with_their_marks() {
        let quoted = |t: &str| spans(t, quoted_ranges(t));
        assert_eq!(
            quoted("「他就是不让你抄」是什么意思"),
            ["「他就是不让你抄」"]
        );
        assert_eq!(quoted("“他”和『她』"), ["“他”", "『她』"]);
        assert_eq!(quoted(r#"what does "he" mean"#), [r#""he""#]);
        assert_eq!(quoted("没有引号"), Vec::<String>::new());
        assert_eq!(quoted("「没有收尾"), ["「没有收尾"]);
    }

    #[test]
    fn questions_about_the_articles_themselves_are_told_from_questions_about_their_content() {
        let normalized = crate::segment::normalize_text;
        for question in [
            "收录了哪些文章",
            "你都收录了哪些文章？",
            "这篇文章的标题是什么",
            "文章是什么时候发布的",
            "這篇文章是什麼時候發佈的",
            "原文链接发我一下",
            "原文链接",
            "出处是哪里",
            "这是哪家媒体的文章",
            "这篇文章的作者是谁",
            "Which articles do you have?",
            "When was this article published?",
            "Give me the link to the original article",
            "sources",
            "这篇文章的标题叫什么",
            "这是哪家媒体发的",
            "这篇访谈发表在哪个媒体上",
            "发布日期是哪天",
            "原文連結給我",
            "这篇是哪天的",
            "文章发表于何时",
            "列出所有文章",
            "文章的 URL 是多少",
            "哪个公众号发的",
            "资料库里都有啥",
            "Which articles are in the collection?",
            "Where can I read the original?",
            "这篇是哪家媒体的稿子",
            "有哪些文章可以问",
        ] {
            assert!(asks_about_sources(&normalized(question)), "{question}");
        }
        for question in [
            "文章里怎么说 GRPO",
            "这篇文章的主要观点是什么",
            "DeepSeek 什么时候发布的 R1",
            "有哪些文章提到 GRPO？",
            "GRPO 为什么重要？",
            "Which article talks about GRPO?",
            "When was R1 published?",
            "DeepSeek 发了什么",
            "R1 的发布日期",
            "这篇讲了什么",
            "文章有多少字",
            "What is the original GRPO paper?",
        ] {
            assert!(!asks_about_sources(&normalized(question)), "{question}");
        }
    }

    #[test]
    fn a_request_for_a_summary_is_told_from_a_question_about_content() {
        let normalized = crate::segment::normalize_text;
        for question in [
            "总结一下这篇文章",
            "总结一下",
            "这篇讲了什么",
            "这篇文章讲了什么？",
            "这期直播的主要内容是什么",
            "这篇文章的主要观点是什么",
            "帮我概括一下全文",
            "這篇文章講了什麼",
        ] {
            assert!(asks_for_summary(&normalized(question)), "{question}");
        }
        for question in [
            "总结版是什么",
            "吴翼怎么总结 R1 的创新",
            "文章里怎么说 GRPO",
            "GRPO 讲了什么",
            "直播里讲了什么开源的事",
            "说了什么",
            "OpenAI 为什么只给总结版",
        ] {
            assert!(!asks_for_summary(&normalized(question)), "{question}");
        }
    }

    #[test]
    fn question_words_name_the_kind_of_answer() {
        assert_eq!(asks("淞沪会战于何年爆发?"), Some(AnswerKind::Time));
        assert_eq!(asks("r1 在开源模型里能排第几?"), Some(AnswerKind::Ordinal));
        assert_eq!(asks("梅艳芳享年几岁?"), Some(AnswerKind::Number));
        assert_eq!(asks("全长多少公里?"), Some(AnswerKind::Number));
        assert_eq!(asks("南燕的建立者是谁?"), None);
        // English asks with its own words.
        assert_eq!(
            asks("how much did the s1 model cost?"),
            Some(AnswerKind::Number)
        );
        assert_eq!(
            asks("when was the livestream held?"),
            Some(AnswerKind::Time)
        );
        assert_eq!(asks("who is wu yi?"), None);
        assert_eq!(asks("他几乎不说话，为什么?"), None);
    }

    #[test]
    fn evidence_is_where_such_an_answer_stands() {
        let text = "1937年8月，淞沪会战爆发，第二次战役，死伤三千人，统一了全国";
        let at = |kind| -> Vec<&str> {
            evidence(text, kind)
                .into_iter()
                .map(|i| &text[i..i + text[i..].chars().next().map_or(0, char::len_utf8)])
                .collect()
        };
        assert_eq!(at(AnswerKind::Time), ["1", "8"]);
        assert_eq!(at(AnswerKind::Ordinal), ["二"]);
        // 统一 holds no number; 1937, 8, 二, 三千 do.
        assert_eq!(at(AnswerKind::Number), ["1", "8", "二", "三"]);
        assert!(evidence("没有任何数字", AnswerKind::Number).is_empty());
        // R1 and o1 name models; 半年 is a length of time.
        let text = "r1 追上 o1 也就半年，一半的人没想到";
        assert_eq!(
            evidence(text, AnswerKind::Number),
            [text.find("半年").unwrap_or(0)]
        );
    }

    #[test]
    fn some_question_words_demand_a_value() {
        let kind = demands;
        assert_eq!(kind("秘塔科技是哪一年成立的"), Some(AnswerKind::Time));
        assert_eq!(kind("微信 ai 搜索是哪天上线的"), Some(AnswerKind::Time));
        assert_eq!(kind("用户量涨了多少"), Some(AnswerKind::Number));
        assert_eq!(kind("训练过程分了几步"), Some(AnswerKind::Number));
        assert_eq!(kind("r1 能排第几"), Some(AnswerKind::Ordinal));
        // A length of time is a figure (半年, 40分钟): 「很快」 says less than the article does.
        assert_eq!(kind("复现 o1 花了多长时间"), Some(AnswerKind::Number));
        // These also take an answer in words.
        for question in [
            "什么时候该用强化学习",
            "deepseek 对 ai 应用有多少影响",
            "有哪几个看点",
            "这几年大模型怎么发展",
            "或多或少有帮助吗",
        ] {
            assert_eq!(kind(question), None, "{question}");
        }
    }

    #[test]
    fn which_one_of_a_kind_is_asked_with_its_measure_word() {
        let which = |q: &str| asks_which_one(q).map(|w| (w.measure, w.kind, w.several));
        let one = |m: char, kind: &str| Some((m, kind.to_string(), false));
        assert_eq!(which("南屏一中托管合作的是省城哪所学校"), one('所', "学校"));
        assert_eq!(which("贺蔓之前在哪家公司干过"), one('家', "公司"));
        assert_eq!(which("赵一苇是哪个大学毕业的"), one('个', "大学"));
        assert_eq!(
            which("澜江共同配送的那四家民营快递具体是哪几家"),
            Some(('家', "民营快递".to_string(), true))
        );
        assert_eq!(
            which("周岚去年投的那 4 个 ai 项目分别是哪几个"),
            Some(('个', "ai 项目".to_string(), true))
        );
        assert_eq!(
            which("qh-302 授权的那家欧洲药企叫什么名字"),
            one('家', "欧洲药企")
        );
        assert_eq!(which("雾港来信的发行商是哪家公司"), one('家', "公司"));
        assert_eq!(
            which("跟奔野签了越野赛的是哪两个县"),
            Some(('个', "县".to_string(), true))
        );
        assert_eq!(
            which("向教授团队试种的四个新品种都叫什么"),
            Some(('个', "新品种".to_string(), true))
        );
        assert_eq!(which("给救护站捐 x 光机的网友叫什么"), one('个', "网友"));
        assert_eq!(which("他拿铜奖的是意大利哪个比赛"), one('个', "比赛"));
        assert_eq!(
            which("云鹊在谈合作的那个西部省份是哪个"),
            one('个', "西部省份")
        );
        assert_eq!(
            asks_which_one("雾港来信的发行商是哪家公司").map(|w| w.subject),
            Some("发行商".to_string())
        );
        // A comparison, a speaker, a date or a kind not said: no name to ask for.
        for question in [
            "r1 和 o3 哪个更强",
            "哪位嘉宾说过开源最重要",
            "是哪一年成立的",
            "星途 s9 用的是哪家的芯片",
        ] {
            assert_eq!(which(question), None, "{question}");
        }
    }

    #[test]
    fn what_time_asks_an_hour_and_which_day_a_day_of_the_month() {
        assert!(asks_the_hour("旧货市场几点开门"));
        assert!(!asks_the_hour("旧货市场哪天开门"));
        for text in [
            "首班早上六点",
            "上午10时开通",
            "八点半到",
            "营业时间 9:30-21:00",
        ] {
            assert!(tells_the_hour(text), "{text}");
        }
        for text in ["开了十二年", "那时候还没有", "三十多人", "比分 2:1"] {
            assert!(!tells_the_hour(text), "{text}");
        }
        assert!(asks_the_day("新店几号开业"));
        for text in ["12月28号开业", "定在十二月五日"] {
            assert!(tells_the_day(text), "{text}");
        }
        for text in ["明年可能会开第七家", "每日两班"] {
            assert!(!tells_the_day(text), "{text}");
        }
    }

    #[test]
    fn how_long_asks_a_number_with_a_unit_of_time() {
        for q in ["坐船去桧屿岛要多久", "审批要等多长时间"] {
            assert!(asks_how_long(q), "{q}");
            assert_eq!(demands(q), Some(AnswerKind::Number), "{q}");
        }
        for text in [
            "单程要开40分钟",
            "满打满算也就半年",
            "三个多月",
            "10个工作日以内",
        ] {
            assert!(counts_time(text), "{text}");
        }
        for text in ["核定载客320人", "一共用掉2.6万吨"] {
            assert!(!counts_time(text), "{text}");
        }
    }

    #[test]
    fn years_are_counted_apart_from_the_year_of_a_date() {
        for text in ["在急诊科工作了二十二年", "巡护了 31 年", "干了十多年"] {
            assert!(states_years(text), "{text}");
        }
        for text in [
            "2025 年 2 月 8 日，直播间邀请了吴翼",
            "2018年起担任队长",
            "这一年",
        ] {
            assert!(!states_years(text), "{text}");
        }
    }

    #[test]
    fn a_name_is_asked_and_given() {
        assert!(asks_a_name("闻老师最小的那个徒弟叫什么名字"));
        assert!(asks_a_name("kevin 周的中文全名"));
        assert!(asks_a_name("那家连锁叫啥"));
        assert!(!asks_a_name("为什么叫浪花课堂"));
        assert!(!asks_a_name("她叫了一声"));
        assert!(gives_a_name("我们都叫他老拉毛"));
        assert!(gives_a_name("新项目，叫“手电筒夜游”"));
        assert!(!gives_a_name("他是这个粮站的老保管员，在这里干了三十年。"));
        assert!(gives_a_name("最爱看《小鸡快跑》"));
        assert!(!gives_a_name(
            "我希望他们学会的是\"等\"。我教过一个孩子，后来考上了师范。"
        ));
    }

    #[test]
    fn an_outlet_points_at_its_article() {
        let sources = ["三联生活周刊", "工人日报", "单读", "潇湘晨报（微信公众号）"];
        let pointed = |q: &str| {
            outlet_pointed_at(q, &sources).map(|(range, i)| (q[range].to_string(), sources[i]))
        };
        assert_eq!(
            pointed("工人日报那篇里，风速超过多少就不能上塔"),
            Some(("工人日报那篇里，".to_string(), "工人日报"))
        );
        assert_eq!(
            pointed("单读那个对谈里，粮站图书馆新馆藏书多少"),
            Some(("单读那个对谈里，".to_string(), "单读"))
        );
        assert_eq!(
            pointed("三联那篇口述里说起薪多少"),
            Some(("三联那篇口述里".to_string(), "三联生活周刊"))
        );
        assert_eq!(
            pointed("潇湘晨报的报道说一期几天"),
            Some(("潇湘晨报的报道".to_string(), "潇湘晨报（微信公众号）"))
        );
        assert_eq!(pointed("工人日报怎么看风电"), None);
        assert_eq!(pointed("单读是什么"), None);
    }

    #[test]
    fn a_year_is_said_by_the_article_date_or_in_digits() {
        assert_eq!(year_said_otherwise("去年", 2025).as_deref(), Some("2024年"));
        assert_eq!(year_said_otherwise("明年", 2025).as_deref(), Some("2026年"));
        assert_eq!(year_said_otherwise("2023", 2025).as_deref(), Some("前年"));
        assert_eq!(year_said_otherwise("2020", 2025), None);
        assert_eq!(year_said_otherwise("今年", 2025), None);
        assert_eq!(year_said_otherwise("2025", 2025), None);
        assert_eq!(year_of("2025-04-17"), Some(2025));
        assert_eq!(year_of("不详"), None);
        assert!(names_a_year("2024") && names_a_year("去年"));
        assert!(!names_a_year("20245") && !names_a_year("3000") && !names_a_year("年"));
    }

    #[test]
    fn a_kind_counted_but_not_named_answers_no_which_one() {
        let which = |q: &str| asks_which_one(q).expect(q);
        let mention = |text: &str, q: &str| {
            counted_without_a_name(text, &which(q)).map(|range| text[range].to_string())
        };
        let school = "南屏一中托管合作的是省城哪所学校";
        assert_eq!(
            mention("2020 年和省城的一所名校建立了托管合作。", school),
            Some("一所名校".to_string())
        );
        let projects = "周岚去年投的那 4 个 ai 项目分别是哪几个";
        assert_eq!(
            mention("我看了 300 多个项目，最后只投了 4 个。", projects).as_deref(),
            Some("4 个")
        );
        let couriers = "那四家民营快递具体是哪几家";
        assert_eq!(
            mention("推动邮政和四家民营快递企业统一分拣、统一投递。", couriers).as_deref(),
            Some("四家民营快递")
        );
        // Named, or not counted at all, or counted as something else.
        for text in [
            "和省城的东华中学建立了托管合作。",
            "和一所叫东华中学的名校合作。",
            "和一所名校（东华中学）合作。",
            "第一所学校是我们自己办的。",
        ] {
            assert_eq!(mention(text, school), None, "{text}");
        }
        assert_eq!(mention("四家：中通、圆通、申通和韵达。", couriers), None);
        let ceilings = "v3 前面还有哪两个天花板";
        let named = "前面还有两个天花板，openai 的模型和 anthropic 的 claude。";
        assert_eq!(mention(named, ceilings), None);
        assert_eq!(
            mention("前面还有两个天花板，都很难超过。", ceilings).as_deref(),
            Some("两个天花板")
        );
        assert_eq!(mention("我们投了一个。", projects), None);
        // Counted among others, or said of something else.
        let county = "柴郡的东北方是哪个郡";
        assert_eq!(mention("柴郡是 34 个非都市郡之一。", county), None);
        assert_eq!(mention("它与一个城市相邻。", county), None);
        let country = "旷野鹰豪乐团是哪个国家的乐团";
        assert_eq!(mention("是一支德国交响金属乐团。", country), None);
        assert_eq!(
            mention("来自一个欧洲国家。", country).as_deref(),
            Some("一个欧洲国家")
        );
        assert_eq!(mention("启衡是一家苏州的药企。", "他在哪家药企"), None);
        // 是……的 says who did it: the count is a vague mention, not a classification.
        assert_eq!(
            mention(
                "一台热成像无人机，是一家户外品牌前年捐的。",
                "捐无人机的是哪个户外品牌"
            )
            .as_deref(),
            Some("一家户外品牌")
        );
        assert_eq!(
            mention(
                "我们的发行商是一家国内发行商。",
                "雾港来信的发行商是哪家公司"
            )
            .as_deref(),
            Some("一家国内发行商")
        );
        assert_eq!(mention("站台为两个侧式站台。", "哪几个站台"), None);
        assert_eq!(
            mention("来自某个国家。", country).as_deref(),
            Some("某个国家")
        );
        assert_eq!(
            mention("跟西南地区的两个县签了协议。", "跟奔野签约的是哪两个县").as_deref(),
            Some("两个县")
        );
        assert_eq!(
            mention("去年，一位网友捐了一台 x 光机。", "捐 x 光机的网友叫什么").as_deref(),
            Some("一位网友")
        );
        assert_eq!(
            mention("一个刚毕业的学生要带两三年。", "他是哪个大学毕业的"),
            None
        );
        // 第一次 goes through nothing; the adverb before 是 does not hide what is said of.
        let theatre = "红绸去省城演出是在哪家剧院";
        assert_eq!(
            mention("到省城的一家剧院演出，这是第一次走进剧场。", theatre).as_deref(),
            Some("一家剧院")
        );
        let hydrogen = "岱州的氢是哪家化工企业供的";
        assert_eq!(
            mention("岱州的氢主要是一家本地化工企业的副产氢。", hydrogen).as_deref(),
            Some("一家本地化工企业的副产氢")
        );
        let group = "跟云舒签框架协议的国际酒店集团是哪家";
        assert_eq!(
            mention("去年我们和一家国际酒店集团签了框架协议。", group).as_deref(),
            Some("一家国际酒店集团")
        );
        let points = "有哪几个看点";
        assert_eq!(
            mention("有三个看点。第一是开源，第二是成本。", points),
            None
        );
        assert_eq!(mention("我们有两家工厂。", couriers), None);
    }

    #[test]
    fn a_figure_asked_in_a_measure_word_is_found_beside_it() {
        assert_eq!(counted_in("r1 是分几步训练出来的"), Some('步'));
        assert_eq!(counted_in("请了多少个数学博士"), Some('个'));
        assert_eq!(counted_in("有哪几个看点"), None);
        assert_eq!(counted_in("花了多少钱"), None);
        assert_eq!(counted_in("北朝几个朝代中，哪个朝代最积极建筑长城"), None);
        let text = "第二阶段训练；它其实分了两步，请了上百个博士，涨了 10 倍";
        assert_eq!(counted(text, '步').len(), 1);
        assert_eq!(counted(text, '个').len(), 1);
        assert_eq!(counted(text, '倍').len(), 1);
        assert!(counted("r1 和 v3 的 2 个版本", '步').is_empty());
        assert_eq!(counted("做了三十多个实验", '个'), vec![6]);
        assert_eq!(counted("等了半个月", '个').len(), 1);
        assert!(counted("第二步是合并", '步').is_empty());
    }

    #[test]
    fn which_articles_speak_of_a_topic() {
        let about = |q: &str| articles_about(&crate::segment::normalize_text(q));
        assert_eq!(
            about("你们有哪些讲 DeepSeek 的采访文章？").as_deref(),
            Some("deepseek")
        );
        assert_eq!(
            about("有没有关于强化学习的文章").as_deref(),
            Some("强化学习")
        );
        assert_eq!(about("有没有文章提到 GRPO 吗").as_deref(), Some("grpo"));
        assert_eq!(about("哪篇访谈讲了思维链").as_deref(), Some("思维链"));
        assert_eq!(about("文章里怎么说 GRPO"), None);
        assert_eq!(about("DeepSeek 有哪些创新"), None);
        assert_eq!(about("有哪些文章"), None);
        assert_eq!(
            about("Which articles talk about chain of thought?").as_deref(),
            Some("chain of thought")
        );
        assert_eq!(
            about("Are there any interviews about GRPO").as_deref(),
            Some("grpo")
        );
        // 「on」 is too often something else: 「Which articles do you have on file?」.
        assert_eq!(about("Which articles do you have on file?"), None);
        assert_eq!(about("Which articles do you have?"), None);
        assert_eq!(about("What does the article say about GRPO?"), None);
    }

    #[test]
    fn who_said_it_is_asked_in_many_ways() {
        assert!(asks_who_said("用 o1 像多了个理性员工，这话谁说的"));
        assert!(asks_who_said("哪位提到了人生导师"));
        assert!(asks_who_said("是谁最先说的"));
        assert!(!asks_who_said("吴翼是谁"));
        assert!(!asks_who_said("谁是主持人"));
    }

    #[test]
    fn asking_what_was_asked_is_not_asking_what_someone_thinks() {
        assert!(asks_what_was_asked(
            "主持人问吴翼 openai 为什么不公开思维链，是怎么问的"
        ));
        assert!(asks_what_was_asked("张鹏提了哪些问题"));
        assert!(!asks_what_was_asked("张鹏怎么看 r1"));
        assert!(!asks_what_was_asked("请问张鹏怎么看 r1"));
    }

    #[test]
    fn a_word_for_the_article_before_in_says_where_to_look() {
        let at = |q: &str, w: &str| {
            let start = q.find(w).unwrap_or_default();
            points_at_the_source(q, start..start + w.len())
        };
        assert!(at("文章里怎么说 grpo", "文章"));
        assert!(at("访谈中提到 grpo 了吗", "访谈"));
        assert!(at("文中的 grpo 指什么", "文中"));
        assert!(!at("为什么用 chatgpt 写的文章 gpt 味特别重", "文章"));
    }

    #[test]
    fn values_are_stated_in_figures_and_in_words() {
        assert!(states(
            "知道这家公司是在 2023 年他们刚成立的时候",
            AnswerKind::Time,
            None
        ));
        assert!(states("春节就没过好", AnswerKind::Time, None));
        assert!(states("二〇一九年我当了院长", AnswerKind::Time, None));
        assert!(states("三年前我当了院长", AnswerKind::Time, None));
        // A length of years says no year.
        assert!(!states("有个刚来两年的医生", AnswerKind::Time, None));
        assert!(!states("做了十年兽医", AnswerKind::Time, None));
        assert!(states("在光海君七年将这个弟弟杀了", AnswerKind::Time, None));
        // A numeral inside an idiom counts nothing; one before a measure word does.
        for idiom in ["模型就开始胡说八道", "乱七八糟", "三心二意"] {
            assert!(!states(idiom, AnswerKind::Number, None), "{idiom}");
        }
        for figure in [
            "分了两步",
            "三成",
            "五倍",
            "七人",
            "训练了两周",
            "跑了三小时",
        ] {
            assert!(states(figure, AnswerKind::Number, None), "{figure}");
        }
        assert!(states("请了上百个数学博士", AnswerKind::Number, None));
        assert!(states("是以亿美金级别的投入", AnswerKind::Number, None));
        assert!(states("它其实分了两步", AnswerKind::Number, None));
        assert!(states("冲到全球第一", AnswerKind::Ordinal, None));
        // Digits in a model's name count nothing.
        assert!(!states(
            "也接入 r1 主动变革，v3 和 gpt-4 都在",
            AnswerKind::Number,
            None
        ));
        assert!(!states("用户很多", AnswerKind::Number, None));
        // A date is no figure, unless the question counts in its unit; a length of time is.
        let dated = "第一次公开思维链的模型是去年 11 月 20 日发布的，2023 年成立";
        assert!(!states(dated, AnswerKind::Number, None));
        assert!(states(dated, AnswerKind::Number, Some('年')));
        assert!(states("花了两年", AnswerKind::Number, None));
        assert_eq!(demands("梁文锋今年多大"), Some(AnswerKind::Number));
        assert_eq!(counted_in("吴翼老师多大了"), Some('岁'));
        assert_eq!(demands("压力有多大"), None);
        assert!(asks_why_or_how("符工为什么从小就会手语"));
        assert!(!asks_why_or_how("为什么要多少钱"));
        assert!(!asks_why_or_how("符工哪年学的手语"));
        // 几 before a unit of area, distance or a match asks a figure.
        for asked in ["店有几平米", "跑了几公里", "踢了几场"] {
            assert_eq!(demands(asked), Some(AnswerKind::Number), "{asked}");
        }
        assert_eq!(counted_thing("幻方手上有多少卡"), Some('卡'));
        assert_eq!(counted_thing("当时手里有多少张卡？"), Some('卡'));
        assert_eq!(counted_thing("日活用户有多少"), None);
        assert_eq!(counted_thing("毛利率从多少掉到多少"), None);
        assert_eq!(counted_thing("超过了多少人？"), Some('人'));
        assert_eq!(counted_thing("超过了百分之多少的人？"), None);
        assert_eq!(counted_thing("花了多少人民币"), Some('钱'));
        assert_eq!(counted_thing("剧社演员一个月工资多少"), Some('钱'));
        assert_eq!(counted_thing("开锁一个月能挣多少"), Some('钱'));
        assert_eq!(counted_thing("去年赚了多少"), Some('钱'));
        assert_eq!(counted_thing("二期扩建总投资多少"), Some('钱'));
        assert_eq!(counted_thing("管护队员一个月补贴多少"), Some('钱'));
        assert_eq!(counted_thing("工厂一天能做多少"), None);
        assert_eq!(counted("意外得知幻方有万卡", '卡').len(), 1);
        for money in [
            "花了几百万美金",
            "亿美金级别的投入",
            "全程：$20.8",
            "16.6",
            "2 块钱",
            "年营收 5.3 亿元",
            "投了 300 万",
            "一个框四分钱",
            "五毛钱一张",
            "带原厂镜头，四万八。",
            "一场给我们两千二，路费另算",
            "摊位费一个月三百八左右",
            "四万八千",
        ] {
            assert!(counts_money(money), "{money}");
        }
        for other in [
            "请了上百个数学博士",
            "作文是满分",
            "R1.5",
            "用了 2048 块 H800",
            "两块卡",
            "Claude 3.5 的文笔",
            "第一次",
            "一两年",
            "累计卖出了42万台",
            "全国有 3 万家门店",
            "200 万人在用",
            "讲过的三千万道题",
            "三百八十个座位",
            "两千二百人",
            "万万没想到",
        ] {
            assert!(!counts_money(other), "{other}");
        }
        for people in [
            "请了上百个数学博士",
            "超出了 90% 的人",
            "五十个人",
            "十几个人",
            "团队有三十多人",
            "招了 200 名工程师",
            "约 150 万",
            "百余人",
            "数百位",
            "上千万用户",
            "裁掉了三分之二的人",
            "四分之一的人",
        ] {
            assert!(counts_people(people), "{people}");
        }
        for other in [
            "满打满算也就半年",
            "2024 年 9 月 13 日",
            "R1 的人",
            "三个月",
            "你千万别来",
            "排在第 3 位",
            "两个天花板",
            "三个原因",
            "100 人民币",
            "排到第二名",
            "昆仑万维",
            "万万没想到",
            "三分之二的时间",
        ] {
            assert!(!counts_people(other), "{other}");
        }
    }

    #[test]
    fn interrogatives_are_question_words() {
        let words = |q: &str| -> Vec<String> {
            question_word_ranges(q)
                .into_iter()
                .map(|r| q[r].to_string())
                .collect()
        };
        assert!(words("元朝被何人所灭?").contains(&"何人".to_string()));
        assert!(words("他在哪一年去世?").contains(&"哪一年".to_string()));
        assert!(words("哪位球员进球最多").contains(&"哪".to_string()));
        assert!(words("共有几个省").contains(&"几".to_string()));
        assert!(words("位于何处").contains(&"何处".to_string()));
        assert!(words("他几乎不说话").is_empty());
        assert!(words("几内亚的首都").is_empty());
        assert!(words("何鸿燊的赌场").is_empty());
        assert_eq!(words("去哪"), ["哪"]);
        assert_eq!(words("v3 强不强"), ["强不"]);
        assert_eq!(words("吴翼说的第二点"), ["点"]);
        assert_eq!(words("第三个原因"), ["个"]);
        assert!(words("第一个电池是谁造的").is_empty());
        assert!(words("幻方有多少张卡").contains(&"张".to_string()));
        assert_eq!(words("重不重要"), ["重不"]);
        assert!(words("不管不顾").is_empty());
    }

    #[test]
    fn figures_in_digits_have_values() {
        let found = |q: &str| -> Vec<(String, u64)> {
            figures_in_digits(q)
                .into_iter()
                .map(|(r, v)| (q[r].to_string(), v))
                .collect()
        };
        assert_eq!(found("花了2600万"), [("2600万".to_string(), 26_000_000)]);
        assert_eq!(found("补贴1.2万？"), [("1.2万".to_string(), 12_000)]);
        assert_eq!(found("卖了 26w?"), [("26w".to_string(), 260_000)]);
        assert_eq!(found("月薪3k"), [("3k".to_string(), 3_000)]);
        assert_eq!(found("干了38年"), [("38".to_string(), 38)]);
        // Years, dates, times, versions and small numbers are no amounts.
        for q in [
            "2024年开的",
            "3月5日",
            "10:30",
            "R1 和 V3",
            "买了3个",
            "GPT-4o",
            "2.5",
        ] {
            assert_eq!(found(q), [], "{q}");
        }
        assert_eq!(
            found("1.5亿和2000"),
            [
                ("1.5亿".to_string(), 150_000_000),
                ("2000".to_string(), 2000)
            ]
        );
    }

    #[test]
    fn values_are_spelt_in_numerals_as_people_write_them() {
        assert_eq!(spelt_in_numerals(26_000_000), ["二千六百万", "两千六百万"]);
        assert_eq!(
            spelt_in_numerals(12_000),
            ["一万二千", "一万两千", "一万二"]
        );
        assert_eq!(spelt_in_numerals(260_000), ["二十六万"]);
        assert_eq!(spelt_in_numerals(38), ["三十八"]);
        assert_eq!(spelt_in_numerals(5_100), ["五千一百", "五千一"]);
        assert_eq!(spelt_in_numerals(1_005), ["一千零五"]);
        assert_eq!(spelt_in_numerals(10_010), ["一万零一十"]);
        assert_eq!(spelt_in_numerals(150_000_000), ["一亿五千万"]);
        assert_eq!(spelt_in_numerals(100_000_500), ["一亿零五百"]);
        assert_eq!(spelt_in_numerals(9), Vec::<String>::new());
        // Every spelling reads back as the value.
        for value in [
            10,
            38,
            105,
            1_005,
            5_100,
            12_000,
            260_000,
            26_000_000,
            100_000_500,
        ] {
            for spelling in spelt_in_numerals(value) {
                assert_eq!(value_of_numerals(&spelling), Some(value), "{spelling}");
            }
        }
    }

    #[test]
    fn verbs_split_by_a_particle_are_found() {
        let words = |q: &str| -> Vec<&str> { split_verbs(q).into_iter().map(|(_, w)| w).collect() };
        assert_eq!(words("解晴多久回的本"), ["回本"]);
        assert_eq!(words("他哪年结的婚，几年回了本"), ["回本", "结婚"]);
        assert!(words("他的本事").is_empty());
        assert_eq!(split_verbs("多久回的本")[0].0, 6..9);
    }

    #[test]
    fn latin_units_after_a_figure_are_spelt_out() {
        assert_eq!(
            with_units_spelt_out("日常保洁4h收费多少"),
            "日常保洁4小时收费多少"
        );
        assert_eq!(with_units_spelt_out("跑 5KM 要多久"), "跑 5公里 要多久");
        assert_eq!(
            with_units_spelt_out("链条骑多少km要换，身高几cm能下水"),
            "链条骑多少公里要换，身高几厘米能下水"
        );
        assert_eq!(
            with_units_spelt_out("1.5h 够吗, 30min 呢"),
            "1.5小时 够吗, 30分钟 呢"
        );
        for kept in ["H800 有多少", "24hours便利店", "A4h 纸", "4hd 屏"] {
            let spelt = with_units_spelt_out(kept);
            assert_eq!(spelt == kept, kept != "24hours便利店", "{kept} → {spelt}");
        }
    }

    #[test]
    fn large_values_are_also_written_in_figures_of_wan() {
        assert_eq!(in_figures_of_wan(26_000_000).as_deref(), Some("2600"));
        assert_eq!(in_figures_of_wan(12_000).as_deref(), Some("1.2"));
        assert_eq!(in_figures_of_wan(12_500).as_deref(), Some("1.25"));
        assert_eq!(in_figures_of_wan(9_000), None);
        assert_eq!(in_figures_of_wan(12_345), None);
        assert_eq!(in_figures_of_yi(136_000_000).as_deref(), Some("1.36"));
        assert_eq!(in_figures_of_yi(200_000_000).as_deref(), Some("2"));
        assert_eq!(in_figures_of_yi(99_000_000), None);
        let found: Vec<(Range<usize>, u64)> = large_figures_in_numerals("花了两千六百万吗");
        assert_eq!(found, [(6..21, 26_000_000)]);
        assert_eq!(large_figures_in_numerals("两千人"), []);
    }

    #[test]
    fn chinese_numerals_have_values() {
        assert_eq!(numeral_value("两千"), Some(2000));
        assert_eq!(numeral_value("一百二十"), Some(120));
        assert_eq!(numeral_value("十五"), Some(15));
        assert_eq!(numeral_value("三千万"), Some(30_000_000));
        assert_eq!(numeral_value("两亿五千万"), Some(250_000_000));
        assert_eq!(numeral_value("二〇二四"), Some(2024));
        assert_eq!(numeral_value("一百零五"), Some(105));
        // The unit below the last one goes unsaid.
        assert_eq!(numeral_value("一万二"), Some(12_000));
        assert_eq!(numeral_value("三千五"), Some(3_500));
        assert_eq!(numeral_value("两百五"), Some(250));
        assert_eq!(numeral_value("一万零二"), Some(10_002));
        assert_eq!(numeral_value("二十五"), Some(25));
        // Small numbers are mostly words; other text is no number.
        assert_eq!(numeral_value("三"), None);
        assert_eq!(numeral_value("一些"), None);
        assert_eq!(numeral_value("2000"), None);
        assert_eq!(numeral_value(""), None);
        // Absurd lengths do not overflow.
        assert_eq!(numeral_value(&"九".repeat(40)), None);
        assert_eq!(numeral_value(&"亿".repeat(40)), None);
    }

    #[test]
    fn runs_and_bigrams_skip_stop_words_and_never_bridge_them() {
        let q = "淞沪会战的爆发";
        let de = q.find('的').unwrap();
        let runs = runs(q, std::slice::from_ref(&(de..de + 3)));
        assert_eq!(runs, [vec!['淞', '沪', '会', '战'], vec!['爆', '发']]);
        let mut want = vec![('淞', '沪'), ('沪', '会'), ('会', '战'), ('爆', '发')];
        want.sort_unstable();
        assert_eq!(bigrams(&runs), want);
        assert_eq!(bigrams(&super::runs("会战会战", &[])).len(), 2);
        assert!(super::runs("deepseek r1", &[]).is_empty());
    }

    #[test]
    fn own_words_are_asked_with_ziji_benren_qinkou() {
        assert!(asks_what_was_said("栾芷的博士生是怎么吐槽RL训完的模型的"));
        assert!(!asks_what_was_said("栾芷的博士生叫什么名字"));
        assert!(asks_what_was_said("牟总当时提了什么续约条件"));
        assert!(asks_own_words("邰宁自己是怎么说的"));
        assert!(asks_own_words("他本人怎么说"));
        assert!(asks_own_words("她亲口说过吗"));
        assert!(!asks_own_words("自己做饭怎么样"));
        assert!(!asks_own_words("邰宁怎么说"));
    }

    #[test]
    fn the_asking_sentences_of_a_pasted_paragraph_come_in_order() {
        let message =
            "我在做写作产品。为什么 DeepSeek 写得更自然？另外，是数据的原因吗?背景就这些。";
        assert_eq!(
            asking_sentences(message),
            ["为什么 DeepSeek 写得更自然？", "另外，是数据的原因吗?"]
        );
        assert!(asking_sentences("GRPO 为什么重要？").is_empty());
        assert!(asking_sentences("背景很长。没有问题。").is_empty());
    }
}

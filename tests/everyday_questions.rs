//! Everyday questions about a small-business interview: the gym named only in the title, a
//! price said short (四万八), a unit typed in Latin letters (4h), a verb split by 的 (回的本),
//! 几台, a fact about the interviewee that only the lead states, and a florist the lead names
//! before saying 「我们和她聊了聊」.

mod common;

use fangtan::admin::{self, Resources};
use fangtan::answer::Engine;

/// 晚点-style: only the outlet's questions are labelled; the lead says whom it talked with.
const GYM: &str = "---
title: 抱石工厂涂一帆：攀岩馆从3家变成17家之后
url: https://example.org/gym
source: 测试周刊
date: 2024-09-03
---

2019年，做了七年后端开发的涂一帆辞职，开了抱石馆“抱石工厂”。店里有6台跑步机，平时没人用。

8月底，《测试周刊》在抱石工厂和涂一帆聊了两个小时。

**测试周刊：馆里怎么收费？**

单次98元，年卡3680元，另外有十次卡。一个人一年来超过四十次，年卡就划算。

**测试周刊：开馆花了多少钱，多久回的本？**

装修加岩板一共花了八十万左右，用了两年零三个月回本，比预想的慢了半年。

**测试周刊：馆里卖过最贵的东西是什么？**

一双定制的攀岩鞋，进口的皮，四万八。买家是外地专门来的。

**测试周刊：定线员一次工作多长时间？**

一次4个小时，两个人一起，换六十条线。
";

/// A Q&A whose interviewee the front matter declares: her former job is only in the lead.
const STUDY_ROOM: &str = "---
title: 一间付费自习室的三年
url: https://example.org/study
source: 测试青年
date: 2024-04-18
speakers:
  解晴: 杞园自习室店主
---

杞园自习室在郯阳区湄东路一栋写字楼的七楼，60个座位，单日票35元。店主解晴今年三十一岁，开店前在银行做了五年柜员。2021年秋天，她和表妹合伙开了这家店。

### 来自习的都是什么人？

考研的大概四成，考公考编三成，剩下的是上班族。

### 有人投诉过吗？

最夸张的一次是有人投诉隔壁嚼口香糖，说听得见。

### 你自己爱安静吗？

我爸妈都是中学老师，家里到处是书，我小时候每天下午泡在里面看书。
";

/// Questions as headings, answers unlabelled: only the lead says whose they are, by a pronoun
/// after her name.
const FLORIST: &str = "---
title: 开花店第七年
url: https://example.org/florist
source: 测试城事
date: 2023-08-26
---

店主竺雨晴今年33岁，2017年辞掉银行的工作开了这家花店。她的店里只有两个店员。

我们和她聊了聊开花店这件事。

![](https://example.org/1.jpg)
*▲ 每天早上，竺雨晴都要给新到的花醒花。*

### 哪个节日最赚钱？

情人节热闹，但赚得不多，玫瑰进价会翻好几倍。真正赚钱的是母亲节，康乃馨进价稳。

### 店面是怎么装修的？

花店装修是我和朋友自己动手刷的墙，花了两个月，省下三万多块钱。
";

fn engine(dir: &tempfile::TempDir) -> Engine {
    let corpus = dir.path().join("articles");
    std::fs::create_dir_all(&corpus).expect("corpus folder");
    std::fs::write(corpus.join("gym.md"), GYM).expect("write the article");
    std::fs::write(corpus.join("study.md"), STUDY_ROOM).expect("write the article");
    std::fs::write(corpus.join("florist.md"), FLORIST).expect("write the article");
    let config = common::config(Some(&corpus), &dir.path().join("index"));
    let resources = Resources::load(config).expect("resources");
    admin::build(&resources, &()).expect("index builds").0
}

/// (speaker, quote) of the first answer, or `None` when nothing answers.
fn first(engine: &Engine, question: &str) -> Option<(String, String)> {
    let reply = engine.ask(question, 3).expect("search");
    let answer = reply.answers.first()?;
    Some((answer.passage.speaker.clone(), answer.quote_text()))
}

#[test]
fn everyday_questions_find_what_the_interview_says() {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine(&dir);
    let expect = |question: &str, speaker: &str, phrase: &str| {
        let (who, quote) = first(&engine, question).unwrap_or_default();
        assert!(quote.contains(phrase), "{question}: {who} {quote}");
        assert_eq!(who, speaker, "{question}: {quote}");
    };
    // The lead says whom the outlet talked with: the unlabelled answers are hers.
    // 抱石工厂 is only in the title, 年卡 in the answer.
    expect("抱石工厂年卡多少钱", "涂一帆", "年卡3680元");
    expect("馆里卖过最贵的东西多少钱", "涂一帆", "四万八");
    expect("定线员一次工作4h吗", "涂一帆", "一次4个小时");
    expect("涂一帆多久回的本", "涂一帆", "两年零三个月回本");
    // The question names her by her role; only the lead says what she did before.
    expect("杞园自习室老板开店前在哪上班", "", "在银行做了五年柜员");
    // A word of her role (自习室) in the lead's sentence with the figure asked is the lead
    // speaking of the place, not introducing her.
    expect("自习室一共多少个座位", "", "60个座位");
    // Asked of her, the lead's sentence after the one naming her goes on about her (她).
    expect("竺雨晴店里有几个店员", "", "只有两个店员");
    // A figure the question states of the place her role names is asked of the place.
    expect("杞园自习室有60个座位？", "", "60个座位");
    // 「我们和她聊了聊」 after 「店主竺雨晴」: the answers under the headings are hers.
    expect("开花店哪个节日最挣钱", "竺雨晴", "真正赚钱的是母亲节");
}

#[test]
fn a_speaker_asked_why_answers_with_one_word_of_the_question() {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine(&dir);
    // The name and one word (看书; 从小 is said 小时候): enough for why or how, asked of her.
    let (who, quote) = first(&engine, "解晴为什么从小就会看书").unwrap_or_default();
    assert_eq!(who, "解晴", "{quote}");
    assert!(quote.contains("我小时候每天下午泡在里面看书"), "{quote}");
}

#[test]
fn a_which_question_is_answered_only_where_its_subject_is_spoken_of() {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine(&dir);
    // The renovation is spoken of, a contractor is not: nothing names one.
    assert!(first(&engine, "花店装修的施工队是哪家").is_none());
}

#[test]
fn a_count_is_answered_only_by_a_count() {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine(&dir);
    // 几台 asks how many: the lead's 6台 answers, the answers about cards do not.
    let (_, quote) = first(&engine, "抱石工厂有几台跑步机").unwrap_or_default();
    assert!(quote.contains("6台跑步机"), "{quote}");
    // 几成 asks a share; a passage without a figure does not answer it.
    assert!(first(&engine, "投诉口香糖的占几成").is_none());
}

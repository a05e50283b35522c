//! A feature article (特稿) quotes people inside the writer's narration: a question answered by a
//! quotation is answered with who said it, and a figure asked in other spellings (1.2万, 26w,
//! 45%) finds the article's 一万二千, 二十六万, 百分之四十五.

mod common;

use fangtan::admin::{self, Resources};
use fangtan::answer::Engine;

/// The front matter declares only the feature's subject; the others are quoted by name.
const FEATURE: &str = "---
title: 十八楼顶上的蜂箱
url: https://example.org/bees
source: 测试周刊
date: 2024-06-12
speakers:
  凌建国: 退休电工、楼顶养蜂人
---

早上六点，凌建国推开通往天台的铁门。九年前他在阳台上养了第一箱蜂，后来搬到了楼顶。

溱江花园物业经理缪海峰记得那段时间。“业主群里吵得很厉害，有人说要把蜂箱全扔下去。”他说，“我们不反对养蜂，但是安全第一。”

缪海峰说，现在业主群里已经没人为这件事吵了。

樾塘镇副镇长戈敏告诉记者，小区的改造由镇里补贴，每年一万二千元，主要用于加装挡板和保险。戈敏每个月都来看一次。

冬天是凌建国最操心的季节。“蜂团中心能保持在三十度以上，外面零下它们也冻不坏，”他说，“就怕饿死。”所以入冬前，他会给每一箱留足够的蜜。

沅城农业大学的研究员蒲雅研究城市传粉昆虫多年。

“结果比很多人想象的要好，”蒲雅说，“城市蜂蜜的农药残留普遍比农区的低，合格率在百分之九十五以上。”

去年凌建国申请过一笔养蜂补贴，批下来的比申请的少。“我申请的是两万，只批了一万五，”凌建国说，“说我有两个月的蜂蜜没有送检。”
";

fn engine(dir: &tempfile::TempDir) -> Engine {
    engine_with(dir, "bees.md", FEATURE)
}

fn engine_with(dir: &tempfile::TempDir, name: &str, article: &str) -> Engine {
    let corpus = dir.path().join("articles");
    std::fs::create_dir_all(&corpus).expect("corpus folder");
    std::fs::write(corpus.join(name), article).expect("write the article");
    let config = common::config(Some(&corpus), &dir.path().join("index"));
    let resources = Resources::load(config).expect("resources");
    admin::build(&resources, &()).expect("index builds").0
}

/// (speaker, quote) of the first answer.
fn first(engine: &Engine, question: &str) -> (String, String) {
    let reply = engine.ask(question, 3).expect("search");
    let answer = reply.answers.first().expect("an answer");
    (answer.passage.speaker.clone(), answer.quote_text())
}

#[test]
fn a_quotation_in_the_narration_answers_as_the_one_quoted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine(&dir);
    let (who, quote) = first(&engine, "冬天蜂团中心能保持多少度");
    assert_eq!(who, "凌建国", "{quote}");
    assert!(quote.contains("三十度以上"), "{quote}");
    // Someone the front matter does not list is still the one quoted.
    let (who, quote) = first(&engine, "城市蜂蜜农药残留高不高");
    assert_eq!(who, "蒲雅", "{quote}");
    assert!(quote.contains("农药残留普遍比农区的低"), "{quote}");
    let (who, quote) = first(&engine, "业主群里为蜂箱吵得厉害吗");
    assert_eq!(who, "缪海峰", "{quote}");
}

#[test]
fn the_quotation_answers_before_the_paragraph_that_tells_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine(&dir);
    let (who, quote) = first(&engine, "凌建国申请养蜂补贴为啥只批了一万五");
    assert_eq!(who, "凌建国", "{quote}");
    assert!(quote.contains("没有送检"), "{quote}");
}

#[test]
fn what_a_post_holder_told_the_reporter_is_theirs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine(&dir);
    let (who, quote) = first(&engine, "镇里每年补贴多少钱？1.2万？");
    assert_eq!(who, "戈敏", "{quote}");
    assert!(quote.contains("一万二千元"), "{quote}");
}

#[test]
fn a_figure_in_other_spellings_finds_the_articles_numerals() {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine(&dir);
    let (_, quote) = first(&engine, "镇里每年补贴12000元吗");
    assert!(quote.contains("一万二千元"), "{quote}");
    let (_, quote) = first(&engine, "城市蜂蜜合格率有95%吗");
    assert!(quote.contains("百分之九十五"), "{quote}");
}

/// A round table where a guest relays her student's words once.
const ROUND_TABLE: &str = "---
title: 圆桌：强化学习之后
source: 测试周刊
host: 濮一帆
speakers:
  栾芷: 珩州大学副教授
  晁亦凡: 砾石资本合伙人
---

**濮一帆：** 栾老师，RL到底教会了模型什么？

**栾芷：** 我有一个可能不太讨喜的观点：RL在很大程度上不是教会模型新东西，而是把预训练里已经有的能力激发出来。

**栾芷：** 我的博士生阚小禾去年做这个实验，跑完以后盯着日志看了很久，跟我说：“老师，它不是变聪明了，是变得更会蒙了。”这话有点夸张，但说中了一部分。

**濮一帆：** 晁总怎么看？

**晁亦凡：** 从投资人的角度，我更关心账算不算得过来，单次成本降不到三毛钱以下，很难规模化。
";

#[test]
fn what_someone_quoted_once_said_is_their_one_quote() {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine_with(&dir, "table.md", ROUND_TABLE);
    let (who, quote) = first(&engine, "栾芷的博士生是怎么吐槽RL训完的模型的");
    assert_eq!(who, "阚小禾", "{quote}");
    assert!(quote.contains("更会蒙了"), "{quote}");
    // Not a fact about them that the quote does not hold.
    let reply = engine.ask("栾芷的博士生今年多大", 3).expect("search");
    assert!(
        reply.answers.is_empty(),
        "{:?}",
        reply.answers.first().map(|a| a.quote_text())
    );
}

/// Someone an answer mentions once by name (逯长根, «我们的老护鸟员逯长根»), never speaking.
const CRANES: &str = "---
title: 白鹤回来了
url: https://example.org/cranes
source: 测试周刊
date: 2025-03-14
speakers:
  - name: 缑晓帆
    role: 监测站站长
  - name: 濮正东
    role: 青训教练
---

**主持人**：七七每年都回泠湖吗？

**缑晓帆**：每年都回，都落在北岸同一片浅水区，误差不超过三百米。我们的老护鸟员逯长根，守了三十年湖，他说过一段话我一直记着：“鹤比人守时。”

**主持人**：青训队里那个后腰多大了？

**濮正东**：今天首发的后腰隗宇，去年还在U19，今年才十九岁，我觉得他是场上最好的球员之一。
";

#[test]
fn a_person_named_in_full_is_in_the_answer_or_there_is_none() {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine_with(&dir, "cranes.md", CRANES);
    // Another person's age is no answer to his.
    let reply = engine.ask("逯长根今年几岁", 3).expect("search");
    assert!(
        reply.answers.is_empty(),
        "{:?}",
        reply.answers.first().map(|a| a.quote_text())
    );
    // What the answer says of him is.
    let (who, quote) = first(&engine, "逯长根守了多少年湖");
    assert_eq!(who, "缑晓帆", "{quote}");
    assert!(quote.contains("三十年"), "{quote}");
}

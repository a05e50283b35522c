//! fangtan (访谈): answers questions from a corpus of Chinese interview articles with verbatim,
//! attributed quotes.
//!
//! The core — [`corpus`], [`segment`], [`question`], [`speakers`], [`search`], [`answer`],
//! [`render`] — is synchronous, deterministic and free of network code. [`admin`] manages index versions and reloads;
//! [`telegram`] is the thin transport; `main.rs` is the command line.

pub mod admin;
pub mod answer;
pub mod bench;
pub mod config;
pub mod corpus;
pub mod eval;
pub mod homophones;
pub mod question;
pub mod rank;
pub mod render;
pub mod search;
pub mod segment;
pub mod speakers;
pub mod telegram;

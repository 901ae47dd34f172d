//! The server's integration tests as one test binary: each test binary links the whole
//! server, and 26 of them took minutes of linking in every clean `cargo xtask test` — one
//! binary links once, and its tests share both cores instead of one binary after another.
//! (`load.rs` and `timing.rs` stay binaries of their own: they measure, and no other test
//! may share the cores while they do.)

#[path = "../common/mod.rs"]
mod common;

mod accounts;
mod admin;
mod comments;
mod editor;
mod fuzz;
mod headers;
mod http;
mod kiosk;
mod limits;
mod lottery;
mod lottery_cli;
mod mail;
mod metrics;
mod open_data;
mod openapi;
mod origins;
mod postgres;
mod public_pages;
mod publish;
mod push;
mod report;
mod retention;
mod roles;
mod strategy_versions;
mod templates;
mod upgrade;
mod workplace;

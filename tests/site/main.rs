//! Portico's integration tests: one binary, one module per feature, fixtures under `tests/fixtures/`.

mod harness;
mod hostile;
mod interrupted;

mod architecture;
mod brand;
mod build;
mod check;
mod cli;
mod components;
mod data_files;
mod deploy;
mod engines;
mod errors;
mod explainer;
mod feeds;
mod fleet;
mod golden;
mod hosting;
mod images;
mod import;
mod install;
mod kit;
mod languages;
mod links;
mod not_found;
mod output;
mod page_folders;
mod pagination;
mod plugins;
mod portal;
mod practice_pages;
mod properties;
mod serve;
mod serve_abuse;
mod themes;

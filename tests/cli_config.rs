//! `crm config`: where the config file is, and the default one it prints.

mod common;
use common::Env;

#[test]
fn default_config_prints_the_asset_and_loads_back() {
    let env = Env::new();
    let text = env.ok(&["config", "--default"]);
    // The asset, with the example rules commented in where it marks them.
    let asset = include_str!("../assets/config.toml");
    let (head, tail) = asset.split_once("# @example-rules\n").unwrap();
    assert!(text.starts_with(head) && text.ends_with(tail));
    assert!(text.contains("# on = \"deal.won\""), "{text}");
    // No database is needed to print it.
    assert!(!env.db.exists());

    // Used as the config file, it behaves like no file: amounts default to USD.
    let path = env.dir.path().join("config/crm/config.toml");
    assert_eq!(env.ok(&["config"]).trim_end(), path.display().to_string());
    assert_eq!(env.json(&["config"])["exists"], false);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, &text).unwrap();
    assert_eq!(env.json(&["config"])["exists"], true);
    env.ok(&["contact", "add", "Grace Hopper"]);
    let deal = env.json(&[
        "deal",
        "add",
        "Compiler",
        "--contact",
        "grace",
        "--value",
        "1200",
    ]);
    assert_eq!(deal["currency"], "USD");

    // A broken config file does not stop `crm config --default` from printing a good one.
    std::fs::write(&path, "default_currency = ").unwrap();
    env.fails(&["agenda"], 1);
    assert_eq!(env.ok(&["config", "--default"]), text);
}

//! Small value parsers shared by many subcommands' clap types.

/// `--limit N`: a count of rows to show, 1 or more (`--limit 0` would show nothing and
/// look like an empty database).
pub fn positive_count(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1 (leave --limit out for the default)".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "{text:?} is not a whole number of rows (1 or more)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use clap::error::ErrorKind;
    use clap::{Command, CommandFactory};

    use super::super::Cli;

    /// Every subcommand, with the words that reach it (`["crm", "contact", "list"]`).
    fn walk(cmd: &Command, path: Vec<String>, out: &mut Vec<(Vec<String>, Command)>) {
        for sub in cmd.get_subcommands() {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            out.push((p.clone(), sub.clone()));
            walk(sub, p, out);
        }
    }

    fn all() -> Vec<(Vec<String>, Command)> {
        let mut out = Vec::new();
        walk(&Cli::command(), vec!["crm".into()], &mut out);
        out
    }

    #[test]
    fn positive_count_refuses_zero_and_words() {
        assert_eq!(super::positive_count("3"), Ok(3));
        assert!(super::positive_count("0")
            .unwrap_err()
            .contains("at least 1"));
        assert!(super::positive_count("-1").is_err());
        assert!(super::positive_count("ten").is_err());
    }

    /// `--limit 0` is refused by every subcommand that has a `--limit`, while the other
    /// arguments are still missing: the value check comes first. `crm query` refuses it
    /// itself, on the status line mail clients show (tests/cli_query.rs).
    #[test]
    fn every_limit_refuses_zero() {
        let mut seen = 0;
        for (path, cmd) in all() {
            let has_limit = cmd.get_arguments().any(|a| a.get_long() == Some("limit"));
            if !has_limit || path == ["crm", "query"] {
                continue;
            }
            seen += 1;
            let mut argv = path.clone();
            argv.extend(["--limit".to_string(), "0".to_string()]);
            let err = <Cli as clap::Parser>::try_parse_from(&argv).expect_err(&argv.join(" "));
            assert_eq!(err.kind(), ErrorKind::ValueValidation, "{}", argv.join(" "));
            argv.pop();
            argv.push("2".into());
            if let Err(e) = <Cli as clap::Parser>::try_parse_from(&argv) {
                assert_ne!(e.kind(), ErrorKind::ValueValidation, "{}", argv.join(" "));
            }
        }
        assert!(seen >= 10, "only {seen} subcommands have --limit");
    }

    /// Every date argument takes a relative date in the past with a space, as its help
    /// shows (`--since -30d`, `--due -2d`, `--at -2d`), not only with `=`.
    #[test]
    fn every_date_takes_a_leading_hyphen() {
        let mut seen = Vec::new();
        for (path, cmd) in all() {
            for a in cmd.get_arguments() {
                let dated = a
                    .get_value_names()
                    .is_some_and(|v| v.iter().any(|n| n.starts_with("DATE")));
                if dated && a.get_long().is_some() {
                    assert!(
                        a.is_allow_hyphen_values_set(),
                        "{} --{} does not take -2d",
                        path.join(" "),
                        a.get_long().unwrap_or_default()
                    );
                    seen.push(format!(
                        "{} --{}",
                        path.join(" "),
                        a.get_long().unwrap_or_default()
                    ));
                }
            }
        }
        for must in [
            "crm log-call --at",
            "crm task add --due",
            "crm report --since",
        ] {
            assert!(
                seen.iter().any(|s| s == must),
                "{must} not found in {seen:?}"
            );
        }
    }
}

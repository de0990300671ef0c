//! `crm query --mutt QUERY`: address completion for mutt's and neomutt's `query_command`
//! and aerc's `address-book-cmd`. The first line is a status line the client shows, then
//! one `address<TAB>name<TAB>extra` line per e-mail of each contact found, best first
//! (extra: the company, else the lifecycle).
//!
//! Nothing found, or a query crm cannot search, exits 1 with the reason on the status line
//! and nothing on stderr, as `abook --mutt-query` and `khard email --parsable` do: mutt
//! and neomutt show the first line either way (as an error when the exit is not 0), aerc
//! ignores the exit status and skips lines that are not addresses, and a message on
//! stderr would be drawn over the mail client's screen.

use crate::domain::{Error, Result};
use crate::ops::search::{addresses, Addresses};

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Letters of a name, e-mail or company (accents and case do not matter), or a phone number
    query: Vec<String>,
    /// Print the format of mutt's query_command (also what neomutt and aerc read)
    #[arg(long)]
    mutt: bool,
    /// The most addresses to print (aerc reads at most 100 lines)
    #[arg(long, default_value_t = 50)]
    limit: usize,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let query = a.query.join(" ");
    if !a.mutt && !ctx.out.json {
        return Err(Error::invalid(
            "say how to print the addresses: --mutt (for mutt, neomutt and aerc) or --json.",
        ));
    }
    if query.trim().is_empty() {
        return fail(
            ctx,
            a.mutt,
            "type a few letters of a name, e-mail or company first.".to_string(),
        );
    }
    if a.limit == 0 {
        return fail(ctx, a.mutt, "--limit must be at least 1.".to_string());
    }
    let found = match addresses(ctx.store.read(), &query, a.limit) {
        Ok(found) => found,
        Err(e @ Error::Invalid { .. }) => return fail(ctx, a.mutt, e.to_string()),
        Err(e) => return Err(e),
    };
    if ctx.out.json {
        return ctx.out.json(&found.list);
    }
    if found.list.is_empty() {
        return fail(ctx, true, format!("no match for \"{}\"", field(&query)));
    }
    ctx.out.print(&mutt_lines(&query, &found));
    Ok(())
}

/// The status line and one line per address, tab separated.
fn mutt_lines(query: &str, found: &Addresses) -> String {
    let n = found.list.len();
    let mut out = format!(
        "crm: {n} address{} for \"{}\"{}\n",
        if n == 1 { "" } else { "es" },
        field(query),
        if found.more {
            " (more with --limit)"
        } else {
            ""
        },
    );
    for a in &found.list {
        let extra = match &a.company {
            Some(c) if !c.trim().is_empty() => field(c),
            _ => a.lifecycle.to_string(),
        };
        out.push_str(&format!(
            "{}\t{}\t{}\n",
            field(&a.email),
            field(&a.name),
            extra
        ));
    }
    out
}

/// Fails a mutt query the way mail clients expect: the reason on the status line, exit 1,
/// nothing on stderr. Other outputs fail as every command does.
fn fail(ctx: &Ctx, mutt: bool, reason: String) -> Result<()> {
    if !mutt || ctx.out.json {
        return Err(Error::invalid(reason));
    }
    ctx.out.print(&format!("crm: {}\n", field(&reason)));
    std::process::exit(1);
}

/// One field of a line: tabs, newlines and other control characters become spaces, so a
/// name can neither break the line nor shift the columns.
fn field(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ContactId, Lifecycle};
    use crate::ops::search::Address;

    #[test]
    fn a_field_never_breaks_the_line() {
        assert_eq!(
            field("Ada\tLove\nlace\r\u{7}\u{1b}[31m"),
            "Ada Love lace   [31m"
        );
        assert_eq!(field("Zoë"), "Zoë");
    }

    #[test]
    fn lines_are_tab_separated_after_a_status_line() {
        let a = |email: &str, company: Option<&str>| Address {
            email: email.into(),
            name: "Zoë\tAsk".into(),
            company: company.map(str::to_string),
            lifecycle: Lifecycle::Decision,
            contact_id: ContactId(1),
        };
        let found = Addresses {
            list: vec![a("z@home.dk", None), a("z@work.dk", Some("Øresund"))],
            more: true,
        };
        assert_eq!(
            mutt_lines("zo\te", &found),
            "crm: 2 addresses for \"zo e\" (more with --limit)\n\
             z@home.dk\tZoë Ask\tdecision\nz@work.dk\tZoë Ask\tØresund\n"
        );
        let one = Addresses {
            list: vec![a("z@home.dk", None)],
            more: false,
        };
        assert!(mutt_lines("zoe", &one).starts_with("crm: 1 address for \"zoe\"\n"));
    }
}

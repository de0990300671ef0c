//! `crm team init`: the SQL an administrator runs once to set a team up on PostgreSQL
//! (DESIGN §14). crm prints it rather than running it, so the person with the rights
//! reads what they grant.

use crate::domain::{Error, Result};

use super::output::Out;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Print the SQL that makes the team's group role, database and member roles
    #[command(
        after_help = "Run it as a superuser: crm team init --member ada --member grace | psql -v ON_ERROR_STOP=1 -d postgres\nThen give each member a password with \\password NAME in psql (never on the command line), and everyone runs crm with --db postgres://NAME@HOST/DATABASE."
    )]
    Init(InitArgs),
}

#[derive(Debug, clap::Args)]
struct InitArgs {
    /// The group role every member belongs to; it owns crm's tables
    #[arg(long, default_value = "crm_team")]
    group: String,
    /// The database to create for the team
    #[arg(long, default_value = "crm")]
    database: String,
    /// A person's login role to create in the group (repeatable)
    #[arg(long = "member", value_name = "ROLE")]
    members: Vec<String>,
    /// Also turn on row-level security: deals, tasks and cases owned by someone else are
    /// visible but only their owner (or an unowned record's anyone) may change them
    #[arg(long)]
    private: bool,
}

pub fn run(out: &Out, a: Args) -> Result<()> {
    match a.command {
        Command::Init(a) => {
            let sql = init_sql(&a)?;
            out.print(&sql);
            Ok(())
        }
    }
}

/// A role or database name crm will quote: plain letters, digits and `_`, so the SQL
/// printed is the SQL meant.
fn name(what: &str, s: &str) -> Result<String> {
    let ok = !s.is_empty()
        && s.len() <= 63
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit());
    if !ok {
        return Err(Error::invalid(format!(
            "{what} {s:?} is not a plain name: use letters, digits and _ (at most 63, not starting with a digit)."
        )));
    }
    Ok(format!("\"{s}\""))
}

fn init_sql(a: &InitArgs) -> Result<String> {
    let group = name("--group", &a.group)?;
    let db = name("--database", &a.database)?;
    let mut s = format!(
        "-- crm team setup (DESIGN §14). Run once as a superuser:\n\
         --   crm team init ... | psql -v ON_ERROR_STOP=1 -d postgres\n\
         -- The group owns the database, so the first crm that connects makes crm's tables\n\
         -- as the group, and every member may read and write them and run later upgrades.\n\
         CREATE ROLE {group} NOLOGIN;\n\
         CREATE DATABASE {db} OWNER {group};\n\
         REVOKE ALL ON DATABASE {db} FROM PUBLIC;\n\
         GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {group};\n"
    );
    for m in &a.members {
        let m = name("--member", m)?;
        s.push_str(&format!(
            "CREATE ROLE {m} LOGIN IN ROLE {group};  -- then in psql: \\password {}\n",
            m.trim_matches('"')
        ));
    }
    if a.members.is_empty() {
        s.push_str(&format!(
            "-- Add people with: CREATE ROLE ada LOGIN IN ROLE {group}; then \\password ada\n"
        ));
    }
    s.push_str(
        "-- History's `by` is each person's own role (session_user); passwords are set with\n\
         -- \\password, never on a command line. Members connect with sslmode=require or\n\
         -- verify-full from other machines.\n",
    );
    if a.private {
        s.push_str(&format!(
            "\\connect {db}\n\
             -- Row-level security: everyone sees every deal, task and case; only the owner\n\
             -- (or anyone, for an unowned one) may change or delete it. Run after the first\n\
             -- crm has connected (the tables must exist).\n"
        ));
        for t in ["deals", "tasks", "cases"] {
            s.push_str(&format!(
                "ALTER TABLE {t} ENABLE ROW LEVEL SECURITY;\n\
                 CREATE POLICY crm_see ON {t} FOR SELECT USING (true);\n\
                 CREATE POLICY crm_add ON {t} FOR INSERT WITH CHECK (true);\n\
                 CREATE POLICY crm_own ON {t} FOR UPDATE USING (owner IS NULL OR owner = session_user);\n\
                 CREATE POLICY crm_own_delete ON {t} FOR DELETE USING (owner IS NULL OR owner = session_user);\n"
            ));
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(members: &[&str], private: bool) -> InitArgs {
        InitArgs {
            group: "crm_team".into(),
            database: "crm".into(),
            members: members.iter().map(|m| m.to_string()).collect(),
            private,
        }
    }

    #[test]
    fn prints_the_group_database_and_members() {
        let sql = init_sql(&args(&["ada", "grace"], false)).unwrap();
        assert!(sql.contains("CREATE ROLE \"crm_team\" NOLOGIN;"));
        assert!(sql.contains("CREATE DATABASE \"crm\" OWNER \"crm_team\";"));
        assert!(sql.contains("CREATE ROLE \"ada\" LOGIN IN ROLE \"crm_team\";"));
        assert!(sql.contains("CREATE ROLE \"grace\" LOGIN IN ROLE \"crm_team\";"));
        assert!(!sql.contains("ROW LEVEL SECURITY"));
        assert!(!sql.to_lowercase().contains("password '"));
    }

    #[test]
    fn private_adds_row_level_security_on_owned_records() {
        let sql = init_sql(&args(&[], true)).unwrap();
        for t in ["deals", "tasks", "cases"] {
            assert!(sql.contains(&format!("ALTER TABLE {t} ENABLE ROW LEVEL SECURITY;")));
        }
    }

    #[test]
    fn names_that_would_change_the_sql_are_refused() {
        let mut a = args(&["ada; DROP TABLE x"], false);
        assert!(init_sql(&a).is_err());
        a.members.clear();
        a.group = "crm\"team".into();
        assert!(init_sql(&a).is_err());
    }
}

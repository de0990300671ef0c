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
    /// Print instead the guards to run once the first crm has connected (the tables exist
    /// then): deals, tasks and cases stay visible to all, but only their owner (anyone, for
    /// an unowned one) may change or delete them
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
    if a.private {
        return Ok(private_sql(&db));
    }
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
    Ok(s)
}

/// Guards on the owned records, for after crm has made its tables: a change or removal
/// of someone else's deal, task or case is refused with their name. (A trigger rather than
/// row-level security: members act with the owning group's rights, which RLS lets
/// through, and RLS hides a refused row from an UPDATE, which then changes nothing
/// without an error.)
fn private_sql(db: &str) -> String {
    let mut s = format!(
        "-- Owned records for the team's database (DESIGN §14). Run as a superuser once the\n\
         -- first crm has connected:  crm team init --private | psql -d postgres\n\
         -- Everyone sees every deal, task and case; only its owner (or anyone, for an\n\
         -- unowned one) may change or delete it; others get an error naming the owner.\n\
         \\connect {db}\n\
         CREATE OR REPLACE FUNCTION crm_owner_guard() RETURNS trigger LANGUAGE plpgsql AS $$\n\
         BEGIN\n\
         \x20   IF OLD.owner IS NOT NULL AND OLD.owner <> session_user THEN\n\
         \x20       RAISE EXCEPTION '% #% belongs to %; only they may change it', TG_ARGV[0], OLD.id, OLD.owner\n\
         \x20           USING ERRCODE = '42501';\n\
         \x20   END IF;\n\
         \x20   RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;\n\
         END $$;\n"
    );
    for (t, what) in [("deals", "deal"), ("tasks", "task"), ("cases", "case")] {
        s.push_str(&format!(
            "DROP TRIGGER IF EXISTS crm_owner_guard ON {t};\n\
             CREATE TRIGGER crm_owner_guard BEFORE UPDATE OR DELETE ON {t}\n\
             \x20   FOR EACH ROW EXECUTE FUNCTION crm_owner_guard('{what}');\n"
        ));
    }
    s
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
        assert!(!sql.contains("crm_owner_guard"));
        assert!(!sql.contains("\\connect"));
        assert!(!sql.to_lowercase().contains("password '"));
    }

    #[test]
    fn private_guards_owned_records() {
        let sql = init_sql(&args(&["ada"], true)).unwrap();
        assert!(sql.contains("\\connect \"crm\""));
        assert!(!sql.contains("CREATE ROLE"), "only the policies: {sql}");
        for t in ["deals", "tasks", "cases"] {
            assert!(sql.contains(&format!("BEFORE UPDATE OR DELETE ON {t}")));
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

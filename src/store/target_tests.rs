use super::*;

fn pg(s: &str) -> PgTarget {
    match Target::parse(s).unwrap() {
        Target::Postgres(p) => p,
        other => panic!("{s} read as {other:?}"),
    }
}

#[test]
fn paths_stay_paths() {
    for s in [
        "crm.db",
        "/tmp/x/crm.db",
        "./postgres",
        "postgres.db",
        "my file.db",
    ] {
        assert_eq!(Target::parse(s).unwrap(), Target::Sqlite(s.into()), "{s}");
    }
    assert!(Target::parse("  ").is_err());
}

#[test]
fn urls_give_their_parts() {
    let t = pg("postgres://ada@db.example:6543/sales?sslmode=verify-full&sslrootcert=/etc/ca.pem");
    assert_eq!(t.user.as_deref(), Some("ada"));
    assert_eq!(t.host.as_deref(), Some("db.example"));
    assert_eq!(t.port, Some(6543));
    assert_eq!(t.dbname.as_deref(), Some("sales"));
    assert_eq!(t.sslmode, Some(SslMode::VerifyFull));
    assert_eq!(t.sslrootcert, Some(PathBuf::from("/etc/ca.pem")));
    let t = pg("postgresql://[::1]:5433/crm");
    assert_eq!((t.host.as_deref(), t.port), (Some("::1"), Some(5433)));
    let t = pg("postgresql:///crm?host=%2Frun%2Fpostgresql");
    assert_eq!(t.host.as_deref(), Some("/run/postgresql"));
    assert_eq!(t.dbname.as_deref(), Some("crm"));
    let t = pg("POSTGRES://j%C3%B6rg@h/d%20b");
    assert_eq!(t.user.as_deref(), Some("jörg"));
    assert_eq!(t.dbname.as_deref(), Some("d b"));
}

#[test]
fn keyword_strings_and_services() {
    let t = pg("host=db.example port=6543 dbname='sales team' user=ada");
    assert_eq!(t.dbname.as_deref(), Some("sales team"));
    assert_eq!(t.port, Some(6543));
    let t = pg("service=crm");
    assert_eq!(t.service.as_deref(), Some("crm"));
    assert_eq!(t.to_string(), "service=crm");
}

#[test]
fn passwords_on_the_command_line_are_refused() {
    for s in [
        "postgres://ada:secret@db.example/crm",
        "postgres://ada:@db.example/crm",
        "host=db.example password=secret",
        "postgres://db.example/crm?password=secret",
    ] {
        let err = Target::parse(s).unwrap_err().to_string();
        assert!(err.contains("PGPASSWORD"), "{s}: {err}");
        assert!(!err.contains("secret"), "{s}: {err}");
    }
}

#[test]
fn bad_parts_are_named() {
    let cases = [
        ("postgres://h:99999/crm", "not a port number"),
        ("postgres://h:x/crm", "not a port number"),
        ("postgres://h/crm?sslmode=allow", "sslmode \"allow\""),
        ("postgres://h/crm?frobnicate=1", "\"frobnicate\""),
        ("postgres://h/crm?sslmode", "has no value"),
        ("postgres://a,b/crm", "several hosts"),
        ("postgres://h/%zz", "two hex digits"),
        ("host='db", "closing quote"),
        ("host=db port", "has no value"),
        ("postgres://[::1/crm", "closing ]"),
    ];
    for (s, want) in cases {
        let err = Target::parse(s).unwrap_err().to_string();
        assert!(err.contains(want), "{s}: {err}");
    }
}

#[test]
fn masked_shows_no_secret_and_no_options() {
    let t = Target::parse("postgres://ada@db.example:6543/sales?sslmode=require").unwrap();
    assert_eq!(t.masked(), "postgres://ada@db.example:6543/sales");
    let t = Target::parse("host=/run/postgresql dbname=crm").unwrap();
    assert_eq!(t.masked(), "postgres://[socket /run/postgresql]/crm");
    assert_eq!(Target::parse("a.db").unwrap().masked(), "a.db");
}

#[test]
fn tls_is_required_off_this_machine_by_default() {
    assert_eq!(
        pg("postgres://db.example/crm").effective_sslmode(),
        SslMode::Require
    );
    assert_eq!(
        pg("postgres://localhost/crm").effective_sslmode(),
        SslMode::Prefer
    );
    assert_eq!(
        pg("postgres://127.0.0.1/crm").effective_sslmode(),
        SslMode::Prefer
    );
    assert_eq!(
        pg("host=/tmp/pg dbname=crm").effective_sslmode(),
        SslMode::Prefer
    );
    assert_eq!(
        pg("postgres://db.example/crm?sslmode=disable").effective_sslmode(),
        SslMode::Disable
    );
}

#[test]
fn a_service_with_a_password_is_refused() {
    let mut section = BTreeMap::new();
    section.insert("host".to_string(), "db".to_string());
    section.insert("password".to_string(), "x".to_string());
    let t = PgTarget {
        service: Some("crm".into()),
        ..Default::default()
    };
    let err = t.with_service(&section).unwrap_err().to_string();
    assert!(err.contains("~/.pgpass"), "{err}");
}

//! The migration for saved segments (DESIGN §12), appended to `MIGRATIONS`.

/// Segments: a name unique by its folded key, what they pick (`contacts` or `deals`) and
/// the expression in canonical form. Covered by the undo log like every table.
pub(super) const SEGMENTS: &str = r#"
CREATE TABLE segments (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    target      TEXT NOT NULL CHECK (target IN ('contacts', 'deals')),
    expr        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX segments_name_key ON segments(name_key);
"#;

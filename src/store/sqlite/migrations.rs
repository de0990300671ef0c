//! Append-only migrations. Never edit one that has been released: add a new one.

/// `PRAGMA application_id` of a crm database ("CRM1").
pub const APPLICATION_ID: i64 = 0x4352_4D31;

pub const MIGRATIONS: &[&str] = &[
    V1,
    V2,
    V3,
    V4,
    V5,
    V6,
    V7,
    V8,
    V9,
    V10,
    V11,
    V12,
    V13,
    V14,
    super::migrations_automation::FIRED,
    super::migrations_score::SCORES,
    super::migrations_dupes::DUPES,
    super::migrations_segments::SEGMENTS,
    super::migrations_cases::CASES,
    super::migrations_cases::CASE_LINKS,
    super::migrations_service::TASK_CASES,
    super::migrations_search::EVERY_EMAIL,
    super::migrations_email::MESSAGE_IDS,
    super::migrations_owner::OWNERS,
    super::migrations_queue::QUEUE_APPLIED,
    super::migrations_queue::QUEUE_ON_SERVER,
];

const V1: &str = r#"
CREATE TABLE companies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    domain      TEXT,
    industry    TEXT,
    size        TEXT CHECK (size IN ('micro','small','medium','large','enterprise')),
    notes       TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX companies_name_key ON companies(name_key);

CREATE TABLE contacts (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL,
    search_key      TEXT NOT NULL,
    company_id      INTEGER REFERENCES companies(id) ON DELETE SET NULL,
    title           TEXT,
    lifecycle       TEXT NOT NULL DEFAULT 'awareness'
                    CHECK (lifecycle IN ('awareness','consideration','decision','retention','expansion','churned')),
    source          TEXT,
    notes           TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    last_contact_at INTEGER,
    deleted_at      INTEGER
);
CREATE INDEX contacts_company ON contacts(company_id);
CREATE INDEX contacts_live_name ON contacts(name_key) WHERE deleted_at IS NULL;
CREATE INDEX contacts_live_last_contact ON contacts(last_contact_at) WHERE deleted_at IS NULL;
CREATE INDEX contacts_live_lifecycle ON contacts(lifecycle) WHERE deleted_at IS NULL;

-- Folded name words, for REF lookups by any word prefix without a table scan.
CREATE TABLE contact_name_words (
    word        TEXT NOT NULL,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    PRIMARY KEY (word, contact_id)
) WITHOUT ROWID;
CREATE INDEX contact_name_words_contact ON contact_name_words(contact_id);

CREATE TABLE contact_emails (
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    email       TEXT NOT NULL,
    email_key   TEXT NOT NULL,
    label       TEXT,
    live        INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;
CREATE UNIQUE INDEX contact_emails_live_key ON contact_emails(email_key) WHERE live = 1;

CREATE TABLE contact_phones (
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    phone       TEXT NOT NULL,
    label       TEXT,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;

CREATE TABLE tags (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL COLLATE NOCASE UNIQUE
);
CREATE TABLE contact_tags (
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    tag_id      INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX contact_tags_tag ON contact_tags(tag_id, contact_id);

CREATE TABLE contact_fields (
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (contact_id, key)
) WITHOUT ROWID;

CREATE TABLE stages (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL COLLATE NOCASE UNIQUE,
    position     INTEGER NOT NULL,
    probability  INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100)
);
INSERT INTO stages (name, position, probability) VALUES
    ('lead', 1, 10), ('qualified', 2, 25), ('proposal', 3, 50), ('negotiation', 4, 75);

CREATE TABLE deals (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    contact_id      INTEGER REFERENCES contacts(id),
    company_id      INTEGER REFERENCES companies(id) ON DELETE SET NULL,
    stage_id        INTEGER NOT NULL REFERENCES stages(id),
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','won','lost')),
    value_minor     INTEGER NOT NULL DEFAULT 0 CHECK (value_minor >= 0),
    currency        TEXT NOT NULL,
    probability     INTEGER CHECK (probability BETWEEN 0 AND 100),
    expected_close  TEXT,
    lost_reason     TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    closed_at       INTEGER
);
CREATE INDEX deals_status_stage ON deals(status, stage_id);
CREATE INDEX deals_contact ON deals(contact_id);
CREATE INDEX deals_company ON deals(company_id);
CREATE INDEX deals_stage ON deals(stage_id);
CREATE INDEX deals_open_close ON deals(expected_close) WHERE status = 'open';
CREATE INDEX deals_created ON deals(created_at);

-- Every stage change and close of a deal: the funnel and velocity are computed from it.
CREATE TABLE stage_history (
    id             INTEGER PRIMARY KEY,
    deal_id        INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    from_stage_id  INTEGER,
    to_stage_id    INTEGER,
    status         TEXT NOT NULL CHECK (status IN ('open','won','lost')),
    at             INTEGER NOT NULL
);
CREATE INDEX stage_history_deal ON stage_history(deal_id, at);

CREATE TABLE interactions (
    id            INTEGER PRIMARY KEY,
    contact_id    INTEGER NOT NULL REFERENCES contacts(id),
    deal_id       INTEGER REFERENCES deals(id) ON DELETE SET NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('call','email','meeting','note','message','feedback')),
    direction     TEXT CHECK (direction IN ('in','out')),
    occurred_at   INTEGER NOT NULL,
    duration_min  INTEGER CHECK (duration_min >= 0),
    summary       TEXT NOT NULL,
    body          TEXT,
    score         INTEGER CHECK (score BETWEEN 0 AND 10),
    created_at    INTEGER NOT NULL
);
CREATE INDEX interactions_contact ON interactions(contact_id, occurred_at);
CREATE INDEX interactions_occurred ON interactions(occurred_at);
CREATE INDEX interactions_kind ON interactions(kind, occurred_at);
CREATE INDEX interactions_deal ON interactions(deal_id);

-- A task is due on a local calendar day (due_day), and at a moment (due_at, UTC) when a time was given.
CREATE TABLE tasks (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    contact_id  INTEGER REFERENCES contacts(id),
    deal_id     INTEGER REFERENCES deals(id) ON DELETE SET NULL,
    due_day     TEXT,
    due_at      INTEGER,
    done_at     INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE INDEX tasks_open_due ON tasks(due_day, due_at) WHERE done_at IS NULL;
CREATE INDEX tasks_contact ON tasks(contact_id);
CREATE INDEX tasks_deal ON tasks(deal_id);

-- Every create, update, delete, merge and automatic move.
CREATE TABLE history (
    id          INTEGER PRIMARY KEY,
    entity      TEXT NOT NULL,
    entity_id   INTEGER NOT NULL,
    contact_id  INTEGER,
    action      TEXT NOT NULL,
    before      TEXT,
    after       TEXT,
    at          INTEGER NOT NULL
);
CREATE INDEX history_entity ON history(entity, entity_id);
CREATE INDEX history_contact ON history(contact_id) WHERE contact_id IS NOT NULL;
"#;

/// Indexes for the TUI's pipeline: cards by stage, newest change first, and the column
/// totals read from the index alone.
const V2: &str = r#"
CREATE INDEX deals_open_stage_updated ON deals(stage_id, updated_at) WHERE status = 'open';
CREATE INDEX deals_open_totals ON deals(stage_id, currency, value_minor, probability) WHERE status = 'open';
"#;

/// Every import, and what it created or merged, so `crm import undo` can take it back.
const V3: &str = r#"
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    entity      TEXT NOT NULL,
    file        TEXT NOT NULL,
    format      TEXT NOT NULL,
    at          INTEGER NOT NULL,
    created     INTEGER NOT NULL DEFAULT 0,
    merged      INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    undone_at   INTEGER
);
CREATE TABLE import_items (
    import_id   INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    entity      TEXT NOT NULL,
    entity_id   INTEGER NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('create', 'merge')),
    before      TEXT
);
CREATE INDEX import_items_import ON import_items(import_id);
"#;

/// Reports read interactions by time with their kind and contact from the index alone.
const V4: &str = r#"
CREATE INDEX interactions_time_kind_contact ON interactions(occurred_at, kind, contact_id);
"#;

/// Import finds a person by name at a company when there is no e-mail to go by.
const V5: &str = r#"
CREATE INDEX contacts_live_name_company ON contacts(name_key, company_id) WHERE deleted_at IS NULL;
"#;

/// Satisfaction counts feedback scores from the index alone, already grouped by score.
const V6: &str = r#"
CREATE INDEX interactions_kind_score_time ON interactions(kind, score, occurred_at);
"#;

/// Import items get their own id, so `import undo` walks them newest first by a column
/// every SQL database has, not by SQLite's hidden rowid (which the id keeps).
const V7: &str = r#"
CREATE TABLE import_items_v7 (
    id          INTEGER PRIMARY KEY,
    import_id   INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    entity      TEXT NOT NULL,
    entity_id   INTEGER NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('create', 'merge')),
    before      TEXT
);
INSERT INTO import_items_v7 (id, import_id, entity, entity_id, action, before)
    SELECT rowid, import_id, entity, entity_id, action, before FROM import_items;
DROP TABLE import_items;
ALTER TABLE import_items_v7 RENAME TO import_items;
CREATE INDEX import_items_import ON import_items(import_id);
"#;

/// Tags are found and sorted by a lowercase key instead of the column's NOCASE collation,
/// which only SQLite has. `lower` folds ASCII letters only, exactly like NOCASE, so the
/// same tags match and sort as before.
const V8: &str = r#"
ALTER TABLE tags ADD COLUMN name_key TEXT;
UPDATE tags SET name_key = lower(name);
CREATE UNIQUE INDEX tags_name_key ON tags(name_key);
"#;

/// Undo (DESIGN §2): every use case is one numbered change with who made it; history rows
/// name their change; the row-level undo log (filled by triggers that `open.rs` makes from
/// the schema after every migration) holds each row's image before and after; and edits
/// check a version number.
const V9: &str = r#"
CREATE TABLE changes (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    by          TEXT,
    undo_of     INTEGER,
    undone_by   INTEGER,
    logged      INTEGER NOT NULL DEFAULT 1
);
ALTER TABLE history ADD COLUMN change_id INTEGER;
ALTER TABLE history ADD COLUMN by TEXT;
CREATE INDEX history_change ON history(change_id);

-- The change being written, while a use case's transaction runs (NULL otherwise, so a
-- write from the sqlite3 shell is not logged).
CREATE TABLE undo_ctx (
    change_id   INTEGER
);
INSERT INTO undo_ctx (change_id) VALUES (NULL);

-- One row per row a change wrote: its key (a JSON array of the key columns; for an
-- update, the key after it) and, for an update or delete, the row as it was. An update
-- that changes a row's key also logs a 'rekey' row under the old key, so later changes
-- to either key are seen.
CREATE TABLE undo_log (
    id          INTEGER PRIMARY KEY,
    change_id   INTEGER NOT NULL,
    tbl         TEXT NOT NULL,
    op          TEXT NOT NULL CHECK (op IN ('insert','update','delete','rekey')),
    key         TEXT NOT NULL,
    old         TEXT
);
CREATE INDEX undo_log_change ON undo_log(change_id);
-- Later changes that touched a row are found by key. A later change cannot insert a row
-- an earlier one wrote without deleting it first, so inserts (most of an import) stay out
-- of this index.
CREATE INDEX undo_log_key ON undo_log(tbl, key, change_id) WHERE op <> 'insert';

ALTER TABLE contacts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE companies ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE deals ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
"#;

/// Recurring tasks (`every`: an interval like `2w` or `month`; the index finds a recurring
/// task's next one, so ticking one twice does not create it twice), and a version on tasks
/// and interactions, bumped on every update, so an edit made from a stale copy is refused.
const V10: &str = r#"
ALTER TABLE tasks ADD COLUMN every TEXT;
CREATE INDEX tasks_recurring ON tasks(due_day, title) WHERE every IS NOT NULL;
ALTER TABLE tasks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE interactions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
"#;

/// A vCard UID per contact: the one a card brought in (a foreign UID is kept), so a vdir
/// exported and imported back updates the contact instead of duplicating it. NULL until a
/// card gives one; the export then writes `crm-contact-<id>@crm.local`.
const V11: &str = r#"
ALTER TABLE contacts ADD COLUMN uid TEXT;
CREATE INDEX contacts_uid ON contacts(uid) WHERE uid IS NOT NULL;
"#;

/// Search indexes, so `crm search` and the app's filter find their candidates without a
/// scan (DESIGN §3). Companies and deals get a folded search key like contacts have (name,
/// domain and industry; title and company name), filled by the store on every write and for
/// older rows right after this migration (`search::backfill_search_keys`, which then makes
/// the triggers). Three FTS5
/// indexes over those keys are kept by triggers, so every path that writes the rows
/// (imports, the demo, undo) keeps them true without knowing of them. The keys are folded
/// already; the tokenizer only splits them into words, the way `text::words` does (letters,
/// digits and the marks some scripts write vowels with). Prefix indexes for one to three
/// letters let a short prefix read one list instead of merging every word it begins. The
/// indexes keep only which rows hold a word (`detail='none'`, no column sizes): the
/// search ranks with its own scorer, so positions and sizes would only cost space.
const V12: &str = r#"
ALTER TABLE companies ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
ALTER TABLE deals ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
CREATE VIRTUAL TABLE contacts_fts USING fts5(search_key, content='contacts', content_rowid='id', tokenize="unicode61 categories 'L* N* Co Mc Mn'", prefix='1 2 3', detail='none', columnsize=0);
CREATE VIRTUAL TABLE companies_fts USING fts5(search_key, content='companies', content_rowid='id', tokenize="unicode61 categories 'L* N* Co Mc Mn'", prefix='1 2 3', detail='none', columnsize=0);
CREATE VIRTUAL TABLE deals_fts USING fts5(search_key, content='deals', content_rowid='id', tokenize="unicode61 categories 'L* N* Co Mc Mn'", prefix='1 2 3', detail='none', columnsize=0);
"#;

/// The triggers that keep the search indexes of migration 12 true, made once the keys
/// are filled (an index told to forget a key it never held is corrupt).
pub(super) fn v12_triggers() -> String {
    ["contacts", "companies", "deals"]
        .iter()
        .map(|t| {
            format!(
                "CREATE TRIGGER {t}_fts_insert AFTER INSERT ON {t} BEGIN
    INSERT INTO {t}_fts (rowid, search_key) VALUES (new.id, new.search_key);
END;
CREATE TRIGGER {t}_fts_delete AFTER DELETE ON {t} BEGIN
    INSERT INTO {t}_fts ({t}_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key);
END;
CREATE TRIGGER {t}_fts_update AFTER UPDATE OF search_key ON {t} WHEN old.search_key IS NOT new.search_key BEGIN
    INSERT INTO {t}_fts ({t}_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key);
    INSERT INTO {t}_fts (rowid, search_key) VALUES (new.id, new.search_key);
END;
"
            )
        })
        .collect()
}

/// Open deals' totals per stage and currency, kept by triggers as deals are written, so the
/// pipeline's header costs a read of a few rows instead of a pass over every open deal.
/// Weighted values are split by where the probability comes from: the deal's own (summed
/// as value × probability) or its stage's (summed as value, times the stage's probability
/// when read), so changing a stage's probability needs no rewrite.
///
/// Open tasks are indexed in the order the lists show them (by day, timed ones first
/// within it), so the agenda's first twenty overdue tasks are read, not sorted from all.
/// The index on interactions by time alone goes: the one by time, kind and contact starts
/// with the same column, and each index costs every insert (a tenth of the demo's build).
const V13: &str = r#"
DROP INDEX tasks_open_due;
DROP INDEX interactions_occurred;
CREATE INDEX tasks_open_order ON tasks(due_day, due_at IS NULL, due_at) WHERE done_at IS NULL;
CREATE TABLE deal_totals (
    stage_id        INTEGER NOT NULL,
    currency        TEXT NOT NULL,
    open_deals      INTEGER NOT NULL,
    value_minor     INTEGER NOT NULL,
    own_weighted    INTEGER NOT NULL,
    stage_weighted  INTEGER NOT NULL,
    PRIMARY KEY (stage_id, currency)
) WITHOUT ROWID;
"#;

/// Cadences (`2w`) and birthdays (`--03-14`), partially indexed for reconnect and birthdays.
const V14: &str = r#"
ALTER TABLE contacts ADD COLUMN cadence TEXT;
ALTER TABLE contacts ADD COLUMN birthday TEXT;
CREATE INDEX contacts_live_cadence ON contacts(id) WHERE cadence IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX contacts_live_birthday ON contacts(substr(birthday, -5)) WHERE birthday IS NOT NULL AND deleted_at IS NULL;
"#;

/// Fills `deal_totals` from the open deals (migration 13, and after a bulk load).
pub(super) const TOTALS_FILL: &str = r#"
DELETE FROM deal_totals;
INSERT INTO deal_totals
    SELECT stage_id, currency, count(*), sum(value_minor),
           sum(coalesce(value_minor * probability, 0)),
           sum(CASE WHEN probability IS NULL THEN value_minor ELSE 0 END)
    FROM deals WHERE status = 'open' GROUP BY stage_id, currency;
"#;

/// The triggers that keep `deal_totals` (migration 13, and again after a bulk load).
pub(super) const TOTALS_TRIGGERS: &str = r#"
CREATE TRIGGER deal_totals_insert AFTER INSERT ON deals WHEN new.status = 'open' BEGIN
    INSERT INTO deal_totals VALUES (new.stage_id, new.currency, 1, new.value_minor,
        coalesce(new.value_minor * new.probability, 0),
        CASE WHEN new.probability IS NULL THEN new.value_minor ELSE 0 END)
    ON CONFLICT (stage_id, currency) DO UPDATE SET open_deals = open_deals + 1,
        value_minor = value_minor + excluded.value_minor,
        own_weighted = own_weighted + excluded.own_weighted,
        stage_weighted = stage_weighted + excluded.stage_weighted;
END;
CREATE TRIGGER deal_totals_delete AFTER DELETE ON deals WHEN old.status = 'open' BEGIN
    UPDATE deal_totals SET open_deals = open_deals - 1,
        value_minor = value_minor - old.value_minor,
        own_weighted = own_weighted - coalesce(old.value_minor * old.probability, 0),
        stage_weighted = stage_weighted - CASE WHEN old.probability IS NULL THEN old.value_minor ELSE 0 END
    WHERE stage_id = old.stage_id AND currency = old.currency;
END;
CREATE TRIGGER deal_totals_update AFTER UPDATE OF status, stage_id, currency, value_minor, probability ON deals
WHEN old.status = 'open' OR new.status = 'open' BEGIN
    UPDATE deal_totals SET open_deals = open_deals - 1,
        value_minor = value_minor - old.value_minor,
        own_weighted = own_weighted - coalesce(old.value_minor * old.probability, 0),
        stage_weighted = stage_weighted - CASE WHEN old.probability IS NULL THEN old.value_minor ELSE 0 END
    WHERE old.status = 'open' AND stage_id = old.stage_id AND currency = old.currency;
    INSERT INTO deal_totals SELECT new.stage_id, new.currency, 1, new.value_minor,
        coalesce(new.value_minor * new.probability, 0),
        CASE WHEN new.probability IS NULL THEN new.value_minor ELSE 0 END
    WHERE new.status = 'open'
    ON CONFLICT (stage_id, currency) DO UPDATE SET open_deals = open_deals + 1,
        value_minor = value_minor + excluded.value_minor,
        own_weighted = own_weighted + excluded.own_weighted,
        stage_weighted = stage_weighted + excluded.stage_weighted;
END;
"#;

#[cfg(test)]
#[path = "migrations_tests.rs"]
mod tests;

//! The sections of a whole-database file (`crm export all`), in one list that the writer
//! (`crate::export`) and the reader (`crate::import::json`) both follow.

/// One kind of record in an `export all` file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Stages,
    Companies,
    Contacts,
    Deals,
    StageHistory,
    /// Support cases: after contacts and deals, before the interactions and tasks filed
    /// under them.
    Cases,
    Interactions,
    Tasks,
}

impl Section {
    /// In the order written and read back: what a record refers to comes before it
    /// (stages and companies before contacts, contacts before their deals, …).
    pub const ALL: [Section; 8] = [
        Section::Stages,
        Section::Companies,
        Section::Contacts,
        Section::Deals,
        Section::StageHistory,
        Section::Cases,
        Section::Interactions,
        Section::Tasks,
    ];

    /// The section's key in the JSON document.
    pub fn key(self) -> &'static str {
        match self {
            Section::Stages => "stages",
            Section::Companies => "companies",
            Section::Contacts => "contacts",
            Section::Deals => "deals",
            Section::StageHistory => "stage_history",
            Section::Cases => "cases",
            Section::Interactions => "interactions",
            Section::Tasks => "tasks",
        }
    }

    /// The `type` of one of its records in NDJSON.
    pub fn tag(self) -> &'static str {
        match self {
            Section::Stages => "stage",
            Section::Companies => "company",
            Section::Contacts => "contact",
            Section::Deals => "deal",
            Section::StageHistory => "stage_change",
            Section::Cases => "case",
            Section::Interactions => "interaction",
            Section::Tasks => "task",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.tag() == tag)
    }
}

//! The columns of organisation exports (`crm import companies`), compared after folding.

/// What a column of an organisation export holds: Pipedrive's organizations export
/// (`Organization - Name`, `Organization - Address - City`, …) or HubSpot's companies
/// export (`Company name`, `Company Domain Name`, `Number of Employees`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanyColumn {
    Name,
    Domain,
    Website,
    Industry,
    Employees,
    /// One part of the address (street, city, country…), joined in column order.
    Address,
    Notes,
}

/// The company field a header names, if any.
pub fn company_column(header: &str) -> Option<CompanyColumn> {
    let lower = header.trim().to_lowercase();
    let rest = lower
        .strip_prefix("organization - ")
        .or_else(|| lower.strip_prefix("organisation - "))
        .or_else(|| lower.strip_prefix("company - "))
        .unwrap_or(&lower);
    let s: String = rest.chars().filter(|c| c.is_alphanumeric()).collect();
    Some(match s.as_str() {
        "name" | "companyname" | "company" | "organization" | "organizationname"
        | "organisation" | "account" | "accountname" => CompanyColumn::Name,
        "domain" | "companydomainname" | "companydomain" | "domainname" => CompanyColumn::Domain,
        "website" | "websiteurl" | "url" | "web" | "homepage" => CompanyColumn::Website,
        "industry" | "sector" | "branche" => CompanyColumn::Industry,
        "numberofemployees" | "employees" | "numemployees" | "employeecount" | "companysize"
        | "size" | "peoplecount" => CompanyColumn::Employees,
        "streetaddress" | "street" | "streetaddress2" | "city" | "stateregion" | "state"
        | "region" | "countryregion" | "country" | "postalcode" | "zip" | "zipcode" => {
            CompanyColumn::Address
        }
        "description" | "notes" | "note" | "about" | "aboutus" => CompanyColumn::Notes,
        a if a.starts_with("address") => CompanyColumn::Address,
        _ => return None,
    })
}

import { describe, expect, it } from "vitest";
import { detectDelimiter, headerLineEnd } from "../../../src/import/delimiter.js";
import {
  CONTACT_LABELS,
  CUSTOMER_LABELS,
  columnHeader,
  columnLetter,
  mapHeaders,
  normaliseHeader,
  type HeaderMapping,
} from "../../../src/import/headers.js";

function mapped(headers: string[], kind?: "customers" | "contacts"): HeaderMapping {
  const mapping = mapHeaders(headers, kind);
  if ("error" in mapping) throw new Error(mapping.message);
  return mapping;
}

/** header -> field, for the columns that were recognised. */
function fields(mapping: HeaderMapping): Record<string, string> {
  return Object.fromEntries(mapping.headers.flatMap((header, i) => (mapping.columns[i] ? [[header, mapping.columns[i]]] : [])));
}

describe("detectDelimiter", () => {
  it("counts separators outside quotes on the first line only", () => {
    expect(detectDelimiter("Customer Name,City,Zip")).toBe(",");
    expect(detectDelimiter('"Name; full",City;Zip;Notes\na,b,c,d,e,f,g')).toBe(";");
    expect(detectDelimiter("Customer Name\tCity, State\tZip")).toBe("\t");
    expect(detectDelimiter('"City, State"\tZip')).toBe("\t");
    expect(detectDelimiter("Customer Name")).toBe(",");
  });

  it("prefers tab, then semicolon, on a tie", () => {
    expect(detectDelimiter("City, State\tZip")).toBe("\t");
    expect(detectDelimiter("a,b;c")).toBe(";");
  });

  it("finds the end of the header line outside quotes", () => {
    expect(headerLineEnd('"a\nb",c\r\nd')).toBe(7);
    expect(headerLineEnd('"a\nb",c')).toBe(-1);
  });
});

describe("normaliseHeader", () => {
  it("ignores case, spaces, underscores and punctuation", () => {
    for (const header of ["Zip Code", "zip_code", "ZIP-Code", " zipcode ", "Zip.Code:"]) expect(normaliseHeader(header)).toBe("zipcode");
    expect(normaliseHeader("Organization - Address - ZIP/Postal code")).toBe("organizationaddresszippostalcode");
  });

  it("keeps letters outside ASCII", () => {
    expect(normaliseHeader("Société")).toBe("société");
  });
});

describe("mapHeaders", () => {
  it("maps our own templates onto themselves", () => {
    const customers = mapped(Object.values(CUSTOMER_LABELS));
    expect(customers).toMatchObject({ kind: "customers", unknown: [], duplicates: [], missingRequired: [] });
    expect(customers.columns).toEqual(Object.keys(CUSTOMER_LABELS));
    const contactHeaders = Object.entries(CONTACT_LABELS).filter(([field]) => field !== "fullName").map(([, label]) => label);
    const contacts = mapped(contactHeaders);
    expect(contacts).toMatchObject({ kind: "contacts", unknown: [], duplicates: [], missingRequired: [], splitsFullName: false });
  });

  it("reads a HubSpot companies export", () => {
    const mapping = mapped([
      "Record ID", "Company name", "Company Domain Name", "Website URL", "Phone Number", "Street Address", "Street Address 2",
      "City", "State/Region", "Postal Code", "Country/Region", "Industry", "Company owner", "Description",
    ]);
    expect(mapping.kind).toBe("customers");
    expect(fields(mapping)).toEqual({
      "Company name": "name",
      "Company Domain Name": "domains",
      "Website URL": "domains",
      "Phone Number": "phone",
      "Street Address": "address",
      "Street Address 2": "address",
      City: "city",
      "State/Region": "state",
      "Postal Code": "zip",
      "Country/Region": "country",
      Description: "notes",
    });
    expect(mapping.unknown).toEqual(["Record ID", "Industry", "Company owner"]);
  });

  it("reads Salesforce accounts by API name and by report header", () => {
    const api = mapped(["Id", "Name", "BillingStreet", "BillingCity", "BillingState", "BillingPostalCode", "BillingCountry", "Phone", "Fax", "Website", "Rating"]);
    expect(fields(api)).toMatchObject({
      Name: "name", BillingStreet: "address", BillingCity: "city", BillingState: "state", BillingPostalCode: "zip",
      BillingCountry: "country", Phone: "phone", Fax: "fax", Website: "domains",
    });
    expect(api.unknown).toEqual(["Id", "Rating"]);
    const report = mapped(["Account Name", "Billing Street", "Billing City", "Billing State/Province", "Billing Zip/Postal Code", "Billing Country"]);
    expect(Object.values(fields(report))).toEqual(["name", "address", "city", "state", "zip", "country"]);
  });

  it("reads Atera, ConnectWise, Autotask, Zoho and Pipedrive customer headers", () => {
    expect(fields(mapped(["CustomerName", "BusinessNumber", "Domain", "ZipCodeStr", "CustomerID"]))).toEqual({
      CustomerName: "name", BusinessNumber: "businessId", Domain: "domains", ZipCodeStr: "zip",
    });
    expect(fields(mapped(["identifier", "name", "addressLine1", "addressLine2", "zip", "phoneNumber", "faxNumber", "website"]))).toEqual({
      name: "name", addressLine1: "address", addressLine2: "address", zip: "zip", phoneNumber: "phone", faxNumber: "fax", website: "domains",
    });
    expect(fields(mapped(["companyName", "address1", "postalCode", "webAddress", "taxID"]))).toEqual({
      companyName: "name", address1: "address", postalCode: "zip", webAddress: "domains", taxID: "businessId",
    });
    expect(fields(mapped(["Account_Name", "Billing_Street", "Billing_Code"]))).toEqual({
      Account_Name: "name", Billing_Street: "address", Billing_Code: "zip",
    });
    expect(fields(mapped(["Organization - Name", "Organization - Address - City/town/village/locality", "Organization - Address - ZIP/Postal code"]))).toEqual({
      "Organization - Name": "name",
      "Organization - Address - City/town/village/locality": "city",
      "Organization - Address - ZIP/Postal code": "zip",
    });
  });

  it("reads contact exports of Atera, HubSpot, Salesforce, HaloPSA and Pipedrive as contacts", () => {
    const atera = mapped(["EndUserID", "CustomerName", "Firstname", "Lastname", "Email", "Phone", "MobilePhone", "JobTitle", "IsContactPerson"]);
    expect(atera).toMatchObject({ kind: "contacts", unknown: ["EndUserID"], missingRequired: [] });
    expect(atera.columns).toEqual([null, "customerName", "firstName", "lastName", "email", "phone", "mobile", "jobTitle", "primary"]);

    const hubspot = mapped(["First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number", "Job Title", "Company Name", "Associated Company"]);
    expect(hubspot).toMatchObject({ kind: "contacts", duplicates: ["Associated Company"], missingRequired: [] });

    const salesforce = mapped(["FirstName", "LastName", "Email", "Title", "Department", "MobilePhone", "Account.Name"]);
    expect(fields(salesforce)).toMatchObject({ Title: "jobTitle", Department: "department", MobilePhone: "mobile", "Account.Name": "customerName" });

    const halo = mapped(["client_name", "firstname", "surname", "emailaddress", "phonenumber"]);
    expect(halo).toMatchObject({ kind: "contacts", missingRequired: [] });

    const pipedrive = mapped(["Person - Name", "Person - First name", "Person - Last name", "Person - Email - Work", "Person - Organization"]);
    expect(pipedrive).toMatchObject({ kind: "contacts", missingRequired: [], duplicates: ["Person - Name"], splitsFullName: false });
  });

  it("splits a single name column only when there are no first and last name columns, and says so", () => {
    const mapping = mapped(["Name", "Email", "Company"]);
    expect(mapping).toMatchObject({ kind: "contacts", splitsFullName: true, missingRequired: [] });
  });

  it("lists unknown and unnamed columns, and repeated ones", () => {
    const mapping = mapped(["Customer Name", "Favourite colour", "", "Phone", "Telephone"]);
    expect(mapping.unknown).toEqual(["Favourite colour", "(column C, no name)"]);
    expect(mapping.duplicates).toEqual(["Telephone"]);
    expect(mapping.columns).toEqual(["name", null, null, "phone", null]);
  });

  it("names the missing required columns", () => {
    expect(mapped(["First Name", "Email"])).toMatchObject({ kind: "contacts", missingRequired: ["Customer Name", "Last Name"] });
    expect(mapped(["City", "Phone"], "customers")).toMatchObject({ missingRequired: ["Customer Name"] });
  });

  it("says so when nothing in the header row is recognised, or the row is empty", () => {
    expect(mapHeaders(["foo", "bar"])).toMatchObject({ error: "unrecognised" });
    expect(mapHeaders(["", " "])).toMatchObject({ error: "no_header" });
  });

  it("lets the caller decide the kind (a Syncro customer export also has person columns)", () => {
    const headers = ["Business Name", "First Name", "Last Name", "Email", "Address", "City", "Zip"];
    expect(mapped(headers).kind).toBe("contacts");
    expect(mapped(headers, "customers")).toMatchObject({ kind: "customers", missingRequired: [] });
  });

  it("names a column by its header in the file, or by the template when the file has none", () => {
    const mapping = mapped(["company_name ", "E-mail Address", "Firstname"], "contacts");
    expect(columnHeader(mapping, "customerName")).toBe("company_name");
    expect(columnHeader(mapping, "email")).toBe("E-mail Address");
    expect(columnHeader(mapping, "lastName")).toBe("Last Name");
  });

  it("writes spreadsheet column letters", () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(["A", "Z", "AA", "AB", "ZZ", "AAA"]);
  });
});

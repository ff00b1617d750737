"""The formats nurture reads and writes, with the names and file suffixes shown to the user."""

READ_FORMATS = ("linkedin", "vcard", "csv", "json", "ics")
EXPORT_FORMATS = ("json", "csv", "vcard", "markdown", "ics")
#: The longest look-ahead the iCalendar export takes, in days.
MAX_ICS_DAYS = 3660
SUFFIX = {"json": ".json", "csv": ".csv", "vcard": ".vcf", "markdown": ".md", "ics": ".ics"}
FORMAT_NAMES = {
    "auto": "Detect from the file",
    "linkedin": "LinkedIn connections",
    "vcard": "vCard",
    "csv": "CSV",
    "json": "nurture JSON",
    "markdown": "Markdown",
    "ics": "iCalendar",
}
IMPORT_HELP = {
    "auto": "tells LinkedIn, Outlook, Google, vCard, CSV, JSON and calendar invitations apart",
    "linkedin": "Connections.csv: LinkedIn, Settings, Data privacy, Get a copy of your data",
    "vcard": ".vcf from Apple Contacts, Google Contacts or Android",
    "csv": "Outlook, Google Contacts, or any sheet with a header row (Name, Company, Email…)",
    "json": "a file made by nurture's JSON export",
    "ics": "a calendar invitation (.ics from Google, Outlook or Zoom): books it with the contact it names",
}
EXPORT_HELP = {
    "json": "everything, ids included; imports back as it was",
    "csv": "for spreadsheets: accents kept, formulas neutralised",
    "vcard": "vCard 4.0 for Apple, Google or Android contacts",
    "markdown": "a readable archive: each contact's card and timeline",
    "ics": "the touch-base queue as all-day calendar events",
}

"""The fields of each data file in content/data/, declared once.

The declaration drives the author guide's tables, the JSON Schemas editors use
(content/schema/data/*.json, written by `toolkit schema`) and the validation of the files
(generator.content.data_schema, with jsonschema). A test walks the shipped data files and fails on
any field not declared here, so none of the three can fall behind the files. Paths use `[]` for
"each item of a list"; a folder of fields (seb.source) is required when one of its fields is,
unless it is declared itself as optional.

Types: text (not empty), string (may be empty), int, number, bool, year, date (YYYY-MM-DD), month (YYYY-MM-DD or
YYYY-MM), url, id (lower case and hyphens), ids, texts (lists), enum (one of choices), patterns
(a list of text or {regex, case_sensitive}), object and list (a folder of fields, or a list of them)."""
from __future__ import annotations

from dataclasses import dataclass

from calculators.job_advert.rules import SEVERITIES
from calculators.shared.seb import GROUPS  # the SEB groups, as the calculators count them

SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"  # an id: lower-case letters, numbers and hyphens
GUIDE_DATA_FILES = "Data files"  # the author guide's section on the data files (a test checks it is a heading)


@dataclass(frozen=True)
class DataField:
    path: str
    description: str
    required: bool = True
    type: str = "text"
    choices: tuple[str, ...] = ()  # for enum
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class DataFile:
    name: str
    anchor: str  # the author guide's heading id, which error messages may link to
    purpose: str
    fields: tuple[DataField, ...]


def _source(prefix: str, what: str, required: bool = True) -> tuple[DataField, ...]:
    """A source's fields; an optional source, when given, still needs all of them."""
    folder = () if required else (DataField(prefix, f"Optional: {what}. When given, it has all the fields below.", False, "object"),)
    return (*folder, DataField(f"{prefix}.title", f"The title of {what}."), DataField(f"{prefix}.publisher", "Who published it."),
            DataField(f"{prefix}.year", "The year it was published, four digits.", type="year"),
            DataField(f"{prefix}.url", "A link to it, starting https://.", type="url"),
            DataField(f"{prefix}.checked", "When someone last opened the source and confirmed it still says what the site says "
                                           "(YYYY-MM-DD, or YYYY-MM). A source unchecked for 18 months is a build warning.", type="month"))


F = DataField
DATA_FILES = (
    DataFile("benchmarks.yml", "data-benchmarks", "What the representation gap and say/do gap calculators compare an organisation with.", (
        F("benchmarks[].id", "A short, stable name (lower case, hyphens); saved answers use it.", type="id"),
        F("benchmarks[].label", "The name readers see, such as \u201cUK workforce\u201d."),
        F("benchmarks[].phrase", "How a sentence names it: \u201cagainst 39% in the UK workforce\u201d.", required=False),
        F("benchmarks[].default", "true on exactly one benchmark: the one used when the reader chooses none.", required=False, type="bool"),
        F("benchmarks[].shares.professional", "Percentage from professional backgrounds, of people whose background is known.",
          type="number", minimum=0, maximum=100),
        F("benchmarks[].shares.intermediate", "Percentage from intermediate backgrounds. The three shares add up to 100.",
          type="number", minimum=0, maximum=100),
        F("benchmarks[].shares.lower", "Percentage from lower backgrounds.", type="number", minimum=0, maximum=100),
        F("benchmarks[].date", "When the figures describe, such as \u201cMay 2021\u201d."),
        F("benchmarks[].definition", "Who is counted, in words, with no figures: the site writes the shares next to it "
                                     "from shares, so the two never disagree."),
        F("benchmarks[].derived", "The id of a share worked out from the others rather than published (such as "
                                  "intermediate); the site says so.", required=False, type="enum", choices=GROUPS),
        *_source("benchmarks[].source", "the publication the shares come from"),
        F("say_do_reference.label", "The say/do gap calculator's reference, as its table column names it, such as \u201cCMI research (2022)\u201d."),
        F("say_do_reference.phrase", "How a sentence names it: \u201cIn CMI's research the gap was 60 points\u201d."),
        F("say_do_reference.say", "Percentage of managers who said their workplace is inclusive of people from lower backgrounds.",
          type="number", minimum=0, maximum=100),
        F("say_do_reference.do", "Percentage of managers who could name an active programme.", type="number", minimum=0, maximum=100),
        F("say_do_reference.source", "Where the figures come from, in words; results quote it."),
    )),
    DataFile("glossary.yml", "data-glossary", "Plain-English definitions, shown on the glossary page and linked as `glossary:<id>`.", (
        F("terms[].id", "The anchor used in `glossary:<id>` links (lower case, hyphens). Do not rename it once linked.", type="id"),
        F("terms[].term", "The term as readers see it. Keep the list sorted by term."),
        F("terms[].definition", "One to three short sentences. The plain-English rules apply (no sentence over 35 words)."),
        F("terms[].see_also", "Ids of related terms.", required=False, type="ids"),
    )),
    DataFile("claims.yml", "data-claims", "Statements the say/do practice check asks about, and the practices that back each one.", (
        F("claims[].id", "A short, stable name; saved answers use it, so do not rename it.", type="id"),
        F("claims[].text", "The statement, as an organisation would say it."),
        F("claims[].backed_by", "The interventions (file names without .md) that would show the statement is true, most important first.", type="ids"),
    )),
    DataFile("seb_question.yml", "data-seb-question", "The recommended socio-economic background question, its answers and how they are grouped.", (
        F("seb.question", "The question, word for word."),
        F("seb.why", "Why it is asked, for the measurement kit.", required=False),
        F("seb.note", "A note shown under the question.", required=False),
        *_source("seb.source", "the question's source", required=False),
        F("seb.groups[].id", "professional, intermediate or lower.", type="enum", choices=GROUPS),
        F("seb.groups[].label", "The group's name as readers see it."),
        F("seb.groups[].description", "One sentence on who is in the group.", required=False),
        F("seb.groups[].aliases", "Other words people use for the group in their own files (matched ignoring case).", required=False, type="texts"),
        F("seb.options[].code", "The answer's number, 1 to 9, as in survey exports.", type="int", minimum=1, maximum=9),
        F("seb.options[].short", "A short name for tables."),
        F("seb.options[].text", "The answer as the survey shows it."),
        F("seb.options[].examples", "Example jobs, shown with the answer (may be empty).", required=False, type="string"),
        F("seb.options[].group", "The group id the answer counts in, or unknown."),
        F("seb.options[].aliases", "Other spellings of the answer found in survey exports.", required=False, type="texts"),
        F("seb.options[].wording", "The answer word for word as the Social Mobility Commission publishes it, with its example "
                                   "jobs; a test compares it with a stored copy of the published wording.", required=False),
        F("seb.supporting", "Optional: supporting questions, asked after the headline question.", required=False, type="list"),
        F("seb.supporting[].id", "A short name for a supporting question."),
        F("seb.supporting[].question", "The supporting question, word for word."),
        F("seb.supporting[].options", "Its answers.", type="texts"),
        *_source("seb.supporting_source", "the supporting questions' source", required=False),
    )),
    DataFile("advert_rules.yml", "data-advert-rules", "The job-advert checker's rules. The comments at the top of the file say how "
             "matching works; the build names the rule of any bad pattern.", (
        F("advert_rules.version", "The file format's version: 1.", required=False, type="int"),
        F("advert_rules.settings.context_chars", "How far either side of a match an exception or cue may reach.", required=False,
          type="int", minimum=1, maximum=1_000_000),
        F("advert_rules.settings.max_findings", "The most findings listed for one advert.", required=False, type="int", minimum=1, maximum=1_000_000),
        F("advert_rules.severities[].id", "barrier, caution or note.", type="enum", choices=SEVERITIES),
        F("advert_rules.severities[].label", "Its name as readers see it."),
        F("advert_rules.severities[].description", "What it means for the advert."),
        F("advert_rules.categories[].id", "A category of rules, such as degree or pay.", type="id"),
        F("advert_rules.categories[].label", "Its heading in the results."),
        F("advert_rules.categories[].intervention", "The intervention to read about it (a file name without .md).", required=False, type="id"),
        F("advert_rules.sections.essential", "A regular expression for headings of essential requirements."),
        F("advert_rules.sections.desirable", "A regular expression for headings of desirable requirements."),
        F("advert_rules.sections.standalone", "A regular expression for a line that is a heading on its own, without a colon.",
          required=False),
        F("advert_rules.settings.max_matches_per_rule", "The most matches of one rule the checker reads in one advert; more are "
                                                        "left out with a notice, so a hostile advert cannot take long.", required=False,
          type="int", minimum=1, maximum=1_000_000),
        F("advert_rules.lists.masculine", "Masculine-coded word stems (matched as the start of a word).", required=False, type="texts"),
        F("advert_rules.lists.feminine", "Feminine-coded word stems.", required=False, type="texts"),
        F("advert_rules.lists.places", "Place names: a place named in the advert counts as a location.", required=False, type="texts"),
        F("advert_rules.lists.jargon", "Optional: jargon terms, each with a plainer term.", required=False, type="list"),
        F("advert_rules.lists.jargon[].term", "A jargon term."),
        F("advert_rules.lists.jargon[].plain", "A plainer term, offered as `{plain}`."),
        F("advert_rules.lists.jargon[].meaning", "What it means.", required=False),
        F("advert_rules.lists.jargon[].severity", "barrier, caution or note.", required=False, type="enum", choices=SEVERITIES),
        F("advert_rules.lists.class_coded", "Optional: class-coded terms, each with a plainer term.", required=False, type="list"),
        F("advert_rules.lists.class_coded[].term", "A class-coded term."),
        F("advert_rules.lists.class_coded[].plain", "A plainer term."),
        F("advert_rules.lists.class_coded[].severity", "barrier, caution or note.", required=False, type="enum", choices=SEVERITIES),
        F("advert_rules.lists.class_coded[].exceptions", "Regular expressions that cancel a match.", required=False, type="texts"),
        F("advert_rules.rules[].id", "A short, stable name for the rule.", type="id"),
        F("advert_rules.rules[].category", "The id of its category."),
        F("advert_rules.rules[].label", "The finding's name as readers see it."),
        F("advert_rules.rules[].severity", "barrier, caution or note.", type="enum", choices=SEVERITIES),
        F("advert_rules.rules[].kind", "What the rule checks: pattern (the default), list, absent (text that should be there is missing), gender-word, "
                                           "gender-balance, long-sentence, reading-ease or essential-count.", required=False),
        F("advert_rules.rules[].match", "How to read the patterns: regex, stem, word or phrase.", required=False),
        F("advert_rules.rules[].patterns", "What to look for, in lower case. A pattern may be `{regex: '...', case_sensitive: true}`.",
          required=False, type="patterns"),
        F("advert_rules.rules[].patterns[].regex", "The regular expression, when the pattern is a mapping.", required=False),
        F("advert_rules.rules[].patterns[].case_sensitive", "true to match the advert's own capital letters.", required=False, type="bool"),
        F("advert_rules.rules[].list", "The list (lists: above) whose terms the rule looks for.", required=False),
        F("advert_rules.rules[].exceptions", "Regular expressions that cancel a match overlapping them.", required=False, type="texts"),
        F("advert_rules.rules[].context[].when", "A cue: a regular expression for nearby words.", required=False),
        F("advert_rules.rules[].context[].scope", "Where the cue is looked for: sentence, section or document.", required=False),
        F("advert_rules.rules[].context[].severity", "The severity when the cue is found.", required=False, type="enum", choices=SEVERITIES),
        F("advert_rules.rules[].context[].label", "Words added to the finding when the cue is found.", required=False),
        F("advert_rules.rules[].only_if", "Regular expressions of which at least one must be in the advert for the rule to "
                                          "apply (a voluntary role counts when the advert reads like a job).", required=False, type="texts"),
        F("advert_rules.rules[].merge", "sentence: the matches of the rule in one sentence make one finding (\u201ca degree "
                                        "(BSc or BA)\u201d is one requirement).", required=False),
        F("advert_rules.rules[].unless", "Regular expressions that, found anywhere in the advert, mean the rule does not "
                                         "apply (expenses on top of a bursary are not expenses instead of pay).", required=False, type="texts"),
        F("advert_rules.rules[].only_when", "The id of an absent rule: this rule applies only when that rule found its text missing (such as "
                                          "no-salary-figure).", required=False),
        F("advert_rules.rules[].not_evidence", "Regular expressions for text that does not count as what the rule looks for.", required=False, type="texts"),
        F("advert_rules.rules[].threshold", "The limit for a measure (such as a reading score).", required=False, type="number"),
        F("advert_rules.rules[].why", "Why it matters, for the reader. May use `{matched}`, `{plain}`, `{value}` and `{limit}`."),
        F("advert_rules.rules[].suggestion", "What to write instead. Same placeholders as why."),
        F("advert_rules.rules[].example.before", "An example of the problem.", required=False),
        F("advert_rules.rules[].example.after", "The same example, fixed.", required=False),
        F("advert_rules.rules[].intervention", "The intervention to read about it.", required=False, type="id"),
        F("advert_rules.rules[].show_in_text", "false to list the finding without marking it in the advert's text.", required=False, type="bool"),
        *_source("advert_rules.rules[].source", "the evidence for the rule", required=False),
    )),
    DataFile("rates.yml", "data-rates", "Wage rates that change every year, in one place. Pages and advert rules write "
             "{{ rate:ID }} for the amount and {{ rate:ID.effective }} for the date it took effect; the build fills them in.", (
        F("rates[].id", "A short, stable name used in {{ rate:ID }} (lower case, hyphens).", type="id"),
        F("rates[].label", "What the rate is, in words."),
        F("rates[].value", "The amount in pounds an hour, such as 12.71.", type="number", minimum=0.01),
        F("rates[].effective", "The date it took effect (YYYY-MM-DD).", type="date"),
        F("rates[].review", "When it next changes (YYYY-MM-DD). Past this date the build warns; more than six months past it, "
                            "toolkit check --strict and the build under --strict stop.", type="date"),
        *_source("rates[].source", "the page that publishes the rate"),
    )),
    DataFile("characteristics.yml", "data-characteristics", "The characteristics background can be crossed with in the "
             "class pay gap (sex, ethnicity, disability): their column names, groups and accepted answers.", (
        F("characteristics.list[].id", "A short, stable name (lower case); the calculators use it.", type="id"),
        F("characteristics.list[].label", "Its name as readers see it."),
        F("characteristics.list[].headers", "Column names files use for it (matched ignoring case and spacing).", type="texts"),
        F("characteristics.list[].question", "The source's question, word for word, where it has one (the first, if "
                                             "it asks two).", required=False),
        F("characteristics.list[].note", "A note on what the groups mean, for the method.", required=False),
        *_source("characteristics.list[].source", "the standard the groups follow"),
        F("characteristics.list[].groups[].id", "A short, stable name for the group.", type="id"),
        F("characteristics.list[].groups[].label", "The group's name as readers see it."),
        F("characteristics.list[].groups[].answers", "Answers that count in the group (matched ignoring case and "
                                                     "punctuation); keep each in one group.", required=False, type="texts"),
        F("characteristics.prefer_not_to_say.label", "The name of the row for people who chose not to say."),
        F("characteristics.prefer_not_to_say.answers", "Answers that mean the person chose not to say.", type="texts"),
        F("characteristics.not_given.label", "The name of the row for blank answers."),
    )),
    DataFile("privacy_notice.yml", "data-privacy-notice", "The privacy notice template offered as a download on the "
             "measurement kit page.", (
        F("privacy_notice.file", "The download's file name, ending .txt."),
        F("privacy_notice.label", "The link text readers see."),
        F("privacy_notice.description", "One sentence on what it is for."),
        F("privacy_notice.text", "The template itself, plain text. Keep the line that says it is guidance, not legal advice."),
    )),
)


def documented_paths() -> dict[str, set[str]]:
    return {f.name: {d.path for d in f.fields} for f in DATA_FILES}


def field_paths(value, path: str = "") -> set[str]:
    """Every field path in parsed YAML, lists as []: terms[].id, seb.source.url."""
    out: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            out |= field_paths(inner, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for inner in value:
            out |= field_paths(inner, path + "[]") or {path}
    elif path:
        out.add(path)
    return out


def undocumented(name: str, parsed) -> list[str]:
    """Fields of a data file the author guide does not describe ([] entries of a list count as the list)."""
    known = documented_paths().get(name)
    if known is None:
        return sorted(field_paths(parsed))
    missing = []
    for p in sorted(field_paths(parsed)):
        stem = p[:-2] if p.endswith("[]") else p
        if p not in known and stem not in known:
            missing.append(p)
    return missing

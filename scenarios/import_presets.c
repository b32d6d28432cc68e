/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import_presets: the exports of each tool as data: the header names it writes for each field,
 * the names that recognise it, its date forms and the default lists; see import_internal.h.
 *
 * The header names are the ones the tools really write: Jira's "Export CSV (all fields)"
 * (Jira Cloud and Data Center), Linear's workspace CSV export, Azure DevOps's "Export to CSV"
 * of a query, the status-change log of jsherer/kanban-metrics, and `gh issue list --json`'s keys
 * (import_json.c). Where a tool has used several names for one field (Jira's parent), all are
 * listed, in order of preference: the first non-empty value wins, row by row.
 */
#include <string.h>

#include "import_internal.h"
#include "parse.h"

#define FORM(f)  (1u << (f))
#define FIELD(f) (1u << (f))

static const import_preset import_presets[] = {
    {.format = IMPORT_JIRA,
     .name = "jira",
     .tool = "a Jira export (CSV, all fields)",
     .signature = {"Issue key", "Issue Type"},
     .columns =
         {
             [IMPORT_FIELD_ID] = {"Issue key"},
             [IMPORT_FIELD_TEAM] = {"Project key"},
             [IMPORT_FIELD_TYPE] = {"Issue Type"},
             [IMPORT_FIELD_DONE] = {"Resolved"},
             [IMPORT_FIELD_EPIC] = {"Custom field (Epic Link)"},
             [IMPORT_FIELD_STATUS] = {"Status"},
             [IMPORT_FIELD_RESOLUTION] = {"Resolution"},
             [IMPORT_FIELD_PARENT] = {"Parent key", "Parent", "Parent id"},
             [IMPORT_FIELD_CREATED] = {"Created"},
             [IMPORT_FIELD_LABELS] = {"Labels"},
             [IMPORT_FIELD_CATEGORY] = {"Status Category"},
             [IMPORT_FIELD_CHANGED] = {"Status Category Changed"},
         },
     .required = FIELD(IMPORT_FIELD_ID) | FIELD(IMPORT_FIELD_DONE),
     .unplanned = "bug,defect,incident,problem,support,service request,ops,interrupt,on-call",
     .cancelled = "won't do,won't fix,duplicate,cannot reproduce,declined",
     .excluded = "epic,sub-task,subtask",
     .done_states = "done",
     .done_by_category = true,
     .started_by_category = true,
     .date_forms = FORM(DATEFMT_DMMMY) | FORM(DATEFMT_ISO)},
    {.format = IMPORT_LINEAR,
     .name = "linear",
     .tool = "a Linear export (CSV)",
     .signature = {"Team", "Completed", "Canceled"},
     .columns =
         {
             [IMPORT_FIELD_ID] = {"ID"},
             [IMPORT_FIELD_TEAM] = {"Team"},
             [IMPORT_FIELD_STARTED] = {"Started"},
             [IMPORT_FIELD_DONE] = {"Completed"},
             [IMPORT_FIELD_EPIC] = {"Project"},
             [IMPORT_FIELD_STATUS] = {"Status"},
             [IMPORT_FIELD_RESOLUTION] = {"Canceled"},
             [IMPORT_FIELD_PARENT] = {"Parent issue"},
             [IMPORT_FIELD_CREATED] = {"Created"},
             [IMPORT_FIELD_LABELS] = {"Labels"},
         },
     .required = FIELD(IMPORT_FIELD_ID) | FIELD(IMPORT_FIELD_DONE),
     .unplanned = "bug,defect,incident,support,ops,interrupt,on-call",
     .cancelled = "canceled,cancelled,duplicate",
     .excluded = "",
     .done_states = "",
     .resolution_cancels = true,
     .date_forms = FORM(DATEFMT_ISO),
     .label_sep = ','},
    {.format = IMPORT_GITHUB,
     .name = "github",
     .tool = "the JSON of gh issue list",
     .unplanned = "bug,defect,incident,support,ops,interrupt,on-call",
     .cancelled = "not_planned,duplicate,wontfix,invalid",
     .excluded = "epic",
     .done_states = "",
     .date_forms = FORM(DATEFMT_ISO)},
    {.format = IMPORT_AZURE,
     .name = "azure",
     .tool = "an Azure DevOps query export (CSV)",
     .signature = {"ID", "Work Item Type"},
     .columns =
         {
             [IMPORT_FIELD_ID] = {"ID"},
             [IMPORT_FIELD_TEAM] = {"Area Path"},
             [IMPORT_FIELD_TYPE] = {"Work Item Type"},
             [IMPORT_FIELD_STARTED] = {"Activated Date"},
             [IMPORT_FIELD_DONE] = {"Closed Date"},
             [IMPORT_FIELD_STATUS] = {"State"},
             [IMPORT_FIELD_PARENT] = {"Parent"},
             [IMPORT_FIELD_CREATED] = {"Created Date"},
             [IMPORT_FIELD_LABELS] = {"Tags"},
         },
     .required = FIELD(IMPORT_FIELD_ID) | FIELD(IMPORT_FIELD_DONE),
     .unplanned = "bug,defect,incident,support,ops,interrupt,on-call",
     .cancelled = "removed",
     .excluded = "epic,feature,task",
     .done_states = "closed,done,completed",
     .team_is_path = true,
     .date_forms = FORM(DATEFMT_MDY_SLASH) | FORM(DATEFMT_ISO),
     .label_sep = ';'},
    {.format = IMPORT_CHANGELOG,
     .name = "changelog",
     .tool = "a status-change log (CSV)",
     .signature = {"issue_key", "status_to_name", "status_change_date"},
     .columns =
         {
             [IMPORT_FIELD_ID] = {"issue_key"},
             [IMPORT_FIELD_TEAM] = {"project_key"},
             [IMPORT_FIELD_TYPE] = {"issue_type_name"},
             [IMPORT_FIELD_STATUS] = {"status_to_name"},
             [IMPORT_FIELD_CREATED] = {"issue_created_date"},
             [IMPORT_FIELD_CATEGORY] = {"status_to_category_name"},
             [IMPORT_FIELD_CHANGED] = {"status_change_date"},
         },
     .required = FIELD(IMPORT_FIELD_ID) | FIELD(IMPORT_FIELD_STATUS) |
                 FIELD(IMPORT_FIELD_CATEGORY) | FIELD(IMPORT_FIELD_CHANGED),
     .unplanned = "bug,defect,incident,support,ops,interrupt,on-call",
     .cancelled = "can't fix,won't do,won't fix,duplicate,cannot reproduce,cancelled,canceled,"
                  "rejected,removed",
     .excluded = "epic,sub-task,subtask",
     .done_states = "done",
     .date_forms = FORM(DATEFMT_ISO)},
    {.format = IMPORT_CSV,
     .name = "csv",
     .tool = "a CSV file",
     .signature = {"id", "done"},
     .columns =
         {
             [IMPORT_FIELD_ID] = {"id"},
             [IMPORT_FIELD_TEAM] = {"team"},
             [IMPORT_FIELD_TYPE] = {"type"},
             [IMPORT_FIELD_STARTED] = {"started"},
             [IMPORT_FIELD_DONE] = {"done"},
             [IMPORT_FIELD_EPIC] = {"epic"},
             [IMPORT_FIELD_STATUS] = {"status"},
             [IMPORT_FIELD_RESOLUTION] = {"resolution"},
             [IMPORT_FIELD_PARENT] = {"parent"},
             [IMPORT_FIELD_CREATED] = {"created"},
             [IMPORT_FIELD_LABELS] = {"labels"},
         },
     .required = FIELD(IMPORT_FIELD_ID) | FIELD(IMPORT_FIELD_DONE),
     .unplanned = "bug,incident,support,ops,interrupt",
     .cancelled = "cancelled,canceled,won't do,duplicate,removed",
     .excluded = "epic,sub-task,subtask",
     .done_states = "",
     .date_forms = FORM(DATEFMT_ISO),
     .label_sep = ','},
};
enum { IMPORT_N_PRESETS = sizeof import_presets / sizeof *import_presets };

/* --format auto tries these in order: the most specific signature first. */
static const import_format import_recognition_order[] = {IMPORT_CHANGELOG, IMPORT_JIRA,
                                                         IMPORT_AZURE, IMPORT_LINEAR, IMPORT_CSV};

static const char *const import_format_names[IMPORT_N_FORMATS] = {
    "auto", "jira", "linear", "github", "azure", "changelog", "csv"};

static const char *const import_field_names[IMPORT_N_FIELDS] = {
    "id",         "team",   "type",    "started", "done",     "epic",   "status",
    "resolution", "parent", "created", "labels",  "category", "changed"};

static const char *const import_drop_names[IMPORT_N_DROPS] = {
    "duplicate id",       "no team",
    "epic or sub-task",   "cancelled or won't do",
    "no completion date", "done before created"};

const import_preset *import_preset_of(import_format f)
{
    for (int i = 0; i < IMPORT_N_PRESETS; i++)
        if (import_presets[i].format == f)
            return &import_presets[i];
    return NULL;
}

const import_preset *import_preset_recognise(const char *const *names, int32_t n)
{
    for (size_t k = 0; k < sizeof import_recognition_order / sizeof *import_recognition_order;
         k++) {
        const import_preset *p = import_preset_of(import_recognition_order[k]);
        bool all = true;
        for (int s = 0; s < 3 && p->signature[s] && all; s++)
            all = parse_name_index(p->signature[s], names, n) >= 0;
        if (all)
            return p;
    }
    return NULL;
}

bool import_format_named(const char *name, import_format *out)
{
    int i = parse_name_index(name, import_format_names, IMPORT_N_FORMATS);
    if (i < 0)
        return false;
    *out = (import_format)i;
    return true;
}

const char *import_format_name(import_format f)
{
    return import_format_names[f];
}

bool import_field_named(const char *name, import_field *out)
{
    int i = parse_name_index(name, import_field_names, IMPORT_N_FIELDS);
    if (i < 0)
        return false;
    *out = (import_field)i;
    return true;
}

const char *import_field_name(import_field f)
{
    return import_field_names[f];
}

const char *import_field_list(void)
{
    return "id, team, type, started, done, epic, status, resolution, parent, created, labels, "
           "category, changed";
}

const char *import_format_list(void)
{
    return "auto, jira, linear, github, azure, changelog, csv";
}

const char *import_drop_name(import_drop d)
{
    return import_drop_names[d];
}

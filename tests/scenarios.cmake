# SPDX-License-Identifier: GPL-3.0-or-later
# Tests of scenarios/ (plan loading and validation) and of base/sha256.
shipcast_add_test(plan test_plan.c shipcast_scenarios)
shipcast_add_test(sha256 test_sha256.c shipcast_base)
# Allocation failure on every path of plan_load: the loader's allocations go through wrappers
# that fail the n-th one (run under SHIPCAST_SANITIZE to catch leaks).
shipcast_add_test(plan_alloc test_plan_alloc.c shipcast_scenarios)
target_link_options(test_plan_alloc PRIVATE
  -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc -Wl,--wrap=strdup)
# plan.csv's scenario column, drop and priority[ID]: the items of each scenario.
shipcast_add_test(plan_items test_plan_items.c shipcast_scenarios)
# The reader of every CSV file (table.h): headers, columns, separators, errors.
shipcast_add_test(plan_table test_plan_table.c shipcast_scenarios)
# The pure parts of the loader: history derivation, working days, dependency checks.
shipcast_add_test(plan_history test_plan_history.c shipcast_scenarios)
# The settings registry (setting.h) and "did you mean" (suggest.h).
shipcast_add_test(plan_setting test_plan_setting.c shipcast_scenarios)
# run.json (cli/run_record.c) records every setting of the registry in scope.
shipcast_add_test(plan_record test_plan_record.c shipcast_scenarios)
target_sources(test_plan_record PRIVATE ${PROJECT_SOURCE_DIR}/cli/run_record.c)
target_include_directories(test_plan_record PRIVATE ${PROJECT_SOURCE_DIR}/cli)
# docs/inputs.md's settings table is the registry's (`test_plan_docs --update` rewrites it).
shipcast_add_test(plan_docs test_plan_docs.c shipcast_scenarios)
# Time zones from TZif files (tz.h), against the C library's reading of the same files.
shipcast_add_test(tz test_tz.c shipcast_scenarios)
# Date forms of tracker exports and spreadsheets (datefmt.h), and their days in time zones.
shipcast_add_test(datefmt test_datefmt.c shipcast_scenarios)
# The importer (import.h) on hand-written exports of every tool (tests/data/import).
shipcast_add_test(import test_import.c shipcast_scenarios)
# [history]: a plan folder's exports read through the importer; teams.csv's timezone.
shipcast_add_test(plan_import test_plan_import.c shipcast_scenarios)

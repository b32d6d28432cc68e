# SPDX-License-Identifier: GPL-3.0-or-later
# End-to-end tests of the shipcast command (tests/cli_test.sh CASE).
foreach(case determinism stable-identity padding sensitivity columns burnup usage conventions terminal excel bad-input
             memory-limit warnings kill sigint fit backtest calibration concurrent docs install
             spreadsheet import history-section)
  add_test(NAME cli-${case}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli_test.sh $<TARGET_FILE:shipcast>
                   ${PROJECT_SOURCE_DIR} ${case})
endforeach()

# Instructions per trial against bench/instructions-baseline.txt (not under sanitizers, whose
# instrumentation valgrind cannot run).
if(NOT SHIPCAST_SANITIZE)
  add_test(NAME perf-guard
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/perf_guard.sh $<TARGET_FILE:shipcast>
                   ${PROJECT_SOURCE_DIR} ${CMAKE_BUILD_TYPE})
  set_tests_properties(perf-guard PROPERTIES SKIP_RETURN_CODE 77)
endif()

# report.html: well-formed XML (xmllint) and rendered by headless Chromium; each skips (77)
# only when its program is not installed.
foreach(case xml browser)
  add_test(NAME report-${case}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/report_test.sh $<TARGET_FILE:shipcast>
                   ${PROJECT_SOURCE_DIR} ${case})
  set_tests_properties(report-${case} PROPERTIES SKIP_RETURN_CODE 77)
endforeach()

# The command's own modules without argv: termtext (table cells, counts, durations).
shipcast_add_test(termtext test_termtext.c)
target_sources(test_termtext PRIVATE ${PROJECT_SOURCE_DIR}/cli/termtext.c)
target_include_directories(test_termtext PRIVATE ${PROJECT_SOURCE_DIR}/cli)

# calibration-real: the default model against the target of docs/calibration.md on the real
# histories beside the checkout (../shared/data/real): pooled coverage within 4 points of
# perfect at P50, P85 and P95, no PIT tenth above 14 %, median error at most 8 working days.
# Skipped without the data, and under the sanitizers (minutes there, and the ordinary build
# runs the same code).
if(NOT SHIPCAST_SANITIZE)
  add_test(NAME calibration-real
           COMMAND python3 ${PROJECT_SOURCE_DIR}/scripts/calibration-study.py
                   $<TARGET_FILE:shipcast> --data ${PROJECT_SOURCE_DIR}/../shared/data/real --check)
  set_tests_properties(calibration-real PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
endif()

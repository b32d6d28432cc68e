# SPDX-License-Identifier: GPL-3.0-or-later
# End-to-end tests of the shipcast command (tests/cli_test.sh CASE).
foreach(case determinism columns burnup usage bad-input memory-limit warnings kill sigint fit concurrent)
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

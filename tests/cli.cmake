# SPDX-License-Identifier: GPL-3.0-or-later
# End-to-end tests of the shipcast command (tests/cli_test.sh CASE).
foreach(case determinism columns usage bad-input kill sigint fit)
  add_test(NAME cli-${case}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli_test.sh $<TARGET_FILE:shipcast>
                   ${PROJECT_SOURCE_DIR} ${case})
endforeach()
